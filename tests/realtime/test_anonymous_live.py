"""Anonymous posts over real Socket.IO clients: live events and typing name nobody."""
import json
import time

from tests.realtime.clients import Community


def open_category(community: Community) -> str:
    """A category staff opened to anonymous posts (held for review: the default)."""
    name = f"Said quietly {int(time.time() * 1000) % 10**8}"
    return community.staff.ok("POST", "/categories", {"name": name, "allow_anonymous": True})["category"]["slug"]


def approve(community: Community, post_id: int) -> None:
    items = community.staff.ok("GET", "/moderation/queue?limit=100")["items"]
    item = next(found for found in items if found["post"] and found["post"]["id"] == post_id)
    assert item["member"] == {"username": None, "display_name": "Anonymous member"}
    community.staff.ok("POST", f"/moderation/queue/{item['id']}/resolve", {"action": "approve", "reason": "Fine"})


def test_live_events_and_typing_never_name_an_anonymous_writer(community, connect):
    slug = open_category(community)
    writer_name, writer = community.member("quiet")
    _, river = community.member()
    thread = community.thread(river, title="Anyone else?", category=slug)["thread"]
    reader = connect(river)
    reader.call("join_thread", {"thread_id": thread["id"]})
    writing = connect(writer)
    writing.call("join_thread", {"thread_id": thread["id"]})

    assert writing.call("typing", {"thread_id": thread["id"]}) == {"ok": True}
    typing = reader.wait_for("typing", lambda data: data["thread_id"] == thread["id"])
    assert typing["user"] == {"username": None, "display_name": "Someone"}

    written = writer.call("POST", f"/threads/{thread['id']}/posts", {"body": "Me too, quietly.", "anonymous": True})
    assert written.status_code == 202
    post_id = written.json()["post"]["id"]
    approve(community, post_id)
    created = reader.wait_for("post_created", lambda data: data["post"]["id"] == post_id)
    assert created["post"]["author"] == {"username": None, "display_name": "Anonymous member"}
    assert created["post"]["anonymous"] is True and "Anonymous member" in created["html"]
    edited = writer.call("PATCH", f"/posts/{post_id}", {"body": "Me too, quietly. Edited."})
    assert edited.json()["post"]["status"] == "pending"  # an edit waits for review as the post did
    reader.wait_for("post_hidden", lambda data: data["post_id"] == post_id)
    approve(community, post_id)
    updated = reader.wait_for("post_created", lambda data: data["post"]["id"] == post_id and "Edited" in data["html"])

    heard = json.dumps([data for _, data in reader.events] + [created, updated])
    assert writer_name.lower() not in heard.lower()
    notices = river.ok("GET", "/notifications")["items"]
    replies = [n for n in notices if n["kind"] == "reply"]
    assert replies and all(n["actor"] == {"username": None, "display_name": "Anonymous member"} for n in replies)
    assert writer_name not in json.dumps(notices)
