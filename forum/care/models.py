"""A care conversation is between one member and the moderation team as a
whole: any moderator or staff member reads it and answers for the team."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum import clock
from forum.accounts.models import User
from forum.extensions import db

# Who the member wants to talk about: themselves, or someone they worry about.
ABOUT = ("me", "someone")
# Who opened it: the member ("Talk to a moderator"), or the team (a check-in).
STARTED_BY = ("member", "team")


class Conversation(db.Model):
    __tablename__ = "care_conversations"
    __table_args__ = (Index("ix_care_conversations_member_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Deleted with the member's account: what they said is theirs.
    member_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    about: Mapped[str] = mapped_column(String(8), default="me")
    started_by: Mapped[str] = mapped_column(String(8), default="member")
    # The post it is about, when the member named one or a check-in came from one.
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    last_message_at: Mapped[datetime] = mapped_column(default=clock.now)

    member: Mapped[User] = relationship(foreign_keys=[member_id])


class CareMessage(db.Model):
    __tablename__ = "care_messages"
    __table_args__ = (Index("ix_care_messages_conversation_id", "conversation_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("care_conversations.id", ondelete="CASCADE"))
    # The moderator who wrote for the team (members see "the moderation team"), or the member.
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    from_team: Mapped[bool] = mapped_column(default=False)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=clock.now)

    author: Mapped[User | None] = relationship(foreign_keys=[author_id])


class FollowUp(db.Model):
    """A check on a member the team owes after a crisis or concern item closed
    with care (checked in, or referred). The periodic check raises it into the
    queue when it falls due, so it survives restarts."""

    __tablename__ = "care_followups"
    __table_args__ = (Index("ix_care_followups_due", "raised_at", "due_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    # The item whose closing scheduled it.
    after_item_id: Mapped[int] = mapped_column(ForeignKey("queue_items.id", ondelete="CASCADE"))
    due_at: Mapped[datetime]
    raised_at: Mapped[datetime | None]
    # The follow-up item it became in the queue.
    raised_item_id: Mapped[int | None] = mapped_column(ForeignKey("queue_items.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
