"""Live updates over Socket.IO.

`handlers` answers what clients ask (join a thread, typing); `broadcast`
turns committed domain events into emits. Views, the API and services never
emit by hand.
"""
from __future__ import annotations

import threading

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
        self._watching = False
        self._watch_lock = threading.Lock()
        self._limiter = strategies.MovingWindowRateLimiter(
            storage.storage_from_string(app.config.get("RATELIMIT_STORAGE_URI") or "memory://"))

    def start_crisis_watch(self, app: Flask) -> None:
        """Once per serving process: every few seconds, mark crisis items that
        waited too long and send the on-call alerts owed; beside it, on its own
        loop, deliver notifications held through quiet hours. Started when gunicorn
        starts a worker (gunicorn.conf.py) and by the first live connection;
        never under tests, which run the check themselves (a thread left behind
        by one test's app would act on the next test's items)."""
        if app.testing:
            return
        with self._watch_lock:
            if self._watching:
                return
            self._watching = True
        socketio.start_background_task(_every_check, app, "crisis item check", "check_care")
        socketio.start_background_task(_every_check, app, "held notification delivery", "deliver_held")

    def start_listening(self) -> None:
        """Hear the message queue from the start, not from the first live
        connection (python-socketio's default): cache forgets from other
        processes must reach a process nobody is connected to yet."""
        server = socketio.server
        if server is not None and not server.manager_initialized:
            server.manager_initialized = True
            server.manager.initialize()

    def allow(self, rule: str, *keys) -> bool:
        """An abuse limit such as "30/minute": count one hit; False when over.
        Off with RATELIMIT_ENABLED, like every other rate limit."""
        if not self.rate_limits_on:
            return True
        return self.throttle(rule, *keys)

    def throttle(self, rule: str, *keys) -> bool:
        """A product behaviour (how often "X is writing" goes out): always on.
        If the shared store is away, let the event through: real-time degrades,
        it doesn't stop."""
        try:
            return self._limiter.hit(parse(rule), "socket", *map(str, keys))
        except Exception:  # the limits library raises its storage's own errors
            current_app.logger.warning("socket rate-limit store unavailable; allowing %s", rule)
            return True


# A quarter of the default on-call delay (120 s): an alert leaves at most this
# late. When nothing waits, a check is a few indexed queries.
CRISIS_CHECK_SECONDS = 15


def _every_check(app: Flask, name: str, check: str) -> None:
    """One of the watch's checks (forum/oncall/watch.py), on its own loop."""
    from forum.oncall import watch

    while True:
        socketio.sleep(CRISIS_CHECK_SECONDS)
        with app.app_context():
            try:
                getattr(watch, check)()
            except Exception:  # keep watching; the next check may succeed
                app.logger.exception("%s failed", name)


def state() -> Realtime:
    return current_app.extensions[EXTENSION_KEY]


def init_app(app: Flask) -> None:
    from forum import caching
    from forum.realtime import broadcast, handlers  # noqa: F401  (handlers register on import)
    from forum.realtime.queue import RedisQueue

    queue = None
    if app.config.get("REDIS_URL"):
        caches = app.extensions[caching.EXTENSION_KEY]
        queue = RedisQueue(app.config["REDIS_URL"], app.config["HEARTH_REALTIME_PREFIX"] + ":socketio", caches)
        caches.send_to_others_with(queue.publish_forget)
    socketio.init_app(
        app,
        async_mode=app.config.get("HEARTH_ASYNC_MODE", "threading"),
        # Always named: Flask-SocketIO keeps options from an earlier init_app
        # (another app in the same process), and None means no queue.
        client_manager=queue,
        # Same origin only: cookies authenticate sockets, so no cross-site use.
        cors_allowed_origins=app.config.get("HEARTH_ALLOWED_ORIGINS") or None,
        logger=False,
        engineio_logger=False,
    )
    app.extensions[EXTENSION_KEY] = Realtime(app)
    events.subscribe(broadcast.on_domain_event)
