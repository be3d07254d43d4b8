"""Who is told what, and when not."""
import pytest

from forum.accounts.models import User
from forum.extensions import db
from forum.notifications.service import mentioned_usernames, quoted_usernames


@pytest.mark.parametrize("body, names", [
    ("Thanks @river_member and @Sam_Member!", ["river_member", "Sam_Member"]),
    ("email me at sam@example.org", []),
    ("`@not_me` in code, ```\n@nor_me\n``` but @yes_me", ["yes_me"]),
    ("@twice @twice @TWICE", ["twice"]),
    ("> **@quoted_one** wrote:\n>\n> hi\n\nand @other_one", ["other_one"]),
    ("@ab is too short", []),
])
def test_mention_parsing(body, names):
    assert mentioned_usernames(body) == names


def test_quote_parsing():
    assert quoted_usernames("> **@river_member** wrote:\n>\n> text\n\nreply") == ["river_member"]


def texts(api, person):
    return [item["text"] for item in api.as_(person).get("/notifications").get_json()["items"]]


def test_replies_quotes_and_mentions(api, member, other_member, make_person):
    third = make_person("third_person")
    sam, river = api.as_(member), api.as_(other_member)
    thread = sam.post("/categories/coping/threads", json={"title": "Mornings", "body": "Hard today."}).get_json()
    thread_id, first_post = thread["thread"]["id"], thread["post"]["id"]
    river.post(f"/threads/{thread_id}/posts", json={"body": "Same here. @third_person, you too?"})
    assert texts(api, member) == [f"{other_member.username} replied in your thread"]
    assert texts(api, third) == [f"{other_member.username} mentioned you"]
    quote = f"> **@{member.username}** wrote:\n>\n> Hard today.\n\nHugs, and @{member.username}."
    river.post(f"/threads/{thread_id}/posts", json={"body": quote})
    assert texts(api, member)[0] == f"{other_member.username} quoted you"  # one notice, not three
    assert len(texts(api, member)) == 2
    assert texts(api, other_member) == []  # never about one's own posts
    assert first_post


def test_a_removed_reply_leaves_no_words_in_notifications_or_exports(api, member, other_member, moderator):
    sam, river = api.as_(member), api.as_(other_member)
    thread_id = sam.post("/categories/coping/threads", json={"title": "Numbers", "body": "Anyone?"}).get_json()[
        "thread"]["id"]
    reply_id = river.post(f"/threads/{thread_id}/posts", json={"body": "Call me on 555 0142 any time."}).get_json()[
        "post"]["id"]
    assert "555 0142" in sam.get("/notifications").get_json()["items"][0]["excerpt"]
    api.as_(moderator).delete(f"/posts/{reply_id}", json={"reason": "No phone numbers (rule 5)."})
    assert sam.get("/notifications").get_json()["items"][0]["excerpt"] == ""
    assert "555 0142" not in str(sam.get("/me/export").get_json())


def test_reactions_are_batched(api, member, make_person):
    sam = api.as_(member)
    post_id = sam.post("/categories/wins/threads", json={"title": "A walk", "body": "I went out."}).get_json()[
        "post"]["id"]
    for number in range(3):
        api.as_(make_person(f"cheer_{number}")).put(f"/posts/{post_id}/reactions/support")
    api.as_(make_person("hoper")).put(f"/posts/{post_id}/reactions/hope")
    assert sorted(texts(api, member)) == ["3 people sent support on your post", "hoper sent hope on your post"]


def test_blocked_members_and_muted_threads_stay_quiet(api, member, other_member):
    sam, river = api.as_(member), api.as_(other_member)
    thread_id = sam.post("/categories/coping/threads", json={"title": "Quiet please", "body": "x"}).get_json()[
        "thread"]["id"]
    sam.put(f"/users/{other_member.username}/block")
    river.post(f"/threads/{thread_id}/posts", json={"body": f"Hey @{member.username}"})
    assert texts(api, member) == []
    sam.delete(f"/users/{other_member.username}/block")
    sam.patch("/me/preferences", json={"notify": {"reply": False}})
    river.post(f"/threads/{thread_id}/posts", json={"body": "Another reply"})
    assert texts(api, member) == []


def test_watching_and_muting_threads(client, auth, api, member, other_member, make_person):
    watcher = make_person("watcher")
    river = api.as_(other_member)
    thread_id = river.post("/categories/coping/threads", json={"title": "Watch me", "body": "x"}).get_json()[
        "thread"]["id"]
    auth.login(watcher)
    client.post(f"/t/{thread_id}/notifications", data={"level": "watch"})
    api.as_(member).post(f"/threads/{thread_id}/posts", json={"body": "A reply"})
    assert texts(api, watcher) == [f"{member.username} replied in your thread"]
    client.post(f"/t/{thread_id}/notifications", data={"level": "mute"})
    river.patch("/me/preferences", json={})  # no change is fine
    api.as_(member).post(f"/threads/{thread_id}/posts", json={"body": f"@{watcher.username} look"})
    assert len(texts(api, watcher)) == 1


def test_moderation_outcomes_and_approval_are_told(api, member, moderator, other_member):
    post_id = api.as_(member).post("/categories/coping/threads", json={"title": "Hmm", "body": "x"}).get_json()[
        "post"]["id"]
    api.as_(other_member).post(f"/posts/{post_id}/flags", json={"reason": "spam"})
    mod = api.as_(moderator)
    item_id = mod.get("/moderation/queue").get_json()["items"][0]["id"]
    mod.post(f"/moderation/queue/{item_id}/resolve", json={"action": "hide", "reason": "Rule 4: no spam"})
    items = api.as_(member).get("/notifications").get_json()["items"]
    assert items[0]["kind"] == "moderation" and items[0]["excerpt"] == "Rule 4: no spam"
    api.post("/users", json={"username": "newcomer", "password": "a long passphrase", "answers": ["a", "b"]})
    token = api.post("/tokens", json={"username": "newcomer", "password": "a long passphrase"}).get_json()["token"]
    pending = mod.get("/membership/pending").get_json()["items"][0]["user"]["id"]
    mod.post(f"/users/{pending}/approve", json={})
    newcomer = type(api)(api.client, token)
    assert newcomer.get("/notifications").get_json()["items"][0]["kind"] == "membership"


def test_read_one_or_all(api, member, other_member):
    sam, river = api.as_(member), api.as_(other_member)
    thread_id = sam.post("/categories/coping/threads", json={"title": "Read me", "body": "x"}).get_json()[
        "thread"]["id"]
    for number in range(3):
        river.post(f"/threads/{thread_id}/posts", json={"body": f"reply {number}"})
    listing = sam.get("/notifications").get_json()
    assert listing["unread"] == 3
    one = listing["items"][0]["id"]
    assert sam.post("/notifications/read", json={"ids": [one]}).get_json() == {"marked": 1, "unread": 2}
    assert sam.post("/notifications/read", json={"all": True}).get_json()["unread"] == 0
    assert sam.post("/notifications/read", json={"ids": "nope"}).status_code == 422
    assert river.post("/notifications/read", json={"ids": [one]}).get_json()["marked"] == 0


def test_unread_badge_on_pages(client, auth, api, member, other_member):
    thread_id = api.as_(member).post("/categories/coping/threads", json={"title": "Badge", "body": "x"}).get_json()[
        "thread"]["id"]
    api.as_(other_member).post(f"/threads/{thread_id}/posts", json={"body": "hello"})
    auth.login(member)
    page = client.get("/").get_data(as_text=True)
    assert 'id="unread-badge">1<' in page
    assert "replied in your thread" in client.get("/notifications").get_data(as_text=True)


class TestEmail:
    @pytest.fixture
    def smtp_server(self):
        from aiosmtpd.controller import Controller
        from aiosmtpd.handlers import Sink

        class Inbox(Sink):
            def __init__(self):
                self.messages = []

            async def handle_DATA(self, server, session, envelope):
                self.messages.append(envelope)
                return "250 OK"

        from bench.harness import free_port

        inbox = Inbox()
        controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
        controller.start()
        yield controller, inbox
        controller.stop()

    @pytest.fixture
    def app_config(self, smtp_server):
        controller, _ = smtp_server
        return {"HEARTH_SMTP_HOST": "127.0.0.1", "HEARTH_SMTP_PORT": controller.port,
                "HEARTH_SMTP_FROM": "community@clinic.test"}

    def test_email_only_for_those_who_asked_and_without_post_text(self, app, api, member, other_member,
                                                                  smtp_server):
        _, inbox = smtp_server
        with app.app_context():
            db.session.get(User, member.id).email = "sam@clinic.test"
            db.session.commit()
        sam, river = api.as_(member), api.as_(other_member)
        thread_id = sam.post("/categories/coping/threads", json={"title": "Mail", "body": "x"}).get_json()[
            "thread"]["id"]
        river.post(f"/threads/{thread_id}/posts", json={"body": "Private words about my treatment."})
        assert inbox.messages == []
        sam.patch("/me/preferences", json={"email_notifications": True})
        river.post(f"/threads/{thread_id}/posts", json={"body": "More private words."})
        assert len(inbox.messages) == 1
        message = inbox.messages[0]
        assert message.rcpt_tos == ["sam@clinic.test"]
        content = message.content.decode()
        assert "replied in your thread" in content and "private words" not in content.lower()


def test_thread_page_shows_and_sets_the_level(client, auth, member, other_member, thread_in):
    thread_id, _ = thread_in(other_member)
    auth.login(member)
    assert '<option value="normal" selected>' in client.get(f"/t/{thread_id}").get_data(as_text=True)
    client.post(f"/t/{thread_id}/notifications", data={"level": "watch"})
    assert '<option value="watch" selected>' in client.get(f"/t/{thread_id}").get_data(as_text=True)
