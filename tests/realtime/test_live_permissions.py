"""Every socket room is a permission, checked again whenever it can change;
each content-carrying emit goes only to those the policy lets see it.
Real python-socketio clients against a live server."""
import time

from tests.realtime.clients import PASSWORD


def _id(api) -> int:
    return api.ok("GET", "/me")["user"]["id"]


def _joined(connect, api, thread_id: int):
    socket = connect(api)
    assert socket.call("join_thread", {"thread_id": thread_id})["ok"]
    return socket


def _quiet(socket, event: str, predicate=lambda data: True) -> bool:
    time.sleep(0.5)
    return socket.received(event, predicate) == []


def test_a_hidden_thread_leaves_members_rooms_and_emits_only_to_who_may_read_it(community, connect):
    _, author = community.member()
    thread = community.thread(author, title="Soon hidden", body="Opening words.")
    thread_id, opening_id = thread["thread"]["id"], thread["post"]["id"]
    _, moderator = community.member()
    community.staff.ok("PUT", f"/users/{_id(moderator)}/role", {"role": "moderator"})
    reader = _joined(connect, community.member()[1], thread_id)
    authors_page = _joined(connect, author, thread_id)
    moderators_page = _joined(connect, moderator, thread_id)

    # A moderator's flag hides the opening post, and with it the thread.
    moderator.ok("POST", f"/posts/{opening_id}/flags", {"reason": "other", "note": "Checking in"})
    told = reader.wait_for("thread_updated", lambda data: data["thread_id"] == thread_id)
    assert told["change"] == "status" and told["thread"] is None  # no title, no text
    reply = author.ok("POST", f"/threads/{thread_id}/posts", {"body": "Words only moderators should see now."})
    for socket in (authors_page, moderators_page):
        event = socket.wait_for("post_created", lambda data: data["post"]["id"] == reply["post"]["id"])
        assert "Words only moderators" in event["html"]
    assert _quiet(reader, "post_created")
    assert reader.call("join_thread", {"thread_id": thread_id}) == {"ok": False, "error": "not_found"}
    assert reader.client.connected  # still a member; only this room is closed to them


def test_restoring_a_thread_lets_members_back_in(community, connect):
    _, author = community.member()
    thread = community.thread(author, title="Back again")
    thread_id, opening_id = thread["thread"]["id"], thread["post"]["id"]
    community.staff.ok("POST", f"/posts/{opening_id}/flags", {"reason": "other"})
    _, reader_api = community.member()
    reader = connect(reader_api)
    assert reader.call("join_thread", {"thread_id": thread_id})["error"] == "not_found"
    # The live server is shared: other items (care conversations, follow-ups) have no post.
    item = next(entry for entry in community.staff.ok("GET", "/moderation/queue?limit=100")["items"]
                if entry["post"] and entry["post"]["id"] == opening_id)
    community.staff.ok("POST", f"/moderation/queue/{item['id']}/resolve", {"action": "dismiss", "reason": "Fine"})
    assert reader.call("join_thread", {"thread_id": thread_id})["ok"]
    reply = author.ok("POST", f"/threads/{thread_id}/posts", {"body": "Visible again."})["post"]
    reader.wait_for("post_created", lambda data: data["post"]["id"] == reply["id"])


def test_lock_and_move_reach_thread_and_both_category_pages(community, connect):
    _, author = community.member()
    thread_id = community.thread(author, title="Going places", category="coping")["thread"]["id"]
    on_thread = _joined(connect, community.member()[1], thread_id)
    in_coping, in_wins = connect(community.member()[1]), connect(community.member()[1])
    in_coping.call("join_category", {"slug": "coping"})
    in_wins.call("join_category", {"slug": "wins"})

    community.staff.ok("POST", f"/threads/{thread_id}/lock", {"reason": "Resting"})
    locked = on_thread.wait_for("thread_updated", lambda data: data["change"] == "locked")
    assert locked["thread"]["locked"] is True and locked["thread"]["title"] == "Going places"
    community.staff.ok("POST", f"/threads/{thread_id}/move", {"category": "wins", "reason": "Better there"})
    for socket in (on_thread, in_coping, in_wins):
        moved = socket.wait_for("thread_updated", lambda data: data["change"] == "moved")
        assert moved["category"] == "wins" and moved["thread"]["id"] == thread_id
    community.staff.ok("PUT", f"/threads/{thread_id}/pin", {"scope": "category"})
    assert in_wins.wait_for("thread_updated", lambda data: data["change"] == "pinned")["thread"]["pinned"]
    assert _quiet(in_coping, "thread_updated", lambda data: data["change"] == "pinned")


def test_sanctions_and_role_changes_reach_the_members_open_pages(community, connect):
    _, sam = community.member()
    sam_id = _id(sam)
    page = connect(sam)
    mute = community.staff.ok("POST", f"/users/{sam_id}/sanctions", {"kind": "mute", "reason": "A pause"})
    assert page.wait_for("standing_changed") == {"role": "member", "status": "muted"}
    community.staff.ok("DELETE", f"/sanctions/{mute['sanction']['id']}", {"reason": "Lifted"})
    page.wait_for("standing_changed", lambda data: data["status"] == "active")


def test_a_promoted_moderator_hears_the_queue_and_applications_without_reconnecting(community, connect):
    _, sam = community.member()
    page = connect(sam)
    community.staff.ok("PUT", f"/users/{_id(sam)}/role", {"role": "moderator"})
    page.wait_for("standing_changed", lambda data: data["role"] == "moderator")
    community.member("applicant", approve=False)
    page.wait_for("applications_changed")


def test_deleting_the_account_closes_its_sockets(community, connect):
    _, sam = community.member()
    socket = connect(sam)
    sam.ok("DELETE", "/me", {"password": PASSWORD})
    deadline = time.monotonic() + 10
    while socket.client.connected and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not socket.client.connected
