"""Every rate limit, named once, and the decorator that applies one to a route.

A limit counts an action, not a route: the HTML form and its twin in the JSON
API are decorated with the same named limit and share one count (the name is
the Flask-Limiter scope), so switching between the page and the API never
doubles it. Limits count writes only; a form page's GET is free.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from flask_limiter.util import get_remote_address
from flask_login import current_user

from forum import clock
from forum.extensions import limiter

NEW_MEMBER_DAYS = 7
WRITES = ["POST", "PUT", "PATCH", "DELETE"]


def member_or_address() -> str:
    """Count a signed-in member's requests against them, wherever they come from."""
    if current_user.is_authenticated:
        return f"member:{current_user.id}"
    return get_remote_address()


def account_signing_in() -> str:
    """The account a sign-in attempt (or a reset request) names, so guessing
    one member's password, or flooding their inbox, from many addresses is
    limited too."""
    from flask import request

    from forum.accounts.services import username_key

    named = request.form.get("username") if request.form else None
    if named is None:
        body = request.get_json(silent=True)
        named = body.get("username") if isinstance(body, dict) else None
    return "account:" + (username_key(named) if isinstance(named, str) else "?")


def posting() -> str:
    """New members post less often until they've been around a week."""
    user = current_user
    if not user.is_authenticated:
        return "10 per hour"
    new = user.approved_at is None or clock.now() - user.approved_at < timedelta(days=NEW_MEMBER_DAYS)
    return "10 per hour;3 per minute" if new else "60 per hour;10 per minute"


@dataclass(frozen=True)
class Limit:
    """A rule ("10 per hour", or a callable giving one for who is asking) and
    whose requests it counts; `name` is the count the routes share."""

    name: str
    rule: str | Callable[[], str]
    key: Callable[[], str] = get_remote_address


# Before signing in: counted per address, and sign-in attempts per account too.
APPLYING = Limit("applying", "10 per hour")
SIGNING_IN = Limit("signing_in", "10 per minute;50 per hour")
SIGNING_IN_PER_ACCOUNT = Limit("signing_in_per_account", "20 per hour", account_signing_in)
# Asking for a reset link: per address, and per account named so nobody's inbox is flooded.
REQUESTING_PASSWORD_RESET = Limit("requesting_password_reset", "5 per hour;20 per day")
REQUESTING_PASSWORD_RESET_PER_ACCOUNT = Limit("requesting_password_reset_per_account", "3 per hour",
                                              account_signing_in)
# Choosing a new password with a link (hashing is deliberately slow work).
RESETTING_PASSWORD = Limit("resetting_password", "10 per hour")
# A member's actions: counted per member.
POSTING = Limit("posting", posting, member_or_address)
REACTING = Limit("reacting", "120 per hour", member_or_address)
FLAGGING = Limit("flagging", "20 per hour", member_or_address)
# Drafts save themselves a second or two after typing stops: generous, only against a flood.
DRAFTING = Limit("drafting", "60 per minute;1200 per hour", member_or_address)
CHECKING_CRISIS_LANGUAGE = Limit("checking_crisis_language", "120 per minute", member_or_address)
# Generous: someone reaching out should never be turned away; these only stop a flood.
STARTING_CONVERSATIONS = Limit("starting_conversations", "10 per hour", member_or_address)
WRITING_CARE_MESSAGES = Limit("writing_care_messages", "120 per hour;20 per minute", member_or_address)
# These check the member's password again.
CHANGING_PASSWORD = Limit("changing_password", "10 per hour", member_or_address)
DELETING_ACCOUNT = Limit("deleting_account", "10 per hour", member_or_address)


def limited(limit: Limit):
    """Decorate every route, page and API, that does what `limit` counts."""
    return limiter.shared_limit(limit.rule, scope=limit.name, key_func=limit.key, methods=WRITES)
