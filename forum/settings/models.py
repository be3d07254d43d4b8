"""Community settings that staff can change without a restart."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from forum import clock
from forum.extensions import db


class CommunitySetting(db.Model):
    __tablename__ = "community_settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[object] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(default=clock.now, onupdate=clock.now)
