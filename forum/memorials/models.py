"""A memorial thread, and its staff checklist."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum import clock
from forum.accounts.models import User
from forum.community.models import Thread
from forum.extensions import db

# What staff see through after a death, in order: (key, what to do).
CHECKLIST = (
    ("moderators_informed", "Tell the moderators, so they read the memorial's replies with care"),
    ("at_risk_reviewed", "Look at who may be at risk: the people who talked with them most, and members who are struggling"),
    ("support_offered", "Reach out to those who knew them and offer support"),
    ("family_wishes", "Check the family's wishes and privacy are respected (what is said, for how long)"),
    ("review_after_pin", "Review the memorial when its pin ends: unpin, lock or leave it open"),
)
CHECKLIST_KEYS = tuple(key for key, _ in CHECKLIST)


class Memorial(db.Model):
    """The thread where the community remembers a member."""

    __tablename__ = "memorials"
    __table_args__ = (Index("ix_memorials_member_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"), unique=True)
    # The member remembered; gone (NULL) if their account is later deleted.
    member_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    opened_at: Mapped[datetime] = mapped_column(default=clock.now)

    thread: Mapped[Thread] = relationship()
    member: Mapped[User | None] = relationship(foreign_keys=[member_id])


class MemorialCheck(db.Model):
    """One checklist item ticked: by whom and when (unticking deletes it; the log keeps both)."""

    __tablename__ = "memorial_checks"

    memorial_id: Mapped[int] = mapped_column(ForeignKey("memorials.id", ondelete="CASCADE"), primary_key=True)
    item: Mapped[str] = mapped_column(String(32), primary_key=True)
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    done_at: Mapped[datetime] = mapped_column(default=clock.now)

    done_by: Mapped[User | None] = relationship()
