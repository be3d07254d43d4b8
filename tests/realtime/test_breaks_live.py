"""A break and quiet hours on a real server, heard by a real Socket.IO client:
the member's own socket gets no notification pushes while they last, and what
quiet hours held arrives once the watch finds them over."""
from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

# The server's watch runs every 15 seconds; allow for a slow start on a busy machine.
DELIVERED_WITHIN_SECONDS = 45


def _reply_heard(community, connect):
    """Sam (with a thread and a live socket in its room) and River, who replies."""
    _, sam = community.member("sam")
    _, river = community.member("river")
    thread_id = community.thread(sam)["thread"]["id"]
    sam.ok("POST", "/notifications/read", {"all": True})  # the welcome on approval
    socket = connect(sam)
    socket.call("join_thread", {"thread_id": thread_id})

    def reply(words: str) -> None:
        river.ok("POST", f"/threads/{thread_id}/posts", {"body": words})
        socket.wait_for("post_created", lambda data: data["post"]["body"] == words)  # the socket hears the thread
        time.sleep(0.5)

    return sam, socket, reply


def test_a_break_silences_live_notifications_until_it_ends(community, connect):
    sam, socket, reply = _reply_heard(community, connect)
    until = (datetime.now(UTC) + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    sam.ok("PATCH", "/me/preferences", {"break_until": until})
    reply("Thinking of you.")
    assert socket.received("notification") == []
    waiting = [item for item in sam.ok("GET", "/notifications")["items"] if item["read_at"] is None]
    assert [item["kind"] for item in waiting] == ["reply"]  # waiting for when they come back

    sam.ok("PATCH", "/me/preferences", {"break_until": None})
    reply("Welcome back.")
    assert socket.wait_for("notification")["unread"] == 2
    assert len(socket.received("notification")) == 1


def test_quiet_hours_hold_live_notifications_and_the_watch_delivers_them(community, connect):
    sam, socket, reply = _reply_heard(community, connect)
    now = datetime.now(UTC)
    sam.ok("PATCH", "/me/preferences", {"time_zone": "UTC", "quiet_hours": {
        "start": (now - timedelta(hours=1)).strftime("%H:%M"), "end": (now + timedelta(hours=1)).strftime("%H:%M")}})
    reply("Late thoughts.")
    assert socket.received("notification") == []

    sam.ok("PATCH", "/me/preferences", {"quiet_hours": None})  # the quiet hours are over
    event = socket.wait_for("notification", timeout=DELIVERED_WITHIN_SECONDS)
    assert event["kind"] == "reply" and event["unread"] == 1
    time.sleep(1)
    assert len(socket.received("notification")) == 1
