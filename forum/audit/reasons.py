"""The reason every moderator and staff action carries, checked in one place."""
from __future__ import annotations

from forum.errors import invalid

REASON_MAX = 1000
TOLD_TO_AUTHOR = "Give a reason; the author is told which rule and why."
TOLD_TO_MEMBER = "Give a reason; the member is told which rule and why."
KEPT_IN_LOG = "Give a reason; it is kept in the moderation log."


def reason(value, required: str | None = TOLD_TO_AUTHOR) -> str:
    """The cleaned reason; `required=None` allows it to be empty."""
    value = value.strip() if isinstance(value, str) else ""
    if not value and required:
        raise invalid({"reason": required})
    if len(value) > REASON_MAX:
        raise invalid({"reason": f"Keep the reason under {REASON_MAX} characters."})
    return value
