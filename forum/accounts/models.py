"""Accounts: members, their roles and standing, and personal API tokens."""
from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum import clock
from forum.extensions import db

ROLES = ("member", "moderator", "staff")
# "closed": staff closed the account of a member who died (forum/memorials/closing.py).
STATUSES = ("pending", "active", "muted", "suspended", "banned", "rejected", "closed")


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(32))
    # NFKC-normalised, case-folded username: the key uniqueness is judged on.
    username_key: Mapped[str] = mapped_column(String(128), unique=True)
    display_name: Mapped[str] = mapped_column(String(64))
    email: Mapped[str | None] = mapped_column(String(254))
    bio: Mapped[str] = mapped_column(Text, default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16), default="member")
    status: Mapped[str] = mapped_column(String(16), default="pending")
    status_until: Mapped[datetime | None]
    # Bumped on sign-out everywhere and password change: older sessions stop working.
    session_version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    approved_at: Mapped[datetime | None]
    # When the member closed the welcome shown after approval (forum/membership/welcome.py).
    welcome_dismissed_at: Mapped[datetime | None]
    # Reading comfort and notification choices; see forum.accounts.preferences.
    preferences: Mapped[dict] = mapped_column(JSON, default=dict)
    # Bumped with every change of theirs that pages show them, and with their
    # reading (forum/revisions.py).
    page_revision: Mapped[int] = mapped_column(default=0, server_default="0")
    read_revision: Mapped[int] = mapped_column(default=0, server_default="0")

    tokens: Mapped[list["ApiToken"]] = relationship(back_populates="user", cascade="all, delete-orphan")

    def get_id(self) -> str:
        # The signed-in session's key rides along, so one session can be ended alone.
        key = getattr(self, "session_key", None)
        return f"{self.id}:{self.session_version}:{key}" if key else f"{self.id}:{self.session_version}"

    @property
    def is_active(self) -> bool:
        """Flask-Login: suspended, banned and closed accounts cannot be signed in."""
        return self.status not in {"suspended", "banned", "closed"}

    @property
    def is_staff(self) -> bool:
        return self.role == "staff"

    @property
    def is_moderator(self) -> bool:
        return self.role in {"moderator", "staff"}

    def __repr__(self) -> str:
        return f"<User {self.username}>"


class ApiToken(db.Model):
    """A personal API token; only its SHA-256 digest is stored."""

    __tablename__ = "api_tokens"
    __table_args__ = (Index("ix_api_tokens_user_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    last_used_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(back_populates="tokens")


class Block(db.Model):
    """A member who doesn't want to hear from another: their posts collapse."""

    __tablename__ = "blocks"
    __table_args__ = (Index("ix_blocks_blocked_id", "blocked_id"),)

    blocker_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    blocked_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=clock.now)


class SignInSession(db.Model):
    """One signed-in browser. Its key is in the session and the "remember me"
    cookie, so signing out ends it on the server, cookie or not."""

    __tablename__ = "sign_in_sessions"
    __table_args__ = (Index("ix_sign_in_sessions_user_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    ended_at: Mapped[datetime | None]


class SafetyPlan(db.Model):
    """A member's own safety plan, in the Stanley–Brown steps (see
    forum/accounts/safety_plan.py): private to them, kept until they empty it
    or delete their account."""

    __tablename__ = "safety_plans"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    warning_signs: Mapped[str] = mapped_column(Text, default="")
    coping_strategies: Mapped[str] = mapped_column(Text, default="")
    social_distractions: Mapped[str] = mapped_column(Text, default="")
    people_to_ask: Mapped[str] = mapped_column(Text, default="")
    professionals: Mapped[str] = mapped_column(Text, default="")
    safe_environment: Mapped[str] = mapped_column(Text, default="")
    reasons_for_living: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(default=clock.now)
