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
            data = _decoded(message)
            if data.get("method") != FORGET:
                yield message
            elif data.get("host_id") != self.host_id:
                self.caches.forget(data["region"], data["key"])


def _decoded(message) -> dict:
    try:
        data = json.loads(message)
    except (TypeError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
