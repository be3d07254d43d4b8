"""Watched words: staff rules that block, hold or flag matching posts; and the
crisis panels that keep help in front of a writer after a crisis post."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from forum import clock
from forum.extensions import db

WATCH_ACTIONS = ("block", "hold", "flag")


class WatchedWord(db.Model):
    __tablename__ = "watched_words"

    id: Mapped[int] = mapped_column(primary_key=True)
    pattern: Mapped[str] = mapped_column(String(120), unique=True)
    action: Mapped[str] = mapped_column(String(8))
    # Shown to a writer whose post a block rule refuses.
    explanation: Mapped[str] = mapped_column(String(300), default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=clock.now)


class CrisisPanel(db.Model):
    """A crisis post's writer sees help under it on its thread for a while
    (forum/safety/crisis_panel.py), until then or until they close it."""

    __tablename__ = "crisis_panels"
    __table_args__ = (Index("ix_crisis_panels_user_id", "user_id"),
                      Index("ix_crisis_panels_created_at", "created_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    dismissed_at: Mapped[datetime | None]
