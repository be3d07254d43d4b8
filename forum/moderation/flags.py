"""Members flag posts that worry them; enough flags hide a post for review
(fewer outside moderated hours: see `out_of_hours`)."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from forum import events, policy
from forum.community import status as post_status
from forum.community.models import Post, Thread
from forum.errors import Conflict, invalid
from forum.extensions import db
from forum.moderation import out_of_hours, queue
from forum.moderation.models import FLAG_LABELS, FLAG_REASONS, Flag
from forum.safety import screening
from forum.settings import service as settings

NOTE_MAX = 1000


def _raise_worry(post: Post) -> None:
    """A member worried about the writer: at least concern, urgent when the
    detector reads the post as urgent."""
    verdict = screening.detect_crisis(post.body)
    queue.raise_item(post, "crisis", "crisis", tier="urgent" if verdict.tier == "urgent" else "concern",
                     evidence=verdict.evidence_rows())


def flag_post(actor, post: Post, reason, note="") -> Flag:
    policy.require(policy.flag(actor, post))
    if reason not in FLAG_REASONS:
        raise invalid({"reason": "Choose crisis, harassment, misinformation, sourcing, spam or other."})
    note = note.strip() if isinstance(note, str) else ""
    if len(note) > NOTE_MAX:
        raise invalid({"note": f"Keep the note under {NOTE_MAX} characters."})
    if db.session.scalar(db.select(Flag.id).where(Flag.post_id == post.id, Flag.user_id == actor.id)):
        raise Conflict("You have already flagged this post. Moderators will look at it.", code="already_flagged")
    flag = Flag(post_id=post.id, user_id=actor.id, reason=reason, note=note)
    db.session.add(flag)
    if reason == "crisis":
        _raise_worry(post)
    else:
        queue.raise_item(post, "flagged", reason)
    flaggers = _distinct_flaggers(post)
    if post.status == "visible" and (policy.is_moderator(actor) or flaggers >= settings.get("auto_hide_threshold")):
        post_status.change(post, "hidden", "Hidden while moderators review reports about it.")
    out_of_hours.after_flag(post, flaggers)
    try:
        events.commit()
    except IntegrityError:
        db.session.rollback()
        raise Conflict("You have already flagged this post.", code="already_flagged") from None
    return flag


@dataclass(frozen=True)
class FlaggedPost:
    """A member's flag as "Posts you flagged" shows it: the post only while
    they may still read it (a hidden or removed post's words never show)."""

    flag: Flag
    post: Post | None  # None: no longer shown to this member

    @property
    def reason_label(self) -> str:
        return FLAG_LABELS.get(self.flag.reason, self.flag.reason)


def of_member(user) -> list[FlaggedPost]:
    query = (db.select(Flag).where(Flag.user_id == user.id)
             .options(joinedload(Flag.post).joinedload(Post.thread).joinedload(Thread.category),
                      joinedload(Flag.post).joinedload(Post.author))
             .order_by(Flag.id.desc()).limit(200))
    return [FlaggedPost(flag, flag.post if _still_readable(user, flag.post) else None)
            for flag in db.session.scalars(query).unique()]


def _still_readable(user, post: Post) -> bool:
    return (post.status == "visible" and bool(policy.read_thread(user, post.thread))
            and policy.see_post_text(user, post))


def _distinct_flaggers(post: Post) -> int:
    db.session.flush()
    query = db.select(db.func.count(db.distinct(Flag.user_id))).where(Flag.post_id == post.id)
    return db.session.scalar(query)
