"""What every page shares: security headers, template context, error pages."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, current_app, g, jsonify, render_template, request
from flask_limiter.errors import RateLimitExceeded
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import InterfaceError, OperationalError, SQLAlchemyError
from werkzeug.exceptions import HTTPException
from werkzeug.routing import IntegerConverter

from forum import clock, links, policy, times
from forum.accounts import avatars
from forum.errors import DomainError
from forum.settings import crisis_resources
from forum.settings import service as settings

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])


# Ids are 32-bit integers in the database: a larger number in a URL is simply
# not found (404), rather than an overflow deep in the driver.
MAX_ID = 2**31 - 1


def whole_number(value, most: int = MAX_ID) -> int | None:
    """A count or an id typed into a URL or a form: plain digits (not "²" or
    "٣", which str.isdigit accepts and int() may refuse), at most `most`."""
    if not isinstance(value, str) or not value.isascii() or not value.isdigit() or len(value) > 10:
        return None
    number = int(value)
    return number if number <= most else None


class IdConverter(IntegerConverter):
    def to_python(self, value: str) -> int:
        number = super().to_python(value)
        return number if number <= MAX_ID else 0  # id 0 never exists: a plain 404


def same_site_path(target: str | None, fallback: str) -> str:
    """Where to send someone after a form: only a path on this site, never
    another host ("//evil", "/\\evil" and "https://..." all fall back), since
    an open redirect would help phishing. The one check every view uses."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return fallback
    parts = urlsplit(target)
    return fallback if parts.scheme or parts.netloc else target


def _contains_nul(value, depth: int = 0) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if depth > 20:
        return False
    if isinstance(value, dict):
        return any(_contains_nul(k, depth + 1) or _contains_nul(v, depth + 1) for k, v in value.items())
    if isinstance(value, list):
        return any(_contains_nul(item, depth + 1) for item in value)
    return False


def _refuse_nul_characters():
    """No text anywhere may carry a NUL character: databases refuse it, so it
    is turned away here, once, with a clear 400 instead of a failure later."""
    values = list(request.args.values())
    if request.mimetype in {"application/x-www-form-urlencoded", "multipart/form-data"}:
        values += list(request.form.values())
    try:
        body = request.get_json(silent=True, force=True) if request.method not in {"GET", "HEAD"} else None
    except RecursionError:
        return error_response(400, "invalid_json", "The request body is nested too deeply.")
    if any(_contains_nul(value) for value in values) or _contains_nul(body):
        return error_response(400, "invalid_characters", "The request contains a character that isn't allowed.")


def init_app(app: Flask) -> None:
    app.before_request(_refuse_nul_characters)
    app.after_request(_security_headers)
    app.context_processor(_template_context)
    app.jinja_env.filters["isotime"] = clock.isoformat
    app.jinja_env.filters["datetime"] = _human_time
    app.jinja_env.filters["waited"] = waited
    app.jinja_env.filters["wait_length"] = wait_length
    app.jinja_env.filters["excerpt"] = _excerpt
    app.jinja_env.globals["link"] = links.link
    app.jinja_env.globals["url_for"] = links.link
    app.jinja_env.globals["local_time"] = times.html
    app.jinja_env.globals["viewer_time_zone"] = times.viewer_zone
    app.jinja_env.globals["community_time_zone"] = times.community_zone
    app.jinja_env.globals["avatar_svg"] = avatars.svg
    app.jinja_env.globals["resource_actions"] = crisis_resources.actions
    app.register_error_handler(DomainError, _domain_error)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(RateLimitExceeded, _rate_limited)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(OperationalError, _database_unavailable)
    app.register_error_handler(InterfaceError, _database_unavailable)


def _security_headers(response):
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
    response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    # While the database is away, who is asking can't be looked up: treat as private.
    private = g.get("database_down") or current_user.is_authenticated
    if private and not request.path.startswith("/static/"):
        # Health information: never keep signed-in pages in shared caches.
        response.headers.setdefault("Cache-Control", "private, no-store")
    return response


def _database_unavailable(error):
    """The database is away: say so plainly (503), and recover by itself when
    it returns (the pool reconnects; nothing here holds a broken connection)."""
    from forum.extensions import db

    g.database_down = True
    try:
        db.session.rollback()
    except SQLAlchemyError:
        pass
    current_app.logger.error("database unavailable: %s", type(getattr(error, "orig", error)).__name__)
    return error_response(503, "unavailable", "Hearth can't reach its database right now. Please try again in a "
                          "minute. If you need help now, call or text 988.", headers={"Retry-After": "30"})


def _offline_context() -> dict:
    """What pages need when the database is away: no reads at all."""
    from flask_login import AnonymousUserMixin

    from forum.accounts import preferences

    return {"can": policy.Permissions(AnonymousUserMixin()), "community": settings.defaults_only(),
            "standing_warnings": False, "banners": [], "prefs": preferences.DEFAULTS, "unread_notifications": 0,
            "moderated_now": lambda: True, "moderated_hours_text": lambda: "", "queue_summary": None}


def _template_context() -> dict:
    if g.get("database_down"):
        return _offline_context()
    from forum.accounts import preferences
    from forum.moderation import queue, sanctions
    from forum.notifications import service as notifications
    from forum.staff import announcements

    # Resolve the proxy once: templates ask the policy many times per page.
    viewer = current_user._get_current_object()
    signed_in = viewer.is_authenticated
    return {
        "can": policy.Permissions(viewer),
        "community": settings.current(),
        "standing_warnings": signed_in and sanctions.has_unacknowledged_warnings(viewer),
        "banners": announcements.banners_for(viewer) if signed_in else [],
        "prefs": preferences.of(viewer) if signed_in else preferences.DEFAULTS,
        "unread_notifications": notifications.unread_count(viewer)
        if signed_in and policy.read_community(viewer) else 0,
        "moderated_now": settings.moderated_now,
        "moderated_hours_text": _moderated_hours_text,
        # The menu's counts and the crisis alert, on every moderator page.
        "queue_summary": queue.summary() if policy.is_moderator(viewer) else None,
    }


DAY_NAMES = ["Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays", "Saturdays", "Sundays"]


def _moderated_hours_text() -> str:
    hours = settings.get("moderated_hours")
    days = hours["days"]
    if days == [0, 1, 2, 3, 4]:
        named = "on weekdays"
    elif days == list(range(7)):
        named = "every day"
    else:
        named = "on " + ", ".join(DAY_NAMES[day] for day in days)
    return f"{named} from {hours['start']} to {hours['end']} ({hours['timezone'].replace('_', ' ')})"


def _human_time(moment) -> str:
    if moment is None:
        return ""
    return moment.strftime("%-d %b %Y, %H:%M UTC")


def waited(since) -> str:
    """How long something has waited until now; the page's script keeps it current."""
    return wait_length((clock.now() - since).total_seconds() / 60)


def wait_length(minutes: float) -> str:
    """A wait as a moderator reads it at a glance: "under a minute", "7 min", "2 h 5 min", "3 days"."""
    minutes = max(int(minutes), 0)
    if minutes < 1:
        return "under a minute"
    if minutes < 60:
        return f"{minutes} min"
    if minutes < 48 * 60:
        hours, rest = divmod(minutes, 60)
        return f"{hours} h {rest} min" if rest else f"{hours} h"
    return f"{minutes // (24 * 60)} days"


def _excerpt(markdown_source: str, length: int = 140) -> str:
    from forum.content.markdown import plain_excerpt

    return plain_excerpt(markdown_source or "", length)


def wants_json() -> bool:
    return request.path.startswith("/api/")


def error_response(status: int, code: str, message: str, fields: dict | None = None, headers=None):
    if wants_json():
        body: dict = {"error": {"code": code, "message": message}}
        if fields:
            body["error"]["fields"] = fields
        response = jsonify(body)
    else:
        response = render_template("error.html", status=status, code=code, message=message)
    return response, status, headers or {}


def _domain_error(error: DomainError):
    from flask import redirect, url_for

    if not wants_json() and error.status == 401:
        return redirect(url_for("accounts.sign_in", next=request.full_path.rstrip("?")))
    if not wants_json() and error.code == "pending_approval":
        return redirect(url_for("accounts.waiting"))
    headers = {"Retry-After": str(error.retry_after)} if hasattr(error, "retry_after") else None
    return error_response(error.status, error.code, error.message, error.fields, headers)


def _csrf_error(error: CSRFError):
    return error_response(400, "csrf_failed", "The form expired or came from elsewhere. Reload the page and try again.")


def _rate_limited(error: RateLimitExceeded):
    response, status, _ = error_response(429, "rate_limited", "Too many requests; please wait a moment and try again.")
    return response, status


_HTTP_CODES = {
    400: "bad_request", 401: "unauthenticated", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
    409: "conflict", 413: "too_large", 415: "unsupported_media_type", 422: "invalid", 429: "rate_limited",
}


def _http_error(error: HTTPException):
    status = error.code or 500
    code = _HTTP_CODES.get(status, "error")
    message = {
        404: "There's nothing here.",
        405: "That method isn't allowed here.",
        413: "That request is too large.",
    }.get(status, error.description or error.name)
    headers = {"Allow": ", ".join(error.valid_methods)} if getattr(error, "valid_methods", None) else None
    return error_response(status, code, message, headers=headers)
