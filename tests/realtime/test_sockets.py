"""Socket.IO against a live server with python-socketio clients."""
import re
import time

import pytest
import requests
import socketio

from tests.realtime.clients import PASSWORD


def test_connections_need_an_active_member(live_server, community):
    _, pending = community.member("pending", approve=False)
    for auth in [{}, {"token": "hth_not-a-real-token"}, {"token": pending.token}, {"token": 42}]:
        client = socketio.Client(reconnection=False)
        with pytest.raises(socketio.exceptions.ConnectionError):
            client.connect(live_server.url, auth=auth, transports=["websocket"], wait_timeout=5)
        client.disconnect()


def test_join_acks_and_errors(community, connect):
    _, sam = community.member()
    thread = community.thread(sam)["thread"]
    socket = connect(sam)
    assert socket.call("join_thread", {"thread_id": thread["id"]}) == {"ok": True, "presence": 1}
    assert socket.call("join_thread", {"thread_id": 99_999_999}) == {"ok": False, "error": "not_found"}
    assert socket.call("join_thread", {"thread_id": "1"}) == {"ok": False, "error": "invalid"}
    assert socket.call("join_thread", None) == {"ok": False, "error": "invalid"}
    assert socket.call("leave_thread", {"thread_id": thread["id"]}) == {"ok": True}
    assert socket.call("join_category", {"slug": "coping"}) == {"ok": True}
    assert socket.call("join_category", {"slug": "nowhere"}) == {"ok": False, "error": "not_found"}


def test_post_created_reaches_the_thread_room_only(community, connect):
    _, sam = community.member()
    _, river = community.member()
    here = community.thread(sam, title="Here")["thread"]
    elsewhere = community.thread(sam, title="Elsewhere")["thread"]
    reader, outsider = connect(river), connect(community.member()[1])
    reader.call("join_thread", {"thread_id": here["id"]})
    outsider.call("join_thread", {"thread_id": elsewhere["id"]})

    written = sam.ok("POST", f"/threads/{here['id']}/posts", {"body": "Hello **room**."})["post"]
    event = reader.wait_for("post_created", lambda data: data["post"]["id"] == written["id"])
    api_view = river.ok("GET", f"/posts/{written['id']}")["post"]
    assert event["post"] == {**api_view, "my_reactions": []}
    assert 'id="post-{}"'.format(written["id"]) in event["html"] and "<strong>room</strong>" in event["html"]
    # The fragment goes to many people: it carries no one's CSRF token.
    assert re.findall(r'name="csrf_token" value="([^"]*)"', event["html"]) in ([], [""] * len(
        re.findall(r'name="csrf_token"', event["html"])))
    time.sleep(0.5)
    assert outsider.received("post_created") == []


def test_edits_reactions_and_withdrawals_follow(community, connect):
    _, sam = community.member()
    _, river = community.member()
    thread = community.thread(sam)
    post_id = thread["post"]["id"]
    reader = connect(river)
    reader.call("join_thread", {"thread_id": thread["thread"]["id"]})

    sam.ok("PATCH", f"/posts/{post_id}", {"body": "Edited words."})
    edited = reader.wait_for("post_updated", lambda data: data["post"]["edited_at"] is not None)
    assert "Edited words." in edited["html"] and edited["post"]["body"] == "Edited words."

    river.ok("PUT", f"/posts/{post_id}/reactions/hope")
    reacted = reader.wait_for("post_updated", lambda data: data["post"]["reactions"] == {"hope": 1})
    assert reacted["post"]["id"] == post_id

    sam.ok("DELETE", f"/posts/{post_id}")
    hidden = reader.wait_for("post_hidden")
    assert hidden == {"post_id": post_id, "thread_id": thread["thread"]["id"], "status": "withdrawn"}


def test_no_event_for_a_refused_post(community, connect):
    _, sam = community.member()
    thread = community.thread(sam)["thread"]
    reader = connect(community.member()[1])
    reader.call("join_thread", {"thread_id": thread["id"]})
    refused = sam.call("POST", f"/threads/{thread['id']}/posts", {"body": "x" * 20_001})
    assert refused.status_code == 422
    staff_only = sam.call("POST", "/categories/announcements/threads", {"title": "Not mine", "body": "no"})
    assert staff_only.status_code == 403
    accepted = sam.ok("POST", f"/threads/{thread['id']}/posts", {"body": "This one is fine."})["post"]
    reader.wait_for("post_created", lambda data: data["post"]["id"] == accepted["id"])
    assert [data["post"]["id"] for data in reader.received("post_created")] == [accepted["id"]]


def test_presence_counts_people_not_tabs(community, connect):
    _, sam = community.member()
    _, river = community.member()
    thread_id = community.thread(sam)["thread"]["id"]
    first = connect(sam)
    first.call("join_thread", {"thread_id": thread_id})
    second_tab = connect(sam)
    assert second_tab.call("join_thread", {"thread_id": thread_id})["presence"] == 1
    other = connect(river)
    assert other.call("join_thread", {"thread_id": thread_id})["presence"] == 2
    first.wait_for("presence", lambda data: data["count"] == 2)
    other.close()
    first.wait_for("presence", lambda data: data["count"] == 1 and data["thread_id"] == thread_id)


def test_typing_goes_to_others_and_is_throttled(community, connect):
    sam_name, sam = community.member()
    _, river = community.member()
    thread_id = community.thread(sam)["thread"]["id"]
    writer, reader = connect(sam), connect(river)
    for socket in (writer, reader):
        socket.call("join_thread", {"thread_id": thread_id})
    for _ in range(3):
        assert writer.call("typing", {"thread_id": thread_id}) == {"ok": True}
    event = reader.wait_for("typing")
    assert event == {"thread_id": thread_id, "user": {"username": sam_name, "display_name": sam_name}}
    time.sleep(0.5)
    assert len(reader.received("typing")) == 1
    assert writer.received("typing") == []


def test_new_threads_reach_the_category_room(community, connect):
    _, sam = community.member()
    watcher = connect(community.member()[1])
    watcher.call("join_category", {"slug": "wins"})
    created = community.thread(sam, title="A small win", category="wins")["thread"]
    event = watcher.wait_for("thread_created", lambda data: data["thread"]["id"] == created["id"])
    assert event["thread"]["title"] == "A small win" and f'id="thread-{created["id"]}"' in event["html"]


def _browser_session(base_url: str, username: str) -> tuple[requests.Session, str]:
    """Sign in through the real form; returns the cookie session and a page's CSRF token."""
    http = requests.Session()
    token_of = lambda html: re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)  # noqa: E731
    form_token = token_of(http.get(base_url + "/sign-in").text)
    http.post(base_url + "/sign-in", data={"username": username, "password": PASSWORD, "csrf_token": form_token})
    page = http.get(base_url + "/c/coping").text
    return http, re.search(r'<meta name="csrf-token" content="([^"]+)"', page).group(1)


def test_cookie_sessions_need_the_csrf_token_and_sign_out_closes_them(live_server, community, connect):
    username, _ = community.member()
    http, csrf = _browser_session(live_server.url, username)
    cookie = "; ".join(f"{name}={value}" for name, value in http.cookies.items())
    refused = socketio.Client(reconnection=False)
    with pytest.raises(socketio.exceptions.ConnectionError):
        refused.connect(live_server.url, headers={"Cookie": cookie}, auth={"csrf": "forged"},
                        transports=["websocket"], wait_timeout=5)
    socket = connect(auth={"csrf": csrf}, headers={"Cookie": cookie})
    assert socket.call("join_category", {"slug": "coping"}) == {"ok": True}
    page = http.get(live_server.url + "/c/coping").text
    sign_out_token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    http.post(live_server.url + "/sign-out", data={"csrf_token": sign_out_token})
    deadline = time.monotonic() + 10
    while socket.client.connected and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not socket.client.connected


def _wait_disconnected(socket, timeout=10.0) -> bool:
    deadline = time.monotonic() + timeout
    while socket.client.connected and time.monotonic() < deadline:
        time.sleep(0.1)
    return not socket.client.connected


def test_suspension_closes_the_members_sockets_only(live_server, community, connect):
    _, sam = community.member()
    _, river = community.member()
    sam_id, river_id = sam.ok("GET", "/me")["user"]["id"], river.ok("GET", "/me")["user"]["id"]
    sams_socket, rivers_socket = connect(sam), connect(river)
    community.staff.ok("POST", f"/users/{river_id}/sanctions", {"kind": "mute", "reason": "Read-only for a day"})
    community.staff.ok("POST", f"/users/{sam_id}/sanctions", {"kind": "suspend", "reason": "Rule 2"})
    assert _wait_disconnected(sams_socket)
    # Muted members still read, so their live updates carry on.
    assert rivers_socket.call("join_category", {"slug": "coping"}) == {"ok": True}
    client = socketio.Client(reconnection=False)
    with pytest.raises(socketio.exceptions.ConnectionError):
        client.connect(live_server.url, auth={"token": sam.token}, transports=["websocket"], wait_timeout=5)


def test_revoking_a_token_closes_its_sockets(community, connect):
    _, sam = community.member()
    socket = connect(sam)
    sam.ok("DELETE", "/tokens/current")
    assert _wait_disconnected(socket)


def test_queue_updates_reach_moderators_only(live_server, community, connect):
    from tests.live import STAFF_NAME

    _, writer = community.member()
    staff_socket = connect(community.staff)
    member_socket = connect(community.member()[1])
    created = community.thread(writer, body="i want to die tonight")
    event = staff_socket.wait_for("queue_updated", lambda data: data["item"]["post"]["id"] == created["post"]["id"])
    assert event["item"]["kind"] == "crisis" and event["change"] == "raised"
    time.sleep(0.5)
    assert member_socket.received("queue_updated") == []
    assert STAFF_NAME


def test_the_moderators_room_follows_role_changes_and_sanctions(community, connect):
    """A socket's room is a permission: demotion or a mute takes a moderator out
    of the queue's room at once, promotion puts a member in, no reconnecting."""
    staff = community.staff
    moderators = []
    for _ in range(2):
        _, person = community.member()
        person_id = person.ok("GET", "/me")["user"]["id"]
        staff.ok("PUT", f"/users/{person_id}/role", {"role": "moderator"})
        moderators.append((person_id, connect(person)))
    (demoted_id, demoted), (muted_id, muted) = moderators
    _, newcomer = community.member()
    newcomer_id, newcomer_socket = newcomer.ok("GET", "/me")["user"]["id"], connect(newcomer)
    _, writer = community.member()
    first = community.thread(writer, body="im going to end it tonight")
    demoted.wait_for("queue_updated", lambda data: data["item"]["post"]["id"] == first["post"]["id"])
    muted.wait_for("queue_updated", lambda data: data["item"]["post"]["id"] == first["post"]["id"])
    assert newcomer_socket.received("queue_updated") == []

    staff.ok("PUT", f"/users/{demoted_id}/role", {"role": "member"})
    staff.ok("POST", f"/users/{muted_id}/sanctions", {"kind": "mute", "reason": "A break from moderating"})
    staff.ok("PUT", f"/users/{newcomer_id}/role", {"role": "moderator"})
    second = community.thread(writer, title="Later", body="i have the pills and i am going to end it tonight")
    newcomer_socket.wait_for("queue_updated", lambda data: data["item"]["post"]["id"] == second["post"]["id"])
    time.sleep(0.5)
    for socket in (demoted, muted):
        assert socket.received("queue_updated", lambda data: data["item"]["post"]["id"] == second["post"]["id"]) == []
        assert socket.client.connected  # still a member, still reading


def test_auto_hidden_posts_leave_open_threads(community, connect):
    _, author = community.member()
    _, replier = community.member()
    thread = community.thread(author)["thread"]
    reply = replier.ok("POST", f"/threads/{thread['id']}/posts", {"body": "Something unkind."})["post"]
    reader = connect(community.member()[1])
    reader.call("join_thread", {"thread_id": thread["id"]})
    for _ in range(3):
        community.member()[1].ok("POST", f"/posts/{reply['id']}/flags", {"reason": "harassment"})
    hidden = reader.wait_for("post_hidden", lambda data: data["post_id"] == reply["id"])
    assert hidden["status"] == "hidden"


def test_announcements_reach_every_connection(community, connect):
    _, sam = community.member()
    listener = connect(sam)
    created = community.staff.ok("POST", "/announcements", {"title": "Live notice", "body": "Hello *all*."})
    event = listener.wait_for("announcement", lambda data: data["announcement"]["id"] == created["announcement"]["id"])
    assert "<em>all</em>" in event["html"] and 'name="csrf_token" value=""' in event["html"]
    community.staff.call("DELETE", f"/announcements/{created['announcement']['id']}", {"reason": "Done"})
    assert listener.wait_for("announcement_withdrawn")["id"] == created["announcement"]["id"]


def test_notifications_arrive_live_to_their_member_only(community, connect):
    sam_name, sam = community.member()
    _, river = community.member()
    thread = community.thread(sam)["thread"]
    sam.ok("POST", "/notifications/read", {"all": True})  # the welcome on approval
    sams_socket, rivers_socket = connect(sam), connect(river)
    river.ok("POST", f"/threads/{thread['id']}/posts", {"body": "Thinking of you."})
    event = sams_socket.wait_for("notification")
    assert event["kind"] == "reply" and event["unread"] == 1 and "replied in your thread" in event["text"]
    time.sleep(0.3)
    assert rivers_socket.received("notification") == []
    sam.ok("POST", "/notifications/read", {"all": True})
    assert sams_socket.wait_for("notifications_read")["unread"] == 0
    assert sam_name


def test_hidden_presence_is_not_counted(community, connect):
    _, sam = community.member()
    _, shy = community.member()
    thread_id = community.thread(sam)["thread"]["id"]
    shy.ok("PATCH", "/me/preferences", {"hide_presence": True})
    connect(shy).call("join_thread", {"thread_id": thread_id})
    assert connect(sam).call("join_thread", {"thread_id": thread_id})["presence"] == 1
