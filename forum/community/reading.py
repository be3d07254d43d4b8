"""Read positions: which posts are new to a member, and how far they have read.

A member's position in a thread is the id of the last post they were shown
there. It only ever moves forward: reading an early page again, or a late
request from a live page, never marks read posts as unread.

A post is unread for a member when it is published (held, hidden, removed
and withdrawn posts are not news), someone else wrote it, and it comes after
their position. In a thread they have never opened, the posts written since
they joined count; older ones don't, so a newly approved member finds a calm
home page rather than every thread the community ever had marked as new.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func, or_
from sqlalchemy.dialects import postgresql, sqlite

from forum import clock, events, revisions
from forum.community.models import Post, ReadPosition, Thread
from forum.errors import NotFound, invalid
from forum.extensions import db
from forum.web import MAX_ID


@dataclass(frozen=True)
class ThreadReading:
    """One member's reading of one thread."""

    # None: they have never opened it.
    last_read_post_id: int | None = None
    unread: int = 0
    first_unread_post_id: int | None = None

    @property
    def opened(self) -> bool:
        return self.last_read_post_id is not None


NOTHING_READ = ThreadReading()


def _reader(viewer):
    """The signed-in member behind a viewer, or None for anyone else."""
    if not getattr(viewer, "is_authenticated", False) or getattr(viewer, "id", None) is None:
        return None
    return viewer


def joined_at(user) -> datetime:
    """When the member joined: approval, or creation for accounts made active."""
    return user.approved_at or user.created_at


def _unread_post(user, last_read):
    """The rule, as SQL: a post that is news to `user`, given their position (or NULL)."""
    return and_(
        Post.status == "visible",
        or_(Post.author_id.is_(None), Post.author_id != user.id),
        or_(and_(last_read.is_(None), Post.created_at > joined_at(user)),
            and_(last_read.is_not(None), Post.id > last_read)),
    )


def for_threads(viewer, threads: list[Thread]) -> dict[int, ThreadReading]:
    """Each listed thread's reading, in one query whatever the number of threads."""
    user = _reader(viewer)
    ids = sorted({thread.id for thread in threads})
    if user is None or not ids:
        return {}
    position = db.aliased(ReadPosition)
    last_read = position.last_read_post_id
    query = (
        db.select(Thread.id, last_read, func.count(Post.id), func.min(Post.id))
        .select_from(Thread)
        .outerjoin(position, and_(position.thread_id == Thread.id, position.user_id == user.id))
        .outerjoin(Post, and_(Post.thread_id == Thread.id, _unread_post(user, last_read)))
        .where(Thread.id.in_(ids))
        .group_by(Thread.id, last_read)
    )
    return {thread_id: ThreadReading(read, count, first)
            for thread_id, read, count, first in db.session.execute(query)}


def for_thread(viewer, thread: Thread) -> ThreadReading:
    return for_threads(viewer, [thread]).get(thread.id, NOTHING_READ)


def _upsert(user_id: int, thread_id: int, post_id: int) -> None:
    """One statement on SQLite and PostgreSQL alike: insert the position, or
    move the stored one forward (never back)."""
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    statement = dialect.insert(ReadPosition).values(
        user_id=user_id, thread_id=thread_id, last_read_post_id=post_id, updated_at=clock.now())
    statement = statement.on_conflict_do_update(
        index_elements=[ReadPosition.user_id, ReadPosition.thread_id],
        set_={"last_read_post_id": statement.excluded.last_read_post_id,
              "updated_at": statement.excluded.updated_at},
        where=ReadPosition.last_read_post_id < statement.excluded.last_read_post_id,
    )
    db.session.execute(statement)
    revisions.touch_readers(db.session, [user_id])  # "N new" on the member's pages changes


def advance(viewer, thread: Thread, post_id: int | None, known: ThreadReading | None = None) -> None:
    """The member was shown the thread up to `post_id`. Nothing is written when
    that is no news (`known` is what the page already read), so reading a
    thread again costs no write."""
    user = _reader(viewer)
    if user is None or not post_id:
        return
    if known is not None and known.last_read_post_id is not None and known.last_read_post_id >= post_id:
        return
    _upsert(user.id, thread.id, post_id)
    # The write touches no object the request has loaded: keep them loaded
    # (pages write this after rendering; a reload would cost queries for nothing).
    session = db.session()
    expiring, session.expire_on_commit = session.expire_on_commit, False
    try:
        events.commit()
    finally:
        session.expire_on_commit = expiring


def mark_read(viewer, thread: Thread, post_id) -> ThreadReading:
    """A live page showed the member `post_id`: read up to there (the API's
    and live pages' way in). The post must be one of this thread's."""
    if not isinstance(post_id, int) or isinstance(post_id, bool) or not 0 < post_id <= MAX_ID:
        raise invalid({"post_id": "Give the id of a post in this thread."})
    post = db.session.get(Post, post_id)
    if post is None or post.thread_id != thread.id:
        raise NotFound("No such post in this thread.")
    advance(viewer, thread, post_id)
    return for_thread(viewer, thread)


def export(user) -> list[dict]:
    """The member's read positions, for their data export."""
    rows = db.session.scalars(db.select(ReadPosition).where(ReadPosition.user_id == user.id)
                              .order_by(ReadPosition.thread_id))
    return [{"thread_id": row.thread_id, "last_read_post_id": row.last_read_post_id,
             "updated_at": clock.isoformat(row.updated_at)} for row in rows]
