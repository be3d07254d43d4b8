"""Reading requests and shaping responses for the JSON API."""
from __future__ import annotations

from flask import request
from flask_login import current_user

from forum import policy
from forum.errors import DomainError, NotSignedIn, invalid
from forum.web import whole_number

DEFAULT_LIMIT, MAX_LIMIT = 50, 100


def json_body() -> dict:
    """The request's JSON object; a clear 400 when it is missing or malformed."""
    body = request.get_json(force=True, silent=True)
    if body is None and not request.get_data(cache=True):
        return {}
    if not isinstance(body, dict):
        raise DomainError("The request body must be a JSON object.", code="invalid_json")
    return body


def text_fields(body: dict, required: tuple[str, ...] = (), optional: tuple[str, ...] = ()) -> dict:
    """Pull string fields out of a JSON body, reporting every problem at once."""
    values, problems = {}, {}
    for name in (*required, *optional):
        value = body.get(name)
        if value is None:
            if name in required:
                problems[name] = "This field is required."
            continue
        if not isinstance(value, str):
            problems[name] = "Must be a string."
            continue
        values[name] = value
    if problems:
        raise invalid(problems)
    return values


def _positive_int_arg(name: str) -> int | None:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return None
    number = whole_number(raw)
    if number is None:
        raise invalid({name: "Must be a positive whole number."})
    return number


def paging(cursor: str = "after") -> tuple[int | None, int]:
    """(cursor, limit) from the query string: limit defaults to 50, at most 100."""
    limit = _positive_int_arg("limit")
    if limit is None:
        limit = DEFAULT_LIMIT
    if not 1 <= limit <= MAX_LIMIT:
        raise invalid({"limit": f"Must be between 1 and {MAX_LIMIT}."})
    return _positive_int_arg(cursor), limit


def page(items: list, next_cursor) -> dict:
    return {"items": items, "next": next_cursor}


def member():
    """The signed-in, approved member making this call."""
    policy.require(policy.read_community(current_user))
    return current_user._get_current_object()


def signed_in():
    if not current_user.is_authenticated:
        raise NotSignedIn("Sign in or send a bearer token.")
    return current_user._get_current_object()
