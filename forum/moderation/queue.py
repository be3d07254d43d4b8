"""The moderation queue: one item per post, or per member asking for help,
most urgent first; claim and resolve.

Services that find something for moderators call `raise_item()` (a post) or
`raise_concern()` (a care conversation) inside their own transaction;
resolving an item changes the post or cares for the member, writes the log,
tells the flaggers the outcome and commits once.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlalchemy.orm import joinedload

from forum import caching, clock, events, policy
from forum.accounts.models import User
from forum.audit import log, reasons
from forum.care import followups, messages
from forum.care.models import Conversation
from forum.community import anonymity
from forum.community import status as post_status
from forum.community.models import Post, Thread
from forum.errors import Conflict, NotFound, invalid
from forum.extensions import db
from forum.moderation.models import CARE_KINDS, CARE_OUTCOMES, RESOLUTIONS, Flag, QueueItem, Sanction
from forum.safety import crisis
from forum.settings import service as settings

SEVERITY = {"urgent": 3, "concern": 2}  # anything else is 1
REASON_WEIGHTS = {"crisis": 5, "crisis_language": 5, "harassment": 3, "sourcing": 3, "misinformation": 2,
                  "watched_word": 2, "spam": 1, "other": 1, "held": 1, "new_member": 1, "edited_after_hiding": 1,
                  "memorial": 1}


def open_item_for(post_id: int) -> QueueItem | None:
    """The post's open item. A concern item that names the post is the
    member's call for help, and a follow-up a check on its author: both are
    kept apart from what the post itself raises."""
    query = db.select(QueueItem).where(QueueItem.post_id == post_id, QueueItem.resolved_at.is_(None),
                                       QueueItem.kind.notin_(("concern", "followup")))
    return db.session.scalar(query)


def open_item_for_conversation(conversation_id: int) -> QueueItem | None:
    query = db.select(QueueItem).where(QueueItem.conversation_id == conversation_id,
                                       QueueItem.resolved_at.is_(None)).order_by(QueueItem.id.desc()).limit(1)
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


def raise_concern(conversation: Conversation, verdict: crisis.Verdict, reason: str) -> QueueItem:
    """A member wrote to the team: open the conversation's concern item, or add
    to the one already open; the caller commits. Urgent when the detector
    reads the words so, a concern otherwise: someone asked for help."""
    found = open_item_for_conversation(conversation.id)
    now = clock.now()
    tier = "urgent" if verdict.tier == "urgent" else "concern"
    before = found.tier if found is not None else None
    if found is None:
        found = QueueItem(post_id=conversation.post_id, conversation_id=conversation.id, kind="concern", first_at=now,
                          signals=[], evidence=[], score=0)
        db.session.add(found)
    if found.kind in CARE_KINDS or verdict.crisis:
        found.tier = crisis.higher(found.tier, tier)
        found.severity = SEVERITY[found.tier]
    found.evidence = verdict.evidence_rows() or found.evidence or []
    found.signals = [*found.signals, {"reason": reason, "note": ""}]
    found.score = (found.score or 0) + REASON_WEIGHTS.get(reason, 1)
    found.updated_at = now
    db.session.flush()
    # New, or newly urgent: moderators are alerted as for any raised item.
    change = "raised" if found.tier != before else "message"
    events.publish("queue_updated", item_id=found.id, kind=found.kind, change=change)
    return found


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
    """An unclaimed urgent crisis or concern item older than the staff-set time."""
    limit = timedelta(minutes=settings.get("crisis_overdue_minutes"))
    return found.kind in CARE_KINDS and found.tier == "urgent" and found.claimed_by_id is None \
        and found.resolved_at is None and clock.now() - found.first_at > limit


def notify_overdue() -> int:
    """Mark urgent crisis and concern items that waited too long unclaimed and
    alert moderators and staff, once per item even with several server processes."""
    limit = clock.now() - timedelta(minutes=settings.get("crisis_overdue_minutes"))
    candidates = db.session.execute(db.select(QueueItem.id, QueueItem.kind).where(
        QueueItem.kind.in_(CARE_KINDS), QueueItem.tier == "urgent", QueueItem.resolved_at.is_(None),
        QueueItem.claimed_by_id.is_(None), QueueItem.overdue_notified_at.is_(None), QueueItem.first_at < limit)).all()
    marked = 0
    for item_id, kind in candidates:
        claimed = db.session.execute(
            update(QueueItem).where(QueueItem.id == item_id, QueueItem.overdue_notified_at.is_(None))
            .values(overdue_notified_at=clock.now()).execution_options(synchronize_session=False))
        if claimed.rowcount == 1:
            events.publish("queue_updated", item_id=item_id, kind=kind, change="overdue")
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
    waiting_crisis: tuple[WaitingCrisis, ...]


# Every moderator page shows it; it changes only with the queue.
_summary = caching.Region("queue_summary", seconds=30, size=1, forget_on={"queue_updated": None})


def summary() -> Summary:
    return _summary.get(None, _summary_now)


def _summary_now() -> Summary:
    open_items_count, crisis_count = db.session.execute(
        db.select(db.func.count(), db.func.count().filter(QueueItem.kind == "crisis"))
        .where(QueueItem.resolved_at.is_(None))).one()
    waiting = db.session.execute(
        db.select(QueueItem.id, Thread.title, QueueItem.first_at)
        .outerjoin(Post, Post.id == QueueItem.post_id).outerjoin(Thread, Thread.id == Post.thread_id)
        .where(QueueItem.kind.in_(CARE_KINDS), QueueItem.tier == "urgent", QueueItem.resolved_at.is_(None),
               QueueItem.claimed_by_id.is_(None))
        .order_by(QueueItem.first_at, QueueItem.id)).all()
    return Summary(open_items_count, crisis_count,
                   tuple(WaitingCrisis(row.id, row.title or "A member asked for help", row.first_at)
                         for row in waiting))


@dataclass
class ItemDetails:
    """An item with what a moderator needs to judge it. A concern a member
    raised without naming a post has no post or thread; the history is then
    the member's who wrote."""

    item: QueueItem
    post: Post | None
    thread: Thread | None
    reasons: list[dict]
    notes: list[str]
    author_flags: int
    author_sanctions: list[Sanction]
    overdue: bool
    conversation: Conversation | None = None

    @property
    def member(self) -> User | None:
        """Who the item is about: the post's author, or the member who wrote to the team."""
        if self.post is not None:
            return self.post.author
        return self.conversation.member if self.conversation is not None else None

    @property
    def shown_member(self):
        """Who pages name: "Anonymous member" for an anonymous post (a moderator
        finds out who through the logged reveal, forum/community/anonymity.py)."""
        if self.post is not None and self.post.anonymous:
            return anonymity.ANONYMOUS
        return self.member


def details(found: QueueItem) -> ItemDetails:
    return details_many([found])[0]


def details_many(items: list[QueueItem]) -> list[ItemDetails]:
    """Everything the queue shows about these items, in a fixed number of
    queries however many items there are."""
    if not items:
        return []
    post_ids = [found.post_id for found in items if found.post_id is not None]
    posts = {post.id: post for post in db.session.scalars(
        db.select(Post).where(Post.id.in_(post_ids))
        .options(joinedload(Post.author), joinedload(Post.thread).joinedload(Thread.category))).unique()}
    conversations = _conversations({found.conversation_id for found in items} - {None})
    flags_by_post: dict[int, list[Flag]] = {}
    for flag in db.session.scalars(db.select(Flag).where(Flag.post_id.in_(post_ids)).order_by(Flag.id)):
        flags_by_post.setdefault(flag.post_id, []).append(flag)
    author_ids = {post.author_id for post in posts.values() if post.author_id is not None} | {
        conversation.member_id for conversation in conversations.values()}
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
        post, conversation = posts.get(found.post_id), conversations.get(found.conversation_id)
        member_id = post.author_id if post else conversation.member_id if conversation else None
        flags = flags_by_post.get(found.post_id, [])
        # Every reason that raised this item (a member's flag included) is one
        # signal on it; the post's flag rows only add their notes.
        counts: dict[str, int] = {}
        for signal in found.signals:
            counts[signal["reason"]] = counts.get(signal["reason"], 0) + 1
        notes = [flag.note for flag in flags if flag.note] + [s["note"] for s in found.signals if s.get("note")]
        result.append(ItemDetails(
            found, post, post.thread if post else None, [{"reason": r, "count": c} for r, c in counts.items()],
            notes, earlier_flags.get(member_id, 0) - len(flags), sanctions_by_author.get(member_id, []),
            is_overdue(found), conversation))
    return result


def _conversations(ids: set[int]) -> dict[int, Conversation]:
    if not ids:
        return {}
    return {conversation.id: conversation for conversation in db.session.scalars(
        db.select(Conversation).where(Conversation.id.in_(ids)).options(joinedload(Conversation.member)))}


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


# What each resolution does to the post (None: care leaves it as it is), and
# the outcome flaggers are told.
_EFFECTS = {
    "dismiss": ("visible", "kept"),
    "approve": ("visible", "kept"),
    "hide": ("hidden", "hidden"),
    "remove": ("removed", "removed"),
    "reject": ("rejected", "removed"),
    "checked_in": (None, "cared_for"),
    "referred": (None, "cared_for"),
    "no_action_needed": (None, "kept"),
}
CHECK_IN_NEEDS_WORDS = "Write to the member: checking in means saying something to them."


# What can be done to a post, by its status: a held post is approved or
# rejected; a visible one kept, hidden or removed; a hidden or removed one
# restored (dismiss) or left down with the author told why; a post its author
# withdrew, or that was never published, can only be kept down.
ACTIONS_FOR_STATUS = {
    "pending": ("approve", "reject"),
    "visible": ("dismiss", "hide", "remove"),
    "hidden": ("dismiss", "hide", "remove"),
    "removed": ("dismiss", "remove"),
    "withdrawn": ("remove",),
    "rejected": ("remove",),
}


def offered_actions(found: QueueItem, post: Post | None) -> tuple[str, ...]:
    """What a moderator may choose for this item, care first: crisis and
    concern items close with care; actions on the post follow its status.
    The one rule: the page offers these, and `resolve` refuses any other."""
    care = CARE_OUTCOMES if found.kind in CARE_KINDS else ()
    if post is None:
        return care
    return care + ACTIONS_FOR_STATUS.get(post.status, ())


def _check_action(found: QueueItem, post: Post | None, action) -> None:
    if action not in RESOLUTIONS:
        raise invalid({"action": "Choose " + ", ".join(RESOLUTIONS[:-1]) + " or " + RESOLUTIONS[-1] + "."})
    if action in CARE_OUTCOMES and found.kind not in CARE_KINDS:
        raise invalid({"action": "Care outcomes close crisis and concern items; choose what happens to the post."})
    if action not in CARE_OUTCOMES and post is None:
        raise invalid({"action": "There is no post here: choose checked_in, referred or no_action_needed."})
    offered = offered_actions(found, post)
    if action not in offered:
        choices = " or ".join(offered)
        if action in {"approve", "reject"}:
            raise Conflict(f"Only a held post can be approved or rejected; this one is {post.status}: "
                           f"choose {choices}.", code="not_held")
        raise Conflict(f"The post is {post.status}, so {action} doesn't apply: choose {choices}.",
                       code="action_not_offered")


def resolve(actor: User, item_id: int, action, reason, message=None) -> QueueItem:
    """Close an item. `reason` is kept in the log; `message` is the moderator's
    own words to the member. A check-in needs them and goes into a care
    conversation; a post taken down without them is explained by the reason,
    as authors have always been told which rule and why."""
    found = item(actor, item_id)
    if found.resolved_at is not None:
        raise Conflict("This item is already resolved.", code="already_resolved")
    post = db.session.get(Post, found.post_id) if found.post_id is not None else None
    _check_action(found, post, action)
    caring = action in CARE_OUTCOMES
    reason = reasons.reason(reason, reasons.KEPT_IN_LOG if caring else reasons.TOLD_TO_AUTHOR)
    message = messages.clean_body(message, "message", CHECK_IN_NEEDS_WORDS if action == "checked_in" else None)
    status, outcome = _EFFECTS[action]
    if caring and message:
        messages.write_from_item(actor, found, message)
    elif not caring:
        post_status.change(post, status, "" if status == "visible" else message or reason)
    if post is not None:
        for flag in db.session.scalars(db.select(Flag).where(Flag.post_id == post.id, Flag.outcome.is_(None))):
            flag.outcome = outcome
    found.resolved_at, found.resolved_by_id, found.resolution = clock.now(), actor.id, action
    found.resolution_reason, found.resolution_message = reason, message
    member = details(found).member
    followups.schedule(found, member.id if member is not None else None, action)
    # The log says who did what and why; the words to the member stay with the item.
    target = ("post", post.id) if post is not None else ("queue_item", found.id)
    log.record(actor, f"queue_{action}", *target, reason, item_id=found.id, kind=found.kind, messaged=bool(message))
    events.publish("queue_updated", item_id=found.id, kind=found.kind, change="resolved")
    if not caring:
        events.publish("moderation_outcome", post_id=post.id, action=action,
                       message=post.moderation_note if status != "visible" else message)
    events.commit()
    return found
