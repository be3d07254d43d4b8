"""Live updates over Socket.IO.

`handlers` answers what clients ask (join a thread, typing); `broadcast`
turns committed domain events into emits. Views, the API and services never
emit by hand.
"""
from __future__ import annotations

from flask import Flask, current_app
from limits import parse, storage, strategies

from forum import events
from forum.extensions import socketio
from forum.realtime.registry import create_registry

EXTENSION_KEY = "hearth.realtime"


class Realtime:
    """Per-app state: the connection registry and the socket-event rate limiter."""

    def __init__(self, app: Flask):
        redis_url = app.config.get("REDIS_URL")
        self.registry = create_registry(redis_url, app.config["HEARTH_REALTIME_PREFIX"] + ":realtime")
        self.rate_limits_on = app.config.get("RATELIMIT_ENABLED", True)
        self._limiter = strategies.MovingWindowRateLimiter(
            storage.storage_from_string(app.config.get("RATELIMIT_STORAGE_URI") or "memory://"))

    def allow(self, rule: str, *keys) -> bool:
        """An abuse limit such as "30/minute": count one hit; False when over.
        Off with RATELIMIT_ENABLED, like every other rate limit."""
        if not self.rate_limits_on:
            return True
        return self.throttle(rule, *keys)

    def throttle(self, rule: str, *keys) -> bool:
        """A product behaviour (how often "X is writing" goes out): always on."""
        return self._limiter.hit(parse(rule), "socket", *map(str, keys))


def state() -> Realtime:
    return current_app.extensions[EXTENSION_KEY]


def init_app(app: Flask) -> None:
    from forum.realtime import broadcast, handlers  # noqa: F401  (handlers register on import)

    socketio.init_app(
        app,
        async_mode="threading",
        message_queue=app.config.get("REDIS_URL"),
        channel=app.config["HEARTH_REALTIME_PREFIX"] + ":socketio",
        # Same origin only: cookies authenticate sockets, so no cross-site use.
        cors_allowed_origins=app.config.get("HEARTH_ALLOWED_ORIGINS") or None,
        logger=False,
        engineio_logger=False,
    )
    app.extensions[EXTENSION_KEY] = Realtime(app)
    events.subscribe(broadcast.on_domain_event)
