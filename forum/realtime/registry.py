"""Who is connected, with which credential, which rooms each connection is
in, and who is reading which thread.

Socket.IO rooms only know the connections of their own process. Presence
counts, "disconnect every socket of this member" and "who in this room may no
longer be there" must see all processes, so with Redis configured this state
lives in Redis; otherwise in memory.
"""
from __future__ import annotations

import threading
from collections import defaultdict
from dataclasses import dataclass

# Stale entries (a process killed without cleaning up) expire after this.
REDIS_TTL_SECONDS = 6 * 3600


@dataclass(frozen=True)
class Connection:
    sid: str
    user_id: int
    username: str
    # "session:<key>" or "token:<id>": what to disconnect when it is revoked.
    credential: str


class MemoryRegistry:
    def __init__(self):
        self._lock = threading.Lock()
        self._connections: dict[str, Connection] = {}
        self._readers: dict[int, dict[str, int]] = defaultdict(dict)
        self._rooms: dict[str, set[str]] = defaultdict(set)

    def add(self, connection: Connection) -> None:
        with self._lock:
            self._connections[connection.sid] = connection

    def get(self, sid: str) -> Connection | None:
        return self._connections.get(sid)

    def remove(self, sid: str) -> list[int]:
        """Forget a connection; returns the threads it was reading."""
        with self._lock:
            self._connections.pop(sid, None)
            for members in self._rooms.values():
                members.discard(sid)
            left = [thread_id for thread_id, readers in self._readers.items() if readers.pop(sid, None) is not None]
            return left

    def connections_of(self, user_id: int) -> list[Connection]:
        return [c for c in list(self._connections.values()) if c.user_id == user_id]

    def entered(self, sid: str, room: str) -> None:
        with self._lock:
            self._rooms[room].add(sid)

    def left(self, sid: str, room: str) -> None:
        with self._lock:
            self._rooms[room].discard(sid)

    def rooms_of(self, sid: str) -> set[str]:
        with self._lock:
            return {room for room, members in self._rooms.items() if sid in members}

    def connections_in(self, room: str) -> list[Connection]:
        with self._lock:
            sids = list(self._rooms.get(room, ()))
        return [c for c in map(self._connections.get, sids) if c is not None]

    def start_reading(self, thread_id: int, sid: str, user_id: int) -> None:
        with self._lock:
            self._readers[thread_id][sid] = user_id

    def stop_reading(self, thread_id: int, sid: str) -> None:
        with self._lock:
            self._readers[thread_id].pop(sid, None)

    def reader_count(self, thread_id: int) -> int:
        return len(set(self._readers.get(thread_id, {}).values()))


class RedisRegistry:
    def __init__(self, url: str, prefix: str = "hearth:realtime"):
        import redis

        self._redis = redis.Redis.from_url(url, decode_responses=True)
        self._prefix = prefix

    def _key(self, *parts) -> str:
        return ":".join([self._prefix, *map(str, parts)])

    def add(self, connection: Connection) -> None:
        pipe = self._redis.pipeline()
        pipe.hset(self._key("sid", connection.sid), mapping={
            "user_id": connection.user_id, "username": connection.username, "credential": connection.credential})
        pipe.expire(self._key("sid", connection.sid), REDIS_TTL_SECONDS)
        pipe.sadd(self._key("user", connection.user_id), connection.sid)
        pipe.expire(self._key("user", connection.user_id), REDIS_TTL_SECONDS)
        pipe.execute()

    def get(self, sid: str) -> Connection | None:
        return _connection(sid, self._redis.hgetall(self._key("sid", sid)))

    def remove(self, sid: str) -> list[int]:
        connection = self.get(sid)
        threads = [int(t) for t in self._redis.smembers(self._key("reading", sid))]
        rooms = self.rooms_of(sid)
        pipe = self._redis.pipeline()
        for thread_id in threads:
            pipe.hdel(self._key("thread", thread_id), sid)
        for room in rooms:
            pipe.srem(self._key("room", room), sid)
        pipe.delete(self._key("reading", sid), self._key("sid", sid), self._key("rooms", sid))
        if connection:
            pipe.srem(self._key("user", connection.user_id), sid)
        pipe.execute()
        return threads

    def _connections(self, sids) -> list[Connection]:
        """One round trip for all of them: a room of hundreds is read for every post."""
        sids = list(sids)
        pipe = self._redis.pipeline(transaction=False)
        for sid in sids:
            pipe.hgetall(self._key("sid", sid))
        found = map(_connection, sids, pipe.execute())
        return [connection for connection in found if connection is not None]

    def connections_of(self, user_id: int) -> list[Connection]:
        return self._connections(self._redis.smembers(self._key("user", user_id)))

    def entered(self, sid: str, room: str) -> None:
        pipe = self._redis.pipeline()
        pipe.sadd(self._key("room", room), sid)
        pipe.expire(self._key("room", room), REDIS_TTL_SECONDS)
        pipe.sadd(self._key("rooms", sid), room)
        pipe.expire(self._key("rooms", sid), REDIS_TTL_SECONDS)
        pipe.execute()

    def left(self, sid: str, room: str) -> None:
        pipe = self._redis.pipeline()
        pipe.srem(self._key("room", room), sid)
        pipe.srem(self._key("rooms", sid), room)
        pipe.execute()

    def rooms_of(self, sid: str) -> set[str]:
        return set(self._redis.smembers(self._key("rooms", sid)))

    def connections_in(self, room: str) -> list[Connection]:
        return self._connections(self._redis.smembers(self._key("room", room)))

    def start_reading(self, thread_id: int, sid: str, user_id: int) -> None:
        pipe = self._redis.pipeline()
        pipe.hset(self._key("thread", thread_id), sid, user_id)
        pipe.expire(self._key("thread", thread_id), REDIS_TTL_SECONDS)
        pipe.sadd(self._key("reading", sid), thread_id)
        pipe.expire(self._key("reading", sid), REDIS_TTL_SECONDS)
        pipe.execute()

    def stop_reading(self, thread_id: int, sid: str) -> None:
        pipe = self._redis.pipeline()
        pipe.hdel(self._key("thread", thread_id), sid)
        pipe.srem(self._key("reading", sid), thread_id)
        pipe.execute()

    def reader_count(self, thread_id: int) -> int:
        return len(set(self._redis.hvals(self._key("thread", thread_id))))


def _connection(sid: str, data: dict) -> Connection | None:
    if not data:  # gone, or expired
        return None
    return Connection(sid, int(data["user_id"]), data["username"], data["credential"])


def create_registry(redis_url: str | None, prefix: str):
    return RedisRegistry(redis_url, prefix) if redis_url else MemoryRegistry()
