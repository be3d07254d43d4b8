"""Reading the moderation log, filtered; moderators and staff only."""
from __future__ import annotations

from forum import policy
from forum.audit.models import LogEntry
from forum.extensions import db


def entries(viewer, action: str | None = None, actor: str | None = None, target_type: str | None = None,
            before: int | None = None, limit: int = 50) -> tuple[list[LogEntry], int | None]:
    policy.require(policy.moderate(viewer))
    query = db.select(LogEntry)
    if action:
        query = query.where(LogEntry.action == action)
    if actor:
        query = query.where(LogEntry.actor_name == actor)
    if target_type:
        query = query.where(LogEntry.target_type == target_type)
    if before:
        query = query.where(LogEntry.id < before)
    rows = list(db.session.scalars(query.order_by(LogEntry.id.desc()).limit(limit + 1)))
    return rows[:limit], rows[limit - 1].id if len(rows) > limit else None
