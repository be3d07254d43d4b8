"""The app's routes as the access tests walk them, and the one way a URL rule or
a path template becomes a concrete path."""
from __future__ import annotations

import re
from collections.abc import Mapping

READ_ONLY = frozenset({"GET", "HEAD", "OPTIONS"})
# Rule arguments whose key in the world isn't simply their name without "_id".
ARGUMENT_KEYS = {"user_id": "author", "username": "author_name", "slug": "category", "key": "chart"}
RULE_ARGUMENT = re.compile(r"<(?:any\(([^)]*)\):|\w+:)?(\w+)>")


def fill(pattern: str, ids: Mapping) -> str:
    """A concrete path from a URL rule ("/t/<int:thread_id>/reply") or a template
    ("/t/{thread}/reply"), with the world's ids; an any(...) argument takes its
    first choice. Bodies' text is filled in the same way ("{kind}_applies")."""

    def argument(match: re.Match) -> str:
        choices, name = match.groups()
        if choices:
            return choices.split(",")[0].strip()
        return str(ids[ARGUMENT_KEYS.get(name, name.removesuffix("_id"))])

    return RULE_ARGUMENT.sub(argument, pattern).format_map(ids)


def get_rules(app) -> list:
    """Every rule that answers GET, static files aside."""
    return [rule for rule in app.url_map.iter_rules()
            if "GET" in rule.methods and not rule.rule.startswith("/static")]


def write_rules(app) -> list[tuple]:
    """(rule, method) for each state-changing method of every rule."""
    return [(rule, method) for rule in app.url_map.iter_rules() for method in sorted(rule.methods - READ_ONLY)]


def page_write_rules(app) -> list:
    """The rules outside the API that change state: forms, which carry a CSRF token."""
    return [rule for rule in app.url_map.iter_rules()
            if rule.methods - READ_ONLY and not rule.rule.startswith("/api/")]
