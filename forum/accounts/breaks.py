"""Taking a break, and quiet hours: when the community may reach a member.

A **break** (`break_until`, a preference) pauses the community for a member
on a bad day: while it lasts, community pages show them a gentle page instead
of the feed (a few pages stay open, since a break must never stand between
anyone and help), and nothing pings them. Notifications are still written, so
what happened is waiting on /notifications when they come back, but they are
never pushed live or emailed, then or later: a returning member is not met by
a burst of emails.

**Quiet hours** (`quiet_hours`, `{"start": "22:00", "end": "07:00"}` on the
member's own clock) hold notifications instead: they are on the list for
anyone who looks, and pushed and emailed once the hours end
(forum/notifications/delivery.py, from the periodic watch).

The moderation team writing to a member (a care message) is exempt from both:
it is rare, deliberate, and may be someone reaching out in a crisis, perhaps
at night; it must not wait for a setting chosen on a calmer day. On-call
alerts to moderators are their own opt-in (`crisis_alerts`) and follow neither.
"""
from __future__ import annotations

import re
from datetime import datetime, time

from forum import clock, times
from forum.errors import InvalidInput, invalid
from forum.notifications.models import CARE_MESSAGE

# When a notification may reach its member: now, once quiet hours end, or
# never (a break: it waits on the list without a ping).
NOW, LATER, NEVER = "now", "later", "never"

# Pages a break lets through: the member's own account and help. Everything
# else a signed-in member opens while on a break shows the gentle page.
OPEN_DURING_BREAK = frozenset({
    "accounts.preferences_page", "accounts.safety_plan_page", "accounts.my_data", "accounts.export_data",
    "accounts.sign_out", "accounts.profile", "accounts.change_password", "accounts.tokens", "accounts.standing",
    "accounts.waiting",
    "pages.crisis_help", "pages.rules", "pages.privacy", "pages.healthz",
    "care.talk", "care.conversation", "oncall.service_worker", "oncall.remove_device", "static",
})
# The API stays open (an app may read; live sockets get no notification
# pushes), and so do the break's own pages.
OPEN_BLUEPRINTS = frozenset({"api", "breaks"})

_CLOCK_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def break_until(user) -> datetime | None:
    """When the member's break ends, while it lasts; None when not on a break."""
    stored = (getattr(user, "preferences", None) or {}).get("break_until")
    if not isinstance(stored, str):
        return None
    try:
        until = datetime.fromisoformat(stored.removesuffix("Z"))
    except ValueError:
        return None
    return until if until > clock.now() else None


def on_break(user) -> bool:
    return getattr(user, "is_authenticated", False) and break_until(user) is not None


def lets_through(endpoint: str | None, blueprint: str | None) -> bool:
    """Whether a page stays open during a break (unknown paths: the 404 says so)."""
    return endpoint is None or endpoint in OPEN_DURING_BREAK or blueprint in OPEN_BLUEPRINTS


def in_quiet_hours(user, at: datetime | None = None) -> bool:
    """Whether it is within the member's quiet hours on their own clock
    (their `time_zone`, else the community's); hours may cross midnight."""
    hours = (getattr(user, "preferences", None) or {}).get("quiet_hours")
    if quiet_hours_problem(hours) or hours is None:
        return False
    now = clock.utc_to_local(at or clock.now(), times.zone_of(user)).time()
    start, end = time.fromisoformat(hours["start"]), time.fromisoformat(hours["end"])
    if start < end:
        return start <= now < end
    return now >= start or now < end


def timing(user, kind: str) -> str:
    """When a notification of `kind` may reach `user`: NOW, LATER (quiet hours)
    or NEVER (a break). The one rule notifications, live events and emails follow."""
    if kind == CARE_MESSAGE:
        return NOW
    if on_break(user):
        return NEVER
    if in_quiet_hours(user):
        return LATER
    return NOW


# --- what a member may set ---------------------------------------------------------------

def parse_until(value) -> tuple[str | None, str | None]:
    """A break's end as stored (ISO 8601 UTC with Z, or None for no break),
    and the problem with `value`, if any: unparsable, or not in the future."""
    if value is None:
        return None, None
    if not isinstance(value, str):
        return None, "Use an ISO 8601 time, such as 2026-12-01T09:00:00Z, or null to end the break."
    try:
        moment = clock.parse(value, "break_until")
    except InvalidInput as error:
        return None, error.message
    except OverflowError:  # an offset that takes the time out of range
        return None, "Choose a time in the future for your break to end."
    if moment is None:
        return None, None
    if moment <= clock.now():
        return None, "Choose a time in the future for your break to end."
    return clock.isoformat(moment), None


def quiet_hours_problem(hours) -> str | None:
    """What is wrong with quiet hours as given, if anything (None is "no quiet hours")."""
    if hours is None:
        return None
    if not isinstance(hours, dict) or set(hours) != {"start", "end"}:
        return 'Give a start and an end, such as {"start": "22:00", "end": "07:00"}, or null for none.'
    if not all(hours[key] for key in ("start", "end")):
        return "Choose both a start and an end time, or leave both empty for no quiet hours."
    if not all(isinstance(hours[key], str) and _CLOCK_TIME.match(hours[key]) for key in ("start", "end")):
        return "Use 24-hour times, such as 22:00 and 07:00."
    if hours["start"] == hours["end"]:
        return "Quiet hours need different start and end times."
    return None


def start(user, until: datetime | None) -> None:
    """Start (or move the end of) a break; the preference validates the time."""
    from forum.accounts import preferences  # preferences builds on this module

    if until is None:
        raise invalid({"break_until": "Choose how long your break lasts."})
    preferences.update(user, {"break_until": clock.isoformat(until)})


def end(user) -> None:
    from forum.accounts import preferences

    preferences.update(user, {"break_until": None})
