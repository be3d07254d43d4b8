"""Writing to the moderation log; entries are only ever added."""
from __future__ import annotations

from forum.extensions import db
from forum.moderation.models import LogEntry


def record(actor, action: str, target_type: str, target_id: int | None, reason: str = "", **details) -> LogEntry:
    """Add a log entry to the current transaction (the caller commits)."""
    entry = LogEntry(
        actor_id=getattr(actor, "id", None),
        actor_name=actor.username if actor is not None else "system",
        action=action,
        target_type=target_type,
        target_id=target_id,
        reason=reason,
        details=details,
    )
    db.session.add(entry)
    return entry
