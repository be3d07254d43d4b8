"""Reader filters: a member mutes words and topics, and matching posts show
collapsed for them ("Hidden by your filter: overdose and medication") with a
way to show them anyway.

Content warnings depend on writers remembering them; filters let each reader
shape what they meet on a bad day. The rule lives here, once, and every
surface asks it: thread pages and live updates (through `PostView.filtered`),
the API, search results and notification excerpts.

A post's topics are recognised once, when it is written or edited, and kept
on the post (`Post.topics`): from its content warning and text, matched with
the watched words' folding (forum/safety/watched_words.py), and from the
crisis detector's reading, which means suicide or self-harm. Posts written
before topics were kept are read by their words alone, never written on a read.
A member's muted words are matched against each post as it is shown.
"""
from __future__ import annotations

from functools import lru_cache

from forum.errors import InvalidInput
from forum.safety import watched_words
from forum.settings import service as settings

MUTED_WORDS_MOST, MUTED_WORD_MAX = 50, 60
MUTED_WORD = "a word you muted"
# What the crisis detector's reading means, when no words named it more exactly.
CRISIS_TOPICS = ("suicide", "self-harm")


class WarningOffered(Exception):
    """A post that touches a filter topic, written without a content warning:
    the writer is offered one once before it is posted (pages without
    JavaScript; the composer's check offers it while they write)."""

    def __init__(self, suggestion: str):
        super().__init__(suggestion)
        self.suggestion = suggestion


def topics() -> list[dict]:
    """The topics staff keep in the community settings: key, label, words."""
    return settings.get("filter_topics")


def _definitions() -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((topic["key"], tuple(topic["words"])) for topic in topics())


@lru_cache(maxsize=256)
def _readings(text: str) -> frozenset[str]:
    return watched_words.readings(text)


@lru_cache(maxsize=1024)
def _by_words(text: str, definitions: tuple[tuple[str, tuple[str, ...]], ...]) -> tuple[str, ...]:
    readings = _readings(text)
    return tuple(key for key, words in definitions if any(watched_words.found_in(word, readings) for word in words))


def recognise(body: str, warning: str = "", verdict=None) -> list[str]:
    """The topic keys a text touches: by the topics' words in its content
    warning and text, and by the crisis detector's verdict."""
    found = list(_by_words(f"{warning}\n{body}", _definitions()))
    known = {topic["key"] for topic in topics()}
    if verdict is not None and verdict.crisis and not set(found) & set(CRISIS_TOPICS):
        found += [key for key in CRISIS_TOPICS if key in known]
    return found


def _warning_of(post) -> str:
    """What stands above a post's text: an opening post's title and content
    warning are its thread's."""
    if post.position == 1 and post.thread is not None:
        return f"{post.content_warning or post.thread.content_warning}\n{post.thread.title}"
    return post.content_warning or ""


def remember(post, verdict) -> None:
    """Keep the post's topics, as it was just written or edited."""
    post.topics = recognise(post.body, _warning_of(post), verdict)


def topics_of(post) -> list[str]:
    if post.topics is not None:
        return list(post.topics)
    return recognise(post.body, _warning_of(post))


def _labels() -> dict[str, str]:
    return {topic["key"]: topic["label"] for topic in topics()}


def reason_for(reader, post) -> str | None:
    """Why this post shows collapsed for this reader ("overdose and
    medication", "a word you muted"), or None. A member's own posts are never
    hidden from them, and the reason never repeats the muted words."""
    if reader is None or not getattr(reader, "is_authenticated", False) or post.author_id == reader.id:
        return None
    stored = getattr(reader, "preferences", None) or {}
    muted_topics, muted_words = stored.get("muted_topics") or [], stored.get("muted_words") or []
    if not muted_topics and not muted_words:
        return None
    if muted_topics:
        labels = _labels()
        hit = [labels[key] for key in topics_of(post) if key in muted_topics and key in labels]
        if hit:
            return ", ".join(hit)
    if muted_words:
        readings = _readings(f"{_warning_of(post)}\n{post.body}")
        if any(watched_words.found_in(word, readings) for word in muted_words):
            return MUTED_WORD
    return None


def suggestion(body: str, warning: str, verdict) -> str | None:
    """A content warning to offer the writer ("self-harm"), or None: only for
    a post without one, and never to someone writing in crisis, who is shown
    help instead (their post is still recognised for readers' filters)."""
    if (warning or "").strip() or (verdict is not None and verdict.crisis):
        return None
    labels = _labels()
    found = [labels[key] for key in recognise(body) if key in labels]
    return ", ".join(found)[:120] or None


def offer_warning(body: str, warning: str, verdict) -> None:
    """Raise WarningOffered when the writer should be offered a content warning."""
    suggested = suggestion(body, warning, verdict)
    if suggested:
        raise WarningOffered(suggested)


# --- a member's choices (forum/accounts/preferences.py asks these) -----------------

def check_muted_words(value) -> list[str]:
    """Muted words and phrases: watched-word patterns, trimmed, once each."""
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise InvalidInput("Give a list of words and phrases.", code="validation_failed",
                           fields={"muted_words": "Give a list of words and phrases."})
    words = list(dict.fromkeys(" ".join(item.split()) for item in value if item.strip()))
    problem = None
    if len(words) > MUTED_WORDS_MOST:
        problem = f"Mute at most {MUTED_WORDS_MOST} words and phrases."
    elif any(len(word) > MUTED_WORD_MAX for word in words):
        problem = f"Keep each muted word or phrase under {MUTED_WORD_MAX} characters."
    else:
        for word in words:
            try:
                watched_words.check_pattern(word)
            except InvalidInput:
                problem = f"“{word}” needs at least one letter or number."
                break
    if problem:
        raise InvalidInput(problem, code="validation_failed", fields={"muted_words": problem})
    return words


def check_muted_topics(value) -> list[str]:
    known = [topic["key"] for topic in topics()]
    if not isinstance(value, list) or not all(isinstance(item, str) and item in known for item in value):
        problem = "Choose topics from: " + ", ".join(known) + "."
        raise InvalidInput(problem, code="validation_failed", fields={"muted_topics": problem})
    return [key for key in known if key in value]

