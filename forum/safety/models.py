"""Watched words: staff rules that block, hold or flag matching posts."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
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
