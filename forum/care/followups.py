"""Follow-up after a crisis: closing a crisis or concern item as checked in
or referred schedules a check on the member `followup_hours` later (a staff
setting; 0 turns it off). When it falls due, the periodic check raises a queue
item of kind "followup", below crisis items, about the same member, post and
conversation; closing that with care can schedule the next one.
"""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from forum import clock, events
from forum.care.models import FollowUp
from forum.extensions import db
from forum.moderation.models import QueueItem
from forum.settings import service as settings

# Outcomes after which someone should check again.
SCHEDULED_AFTER = ("checked_in", "referred")
REASON = "followup"
# Above ordinary reports among the items below crisis ones: someone is owed a check.
FOLLOW_UP_WEIGHT = 6


def schedule(closed: QueueItem, member_id: int | None, outcome: str) -> FollowUp | None:
    """After `closed` was resolved with `outcome`; the caller commits."""
    hours = settings.get("followup_hours")
    if outcome not in SCHEDULED_AFTER or member_id is None or not hours:
        return None
    follow_up = FollowUp(member_id=member_id, after_item_id=closed.id,
                         due_at=clock.now() + timedelta(hours=hours))
    db.session.add(follow_up)
    return follow_up


def raise_due() -> int:
    """Raise every follow-up that has fallen due into the queue, once each
    even with several server processes; returns how many were raised."""
    due = db.session.scalars(db.select(FollowUp.id).where(
        FollowUp.raised_at.is_(None), FollowUp.due_at <= clock.now())).all()
    raised = 0
    for follow_up_id in due:
        claimed = db.session.execute(
            update(FollowUp).where(FollowUp.id == follow_up_id, FollowUp.raised_at.is_(None))
            .values(raised_at=clock.now()).execution_options(synchronize_session=False))
        if claimed.rowcount == 1:
            _raise(db.session.get(FollowUp, follow_up_id))
            raised += 1
    events.commit()
    return raised


def _raise(follow_up: FollowUp) -> None:
    closed = db.session.get(QueueItem, follow_up.after_item_id)
    note = f"Check how they are: {closed.resolution.replace('_', ' ')} on {closed.resolved_at:%-d %b}."
    item = QueueItem(kind="followup", post_id=closed.post_id, conversation_id=closed.conversation_id,
                     first_at=clock.now(), severity=1, score=FOLLOW_UP_WEIGHT,
                     signals=[{"reason": REASON, "note": note}], evidence=[])
    db.session.add(item)
    db.session.flush()
    follow_up.raised_item_id = item.id
    events.publish("queue_updated", item_id=item.id, kind=item.kind, change="raised")
