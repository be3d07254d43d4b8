"""URLs for long lists, built from a cached pattern instead of the URL map.

A thread page links each of its posts six or seven times, and building every
link through `url_for` cost more than rendering the post. The first request
for an endpoint with a given set of integer values builds its URL once with
placeholder numbers and keeps the result as a pattern; later calls only fill
it in. Integers and plain words need no escaping, so the pattern is exact;
any other value goes through `url_for` as usual.
"""
from __future__ import annotations

import re

from flask import current_app, request, url_for
from werkzeug.routing import BuildError

_PLAIN_WORD = re.compile(r"[A-Za-z0-9_-]{1,64}")

_PLACEHOLDER_BASE = 7_319_468_205_000


def _pattern(endpoint: str, names: tuple[str, ...]) -> str | None:
    placeholders = {name: _PLACEHOLDER_BASE + index for index, name in enumerate(names)}
    try:
        built = url_for(endpoint, **placeholders).replace("{", "{{").replace("}", "}}")
    except (BuildError, ValueError):  # a converter that takes only certain words: no pattern, plain url_for
        return None
    for name, number in placeholders.items():
        if built.count(str(number)) != 1:
            return None
        built = built.replace(str(number), "{" + name + "}")
    return built


def link(endpoint: str, **values) -> str:
    """`url_for(endpoint, **values)`, from a cached pattern when every value is plain.
    Templates' `url_for` is this too: a page header alone links some thirty pages."""
    if not values or endpoint == "static":
        return _fixed(endpoint, values)
    if not all(_is_plain(value) for value in values.values()):
        return url_for(endpoint, **values)
    patterns = current_app.extensions.setdefault("hearth_link_patterns", {})
    key = (endpoint, tuple(sorted(values)), request.script_root)
    if key not in patterns:
        patterns[key] = _pattern(endpoint, key[1])
    pattern = patterns[key]
    return pattern.format(**values) if pattern is not None else url_for(endpoint, **values)


def _fixed(endpoint: str, values: dict) -> str:
    """A URL with no parts that vary (a page's own address, a static file): built once."""
    try:
        key = (endpoint, tuple(sorted(values.items())), request.script_root)
        hash(key)
    except TypeError:
        return url_for(endpoint, **values)
    built = current_app.extensions.setdefault("hearth_fixed_links", {})
    if key not in built:
        built[key] = url_for(endpoint, **values)
    return built[key]


def _is_plain(value) -> bool:
    return type(value) is int or (type(value) is str and _PLAIN_WORD.fullmatch(value) is not None)
