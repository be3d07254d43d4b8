"""Configuration read from the environment, failing safe.

Every setting has an environment variable of the same name. Values that must
stay secret are never constants in code: when SECRET_KEY is unset, a random
key is generated once and kept in the instance folder.
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path


# Socket.IO's async modes Hearth is run and measured with (bench/realtime.py --worker).
ASYNC_MODES = frozenset({"threading", "gevent"})


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def load_or_create_secret_key(instance_path: str) -> str:
    """Return the instance's secret key, creating it on first start."""
    path = Path(instance_path) / "secret_key"
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    # Create with owner-only permissions before writing the secret into it.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


def from_environment(instance_path: str) -> dict:
    """Build the app's configuration mapping from environment variables."""
    default_db = "sqlite:///" + str(Path(instance_path) / "hearth.sqlite3")
    redis_url = os.environ.get("REDIS_URL") or None
    https = _bool("HEARTH_HTTPS", False)
    return {
        "SECRET_KEY": os.environ.get("SECRET_KEY") or None,
        "SQLALCHEMY_DATABASE_URI": os.environ.get("DATABASE_URL") or default_db,
        # Check a pooled connection before use, so the app recovers by itself
        # after the database restarts.
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "REDIS_URL": redis_url,
        "RATELIMIT_ENABLED": _bool("RATELIMIT_ENABLED", True),
        "RATELIMIT_STORAGE_URI": redis_url or "memory://",
        "RATELIMIT_HEADERS_ENABLED": True,
        # If Redis goes away, count in memory for a while rather than fail requests.
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "RATELIMIT_SWALLOW_ERRORS": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": https,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": https,
        "PREFERRED_URL_SCHEME": "https" if https else "http",
        # Requests above this size are refused with 413 before any parsing.
        "MAX_CONTENT_LENGTH": _int("HEARTH_MAX_REQUEST_BYTES", 256 * 1024),
        "WTF_CSRF_TIME_LIMIT": None,
        "HEARTH_ENV": os.environ.get("HEARTH_ENV", "development"),
        "HEARTH_LOG_FORMAT": os.environ.get("HEARTH_LOG_FORMAT", "json"),
        # Namespaces Redis keys and the Socket.IO channel, so several
        # communities can share one Redis.
        "HEARTH_REALTIME_PREFIX": os.environ.get("HEARTH_REALTIME_PREFIX", "hearth"),
        # How Socket.IO waits: "threading" (gunicorn's gthread worker, a thread
        # per open connection) or "gevent" (`gunicorn -k gevent`, a greenlet each;
        # needs the `gevent` extra). It must match the gunicorn worker class.
        "HEARTH_ASYNC_MODE": os.environ.get("HEARTH_ASYNC_MODE", "threading"),
        # Socket.IO accepts the page's own origin; list others (behind a proxy) here.
        "HEARTH_ALLOWED_ORIGINS": [origin.strip() for origin in os.environ.get("HEARTH_ALLOWED_ORIGINS", "").split(",")
                                   if origin.strip()],
        # Community defaults; staff settings stored in the database win over these.
        "HEARTH_COMMUNITY_NAME": os.environ.get("HEARTH_COMMUNITY_NAME", "Hearth"),
        "HEARTH_MEMBERSHIP_MODE": os.environ.get("HEARTH_MEMBERSHIP_MODE", "approval"),
        "HEARTH_CLINIC_PHONE": os.environ.get("HEARTH_CLINIC_PHONE", ""),
        "HEARTH_TIMEZONE": os.environ.get("HEARTH_TIMEZONE", "America/New_York"),
        # Email notifications: off unless an SMTP host is set.
        "HEARTH_BASE_URL": os.environ.get("HEARTH_BASE_URL", "http://127.0.0.1:5000"),
        "HEARTH_SMTP_HOST": os.environ.get("HEARTH_SMTP_HOST", ""),
        "HEARTH_SMTP_PORT": _int("HEARTH_SMTP_PORT", 587),
        "HEARTH_SMTP_FROM": os.environ.get("HEARTH_SMTP_FROM", "hearth@localhost"),
        "HEARTH_SMTP_USER": os.environ.get("HEARTH_SMTP_USER", ""),
        "HEARTH_SMTP_PASSWORD": os.environ.get("HEARTH_SMTP_PASSWORD", ""),
        "HEARTH_SMTP_STARTTLS": _bool("HEARTH_SMTP_STARTTLS", False),
        # On-call alerts: how long an urgent crisis item may wait unclaimed, with
        # no moderator online, before opted-in moderators are emailed or pushed.
        "HEARTH_ONCALL_AFTER_SECONDS": _int("HEARTH_ONCALL_AFTER_SECONDS", 120),
        # Web Push: unset, a key pair is generated once into the instance folder.
        "HEARTH_VAPID_PRIVATE_KEY": os.environ.get("HEARTH_VAPID_PRIVATE_KEY", ""),
        "HEARTH_VAPID_SUBJECT": os.environ.get("HEARTH_VAPID_SUBJECT", ""),
        # Push services are HTTPS; plain HTTP endpoints are for a local stand-in in tests.
        "HEARTH_PUSH_ALLOW_HTTP": _bool("HEARTH_PUSH_ALLOW_HTTP", False),
        "HEARTH_POSTS_PER_PAGE": _int("HEARTH_POSTS_PER_PAGE", 20),
        "HEARTH_THREADS_PER_PAGE": _int("HEARTH_THREADS_PER_PAGE", 30),
    }


def finalise(config: dict, instance_path: str) -> None:
    """Fill what was left unset and refuse unsafe production settings."""
    if not config.get("SECRET_KEY"):
        if config.get("HEARTH_ENV") == "production":
            raise RuntimeError("SECRET_KEY must be set when HEARTH_ENV=production.")
        config["SECRET_KEY"] = load_or_create_secret_key(instance_path)
    if config.get("HEARTH_MEMBERSHIP_MODE") not in {"approval", "open"}:
        raise RuntimeError("HEARTH_MEMBERSHIP_MODE must be 'approval' or 'open'.")
    if config.get("HEARTH_ASYNC_MODE", "threading") not in ASYNC_MODES:
        raise RuntimeError(f"HEARTH_ASYNC_MODE must be one of {', '.join(sorted(ASYNC_MODES))}.")
    if config.get("HEARTH_ONCALL_AFTER_SECONDS", 0) < 0:
        raise RuntimeError("HEARTH_ONCALL_AFTER_SECONDS must be 0 (at once) or more.")
    _finalise_web_push(config, instance_path)


def _finalise_web_push(config: dict, instance_path: str) -> None:
    """The VAPID key as PEM, from the environment or the instance folder, and
    the contact push services may use (VAPID's `sub`: a mailto: or https: URL)."""
    from forum.oncall import vapid

    configured = config.get("HEARTH_VAPID_PRIVATE_KEY")
    config["HEARTH_VAPID_PRIVATE_KEY"] = (vapid.private_key_pem(configured) if configured
                                          else vapid.load_or_create(instance_path))
    if not config.get("HEARTH_VAPID_SUBJECT"):
        config["HEARTH_VAPID_SUBJECT"] = "mailto:" + config.get("HEARTH_SMTP_FROM", "hearth@localhost")
