"""How a request proves who it is: session cookie or personal API token."""
from __future__ import annotations

from flask import Flask, g, request
from flask_login import user_logged_out

from forum import clock
from forum.accounts import services
from forum.extensions import db, login_manager

# Writing "last used" on every API call would turn reads into writes.
TOKEN_TOUCH_INTERVAL_SECONDS = 300


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "accounts.sign_in"
    login_manager.login_message = "Please sign in to continue."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    login_manager.user_loader(_user_from_session)
    login_manager.request_loader(_user_from_bearer_token)
    user_logged_out.connect(_signed_out, app)
    app.after_request(_clear_kept_pages)


def _signed_out(app, user=None) -> None:
    g.signed_out = True


def _clear_kept_pages(response):
    """However a sign-in ends here (signing out, a new password, deleting the
    account), the browser drops the pages it kept to revalidate
    (forum/conditional.py): on a shared computer none outlives the session."""
    if g.get("signed_out"):
        response.headers["Clear-Site-Data"] = '"cache"'
    return response


def _user_from_session(session_id: str):
    # A request that names a bearer token is judged by that token alone (here
    # too: Flask-Login asks this loader for the remember-me cookie, and then
    # never asks the request loader).
    if bearer_token() is not None:
        return _user_from_bearer_token(request)
    return services.load_session_user(session_id)


def bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()


def _user_from_bearer_token(_request):
    raw = bearer_token()
    if raw is None:
        return None
    found = services.user_for_token(raw)
    if found is None:
        return None
    user, token = found
    if not user.is_active:
        return None
    g.api_token = token
    now = clock.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > TOKEN_TOUCH_INTERVAL_SECONDS:
        token.last_used_at = now
        db.session.commit()
    return user


def authenticated_by_token() -> bool:
    return "api_token" in g
