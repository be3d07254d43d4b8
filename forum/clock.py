"""The one source of "now", so tests can move time instead of sleeping.

Times are naive UTC throughout: SQLite keeps no time zone, and mixing aware and
naive datetimes is a classic source of errors.
"""
from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Callable
from zoneinfo import ZoneInfo

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


# --- times people pick in the community's own time zone -------------------------------

# Ends people choose with one tap: how long from now (None: no end).
PRESETS: dict[str, timedelta | None] = {
    "1d": timedelta(days=1), "3d": timedelta(days=3), "1w": timedelta(weeks=1), "none": None,
}


def local_to_utc(value: str | None, zone: str, field: str) -> datetime | None:
    """A wall-clock time in `zone`, as a date-time input sends it
    ("2026-12-31T18:00"), as naive UTC; None when empty. A time the clocks
    skip when summer time starts counts as the hour after (02:30 becomes
    03:30); one they repeat when it ends counts as its first, summer-time
    passing. A time with its own offset is taken as given."""
    from forum.errors import invalid

    if value is None or not value.strip():
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=ZoneInfo(zone))
        return parsed.astimezone(UTC).replace(tzinfo=None)
    except (ValueError, OverflowError):
        raise invalid({field: "Choose a date and a time, such as 2026-12-31 18:00."}) from None


def utc_to_local(moment: datetime, zone: str) -> datetime:
    """A naive UTC time as the wall clock in `zone` shows it (naive)."""
    return moment.replace(tzinfo=UTC).astimezone(ZoneInfo(zone)).replace(tzinfo=None)


def chosen_end(preset: str | None, local_value: str | None, zone: str, field: str) -> datetime | None:
    """The end a person chose: a preset counted from now, or the date and time
    they typed in `zone`. A typed time wins unless they picked a duration;
    "none" (no end) with nothing typed is None. The services refuse a past time."""
    from forum.errors import invalid

    if preset in PRESETS and PRESETS[preset] is not None:
        return now() + PRESETS[preset]
    if preset not in (None, "", "none", "at"):
        raise invalid({field: "Choose 1 day, 3 days, 1 week, no end, or a date and time."})
    moment = local_to_utc(local_value, zone, field)
    if moment is None and preset == "at":
        raise invalid({field: "Choose a date and a time, or one of the choices above."})
    return moment


def local_day_start(value: str | None, zone: str, next_day: bool = False) -> datetime | None:
    """When a day ("2026-03-08") begins in `zone`, as naive UTC; with
    `next_day`, when it ends. None when empty; ValueError when not a date."""
    if value is None or not value.strip():
        return None
    day = date.fromisoformat(value.strip())
    try:
        day += timedelta(days=1 if next_day else 0)
        return datetime.combine(day, time(), ZoneInfo(zone)).astimezone(UTC).replace(tzinfo=None)
    except OverflowError:
        raise ValueError(value) from None


def zone_label(zone: str) -> str:
    """How a time zone is named to people: "America/New_York" is "New York time"."""
    if "/" not in zone:
        return zone
    return zone.rsplit("/", 1)[1].replace("_", " ") + " time"
