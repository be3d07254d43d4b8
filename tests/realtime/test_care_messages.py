"""A care conversation is live for exactly its two sides: the member's sockets
and the moderators', never another member's. Real python-socketio clients
against a live server."""
import time


def _id(api) -> int:
    return api.ok("GET", "/me")["user"]["id"]


def test_a_message_reaches_the_member_and_the_moderators_and_nobody_else(community, connect):
    _, member = community.member("worried")
    _, bystander = community.member("bystander")
    _, moderator = community.member("moderator")
    community.staff.ok("PUT", f"/users/{_id(moderator)}/role", {"role": "moderator"})
    members_page, bystanders_page = connect(member), connect(bystander)
    moderators_page, staff_page = connect(moderator), connect(community.staff)

    started = member.ok("POST", "/me/conversations", {"about": "me", "body": "Is anyone around tonight?"})
    conversation_id = started["conversation"]["id"]
    first = moderators_page.wait_for("care_message", lambda data: data["conversation_id"] == conversation_id)
    assert first["message"]["body"] == "Is anyone around tonight?" and first["item_id"]
    item_id = first["item_id"]

    community.staff.ok("POST", f"/moderation/queue/{item_id}/messages", {"body": "We're here. How are you?"})
    to_member = members_page.wait_for("care_message", lambda data: data["message"]["from"] == "team")
    assert to_member["conversation_id"] == conversation_id and "item_id" not in to_member
    assert to_member["message"]["author"] == {"username": None, "display_name": "The moderation team"}
    told = members_page.wait_for("notification", lambda data: data["kind"] == "care_message")
    assert told["message"] == "We're here. How are you?" and told["conversation_id"] == conversation_id
    for socket in (moderators_page, staff_page):
        team = socket.wait_for("care_message", lambda data: data["message"]["from"] == "team")
        assert team["message"]["author"]["username"] == "e2e_staff" and team["item_id"] == item_id

    member.ok("POST", f"/me/conversations/{conversation_id}/messages", {"body": "A bit better now."})
    for socket in (moderators_page, staff_page):
        socket.wait_for("care_message", lambda data: data["message"]["body"] == "A bit better now.")

    # The check-in closes the item; the moderators' queue hears the outcome and the words.
    community.staff.ok("POST", f"/moderation/queue/{item_id}/resolve",
                       {"action": "checked_in", "reason": "Talked it through", "message": "Glad to hear it."})
    closed = moderators_page.wait_for("queue_updated", lambda data: data["item"]["id"] == item_id
                                      and data["change"] == "resolved")
    assert closed["item"]["outcome"] == "checked_in" and closed["item"]["message"] == "Glad to hear it."
    members_page.wait_for("care_message", lambda data: data["message"]["body"] == "Glad to hear it.")

    time.sleep(0.5)
    assert bystanders_page.received("care_message") == []
    assert bystanders_page.received("notification") == []
    assert bystanders_page.received("queue_updated") == []
