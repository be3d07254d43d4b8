"""Live permissions: which rooms each open socket is in follows the policy.

A socket outlives the moment it was let in. Whenever a permission can change
(a role, a sanction, a thread hidden or moved, an account deleted) the
affected sockets are checked again and leave the rooms they may no longer be
in, or are closed, before the next event is sent; rooms that come with a role
are entered without reconnecting. Works across server processes: the
registry sees every connection, and Socket.IO's message queue carries the
room changes to the process holding the socket, in order with later emits.
"""
from __future__ import annotations

from typing import Callable

from sqlalchemy import select

from forum import policy
from forum.extensions import db, socketio
from forum.realtime import rooms, state

NAMESPACE = "/"


def enter(sid: str, room: str) -> None:
    socketio.server.enter_room(sid, room, namespace=NAMESPACE)
    state().registry.entered(sid, room)


def leave(sid: str, room: str) -> None:
    socketio.server.leave_room(sid, room, namespace=NAMESPACE)
    state().registry.left(sid, room)
    thread_id = _thread_of(room)
    if thread_id is not None:
        state().registry.stop_reading(thread_id, sid)
        announce_presence(thread_id)


def _thread_of(room: str) -> int | None:
    kind, _, key = room.partition(":")
    return int(key) if kind == "thread" else None


def announce_presence(thread_id: int) -> int:
    count = state().registry.reader_count(thread_id)
    socketio.emit("presence", {"thread_id": thread_id, "count": count}, to=rooms.thread(thread_id))
    return count


def admit(user, sid: str) -> None:
    """A new connection enters the member's own room and those of their role."""
    enter(sid, rooms.member(user.id))
    for room in rooms.FOR_THE_ROLE:
        if rooms.admits(user, room):
            enter(sid, room)


def recheck_member(user_id: int) -> None:
    """After a role, sanction or standing change: each of the member's sockets
    is closed if they may no longer read the community, otherwise leaves the
    rooms the policy now refuses and enters those their role now gives."""
    from forum.accounts.models import User

    user = db.session.get(User, user_id)
    for connection in state().registry.connections_of(user_id):
        if user is None or not policy.read_community(user):
            socketio.server.disconnect(connection.sid, namespace=NAMESPACE)
            continue
        current = state().registry.rooms_of(connection.sid)
        for room in current:
            if not rooms.admits(user, room):
                leave(connection.sid, room)
        for room in rooms.FOR_THE_ROLE:
            if room not in current and rooms.admits(user, room):
                enter(connection.sid, room)


def recheck_room(room: str) -> list[str]:
    """After a change to what the room is about (a thread hidden, say): the
    sockets whose member may no longer be there leave it. Returns them."""
    from forum.accounts.models import User

    removed = []
    for connection in state().registry.connections_in(room):
        user = db.session.get(User, connection.user_id)
        if user is None or not rooms.admits(user, room):
            leave(connection.sid, room)
            removed.append(connection.sid)
    return removed


def emit_to(room: str, event: str, payload: dict, may_see: Callable[[object], bool] | None = None,
            tailor: Callable[[object], dict | None] | None = None) -> int | None:
    """Send to a room; with `may_see`, only to the sockets whose member it
    allows (content that not every reader of the room may see); with
    `tailor`, a member may get their own version of the payload (None: the
    common one), such as a post their reader filters collapse. Returns how
    many sockets it sent to, or None for a whole room (not counted: counting
    would cost a registry look-up the send itself doesn't need)."""
    if may_see is None and tailor is None:
        socketio.emit(event, payload, to=room)
        return None
    # Hundreds of readers a room: one query for their members and one emit per
    # distinct payload (encoded once; one publish over Redis), not one of each
    # per socket, which made a post's fan-out cost about 0.7 ms a reader.
    connections = state().registry.connections_in(room)
    users = _members_by_id({connection.user_id for connection in connections})
    audiences: dict[int, tuple[dict, list[str]]] = {}  # id(payload) -> (payload, its sids)
    for connection in connections:
        user = users.get(connection.user_id)
        if user is None or (may_see is not None and not may_see(user)):
            continue
        chosen = (tailor(user) if tailor is not None else None) or payload
        audiences.setdefault(id(chosen), (chosen, []))[1].append(connection.sid)
    for chosen, sids in audiences.values():
        socketio.emit(event, chosen, to=sids)
    return sum(len(sids) for _, sids in audiences.values())


def _members_by_id(user_ids: set[int]) -> dict:
    from forum.accounts.models import User

    found, ordered = {}, sorted(user_ids)
    for start in range(0, len(ordered), 500):  # well under any database's bound-parameter limit
        for user in db.session.scalars(select(User).where(User.id.in_(ordered[start:start + 500]))):
            found[user.id] = user
    return found
