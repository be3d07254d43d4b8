"""The welcome a newly approved member finds at the top of the home page:
staff's words and where to start. It stays until they close it; members who
were here before it existed never see it (migration 0019)."""
from __future__ import annotations

from forum import clock, events, policy
from forum.content import markdown
from forum.settings import service as settings


def due(user) -> bool:
    """Whether this member hasn't closed their welcome yet."""
    return bool(policy.read_community(user)) and user.welcome_dismissed_at is None


def message_html() -> str:
    """Staff's welcome, rendered and sanitized as the rules are."""
    return markdown.render(settings.get("welcome_message"), first_heading=3)


def dismiss(user) -> None:
    """Closed for good, on every device."""
    policy.require(policy.read_community(user))
    if user.welcome_dismissed_at is None:
        user.welcome_dismissed_at = clock.now()
        events.commit()
