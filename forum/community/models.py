"""Categories, threads, posts, their edit history and reactions."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum import clock
from forum.accounts.models import User
from forum.extensions import db

POSTING_RIGHTS = ("members", "staff")
POST_STATUSES = ("visible", "pending", "hidden", "removed", "withdrawn", "rejected")
REACTION_KINDS = ("support", "me_too", "hope")
PIN_SCOPES = ("category", "global")


class Category(db.Model):
    __tablename__ = "categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(80))
    description: Mapped[str] = mapped_column(Text, default="")
    posting: Mapped[str] = mapped_column(String(16), default="members")
    position: Mapped[int] = mapped_column(default=0)
    archived: Mapped[bool] = mapped_column(default=False)
    # Staff allow members to post here as "Anonymous member" (forum/community/anonymity.py).
    allow_anonymous: Mapped[bool] = mapped_column(default=False)
    thread_count: Mapped[int] = mapped_column(default=0)
    last_post_at: Mapped[datetime | None]
    # Bumped with every change its page shows (forum/revisions.py).
    revision: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(default=clock.now)


class Thread(db.Model):
    __tablename__ = "threads"
    __table_args__ = (
        Index("ix_threads_category_activity", "category_id", "last_post_at", "id"),
        Index("ix_threads_pinned_scope", "pinned_scope"),
        Index("ix_threads_last_post_at", "last_post_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(160))
    content_warning: Mapped[str] = mapped_column(String(120), default="")
    # Started anonymously: lists name "Anonymous member" (forum/community/anonymity.py).
    anonymous: Mapped[bool] = mapped_column(default=False)
    # Follows the opening post: a held or hidden opening post hides the thread.
    status: Mapped[str] = mapped_column(String(16), default="visible")
    # Number of post slots ever used: each post's position comes from it.
    post_count: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    last_post_at: Mapped[datetime] = mapped_column(default=clock.now)
    # Bumped with every change its page shows (forum/revisions.py).
    revision: Mapped[int] = mapped_column(default=0, server_default="0")
    locked: Mapped[bool] = mapped_column(default=False)
    # Slow mode: the least time, in seconds, between one member's posts here.
    slow_mode_seconds: Mapped[int] = mapped_column(default=0)
    pinned_scope: Mapped[str | None] = mapped_column(String(16))
    pinned_until: Mapped[datetime | None]

    category: Mapped[Category] = relationship()
    author: Mapped[User | None] = relationship()

    @property
    def reply_count(self) -> int:
        return max(self.post_count - 1, 0)


class Post(db.Model):
    __tablename__ = "posts"
    __table_args__ = (
        UniqueConstraint("thread_id", "position", name="uq_posts_thread_position"),
        Index("ix_posts_author_id", "author_id"),
        # Insights count posts per day: this covers the count, the reply test and distinct authors.
        Index("ix_posts_created_at", "created_at", "position", "author_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # 1-based place in the thread; placeholders keep theirs, so pages stay stable.
    position: Mapped[int]
    body: Mapped[str] = mapped_column(Text)
    # Rendered and sanitised once, when written: pages show this as it is.
    html: Mapped[str] = mapped_column(Text)
    content_warning: Mapped[str] = mapped_column(String(120), default="")
    status: Mapped[str] = mapped_column(String(16), default="visible")
    # Posted as "Anonymous member": only moderators can trace it, and each time they do it is logged.
    anonymous: Mapped[bool] = mapped_column(default=False)
    # Why moderators hid, held or removed it: shown to the author.
    moderation_note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    edited_at: Mapped[datetime | None]
    # When its author withdrew it, and the status it had then: for a few
    # seconds the author may take the withdrawal back (services.undo_withdraw).
    withdrawn_at: Mapped[datetime | None]
    withdrawn_from: Mapped[str | None] = mapped_column(String(16))
    # Reader filter topics it touches, recognised when written or edited
    # (forum/community/filters.py); None for posts written before they were kept.
    topics: Mapped[list | None] = mapped_column(JSON)

    thread: Mapped[Thread] = relationship()
    author: Mapped[User | None] = relationship()


class PostRevision(db.Model):
    """An earlier text of an edited post."""

    __tablename__ = "post_revisions"
    __table_args__ = (Index("ix_post_revisions_post_id", "post_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    body: Mapped[str] = mapped_column(Text)
    content_warning: Mapped[str] = mapped_column(String(120), default="")
    written_at: Mapped[datetime]
    replaced_at: Mapped[datetime] = mapped_column(default=clock.now)
    editor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class Reaction(db.Model):
    __tablename__ = "reactions"
    __table_args__ = (Index("ix_reactions_user_id", "user_id"),)

    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=clock.now)


class ReadPosition(db.Model):
    """How far one member has read one thread: the last post id they were shown."""

    __tablename__ = "read_positions"
    __table_args__ = (Index("ix_read_positions_thread_id", "thread_id"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"), primary_key=True)
    # A post id, not a foreign key: posts are never deleted while their thread stands.
    last_read_post_id: Mapped[int]
    updated_at: Mapped[datetime] = mapped_column(default=clock.now)


class Draft(db.Model):
    """A reply (per thread) or a new thread (per category) being written, kept
    on the server for its writer alone: see forum/community/drafts.py for why."""

    __tablename__ = "drafts"
    __table_args__ = (
        UniqueConstraint("user_id", "thread_id", name="uq_drafts_user_thread"),
        UniqueConstraint("user_id", "category_id", name="uq_drafts_user_category"),
        Index("ix_drafts_updated_at", "updated_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    # Exactly one of these: a reply to the thread, or a new thread in the category.
    thread_id: Mapped[int | None] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"))
    category_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(160), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    content_warning: Mapped[str] = mapped_column(String(120), default="")
    updated_at: Mapped[datetime] = mapped_column(default=clock.now)
