"""Per-member choices: reading comfort and what notifies them."""
from __future__ import annotations

from forum import events
from forum.errors import invalid
from forum.notifications.models import KINDS

DEFAULTS = {
    "content_warnings": "collapsed",   # or "shown"
    "hide_presence": False,            # don't show me as reading or typing
    "text_size": "normal",             # normal, large, larger
    "reduced_motion": False,
    "quiet_mode": False,               # hide reaction counts and typing indicators
    "notify": {kind: True for kind in KINDS},
    "email_notifications": False,
}
CHOICES = {"content_warnings": ("collapsed", "shown"), "text_size": ("normal", "large", "larger")}
FLAGS = ("hide_presence", "reduced_motion", "quiet_mode", "email_notifications")


def of(user) -> dict:
    """The member's preferences with defaults filled in."""
    stored = getattr(user, "preferences", None) or {}
    merged = {**DEFAULTS, **{key: value for key, value in stored.items() if key in DEFAULTS}}
    merged["notify"] = {**DEFAULTS["notify"], **(stored.get("notify") or {})}
    return merged


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
        elif key == "notify":
            if not isinstance(value, dict) or not all(k in KINDS and isinstance(v, bool) for k, v in value.items()):
                fields[key] = "Give true or false for kinds: " + ", ".join(KINDS) + "."
            else:
                current["notify"] = {**current["notify"], **value}
        else:
            fields[key] = "Not a preference."
    if fields:
        raise invalid(fields)
    user.preferences = current
    events.commit()
    return current
