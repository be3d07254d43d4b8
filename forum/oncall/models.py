"""Where a moderator's on-call alerts can reach them by Web Push."""
from __future__ import annotations

from datetime import datetime
from urllib.parse import urlsplit

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from forum import clock
from forum.extensions import db

ENDPOINT_MAX = 1000
LABEL_MAX = 64


class PushSubscription(db.Model):
    """One browser's push subscription (PushManager.subscribe()): the push
    service's URL for it and the keys its messages are encrypted to."""

    __tablename__ = "push_subscriptions"
    __table_args__ = (Index("ix_push_subscriptions_user_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    # One row per browser: subscribing again from it (or as someone else on it) replaces the row.
    endpoint: Mapped[str] = mapped_column(String(ENDPOINT_MAX), unique=True)
    p256dh: Mapped[str] = mapped_column(String(128))
    auth: Mapped[str] = mapped_column(String(64))
    # How the member tells their devices apart ("Firefox on Android").
    label: Mapped[str] = mapped_column(String(LABEL_MAX), default="")
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    last_used_at: Mapped[datetime | None]

    @property
    def service(self) -> str:
        """The push service's host (whoever runs the browser's push: Google, Mozilla, Apple...)."""
        return urlsplit(self.endpoint).hostname or ""
