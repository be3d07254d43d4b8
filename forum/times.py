"""Times as a member reads them: in their own time zone, recent ones relative.

Every time a page shows goes through `html()` (templates call it through the
`time_tag` macro), so there is one rule for how a moment reads: "just now",
"3 min ago", "2 h ago", "yesterday", then a date; the full local time is in
the `title` and, for screen readers, in visually hidden text. The page's
script (static/js/local-time.js) keeps the relative labels current.

The zone is the member's `time_zone` preference, else the community's (the
moderated hours' zone). Cached post fragments are shared between members, so
they hold a slot instead of a time (`deferred()`); `fill()` puts the viewer's
rendering in after the cache.
"""
from __future__ import annotations

import re
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from flask import current_app, g, has_request_context
from markupsafe import Markup

from forum import clock

# Regions people live in; the rest of the database (Etc/, SystemV/, old
# aliases) would only make the list longer.
REGIONS = ("Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic", "Australia", "Europe", "Indian",
           "Pacific")
NAME_MAX = 64

_zone_override: ContextVar[str | None] = ContextVar("hearth_time_zone", default=None)
_deferring: ContextVar[bool] = ContextVar("hearth_time_deferred", default=False)
_SLOT = re.compile(r"\x00time:(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)Z\x00")


def is_zone(name) -> bool:
    """An IANA zone name this server knows."""
    if not isinstance(name, str) or not name or len(name) > NAME_MAX or name.startswith(("/", ".")):
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


@lru_cache(maxsize=1)
def choices() -> dict[str, list[str]]:
    """Zones to choose from, grouped by region, in order."""
    grouped: dict[str, list[str]] = {region: [] for region in REGIONS}
    for name in sorted(available_timezones()):
        region, _, place = name.partition("/")
        if region in grouped and place:
            grouped[region].append(name)
    return {"UTC": ["UTC"], **{region: names for region, names in grouped.items() if names}}


def _database_down() -> bool:
    return has_request_context() and bool(g.get("database_down"))


def community_zone() -> str:
    """The community's zone: its moderated hours' (HEARTH_TIMEZONE until staff change it)."""
    if _database_down():  # error pages render with no reads at all
        return current_app.config.get("HEARTH_TIMEZONE") or "UTC"
    from forum.settings import service as settings

    return settings.get("moderated_hours")["timezone"]


def zone_of(user) -> str:
    """The zone times are shown in for `user` (anyone signed out: the community's)."""
    from forum.accounts import preferences

    chosen = preferences.of(user)["time_zone"] if getattr(user, "is_authenticated", False) else None
    return chosen if chosen and is_zone(chosen) else community_zone()


def viewer_zone() -> str:
    """The zone for whoever this request renders for (worked out once a request)."""
    override = _zone_override.get()
    if override:
        return override
    if not has_request_context() or _database_down():
        return community_zone()
    if "hearth_time_zone" not in g:
        from flask_login import current_user

        g.hearth_time_zone = zone_of(current_user)
    return g.hearth_time_zone


@contextmanager
def shown_in(zone: str):
    """Render times in `zone` (pieces sent to many members at once)."""
    token = _zone_override.set(zone)
    try:
        yield
    finally:
        _zone_override.reset(token)


@contextmanager
def deferred():
    """While rendering something cached for many viewers: times become slots."""
    token = _deferring.set(True)
    try:
        yield
    finally:
        _deferring.reset(token)


def _local(moment: datetime, zone: str) -> datetime:
    return moment.replace(tzinfo=UTC).astimezone(ZoneInfo(zone))


def full(moment: datetime, zone: str) -> str:
    """"29 Nov 2026, 12:27 EST": the whole local time."""
    local = _local(moment, zone)
    return f"{local.day} {local:%b %Y, %H:%M} {local:%Z}".strip()


def relative(moment: datetime, zone: str, now: datetime | None = None) -> str | None:
    """"just now", "3 min ago", "2 h ago", "yesterday", "12 Nov", "12 Nov 2025";
    None for a time still to come (those read better in full)."""
    now = now or clock.now()
    seconds = (now - moment).total_seconds()
    if seconds < -60:
        return None
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{int(seconds // 60)} min ago"
    local, today = _local(moment, zone), _local(now, zone).date()
    if local.date() == today or seconds < 6 * 3600:
        return f"{int(seconds // 3600)} h ago"
    if local.date() == today - timedelta(days=1):
        return "yesterday"
    return f"{local.day} {local:%b}" + ("" if local.year == today.year else f" {local.year}")


def html(moment: datetime | None, zone: str | None = None, now: datetime | None = None) -> Markup:
    """A `<time>` element: the relative label to see, the full time on hover
    and for screen readers, the exact moment for the script."""
    if moment is None:
        return Markup("")
    moment = moment.replace(microsecond=0)
    if _deferring.get():
        return Markup(f"\x00time:{moment.isoformat()}Z\x00")
    zone = zone or viewer_zone()
    whole = full(moment, zone)
    label = relative(moment, zone, now)
    if label is None:
        return Markup('<time datetime="{}">{}</time>').format(clock.isoformat(moment), whole)
    return Markup('<time datetime="{}" title="{}" data-relative>{}<span class="visually-hidden"> ({})</span>'
                  '</time>').format(clock.isoformat(moment), whole, label, whole)


def fill(cached: str, zone: str | None = None) -> str:
    """Put the viewer's times into HTML rendered with `deferred()`."""
    if "\x00time:" not in cached:
        return cached
    zone = zone or viewer_zone()
    now = clock.now()
    minute = now.replace(second=0, microsecond=0)

    def filled(found) -> str:
        moment = _moment(found.group(1))
        # A label reads whole minutes and today's date: any instant of this
        # minute as far past `moment` in whole minutes as `now` reads the same,
        # so fifty slots and many requests share one rendering a minute.
        reads_alike = max(moment + (now - moment) // _MINUTE * _MINUTE, minute)
        return _filled(moment, zone, reads_alike)
    return _SLOT.sub(filled, cached)


_MINUTE = timedelta(minutes=1)


@lru_cache(maxsize=8192)
def _moment(text: str) -> datetime:
    return datetime.fromisoformat(text)


@lru_cache(maxsize=8192)
def _filled(moment: datetime, zone: str, now: datetime) -> str:
    return str(html(moment, zone, now))
