"""Reading the moderation log, filtered; moderators and staff only."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import and_, or_
from sqlalchemy.orm import joinedload

from forum import policy
from forum.accounts.models import User
from forum.audit.models import LogEntry
from forum.extensions import db


def entries(viewer, action: str | None = None, actor: str | None = None, target_type: str | None = None,
            before: int | None = None, limit: int = 50, member_id: int | None = None,
            since: datetime | None = None, until: datetime | None = None) -> tuple[list[LogEntry], int | None]:
    """Newest first, `limit` at a time before the entry `before`. `member_id`
    keeps what was done to that member or to their posts; `since` and `until`
    (UTC, until excluded) bound when."""
    from forum.community.models import Post

    policy.require(policy.moderate(viewer))
    query = db.select(LogEntry)
    if action:
        query = query.where(LogEntry.action == action)
    if actor:
        query = query.where(LogEntry.actor_name == actor)
    if target_type:
        query = query.where(LogEntry.target_type == target_type)
    if member_id is not None:
        # Not their anonymous posts: those are traced one at a time, through the logged reveal.
        their_posts = db.select(Post.id).where(Post.author_id == member_id, Post.anonymous.is_(False))
        query = query.where(or_(and_(LogEntry.target_type == "user", LogEntry.target_id == member_id),
                                and_(LogEntry.target_type == "post", LogEntry.target_id.in_(their_posts))))
    if since is not None:
        query = query.where(LogEntry.created_at >= since)
    if until is not None:
        query = query.where(LogEntry.created_at < until)
    if before:
        query = query.where(LogEntry.id < before)
    rows = list(db.session.scalars(query.order_by(LogEntry.id.desc()).limit(limit + 1)))
    return rows[:limit], rows[limit - 1].id if len(rows) > limit else None


@dataclass
class Targets:
    """What a page of log entries acted on, loaded at once: members, posts
    (with their thread and author) and threads; a key missing is gone."""

    users: dict[int, User] = field(default_factory=dict)
    posts: dict = field(default_factory=dict)
    threads: dict = field(default_factory=dict)

    def of(self, entry: LogEntry):
        found = {"user": self.users, "post": self.posts, "thread": self.threads}.get(entry.target_type)
        return None if found is None else found.get(entry.target_id)


def targets(rows: list[LogEntry]) -> Targets:
    """The members, posts and threads these entries name, in three queries at most."""
    from forum.community.models import Post, Thread

    wanted: dict[str, set[int]] = {"user": set(), "post": set(), "thread": set()}
    for entry in rows:
        if entry.target_type in wanted and entry.target_id is not None:
            wanted[entry.target_type].add(entry.target_id)
    found = Targets()
    if wanted["user"]:
        found.users = {user.id: user for user in db.session.scalars(
            db.select(User).where(User.id.in_(wanted["user"])))}
    if wanted["post"]:
        found.posts = {post.id: post for post in db.session.scalars(
            db.select(Post).where(Post.id.in_(wanted["post"]))
            .options(joinedload(Post.thread), joinedload(Post.author))).unique()}
    if wanted["thread"]:
        found.threads = {thread.id: thread for thread in db.session.scalars(
            db.select(Thread).where(Thread.id.in_(wanted["thread"])))}
    return found


def filter_choices(viewer) -> tuple[list[str], list[str]]:
    """The kinds of action and who acted (moderators, staff and the rules),
    as the log holds them: one query."""
    policy.require(policy.moderate(viewer))
    pairs = db.session.execute(db.select(LogEntry.action, LogEntry.actor_name)
                               .group_by(LogEntry.action, LogEntry.actor_name)).all()
    return sorted({action for action, _ in pairs}), sorted({name for _, name in pairs}, key=str.casefold)
