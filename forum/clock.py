"""The one source of "now", so tests can move time instead of sleeping.

Times are naive UTC throughout: SQLite keeps no time zone, and mixing aware and
naive datetimes is a classic source of errors.
"""
from __future__ import annotations

from datetime import UTC, datetime
from typing import Callable

_source: Callable[[], datetime] | None = None


def now() -> datetime:
    if _source is not None:
        return _source()
    return datetime.now(UTC).replace(tzinfo=None)


def set_source(source: Callable[[], datetime] | None) -> None:
    """Replace the clock (tests); None restores the real one."""
    global _source
    _source = source


def parse(value: str | None, field: str) -> datetime | None:
    """An ISO 8601 time typed by a person or sent by a script, as naive UTC;
    None when empty. A bad value is a clear validation error."""
    from forum.errors import invalid

    if value is None or not value.strip():
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        raise invalid({field: "Use an ISO 8601 time, such as 2026-12-01T09:00:00Z."}) from None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC).replace(tzinfo=None)
    return parsed


def isoformat(moment: datetime | None) -> str | None:
    """ISO 8601 in UTC with an explicit Z, as the API promises."""
    if moment is None:
        return None
    return moment.replace(microsecond=0).isoformat() + "Z"
