"""Messages where the member acted.

After a form the member lands back where they acted (a post, the reply box,
a form) and what happened is said right there, focused and announced, rather
than at the top of a page they had scrolled away from. A view calls
`back_to(url, text)`: the message is flashed with the place it belongs to
(the URL's fragment, such as `post-12` or `reply`) and the browser is sent to
that place. A page renders `messages_at(place)` where the place is
(templates/_messages.html); base.html shows whatever no page placed at the
top of the page, as plain flashes always were.
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import Flask, flash, g, get_flashed_messages, redirect


@dataclass(frozen=True)
class Message:
    text: str
    kind: str = "success"  # success, info or error
    # The id of the element the message belongs next to; None: the top of the page.
    target: str | None = None
    # One button the message may offer (e.g. "Undo"), posted to `action_url`,
    # until `action_until` (ISO 8601; the page's script then takes it away).
    action_url: str | None = None
    action_label: str | None = None
    action_until: str | None = None

    @property
    def role(self) -> str:
        return "alert" if self.kind == "error" else "status"


def tell(text: str, kind: str = "success", at: str | None = None, action: dict | None = None) -> None:
    """Flash a message for the next page, placed next to the element `at`."""
    action = action or {}
    flash({"text": text, "target": at, "action_url": action.get("url"), "action_label": action.get("label"),
           "action_until": action.get("until")}, kind)


def back_to(url: str, text: str, kind: str = "success", at: str | None = None, action: dict | None = None):
    """Redirect to `url` and say `text` at the place it points to (its
    fragment, or `at`, which is then added as the fragment)."""
    fragment = urlsplit(url).fragment
    if at is None:
        at = fragment or None
    elif not fragment:
        url = f"{url}#{at}"
    tell(text, kind, at, action)
    return redirect(url)


def _all() -> list[Message]:
    if "placed_messages" not in g:
        messages = []
        for kind, message in get_flashed_messages(with_categories=True):
            if isinstance(message, dict):
                messages.append(Message(kind=kind, **{key: message.get(key) for key in (
                    "text", "target", "action_url", "action_label", "action_until")}))
            else:
                messages.append(Message(str(message), kind))
        g.placed_messages = messages
        g.shown_messages = set()
    return g.placed_messages


def messages_at(target: str) -> list[Message]:
    """The messages that belong next to `target`; each is shown once."""
    found = [(index, message) for index, message in enumerate(_all())
             if message.target == target and index not in g.shown_messages]
    g.shown_messages.update(index for index, _ in found)
    return [message for _, message in found]


def messages_waiting() -> bool:
    """Whether any message is still to be placed: a page of fifty posts asks
    once instead of looking for each post's."""
    return len(g.get("shown_messages", ())) < len(_all())


def messages_left() -> list[Message]:
    """What no part of the page placed: shown at the top."""
    left = [message for index, message in enumerate(_all()) if index not in g.shown_messages]
    g.shown_messages.update(range(len(g.placed_messages)))
    return left


def init_app(app: Flask) -> None:
    app.jinja_env.globals["messages_at"] = messages_at
    app.jinja_env.globals["messages_left"] = messages_left
    app.jinja_env.globals["messages_waiting"] = messages_waiting
