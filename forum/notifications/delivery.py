"""When a notification reaches its member: pushed live and emailed at once,
held through their quiet hours and delivered when those end, or left waiting
on the list without a ping during a break. The rule is
`forum.accounts.breaks.timing`; this module applies it.

Delivering is publishing `notification_created`: the real-time layer pushes
it and the notifications service emails it (when asked to, and when the
member wants emails), both after commit.
"""
from __future__ import annotations

from sqlalchemy import update

from forum import clock, events
from forum.accounts import breaks
from forum.accounts.models import User
from forum.extensions import db
from forum.notifications.models import Notification


def tell(user: User, notification: Notification) -> None:
    """A new notification: deliver it now, hold it, or mark it passed over.
    The caller has flushed it and commits."""
    when = breaks.timing(user, notification.kind)
    notification.delivered_at = None if when == breaks.LATER else clock.now()
    if when == breaks.NOW:
        events.publish("notification_created", user_id=user.id, notification_id=notification.id, email=True)


def retell(user: User, notification: Notification) -> None:
    """A delivered notification grew ("3 people sent support"): pushed live
    again when the member may be reached now, never emailed twice. One still
    held is delivered with its latest count when the quiet hours end."""
    if notification.delivered_at is not None and breaks.timing(user, notification.kind) == breaks.NOW:
        events.publish("notification_created", user_id=user.id, notification_id=notification.id, email=False)


def deliver_held() -> int:
    """Deliver every held notification whose member's quiet hours are over
    (live and by email), once each even with several server processes:
    each row is claimed by the UPDATE that marks it delivered. One whose
    member started a break meanwhile is let go without a ping. Returns how
    many were delivered."""
    held = db.session.execute(db.select(Notification.id, Notification.user_id, Notification.kind).where(
        Notification.delivered_at.is_(None)).order_by(Notification.id)).all()
    delivered = 0
    for notification_id, user_id, kind in held:
        when = breaks.timing(db.session.get(User, user_id), kind)
        if when == breaks.LATER:
            continue
        claimed = db.session.execute(
            update(Notification).where(Notification.id == notification_id, Notification.delivered_at.is_(None))
            .values(delivered_at=clock.now()).execution_options(synchronize_session=False))
        if claimed.rowcount == 1 and when == breaks.NOW:
            events.publish("notification_created", user_id=user_id, notification_id=notification_id, email=True)
            delivered += 1
    events.commit()
    return delivered
