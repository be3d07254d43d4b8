"""The JSON API, v1: a thin adapter over the same services the pages use."""
from __future__ import annotations

from flask import Blueprint, current_app, request
from flask_login import current_user

from forum.accounts.auth import authenticated_by_token
from forum.extensions import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@bp.before_request
def check_csrf_for_cookie_sessions():
    """A token proves intent by itself; a cookie session needs the CSRF header."""
    if request.method in SAFE_METHODS or not current_app.config.get("WTF_CSRF_ENABLED", True):
        return
    # Loading current_user first is what tells us how the caller authenticated.
    if current_user.is_authenticated and not authenticated_by_token():
        csrf.protect()


# Routes register on import.
from forum.api import (  # noqa: E402,F401
    alert_devices, care, community, drafts, me, moderation, openapi, search, staff, users,
)
