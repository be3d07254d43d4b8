"""Writing to the moderation log; entries are only ever added."""
from __future__ import annotations

from forum.audit.models import LogEntry
from forum.extensions import db


def record(actor, action: str, target_type: str, target_id: int | None, reason: str = "", **details) -> LogEntry:
    """Add a log entry to the current transaction (the caller commits)."""
    return _add(getattr(actor, "id", None), actor.username if actor is not None else "system",
                action, target_type, target_id, reason, details)


def record_rule(rule: str, action: str, target_type: str, target_id: int | None, reason: str = "",
                **details) -> LogEntry:
    """An automatic action, named by the rule that acted (the caller commits)."""
    return _add(None, rule, action, target_type, target_id, reason, details)


def _add(actor_id, actor_name, action, target_type, target_id, reason, details) -> LogEntry:
    entry = LogEntry(
        actor_id=actor_id,
        actor_name=actor_name,
        action=action,
        target_type=target_type,
        target_id=target_id,
        reason=reason,
        details=details,
    )
    db.session.add(entry)
    return entry
