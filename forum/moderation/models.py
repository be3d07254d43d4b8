"""Moderation: sanctions, flags, the queue and moderators' notes on members."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum import clock
from forum.accounts.models import User
from forum.extensions import db


SANCTION_KINDS = ("warn", "mute", "suspend", "ban")


class Sanction(db.Model):
    """A warning, mute, suspension or ban on a member, until lifted or expired."""

    __tablename__ = "sanctions"
    __table_args__ = (Index("ix_sanctions_user_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text)
    until: Mapped[datetime | None]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    lifted_at: Mapped[datetime | None]
    lifted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    lift_reason: Mapped[str] = mapped_column(Text, default="")
    # A warning stays in front of the member until they acknowledge it.
    acknowledged_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(foreign_keys=[user_id])

    def in_force(self, now: datetime) -> bool:
        return self.lifted_at is None and (self.until is None or self.until > now)


class ReviewHold(db.Model):
    """While in place, a member's new posts wait for a moderator before they
    appear. The out-of-hours protection places it; a moderator lifts it."""

    __tablename__ = "review_holds"
    __table_args__ = (Index("ix_review_holds_user_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    # Why the rule placed it, as moderators read it on the member's page.
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    lifted_at: Mapped[datetime | None]
    lifted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    lift_reason: Mapped[str] = mapped_column(Text, default="")

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    lifted_by: Mapped[User | None] = relationship(foreign_keys=[lifted_by_id])


FLAG_REASONS = ("crisis", "harassment", "misinformation", "sourcing", "spam", "other")
# How members read each reason: on the flag form and in "Posts you flagged".
FLAG_LABELS = {
    "crisis": "I'm worried about this person's safety",
    "harassment": "Harassment or unkindness",
    "misinformation": "Misinformation, including dosing advice",
    "sourcing": "Offering, asking for or pricing drugs",
    "spam": "Spam",
    "other": "Something else",
}
# A "concern" item is a member asking the team for help ("Talk to a moderator"),
# or answering in a care conversation nobody has open: it may have no post.
QUEUE_KINDS = ("crisis", "flagged", "held", "concern", "followup")
# What happens to the post.
POST_ACTIONS = ("dismiss", "approve", "hide", "remove", "reject")
# How a crisis or concern item ends when the post needs nothing done to it.
CARE_OUTCOMES = ("checked_in", "referred", "no_action_needed")
RESOLUTIONS = CARE_OUTCOMES + POST_ACTIONS
# Items about a person, closed with care: a follow-up (forum/care/followups.py) too.
CARE_KINDS = ("crisis", "concern", "followup")


class Flag(db.Model):
    """A member's report that a post worries them; one per member per post."""

    __tablename__ = "flags"
    __table_args__ = (UniqueConstraint("post_id", "user_id", name="uq_flags_post_user"),
                      Index("ix_flags_user_id", "user_id"), Index("ix_flags_created_at", "created_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    # What came of it, told to the flagger without the details.
    outcome: Mapped[str | None] = mapped_column(String(16))

    user: Mapped[User | None] = relationship()
    post: Mapped["Post"] = relationship()  # noqa: F821  (forum.community.models)


class QueueItem(db.Model):
    """Everything moderators need to decide about one post, or one member's
    call for help."""

    __tablename__ = "queue_items"
    __table_args__ = (Index("ix_queue_items_open_order", "resolved_at", "severity", "score", "first_at"),
                      Index("ix_queue_items_post_id", "post_id"),
                      Index("ix_queue_items_first_at", "first_at"),
                      Index("ix_queue_items_claimed_at", "claimed_at"),
                      Index("ix_queue_items_resolved_at", "resolved_at"),
                      Index("ix_queue_items_conversation_id", "conversation_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    # None for a concern a member raised without naming a post.
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    # The care conversation it opened, or that a moderator started from it.
    conversation_id: Mapped[int | None] = mapped_column(ForeignKey("care_conversations.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(16))
    # The queue's order: urgent crisis 3, concern crisis 2, anything else 1;
    # then the flags' score; then age.
    severity: Mapped[int] = mapped_column(default=1)
    # Crisis items: "urgent" or "concern" (the detector's tier, or a member's worry).
    tier: Mapped[str | None] = mapped_column(String(8))
    # The sentences that decided a crisis verdict: [{"text", "layer", "tier", "detail"}].
    evidence: Mapped[list | None] = mapped_column(JSON, default=list)
    score: Mapped[int] = mapped_column(default=0)
    # Automatic reasons: [{"reason": ..., "note": ...}] from crisis and watched-word rules.
    signals: Mapped[list] = mapped_column(JSON, default=list)
    first_at: Mapped[datetime] = mapped_column(default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(default=clock.now)
    claimed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    claimed_at: Mapped[datetime | None]
    resolved_at: Mapped[datetime | None]
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    resolution: Mapped[str | None] = mapped_column(String(16))
    resolution_reason: Mapped[str] = mapped_column(Text, default="")
    # The moderator's own words to the member (the reason stays in the log).
    resolution_message: Mapped[str] = mapped_column(Text, default="")
    overdue_notified_at: Mapped[datetime | None]
    # When moderators were first alerted off the site (forum/oncall/alerts.py);
    # the overdue alert goes with overdue_notified_at.
    oncall_alerted_at: Mapped[datetime | None]

    claimed_by: Mapped[User | None] = relationship(foreign_keys=[claimed_by_id])


class MemberNote(db.Model):
    """A private note moderators keep about a member."""

    __tablename__ = "member_notes"
    __table_args__ = (Index("ix_member_notes_user_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=clock.now)

    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
