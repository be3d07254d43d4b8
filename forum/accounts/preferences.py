"""Per-member choices: reading comfort and what notifies them."""
from __future__ import annotations

from forum import clock, events, policy, times
from forum.accounts import breaks
from forum.errors import InvalidInput, invalid
from forum.notifications.models import KINDS

DEFAULTS = {
    "content_warnings": "collapsed",   # or "shown"
    "hide_presence": False,            # don't show me as reading or typing
    "text_size": "normal",             # normal, large, larger
    "reduced_motion": False,
    "quiet_mode": False,               # hide reaction counts and typing indicators
    "notify": {kind: True for kind in KINDS},
    "email_notifications": False,
    # Moderators and staff: how on-call alerts about urgent crisis items reach
    # them off the site. Their default is "email" when they have an address.
    "crisis_alerts": "off",
    # An IANA zone name; None until chosen (or taken from the browser), and
    # meanwhile times show in the community's zone (forum/times.py).
    "time_zone": None,
    # Reader filters (forum/community/filters.py): posts that match show collapsed.
    "muted_words": [],
    "muted_topics": [],
    # A break from the community until this time (ISO 8601 UTC), and quiet
    # hours {"start": "22:00", "end": "07:00"} on the member's clock; see
    # forum/accounts/breaks.py.
    "break_until": None,
    "quiet_hours": None,
}
CRISIS_ALERTS = ("off", "email", "push", "both")
CHOICES = {"content_warnings": ("collapsed", "shown"), "text_size": ("normal", "large", "larger")}
FLAGS = ("hide_presence", "reduced_motion", "quiet_mode", "email_notifications")


def of(user) -> dict:
    """The member's preferences with defaults filled in."""
    stored = getattr(user, "preferences", None) or {}
    merged = {**DEFAULTS, **{key: value for key, value in stored.items() if key in DEFAULTS}}
    merged["notify"] = {**DEFAULTS["notify"], **(stored.get("notify") or {})}
    merged["crisis_alerts"] = _crisis_alerts(user, stored)
    merged["break_until"] = clock.isoformat(breaks.break_until(user))  # a break that ended is no break
    return merged


def _crisis_alerts(user, stored: dict) -> str:
    """The member's choice while they may receive alerts; "off" otherwise (a
    demoted moderator's choice waits, unused, in case they return)."""
    if not policy.receive_crisis_alerts(user):
        return "off"
    return stored.get("crisis_alerts") or ("email" if user.email else "off")


def _crisis_alerts_problem(user, value) -> str | None:
    if value not in CRISIS_ALERTS:
        return "Choose off, email, push or both."
    if value == "off":
        return None  # anyone may say "off", so a client can send back what it read
    verdict = policy.receive_crisis_alerts(user)
    if not verdict:
        return verdict.message
    if value in {"email", "both"} and not user.email:
        return "Your account has no email address: choose push, or ask staff to add an address."
    return None


def update(user, changes: dict) -> dict:
    fields = {}
    current = of(user)
    for key, value in changes.items():
        if key in CHOICES:
            if value not in CHOICES[key]:
                fields[key] = f"Choose {' or '.join(CHOICES[key])}."
            current[key] = value
        elif key in FLAGS:
            if not isinstance(value, bool):
                fields[key] = "Use true or false."
            current[key] = value
        elif key == "crisis_alerts":
            problem = _crisis_alerts_problem(user, value)
            if problem:
                fields[key] = problem
        elif key == "time_zone":
            if value is not None and not times.is_zone(value):
                fields[key] = "Choose a time zone from the list, such as America/New_York."
            current[key] = value
        elif key in ("muted_words", "muted_topics"):
            from forum.community import filters

            check = filters.check_muted_words if key == "muted_words" else filters.check_muted_topics
            try:
                current[key] = check(value)
            except InvalidInput as error:
                fields.update(error.fields)
        elif key == "break_until":
            current[key], problem = breaks.parse_until(value)
            if problem:
                fields[key] = problem
        elif key == "quiet_hours":
            problem = breaks.quiet_hours_problem(value)
            if problem:
                fields[key] = problem
            current[key] = value
        elif key == "notify":
            if not isinstance(value, dict) or not all(k in KINDS and isinstance(v, bool) for k, v in value.items()):
                fields[key] = "Give true or false for kinds: " + ", ".join(KINDS) + "."
            else:
                current["notify"] = {**current["notify"], **value}
        else:
            fields[key] = "Not a preference."
    if fields:
        raise invalid(fields)
    user.preferences = _to_store(user, current, changes)
    events.commit()
    return of(user)


def _to_store(user, current: dict, changes: dict) -> dict:
    """Everything but the alert default is stored as it stands; the alert
    choice only once it was made, so a moderator who never chose follows the
    default (email once they have an address, and after a promotion)."""
    stored = {key: value for key, value in current.items() if key != "crisis_alerts"}
    previous = (getattr(user, "preferences", None) or {}).get("crisis_alerts")
    chosen = changes.get("crisis_alerts") if policy.receive_crisis_alerts(user) else None
    if chosen or previous:
        stored["crisis_alerts"] = chosen or previous
    return stored
