"""Notifications for members, and which threads they watch or mute."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum import clock
from forum.accounts.models import User
from forum.extensions import db

# The kinds a member may turn off in their preferences.
KINDS = ("reply", "quote", "mention", "reaction", "moderation", "membership")
# The moderation team wrote to the member: always told, never a preference to
# miss it by, since it may be someone reaching out in a crisis.
CARE_MESSAGE = "care_message"


class Notification(db.Model):
    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_user_read", "user_id", "read_at", "id"),
                      Index("ix_notifications_delivered_at", "delivered_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    thread_id: Mapped[int | None] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"))
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    conversation_id: Mapped[int | None] = mapped_column(ForeignKey("care_conversations.id", ondelete="CASCADE"))
    # A post's opening words; for moderation and care messages, the moderator's words.
    excerpt: Mapped[str] = mapped_column(Text, default="")
    # The reaction kind, or the moderation action, this notification is about.
    detail: Mapped[str] = mapped_column(String(32), default="")
    # Reactions are batched: "3 people sent support" is one notification.
    count: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    read_at: Mapped[datetime | None]
    # When it was pushed and emailed, or passed over in silence during a
    # break; None while quiet hours hold it (forum/notifications/delivery.py).
    delivered_at: Mapped[datetime | None]

    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])
    user: Mapped[User] = relationship(foreign_keys=[user_id])


class ThreadSubscription(db.Model):
    """A member's choice for one thread: watch (every reply) or mute (nothing)."""

    __tablename__ = "thread_subscriptions"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"), primary_key=True)
    level: Mapped[str] = mapped_column(String(8))
