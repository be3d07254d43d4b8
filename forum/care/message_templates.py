"""Where a moderator's message to a member can start: templates staff keep as
a community setting (validated with the other settings), offered on every
queue item."""
from __future__ import annotations

from forum import policy
from forum.web import whole_number
from forum.settings import service as settings

KEY = "care_message_templates"


def for_moderators(actor) -> list[dict]:
    policy.require(policy.moderate(actor))
    return settings.get(KEY)


def words(actor, choice) -> str | None:
    """The words of the template chosen by its position (as a form sends it), if any."""
    templates = for_moderators(actor)
    index = whole_number(choice)
    if index is not None and index < len(templates):
        return templates[index]["body"]
    return None


def change(actor, templates: list[dict], reason: str = "") -> list[dict]:
    """Staff replace the templates; checked, effective at once and logged like any setting."""
    return settings.change(actor, {KEY: templates}, reason)[KEY]
