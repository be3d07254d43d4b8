"""Committed domain events become Socket.IO emits.

Runs after the transaction commits (see forum.events), so nothing refused or
rolled back is ever announced. Each post event carries the post as the API
returns it and the HTML fragment a reload would show.
"""
from __future__ import annotations

from flask import current_app, has_request_context

from forum import policy
from forum.api import serializers
from forum.community import fragments
from forum.community.models import Post, Thread
from forum.community.queries import PostView, is_pinned
from forum.community.services import reaction_counts
from forum.events import DomainEvent
from forum.extensions import db, socketio
from forum.realtime import rooms, state



def on_domain_event(event: DomainEvent) -> None:
    handler = _HANDLERS.get(event.name)
    if handler is None:
        return
    if has_request_context():
        handler(**event.data)
        return
    # Written outside a request (a CLI command, a background check): links and
    # fragments still need one to be built.
    with current_app.test_request_context("/"):
        handler(**event.data)


def _public_view(post: Post) -> PostView:
    """The post as every reader of the thread may see it."""
    return PostView(post, post.status == "visible", reaction_counts([post.id]).get(post.id, {}), set())


def _post_payload(post: Post) -> dict:
    view = _public_view(post)
    return {"post": serializers.post(view), "html": fragments.post_html(view, post.thread)}


def post_created(thread_id: int, post_id: int, **_) -> None:
    post = db.session.get(Post, post_id)
    if post is None or post.status != "visible":
        return
    socketio.emit("post_created", _post_payload(post), to=rooms.thread(thread_id))


def post_updated(thread_id: int, post_id: int, **_) -> None:
    post = db.session.get(Post, post_id)
    if post is None:
        return
    if post.status != "visible":
        post_hidden(thread_id, post_id)
        return
    socketio.emit("post_updated", _post_payload(post), to=rooms.thread(thread_id))


def post_hidden(thread_id: int, post_id: int, **_) -> None:
    post = db.session.get(Post, post_id)
    status = post.status if post is not None else "removed"
    socketio.emit("post_hidden", {"post_id": post_id, "thread_id": thread_id, "status": status},
                  to=rooms.thread(thread_id))


def thread_created(thread_id: int, category_id: int, **_) -> None:
    thread = db.session.get(Thread, thread_id)
    if thread is None or thread.status != "visible":
        return
    payload = {"thread": serializers.thread(thread, is_pinned(thread)), "html": fragments.thread_row_html(thread)}
    socketio.emit("thread_created", payload, to=rooms.category(thread.category.slug))


def _disconnect(user_id: int, credential: str | None = None) -> None:
    """Close a member's sockets (all, or those opened with one credential),
    on whichever server process holds them."""
    for connection in state().registry.connections_of(user_id):
        if credential is None or connection.credential == credential:
            socketio.server.disconnect(connection.sid, namespace="/")


def credential_revoked(user_id: int, credential: str, **_) -> None:
    _disconnect(user_id, credential)


def access_changed(user_id: int, **_) -> None:
    _disconnect(user_id)


def moderation_access_changed(user_id: int, **_) -> None:
    """Rooms are permissions: after a role change or a sanction, each of the
    member's open sockets joins or leaves the moderators' room as the policy
    now says (on whichever process holds it), before the next event is sent."""
    from forum.accounts.models import User

    user = db.session.get(User, user_id)
    hears_queue = user is not None and bool(policy.moderate(user))
    change = socketio.server.enter_room if hears_queue else socketio.server.leave_room
    for connection in state().registry.connections_of(user_id):
        change(connection.sid, rooms.MODERATORS, namespace="/")


def queue_updated(item_id: int, change: str, **_) -> None:
    """Moderators' open queue pages update themselves; crisis items alert."""
    from forum.moderation import queue
    from forum.moderation.models import QueueItem

    found = db.session.get(QueueItem, item_id)
    if found is None:
        return
    payload = {"item": serializers.queue_item(queue.details(found)), "change": change}
    socketio.emit("queue_updated", payload, to=rooms.MODERATORS)


def announcement_created(announcement_id: int, **_) -> None:
    from flask import render_template

    from forum.staff.models import Announcement

    found = db.session.get(Announcement, announcement_id)
    if found is None:
        return
    html = render_template("staff/_banner.html", announcement=found, banner_csrf="", banner_next="/")
    payload = {"announcement": serializers.announcement(found), "html": html}
    socketio.emit("announcement", payload)  # every connection is an approved member


def announcement_withdrawn(announcement_id: int, **_) -> None:
    socketio.emit("announcement_withdrawn", {"id": announcement_id})


def notification_created(user_id: int, notification_id: int, **_) -> None:
    from forum.notifications import service as notifications
    from forum.notifications.models import Notification

    found = db.session.get(Notification, notification_id)
    if found is not None:
        socketio.emit("notification", {**serializers.notification(found),
                                       "unread": notifications.unread_count(found.user)}, to=rooms.member(user_id))


def notifications_read(user_id: int, **_) -> None:
    from forum.accounts.models import User
    from forum.notifications import service as notifications

    user = db.session.get(User, user_id)
    if user is not None:
        socketio.emit("notifications_read", {"unread": notifications.unread_count(user)}, to=rooms.member(user_id))


_HANDLERS = {
    "notification_created": notification_created,
    "notifications_read": notifications_read,
    "announcement_created": announcement_created,
    "announcement_withdrawn": announcement_withdrawn,
    "queue_updated": queue_updated,
    "post_created": post_created,
    "post_updated": post_updated,
    "reactions_changed": post_updated,
    "post_hidden": post_hidden,
    "thread_created": thread_created,
    "credential_revoked": credential_revoked,
    "sessions_ended": access_changed,
    "account_restricted": access_changed,
    "role_changed": moderation_access_changed,
    "sanction_imposed": moderation_access_changed,
    "sanction_lifted": moderation_access_changed,
    "standing_changed": moderation_access_changed,
}
