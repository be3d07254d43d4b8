"""The moderation queue: one item per post, most urgent first; claim and resolve.

Services that find something for moderators call `raise_item()` inside their
own transaction; resolving an item changes the post, writes the log, tells the
flaggers the outcome and commits once.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlalchemy.orm import joinedload

from forum import clock, events, policy
from forum.accounts.models import User
from forum.audit import log, reasons
from forum.community import status as post_status
from forum.community.models import Post, Thread
from forum.errors import Conflict, NotFound, invalid
from forum.extensions import db
from forum.moderation.models import RESOLUTIONS, Flag, QueueItem, Sanction
from forum.safety import crisis
from forum.settings import service as settings

SEVERITY = {"urgent": 3, "concern": 2}  # anything else is 1
REASON_WEIGHTS = {"crisis": 5, "crisis_language": 5, "harassment": 3, "sourcing": 3, "misinformation": 2,
                  "watched_word": 2, "spam": 1, "other": 1, "held": 1, "new_member": 1, "edited_after_hiding": 1}


def open_item_for(post_id: int) -> QueueItem | None:
    query = db.select(QueueItem).where(QueueItem.post_id == post_id, QueueItem.resolved_at.is_(None))
    return db.session.scalar(query)


def raise_item(post: Post, kind: str, reason: str, note: str = "", tier: str | None = None,
               evidence: list[dict] | None = None) -> QueueItem:
    """Open (or add to) the post's queue item; the caller commits. A crisis
    item keeps the highest tier any signal gave it."""
    item = open_item_for(post.id)
    now = clock.now()
    if item is None:
        item = QueueItem(post_id=post.id, kind=kind, first_at=now, signals=[], evidence=[])
        db.session.add(item)
    if kind == "crisis":
        item.tier = crisis.higher(item.tier, tier or "concern")
        # The latest reading of the post (an edit reads it again) is what the moderator sees.
        item.evidence = evidence or item.evidence or []
    if kind == "crisis" or item.kind == "crisis":
        item.kind, item.severity = "crisis", SEVERITY[item.tier]
    elif kind == "held" or item.kind == "held":
        item.kind = "held"
    item.signals = [*item.signals, {"reason": reason, "note": note}]
    item.score = (item.score or 0) + REASON_WEIGHTS.get(reason, 1)
    item.updated_at = now
    db.session.flush()
    events.publish("queue_updated", item_id=item.id, kind=item.kind, change="raised")
    return item


def open_items() -> list[QueueItem]:
    query = (
        db.select(QueueItem)
        .where(QueueItem.resolved_at.is_(None))
        .options(joinedload(QueueItem.claimed_by))
        .order_by(QueueItem.severity.desc(), QueueItem.score.desc(), QueueItem.first_at, QueueItem.id)
    )
    return list(db.session.scalars(query).unique())


def item(actor: User, item_id: int) -> QueueItem:
    policy.require(policy.moderate(actor))
    found = db.session.get(QueueItem, item_id)
    if found is None:
        raise NotFound("No such queue item.")
    return found


def is_overdue(found: QueueItem) -> bool:
    """An unclaimed urgent crisis item older than the staff-set time."""
    limit = timedelta(minutes=settings.get("crisis_overdue_minutes"))
    return found.kind == "crisis" and found.tier == "urgent" and found.claimed_by_id is None \
        and found.resolved_at is None and clock.now() - found.first_at > limit


def notify_overdue() -> int:
    """Mark urgent crisis items that waited too long unclaimed and alert
    moderators and staff, once per item even with several server processes."""
    limit = clock.now() - timedelta(minutes=settings.get("crisis_overdue_minutes"))
    candidates = db.session.scalars(db.select(QueueItem.id).where(
        QueueItem.kind == "crisis", QueueItem.tier == "urgent", QueueItem.resolved_at.is_(None),
        QueueItem.claimed_by_id.is_(None), QueueItem.overdue_notified_at.is_(None), QueueItem.first_at < limit)).all()
    marked = 0
    for item_id in candidates:
        claimed = db.session.execute(
            update(QueueItem).where(QueueItem.id == item_id, QueueItem.overdue_notified_at.is_(None))
            .values(overdue_notified_at=clock.now()).execution_options(synchronize_session=False))
        if claimed.rowcount == 1:
            events.publish("queue_updated", item_id=item_id, kind="crisis", change="overdue")
            marked += 1
    events.commit()
    return marked


@dataclass(frozen=True)
class WaitingCrisis:
    item_id: int
    title: str
    first_at: datetime


@dataclass(frozen=True)
class Summary:
    """What every moderator page shows of the queue: the counts in the menu
    and tab title, and the unclaimed urgent crisis items the alert lists."""

    open: int
    crisis: int
    waiting_crisis: list[WaitingCrisis]


def summary() -> Summary:
    open_items_count, crisis_count = db.session.execute(
        db.select(db.func.count(), db.func.count().filter(QueueItem.kind == "crisis"))
        .where(QueueItem.resolved_at.is_(None))).one()
    waiting = db.session.execute(
        db.select(QueueItem.id, Thread.title, QueueItem.first_at)
        .outerjoin(Post, Post.id == QueueItem.post_id).outerjoin(Thread, Thread.id == Post.thread_id)
        .where(QueueItem.kind == "crisis", QueueItem.tier == "urgent", QueueItem.resolved_at.is_(None),
               QueueItem.claimed_by_id.is_(None))
        .order_by(QueueItem.first_at, QueueItem.id)).all()
    return Summary(open_items_count, crisis_count,
                   [WaitingCrisis(row.id, row.title or "A member asked for help", row.first_at) for row in waiting])


@dataclass
class ItemDetails:
    """An item with what a moderator needs to judge it."""

    item: QueueItem
    post: Post
    thread: Thread
    reasons: list[dict]
    notes: list[str]
    author_flags: int
    author_sanctions: list[Sanction]
    overdue: bool


def details(found: QueueItem) -> ItemDetails:
    return details_many([found])[0]


def details_many(items: list[QueueItem]) -> list[ItemDetails]:
    """Everything the queue shows about these items, in a fixed number of
    queries however many items there are."""
    if not items:
        return []
    post_ids = [found.post_id for found in items]
    posts = {post.id: post for post in db.session.scalars(
        db.select(Post).where(Post.id.in_(post_ids))
        .options(joinedload(Post.author), joinedload(Post.thread).joinedload(Thread.category))).unique()}
    flags_by_post: dict[int, list[Flag]] = {}
    for flag in db.session.scalars(db.select(Flag).where(Flag.post_id.in_(post_ids)).order_by(Flag.id)):
        flags_by_post.setdefault(flag.post_id, []).append(flag)
    author_ids = {post.author_id for post in posts.values() if post.author_id is not None}
    earlier_flags: dict[int, int] = dict(db.session.execute(
        db.select(Post.author_id, db.func.count(Flag.id)).join(Flag, Flag.post_id == Post.id)
        .where(Post.author_id.in_(author_ids)).group_by(Post.author_id)).all()) if author_ids else {}
    sanctions_by_author: dict[int, list[Sanction]] = {}
    if author_ids:
        for sanction in db.session.scalars(db.select(Sanction).where(Sanction.user_id.in_(author_ids))
                                           .order_by(Sanction.id.desc())):
            sanctions_by_author.setdefault(sanction.user_id, []).append(sanction)
    result = []
    for found in items:
        post = posts[found.post_id]
        flags = flags_by_post.get(post.id, [])
        # Every reason that raised this item (a member's flag included) is one
        # signal on it; the post's flag rows only add their notes.
        counts: dict[str, int] = {}
        for signal in found.signals:
            counts[signal["reason"]] = counts.get(signal["reason"], 0) + 1
        notes = [flag.note for flag in flags if flag.note] + [s["note"] for s in found.signals if s.get("note")]
        result.append(ItemDetails(
            found, post, post.thread, [{"reason": r, "count": c} for r, c in counts.items()], notes,
            earlier_flags.get(post.author_id, 0) - len(flags), sanctions_by_author.get(post.author_id, []),
            is_overdue(found)))
    return result


def claim(actor: User, item_id: int) -> QueueItem:
    found = item(actor, item_id)
    if found.resolved_at is not None:
        raise Conflict("This item is already resolved.", code="already_resolved")
    if found.claimed_by_id not in (None, actor.id):
        raise Conflict(f"{found.claimed_by.username} is already working on this.", code="already_claimed")
    found.claimed_by_id, found.claimed_at = actor.id, clock.now()
    events.publish("queue_updated", item_id=found.id, kind=found.kind, change="claimed")
    events.commit()
    return found


def unclaim(actor: User, item_id: int) -> QueueItem:
    found = item(actor, item_id)
    if found.claimed_by_id is not None and found.claimed_by_id != actor.id and not policy.is_staff(actor):
        raise Conflict("Only the moderator who claimed it (or staff) can release it.", code="claimed_by_other")
    found.claimed_by_id = found.claimed_at = None
    events.publish("queue_updated", item_id=found.id, kind=found.kind, change="released")
    events.commit()
    return found


# What each resolution does to the post, and the outcome flaggers are told.
_EFFECTS = {
    "dismiss": ("visible", "kept"),
    "approve": ("visible", "kept"),
    "hide": ("hidden", "hidden"),
    "remove": ("removed", "removed"),
    "reject": ("rejected", "removed"),
}


def resolve(actor: User, item_id: int, action, reason) -> QueueItem:
    found = item(actor, item_id)
    if found.resolved_at is not None:
        raise Conflict("This item is already resolved.", code="already_resolved")
    if action not in RESOLUTIONS:
        raise invalid({"action": "Choose dismiss, approve, hide, remove or reject."})
    reason = reasons.reason(reason)
    post = db.session.get(Post, found.post_id)
    if action in {"approve", "reject"} and post.status != "pending":
        raise Conflict("Only a held post can be approved or rejected.", code="not_held")
    status, outcome = _EFFECTS[action]
    post_status.change(post, status, "" if status == "visible" else reason)
    for flag in db.session.scalars(db.select(Flag).where(Flag.post_id == post.id, Flag.outcome.is_(None))):
        flag.outcome = outcome
    now = clock.now()
    found.resolved_at, found.resolved_by_id, found.resolution, found.resolution_reason = now, actor.id, action, reason
    log.record(actor, f"queue_{action}", "post", post.id, reason, item_id=found.id, kind=found.kind)
    events.publish("queue_updated", item_id=found.id, kind=found.kind, change="resolved")
    events.publish("moderation_outcome", post_id=post.id, action=action)
    events.commit()
    return found

