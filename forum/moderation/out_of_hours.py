"""Out-of-hours protection: while no moderator is usually around, fewer
reports are enough to put a post, or a member's next posts, in front of a
moderator before others read them.

Both are automatic, logged under the rule's name and undone by a moderator:
a hidden post by resolving its queue item, a member's review hold from their
standing page. Crisis posts are never held back by this rule: someone in
crisis must not be silenced because others reported them.
"""
from __future__ import annotations

from datetime import timedelta

from forum import clock, events, policy
from forum.accounts.models import User
from forum.audit import log, reasons
from forum.community import status as post_status
from forum.community.models import Post
from forum.errors import Conflict, NotFound
from forum.extensions import db
from forum.moderation.models import Flag, QueueItem, ReviewHold
from forum.safety import screening
from forum.settings import service as settings

RULE = "out-of-hours protection"
# The moderation notes the author reads on their post; warm and plain.
HIDDEN_NOTE = ("Moderators are away right now, so posts that several members reported wait for a moderator to "
               "look at them. They'll check it as soon as they're back.")
HELD_NOTE = ("Several members reported posts of yours while moderators were away, so for now your new posts wait "
             "for a moderator to read them before they appear. They'll look as soon as they're back. If you need "
             "help right now, “Need help now?” on every page lists people you can reach at any hour.")
REPORT_WINDOW = timedelta(hours=24)


def after_flag(post: Post, flaggers: int) -> None:
    """Called by `flags.flag_post` in its transaction, with the post's distinct
    flaggers: outside moderated hours, hide the post or hold its author's next
    posts when enough members reported them."""
    if settings.moderated_now():
        return
    _hide_if_reported(post, flaggers)
    if post.author is not None:
        _hold_if_reported(post.author)


def _hide_if_reported(post: Post, flaggers: int) -> None:
    if post.status != "visible" or flaggers < settings.get("out_of_hours_flag_threshold") or _is_crisis(post):
        return
    post_status.change(post, "hidden", HIDDEN_NOTE)
    log.record_rule(RULE, "post_hidden", "post", post.id,
                    f"{flaggers} members reported it outside moderated hours", flaggers=flaggers,
                    thread_id=post.thread_id)
    # The author is told, as for a moderator's decision (forum/notifications).
    events.publish("moderation_outcome", post_id=post.id, action="out_of_hours_hidden", message=HIDDEN_NOTE)


def _is_crisis(post: Post) -> bool:
    """A post with a crisis item (the detector's, or a member's worry), or one
    the detector reads as crisis language now (phrases change)."""
    crisis_item = db.session.scalar(db.select(QueueItem.id).where(
        QueueItem.post_id == post.id, QueueItem.kind == "crisis").limit(1))
    if crisis_item is not None:
        return True
    # An opening post is screened with its thread's title, as when it was written.
    text = f"{post.thread.title}\n{post.body}" if post.position == 1 else post.body
    return screening.detect_crisis(text).crisis


def _hold_if_reported(author: User) -> None:
    if policy.is_moderator(author) or current_hold(author) is not None:
        return
    reporters = _reporters_since(author, _counting_from(author))
    if reporters < settings.get("out_of_hours_member_flags"):
        return
    reason = f"{reporters} members reported their posts within 24 hours, outside moderated hours"
    db.session.add(ReviewHold(user_id=author.id, reason=reason))
    log.record_rule(RULE, "review_hold_placed", "user", author.id, reason, reporters=reporters)
    events.publish("review_hold_changed", user_id=author.id, placed=True)


def _counting_from(author: User):
    """Reports count for 24 hours, and never from before a moderator last
    lifted a hold: those reports were reviewed then."""
    last_lifted = db.session.scalar(db.select(db.func.max(ReviewHold.lifted_at))
                                    .where(ReviewHold.user_id == author.id))
    window_start = clock.now() - REPORT_WINDOW
    return max(window_start, last_lifted) if last_lifted else window_start


def _reporters_since(author: User, since) -> int:
    """Distinct members who flagged the author's posts since then, so one
    member flagging many posts counts once. Worry for the writer (a crisis
    flag) and reports a moderator already found unfounded don't count."""
    db.session.flush()
    query = (db.select(db.func.count(db.distinct(Flag.user_id)))
             .join(Post, Post.id == Flag.post_id)
             .where(Post.author_id == author.id, Flag.created_at >= since, Flag.reason != "crisis",
                    db.or_(Flag.outcome.is_(None), Flag.outcome != "kept")))
    return db.session.scalar(query)


def current_hold(user: User) -> ReviewHold | None:
    """The hold in force on the member, if any."""
    return db.session.scalar(db.select(ReviewHold).where(ReviewHold.user_id == user.id,
                                                         ReviewHold.lifted_at.is_(None))
                             .order_by(ReviewHold.id.desc()).limit(1))


def under_review(user: User) -> bool:
    """Whether the member's new posts wait for review (screening asks)."""
    return current_hold(user) is not None


def hold_of(actor: User, user_id: int) -> ReviewHold | None:
    """What moderators see: the member's hold in force, or None."""
    policy.require(policy.moderate(actor))
    return current_hold(_member(user_id))


def lift(actor: User, user_id: int, reason) -> ReviewHold:
    """A moderator looked: the member's posts appear straight away again.
    Posts already waiting stay in the queue to be approved one by one."""
    policy.require(policy.moderate(actor))
    member = _member(user_id)
    reason = reasons.reason(reason, reasons.KEPT_IN_LOG)
    holds = list(db.session.scalars(db.select(ReviewHold).where(ReviewHold.user_id == member.id,
                                                                ReviewHold.lifted_at.is_(None))))
    if not holds:
        raise Conflict("This member's posts aren't held for review.", code="not_held")
    now = clock.now()
    for hold in holds:  # two flags at once may have placed two
        hold.lifted_at, hold.lifted_by_id, hold.lift_reason = now, actor.id, reason
    log.record(actor, "review_hold_lifted", "user", member.id, reason)
    events.publish("review_hold_changed", user_id=member.id, placed=False)
    events.commit()
    return holds[0]


def _member(user_id: int) -> User:
    found = db.session.get(User, user_id)
    if found is None:
        raise NotFound("No such member.")
    return found
