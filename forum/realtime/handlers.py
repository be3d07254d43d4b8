"""Socket.IO events from clients. Each one re-checks the policy, because a
socket outlives the moment it was allowed to connect."""
from __future__ import annotations

from flask import current_app, request, session
from flask_login import current_user
from flask_socketio import emit
from flask_wtf.csrf import validate_csrf
from redis.exceptions import RedisError
from wtforms import ValidationError

from forum import policy
from forum.accounts import preferences
from forum.accounts import services as accounts
from forum.accounts.models import User
from forum.community import anonymity, queries
from forum.errors import DomainError
from forum.extensions import db, socketio
from forum.realtime import access, rooms, state
from forum.realtime.registry import Connection

JOIN_RATE = "60/minute"
TYPING_RATE = "1/3second"


def _ack_error(code: str) -> dict:
    return {"ok": False, "error": code}


def _authenticate(auth: dict) -> tuple[User | None, str]:
    """The member behind this connection, and the credential it used."""
    token = auth.get("token")
    if isinstance(token, str) and token:
        found = accounts.user_for_token(token)
        if found is None or not found[0].is_active:
            return None, "invalid_token"
        return found[0], f"token:{found[1].id}"
    if not current_user.is_authenticated:
        return None, "unauthenticated"
    if current_app.config.get("WTF_CSRF_ENABLED", True):
        try:
            validate_csrf(auth.get("csrf"))
        except ValidationError:
            return None, "csrf_failed"
    user = current_user._get_current_object()
    return user, f"session:{getattr(user, 'session_key', None) or session.get(accounts.SESSION_KEY, '')}"


@socketio.on("connect")
def on_connect(auth=None):
    user, credential = _authenticate(auth if isinstance(auth, dict) else {})
    if user is None:
        raise ConnectionRefusedError(credential)
    verdict = policy.read_community(user)
    if not verdict:
        raise ConnectionRefusedError(verdict.code)
    state().registry.add(Connection(request.sid, user.id, user.username, credential))
    state().start_crisis_watch(current_app._get_current_object())
    access.admit(user, request.sid)  # re-checked whenever a permission can change (access.py)


@socketio.on("disconnect")
def on_disconnect(reason=None):
    for thread_id in state().registry.remove(request.sid):
        access.announce_presence(thread_id)


def _member() -> User | None:
    """The connection's member, re-read so a changed standing counts at once."""
    try:
        connection = state().registry.get(request.sid)
    except RedisError:
        return None
    if connection is None:
        return None
    user = db.session.get(User, connection.user_id)
    if user is None or not policy.read_community(user):
        return None
    return user


def _thread_for(data, user: User):
    thread_id = data.get("thread_id") if isinstance(data, dict) else None
    if not isinstance(thread_id, int) or isinstance(thread_id, bool):
        raise DomainError("thread_id must be an integer.", code="invalid")
    return queries.thread(user, thread_id)


def _handler(event: str, rate: str | None = None):
    """Register a handler that gets the checked member and answers with an ack."""

    def register(function):
        def handle(data=None):
            user = _member()
            if user is None:
                socketio.server.disconnect(request.sid)
                return _ack_error("unauthenticated")
            if rate and not state().allow(rate, event, user.id):
                return _ack_error("rate_limited")
            try:
                return function(user, data)
            except DomainError as error:
                return _ack_error(error.code)
            except RedisError:
                current_app.logger.warning("real-time store unavailable during %s", event)
                return _ack_error("unavailable")

        handle.__name__ = f"on_{event}"
        socketio.on_event(event, handle)
        return function

    return register


@_handler("join_thread", JOIN_RATE)
def join_thread(user: User, data) -> dict:
    thread = _thread_for(data, user)
    access.enter(request.sid, rooms.thread(thread.id))
    if not preferences.of(user)["hide_presence"]:
        state().registry.start_reading(thread.id, request.sid, user.id)
    return {"ok": True, "presence": access.announce_presence(thread.id)}


@_handler("leave_thread")
def leave_thread(user: User, data) -> dict:
    thread = _thread_for(data, user)
    access.leave(request.sid, rooms.thread(thread.id))
    return {"ok": True}


@_handler("join_category", JOIN_RATE)
def join_category(user: User, data) -> dict:
    slug = data.get("slug") if isinstance(data, dict) else None
    if not isinstance(slug, str):
        return _ack_error("invalid")
    category = queries.category(slug)
    access.enter(request.sid, rooms.category(category.slug))
    return {"ok": True}


@_handler("typing")
def typing(user: User, data) -> dict:
    thread = _thread_for(data, user)
    policy.require(policy.reply(user, thread))
    # Throttled quietly: typing is a hint, not something to refuse loudly.
    if not preferences.of(user)["hide_presence"] and state().throttle(TYPING_RATE, "typing", user.id, thread.id):
        emit("typing", {"thread_id": thread.id, "user": anonymity.typist(user, thread)},
             to=rooms.thread(thread.id), include_self=False)
    return {"ok": True}

