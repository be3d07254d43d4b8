"""The Socket.IO message queue over Redis, which also carries cache forgets
between server processes (forum/caching.py): one channel, one connection."""
from __future__ import annotations

import json
from typing import Hashable

import socketio

from forum.caching import Caches

FORGET = "hearth_cache_forget"


class RedisQueue(socketio.RedisManager):
    def __init__(self, url: str, channel: str, caches: Caches):
        super().__init__(url, channel=channel)
        self.caches = caches

    def publish_forget(self, region: str, key: Hashable) -> None:
        self._publish({"method": FORGET, "region": region, "key": key, "host_id": self.host_id})

    def _listen(self):
        # python-socketio ignores methods it doesn't know; ours are taken out first.
        for message in super()._listen():
            if (_FORGET_BYTES if isinstance(message, bytes) else FORGET) not in message:  # emits: parsed once
                yield message
            elif not self._forget(message):
                yield message

    def _forget(self, message) -> bool:
        """Apply a forget from another process; False if the message wasn't one."""
        try:
            data = json.loads(message)
            if not isinstance(data, dict) or data.get("method") != FORGET:
                return False
            if data.get("host_id") != self.host_id:
                key = data["key"]
                self.caches.forget(data["region"], tuple(key) if isinstance(key, list) else key)
        except Exception:  # a bad message must not end the subscription
            self.server.logger.exception("unreadable cache message")
        return True


_FORGET_BYTES = FORGET.encode()
