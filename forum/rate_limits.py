"""Rate limits that depend on who is asking (Flask-Limiter callables)."""
from __future__ import annotations

from datetime import timedelta

from flask_limiter.util import get_remote_address
from flask_login import current_user

from forum import clock

NEW_MEMBER_DAYS = 7


def member_or_address() -> str:
    """Count a signed-in member's requests against them, wherever they come from."""
    if current_user.is_authenticated:
        return f"member:{current_user.id}"
    return get_remote_address()


def account_signing_in() -> str:
    """The account a sign-in attempt names, so guessing one member's password
    from many addresses is limited too."""
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
