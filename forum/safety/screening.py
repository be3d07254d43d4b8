"""What happens to a post because of what it says: blocked, held, flagged,
or answered with crisis resources. The one place posting asks."""
from __future__ import annotations

from dataclasses import dataclass, field

from forum import policy
from forum.errors import InvalidInput
from forum.safety import crisis, watched_words
from forum.settings import crisis_resources
from forum.settings import service as settings

CRISIS_MESSAGE = (
    "It sounds like you're going through something really hard. Your post is up, and a moderator will check in. "
    "If you might act on thoughts of suicide or self-harm, please reach out to one of these now: "
    "they are free, confidential and there for exactly this."
)


@dataclass
class Screening:
    hold: bool = False
    # Held because the member's posts wait for review after out-of-hours reports.
    under_review: bool = False
    # Held because it is a reply in a memorial thread (forum/memorials/service.py).
    memorial: bool = False
    # Held because it is posted anonymously and staff review anonymous posts first.
    anonymous: bool = False
    verdict: crisis.Verdict = crisis.NOT_CRISIS
    watched: list[watched_words.Match] = field(default_factory=list)

    @property
    def crisis(self) -> bool:
        return self.verdict.crisis

    @property
    def flagged(self) -> list[watched_words.Match]:
        return [match for match in self.watched if match.action == "flag"]

    @property
    def held_by(self) -> list[watched_words.Match]:
        return [match for match in self.watched if match.action == "hold"]


def crisis_notice(tier: str) -> dict:
    return {"kind": "crisis_resources", "tier": tier, "message": CRISIS_MESSAGE,
            "resources": [crisis_resources.notice_entry(resource) for resource in settings.get("crisis_resources")]}


def detect_crisis(text: str) -> crisis.Verdict:
    """The detector's verdict, with the phrases staff added."""
    return crisis.assess(text, tuple(settings.get("crisis_phrases")))


def queues_crisis(verdict: crisis.Verdict) -> bool:
    """Whether this verdict opens a crisis item: urgent always, concern unless
    staff chose to answer concern with resources alone."""
    return verdict.tier == "urgent" or (verdict.tier == "concern" and settings.get("crisis_concern_to_queue"))


def screen(author, text: str, published_posts: int | None = None, under_review: bool = False,
           memorial: bool = False, anonymous: bool = False) -> Screening:
    """Refuse blocked text (422 blocked_content); say whether to hold it and
    what moderators should see. Moderators and staff are not held or blocked.
    `under_review`: a moderator is to read the member's posts first;
    `memorial`: it is written in a memorial thread, where every reply waits;
    `anonymous`: posted anonymously, held when staff review those first."""
    result = Screening(verdict=detect_crisis(text))
    if policy.is_moderator(author):
        return result
    result.watched = watched_words.matches(text)
    blocked = [match for match in result.watched if match.action == "block"]
    if blocked:
        message = blocked[0].explanation or "This post matches a community rule and can't be published."
        raise InvalidInput(message, code="blocked_content", fields={"body": message})
    review_count = settings.get("new_member_review_count")
    new_member = published_posts is not None and published_posts < review_count
    # Someone in crisis is heard at once, whatever reports said about their other posts.
    result.under_review = under_review and not result.crisis
    result.memorial = memorial
    result.anonymous = anonymous and settings.get("anonymous_posts_held") and not result.crisis
    result.hold = bool(result.held_by) or new_member or result.under_review or memorial or result.anonymous
    return result
