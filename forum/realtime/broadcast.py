"""Committed domain events become Socket.IO emits.

Runs after the transaction commits (see forum.events), so nothing refused or
rolled back is ever announced. Each post event carries the post as the API
returns it and the HTML fragment a reload would show.
"""
from __future__ import annotations

import logging
import time
from dataclasses import replace

from flask import current_app, has_request_context

from forum import policy, serializers
from forum.clock import isoformat
from forum.community import filters, fragments
from forum.community.models import Post, Thread
from forum.community.queries import PostView, is_pinned
from forum.community.services import reaction_counts
from forum.events import DomainEvent
from forum.extensions import db, socketio
from forum.realtime import access, rooms, state

# Settings that pages show to members (the help box, the moderated-hours note).
SHOWN_ON_PAGES = frozenset({"community_name", "community_description", "crisis_resources", "moderated_hours",
                            "rules"})

log = logging.getLogger(__name__)


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
    """The post as an ordinary reader of the thread sees it."""
    return PostView(post, policy.see_post_text(None, post), reaction_counts([post.id]).get(post.id, {}), set())


def _post_payload(view: PostView) -> dict:
    return {"post": serializers.post(view), "html": fragments.post_html(view, view.post.thread)}


def _as_filtered(view: PostView):
    """Each reader whose own filters collapse the post gets it collapsed, as a
    reload would show it; one payload per reason, built when first needed."""
    built: dict[str, dict] = {}

    def tailor(user) -> dict | None:
        reason = filters.reason_for(user, view.post)
        if reason is not None and reason not in built:
            built[reason] = _post_payload(replace(view, filtered=reason))
        return built.get(reason)
    return tailor


def _readers_of(thread: Thread):
    """Who may hear about the thread's content: the whole room, or (a thread
    held or hidden) only those the policy still lets read it."""
    if policy.open_to_every_reader(thread):
        return None
    return lambda user: bool(policy.read_thread(user, thread))


def _emit_post(event_name: str, post: Post) -> None:
    started = time.perf_counter()
    view = _public_view(post)
    payload = _post_payload(view)
    built = time.perf_counter()
    recipients = access.emit_to(rooms.thread(post.thread_id), event_name, payload, _readers_of(post.thread),
                                _as_filtered(view))
    _log_fanout(event_name, post, recipients, started, built, time.perf_counter())


def _log_fanout(event_name: str, post: Post, recipients: int | None, started: float, built: float,
                sent: float) -> None:
    """One line a post event: how long the server took to build it and to hand
    it to every socket (queued for each connection's writer, not yet on the
    wire), so a benchmark can tell server time from delivery time."""
    log.info("fanout", extra={"fields": {
        "event": event_name, "thread_id": post.thread_id, "post_id": post.id, "recipients": recipients,
        "build_ms": round((built - started) * 1000, 3), "send_ms": round((sent - built) * 1000, 3),
        "ms": round((sent - started) * 1000, 3)}})


def _thread_activity(thread: Thread | None) -> None:
    """A reply came or went: open thread lists (category pages, the home page)
    fetch their rows again, with each member's own unread counts. Only about
    threads every member may read, and only what any member may know."""
    if thread is None or not policy.open_to_every_reader(thread):
        return
    socketio.emit("thread_activity", {"thread_id": thread.id, "category": thread.category.slug,
                                      "reply_count": thread.reply_count,
                                      "last_post_at": isoformat(thread.last_post_at)},
                  to=rooms.category(thread.category.slug))


def post_created(thread_id: int, post_id: int, **_) -> None:
    post = db.session.get(Post, post_id)
    if post is not None and policy.see_post_text(None, post):
        _emit_post("post_created", post)
        _thread_activity(post.thread)


def post_updated(thread_id: int, post_id: int, **_) -> None:
    post = db.session.get(Post, post_id)
    if post is None:
        return
    if not policy.see_post_text(None, post):
        post_hidden(thread_id, post_id)
        return
    _emit_post("post_updated", post)


def post_hidden(thread_id: int, post_id: int, **_) -> None:
    post = db.session.get(Post, post_id)
    status = post.status if post is not None else "removed"
    socketio.emit("post_hidden", {"post_id": post_id, "thread_id": thread_id, "status": status},
                  to=rooms.thread(thread_id))
    _thread_activity(db.session.get(Thread, thread_id))


def thread_created(thread_id: int, category_id: int, **_) -> None:
    thread = db.session.get(Thread, thread_id)
    if thread is None or not policy.open_to_every_reader(thread):
        return
    payload = {"thread": serializers.thread(thread, is_pinned(thread)), "html": fragments.thread_row_html(thread)}
    socketio.emit("thread_created", payload, to=rooms.category(thread.category.slug))


def thread_updated(thread_id: int, change: str, previous_category: str | None = None, **_) -> None:
    """Locked, unlocked, moved, pinned, unpinned, slow mode, or its opening post
    held, hidden or restored: first the room keeps only those who may still
    read the thread, then open thread and category pages hear of it."""
    thread = db.session.get(Thread, thread_id)
    if thread is None:
        return
    room = rooms.thread(thread_id)
    turned_away = access.recheck_room(room)
    summary = {"thread_id": thread_id, "change": change, "category": thread.category.slug}
    for sid in turned_away:  # their page learns the thread is gone, and nothing of it
        socketio.emit("thread_updated", {**summary, "thread": None}, to=sid)
    access.emit_to(room, "thread_updated", {**summary, "thread": serializers.thread(thread, is_pinned(thread))},
                   _readers_of(thread))
    # Category pages list threads by title: only an open thread's details go there.
    listed = serializers.thread(thread, is_pinned(thread)) if policy.open_to_every_reader(thread) else None
    for slug in {thread.category.slug, previous_category} - {None}:
        socketio.emit("thread_updated", {**summary, "thread": listed}, to=rooms.category(slug))


def category_updated(slug: str, **_) -> None:
    """Archived or reopened, or who may start threads: its open pages follow."""
    socketio.emit("category_updated", {"category": slug}, to=rooms.category(slug))


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


def standing_changed(user_id: int, **_) -> None:
    """A role change or a sanction: the member's sockets leave or enter rooms
    as the policy now says (moderators' room included), then their open
    pages hear their new role and standing."""
    from forum.accounts.models import User

    access.recheck_member(user_id)
    user = db.session.get(User, user_id)
    if user is not None and policy.read_community(user):
        socketio.emit("standing_changed", {"role": user.role, "status": user.status}, to=rooms.member(user_id))


def queue_updated(item_id: int, change: str, **_) -> None:
    """Moderators' open queue pages update themselves; crisis items alert."""
    from forum.moderation import queue
    from forum.moderation.models import QueueItem

    found = db.session.get(QueueItem, item_id)
    if found is None:
        return
    counts = queue.summary()
    payload = {"item": serializers.queue_item(queue.details(found)), "change": change,
               "counts": {"open": counts.open, "crisis": counts.crisis}}
    socketio.emit("queue_updated", payload, to=rooms.MODERATORS)


def care_message_created(conversation_id: int, message_id: int, member_id: int, **_) -> None:
    """A message in a care conversation reaches the member's open pages and the
    moderators', each side seeing it as a reload would show it; no other member's."""
    from forum.care import conversations
    from forum.care.models import CareMessage

    message = db.session.get(CareMessage, message_id)
    if message is None:
        return
    socketio.emit("care_message", {"conversation_id": conversation_id,
                                   "message": serializers.care_message(message, for_team=False)},
                  to=rooms.member(member_id))
    socketio.emit("care_message", {"conversation_id": conversation_id,
                                   "item_id": conversations.latest_item_id(conversation_id),
                                   "message": serializers.care_message(message, for_team=True)},
                  to=rooms.MODERATORS)


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


def settings_changed(keys: list[str], **_) -> None:
    """Crisis resources, moderated hours and the community's name show on
    every page: open pages refresh those parts."""
    shown = sorted(set(keys) & SHOWN_ON_PAGES)
    if shown:
        socketio.emit("settings_changed", {"keys": shown})  # every connection is an approved member


def applications_changed(**_) -> None:
    """Someone applied, or was approved or declined: moderators' applicant lists follow."""
    socketio.emit("applications_changed", {}, to=rooms.MODERATORS)


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
    "care_message_created": care_message_created,
    "post_created": post_created,
    "post_updated": post_updated,
    "reactions_changed": post_updated,
    "post_hidden": post_hidden,
    "thread_created": thread_created,
    "thread_updated": thread_updated,
    "category_updated": category_updated,
    "settings_changed": settings_changed,
    "member_applied": applications_changed,
    "member_approved": applications_changed,
    "member_rejected": applications_changed,
    "credential_revoked": credential_revoked,
    "sessions_ended": access_changed,
    "account_restricted": access_changed,
    "role_changed": standing_changed,
    "sanction_imposed": standing_changed,
    "sanction_lifted": standing_changed,
    "standing_changed": standing_changed,
}
