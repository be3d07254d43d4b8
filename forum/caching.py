"""Per-process caches of what changes rarely, forgotten by the events that change it.

A `Region` holds one kind of data: the community settings, the active
announcements, whether a member has a warning to read. The module that owns
the data declares its region and the domain events that change it; when such
an event is delivered (after its commit), the entries go at once in this
process and, with `REDIS_URL` set, in every other process through a message
on the Socket.IO channel (forum/realtime/queue.py). A short time-to-live is the
backstop for a message lost while Redis was away.

What decides access (the sign-in session, a member's role and standing) is not
cached here: it is read with the member on every request, so a revoked
session, a ban or a role change holds from the very next request in every
process.
"""
from __future__ import annotations

import threading
from typing import Any, Callable, Hashable

from cachetools import TTLCache
from flask import Flask, current_app

EXTENSION_KEY = "hearth.caches"
EVERYTHING = None

_regions: dict[str, "Region"] = {}
# event name -> [(region, how to find the key in the event's data)]
_forget_on: dict[str, list[tuple["Region", Callable[[dict], Hashable] | None]]] = {}


class Region:
    """One kind of cached data, by key (None for a region with one entry)."""

    def __init__(self, name: str, seconds: float, size: int = 1024,
                 forget_on: dict[str, Callable[[dict], Hashable] | None] | None = None):
        self.name, self.seconds, self.size = name, seconds, size
        _regions[name] = self
        for event_name, key_of in (forget_on or {}).items():
            _forget_on.setdefault(event_name, []).append((self, key_of))

    def get(self, key: Hashable, load: Callable[[], Any]) -> Any:
        return _caches().get(self, key, load)

    def forget(self, key: Hashable = EVERYTHING) -> None:
        """Forget in this process and, through Redis, in the others."""
        caches = _caches()
        caches.forget(self.name, key)
        caches.tell_others(self.name, key)


class _Store:
    def __init__(self, region: Region):
        self.entries: TTLCache = TTLCache(maxsize=region.size, ttl=region.seconds)
        # Bumped by every forget: a value loaded while its data changed is not kept.
        self.generation = 0


class Caches:
    """One app's caches (tests build many apps; each starts empty)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._stores: dict[str, _Store] = {}
        self._tell_others: Callable[[str, Hashable], None] | None = None

    def _store(self, region: Region) -> _Store:
        store = self._stores.get(region.name)
        if store is None:
            with self._lock:
                store = self._stores.setdefault(region.name, _Store(region))
        return store

    def get(self, region: Region, key: Hashable, load: Callable[[], Any]) -> Any:
        store = self._store(region)
        with self._lock:
            found = store.entries.get(key, _MISSING)
            generation = store.generation
        if found is not _MISSING:
            return found
        value = load()
        with self._lock:
            if store.generation == generation:
                store.entries[key] = value
        return value

    def forget(self, region_name: str, key: Hashable = EVERYTHING) -> None:
        store = self._stores.get(region_name)
        if store is None:
            return
        with self._lock:
            store.generation += 1
            if key is EVERYTHING:
                store.entries.clear()
            else:
                store.entries.pop(key, None)

    def send_to_others_with(self, send: Callable[[str, Hashable], None]) -> None:
        self._tell_others = send

    def tell_others(self, region_name: str, key: Hashable) -> None:
        if self._tell_others is not None:
            self._tell_others(region_name, key)


_MISSING = object()


def _caches() -> Caches:
    return current_app.extensions[EXTENSION_KEY]


def init_app(app: Flask) -> Caches:
    from forum import events

    app.extensions[EXTENSION_KEY] = caches = Caches()
    events.subscribe(on_domain_event)
    return caches


def on_domain_event(event) -> None:
    for region, key_of in _forget_on.get(event.name, []):
        region.forget(EVERYTHING if key_of is None else key_of(event.data))


def by(field: str) -> Callable[[dict], Hashable]:
    """The event's `field` is the key to forget: `forget_on={"x": by("user_id")}`."""
    return lambda data: data[field]
