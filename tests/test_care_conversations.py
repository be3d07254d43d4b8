"""Care conversations: a member and the moderation team in private. Who may
see and write in one, how a member starts one (a concern item, with or
without a post), and what happens to it with the member's data."""
from datetime import timedelta

import pytest
from sqlalchemy import text

from forum.extensions import db
from forum.moderation.models import QueueItem
from tests.viewers import MODS, READERS, VIEWERS, api_for, session_for


def _start(api, person, body="Could someone check in with me?", **extra):
    response = api.as_(person).post("/me/conversations", json={"about": "me", "body": body, **extra})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def _queue(api, moderator):
    return api.as_(moderator).get("/moderation/queue").get_json()["items"]


# --- who may see and write -------------------------------------------------------------------

@pytest.fixture
def own_conversation(app, world):
    """For each viewer with an account, a conversation of their own, started
    while they were still active (as a muted or suspended member might have)."""
    from forum.accounts.models import User
    from forum.care import conversations

    with app.app_context():
        return {kind: conversations.start(db.session.get(User, person.id), "me", f"From {kind}").conversation.id
                for kind, person in world["people"].items() if kind != "pending"}


@pytest.mark.parametrize("kind", VIEWERS)
def test_conversations_by_viewer(app, world, own_conversation, kind):
    """Their own: the member who started it, while they may read the community.
    Another member's: the moderation team; to other members it doesn't exist."""
    api = api_for(app, world, kind, give_status=False)
    pages = session_for(app, world, kind)
    others = world["conversation"]
    page = pages.get(f"/talk/{others}")
    mine = own_conversation.get(kind)
    if kind in MODS:
        assert page.status_code == 200 and "Could someone check in with me?" in page.get_data(as_text=True)
    elif kind in READERS:
        assert page.status_code == 404
    else:  # signed out, or waiting for approval: sent to sign in or to the waiting page
        assert page.status_code == 302
    # Under /me only one's own, whoever asks.
    listed = api.get("/me/conversations")
    theirs = api.get(f"/me/conversations/{others}/messages")
    if kind in READERS:
        assert [c["id"] for c in listed.get_json()["items"]] == [mine]
        assert theirs.status_code == 404
        assert api.get(f"/me/conversations/{mine}/messages").get_json()["items"][0]["body"] == f"From {kind}"
        assert pages.get(f"/talk/{mine}").status_code == 200
        # Muted members too: a mute never stops anyone asking for help.
        assert api.post(f"/me/conversations/{mine}/messages", json={"body": "Still here."}).status_code == 201
    else:
        assert listed.status_code == theirs.status_code == (403 if kind == "pending" else 401)
        if mine:
            assert api.get(f"/me/conversations/{mine}/messages").status_code in (401, 403)
            assert pages.get(f"/talk/{mine}").status_code == 302
    item = api.get(f"/moderation/queue/{world['item']}/messages")
    assert item.status_code == (200 if kind in MODS else 403 if kind in READERS | {"pending"} else 401)


def test_the_team_answers_from_the_conversation_page_as_one(app, api, browser_as, member, moderator):
    started = _start(api, member)
    conversation_id = started["conversation"]["id"]
    page = browser_as(moderator)
    assert "Care conversation with" in page.get(f"/talk/{conversation_id}").get_data(as_text=True)
    assert page.post(f"/talk/{conversation_id}", data={"body": "We're here with you."}).status_code == 302
    said = api.as_(member).get(f"/me/conversations/{conversation_id}/messages").get_json()["items"]
    assert said[-1]["author"] == {"username": None, "display_name": "The moderation team"}
    team = api.as_(moderator).get(f"/moderation/queue/{_queue(api, moderator)[0]['id']}/messages").get_json()
    assert team["items"][-1]["author"]["username"] == moderator.username
    assert team["conversation"]["member"]["username"] == member.username


def test_other_members_never_see_a_conversation(app, api, browser_as, member, other_member, moderator):
    _start(api, member, body="Something private about my marriage")
    river = api.as_(other_member)
    assert river.get("/me/conversations").get_json()["items"] == []
    assert river.get("/search?q=marriage").get_json()["items"] == []
    assert river.get("/notifications").get_json()["items"] == []
    assert "marriage" not in browser_as(other_member).get("/talk").get_data(as_text=True)


# --- starting one ---------------------------------------------------------------------------------

def test_talking_to_a_moderator_opens_a_concern_item_without_a_post(app, client, auth, api, member, moderator):
    started = _start(api, member)
    assert started["notices"] == [] and started["message"]["from"] == "member"
    item = _queue(api, moderator)[0]
    assert (item["kind"], item["tier"], item["severity"], item["post"], item["thread"]) == (
        "concern", "concern", 2, None, None)
    assert item["conversation_id"] == started["conversation"]["id"]
    assert item["member"]["username"] == member.username and {"reason": "asked_to_talk", "count": 1} in item["reasons"]
    auth.login(moderator)
    listed = client.get("/moderation").get_data(as_text=True)
    assert "A member asked for help" in listed and f">{member.username}</a>" in listed
    page = client.get(f"/moderation/items/{item['id']}").get_data(as_text=True)
    assert "Could someone check in with me?" in page and "Hide the post" not in page
    refused = api.as_(moderator).post(f"/moderation/queue/{item['id']}/resolve", json={"action": "hide", "reason": "r"})
    assert refused.status_code == 422
    done = api.as_(moderator).post(f"/moderation/queue/{item['id']}/resolve",
                                   json={"action": "no_action_needed", "reason": "Talked it through"})
    assert done.get_json()["item"]["outcome"] == "no_action_needed"


def test_urgent_words_make_an_urgent_item_and_show_help(app, api, member, other_member, moderator, moved_clock):
    api.as_(other_member).post("/categories/coping/threads", json={"title": "Low", "body": "i want to die"})
    started = _start(api, member, body="im going to end it tonight")
    assert started["notices"][0]["tier"] == "urgent" and started["notices"][0]["resources"]
    first = _queue(api, moderator)[0]
    assert (first["kind"], first["tier"], first["severity"]) == ("concern", "urgent", 3)
    assert first["evidence"] and first["overdue"] is False
    with app.test_request_context():
        from forum.moderation import queue

        assert [waiting.title for waiting in queue.summary().waiting_crisis] == ["A member asked for help"]
    moved_clock["by"] = timedelta(minutes=20)
    assert _queue(api, moderator)[0]["overdue"] is True
    with app.app_context():
        assert queue.notify_overdue() == 1


def test_worry_about_someone_names_a_post_the_member_can_read(app, api, member, other_member, moderator):
    post = api.as_(other_member).post("/categories/coping/threads", json={"title": "A hard night",
                                                                          "body": "Nothing matters now"})
    post_id = post.get_json()["post"]["id"]
    sam = api.as_(member)
    started = sam.post("/me/conversations", json={"about": "someone", "body": "I'm worried about them.",
                                                  "post_id": post_id}).get_json()
    item = _queue(api, moderator)[0]
    assert started["conversation"]["post_id"] == post_id and item["post"]["id"] == post_id
    assert {"reason": "worried_about_someone", "count": 1} in item["reasons"]
    for bad in (999999, "seven", True, -1):
        refused = sam.post("/me/conversations", json={"about": "someone", "body": "x", "post_id": bad})
        assert refused.status_code == 422 and "post_id" in refused.get_json()["error"]["fields"], bad
    both = sam.post("/me/conversations", json={"about": "us", "body": "  "}).get_json()["error"]["fields"]
    assert set(both) == {"about", "body"}


def test_the_talk_page_takes_a_link_to_the_post(client, auth, api, member, other_member, moderator):
    post_id = api.as_(other_member).post("/categories/coping/threads", json={"title": "A hard night",
                                                                             "body": "Rough"}).get_json()["post"]["id"]
    auth.login(member)
    assert "Talk to a moderator" in client.get("/").get_data(as_text=True)
    prefilled = client.get(f"/talk?post={post_id}").get_data(as_text=True)
    assert f'value="{post_id}"' in prefilled
    sent = client.post("/talk", data={"about": "someone", "body": "Worried about this.",
                                      "post": f"http://localhost/t/1#post-{post_id}"})
    assert sent.status_code == 302 and "help" not in sent.headers["Location"]
    assert _queue(api, moderator)[0]["post"]["id"] == post_id
    refused = client.post("/talk", data={"body": ""})
    assert refused.status_code == 422 and "about you or someone else" in refused.get_data(as_text=True)
    urgent = client.post("/talk", data={"about": "me", "body": "im going to end it tonight"})
    assert "help=1" in urgent.headers["Location"]
    assert "You're not alone" in client.get(urgent.headers["Location"]).get_data(as_text=True)


def test_a_reply_after_the_item_closed_reaches_the_queue_again(api, member, moderator):
    started = _start(api, member)
    mod = api.as_(moderator)
    item_id = _queue(api, moderator)[0]["id"]
    mod.post(f"/moderation/queue/{item_id}/resolve", json={"action": "checked_in", "reason": "r",
                                                             "message": "How are you today?"})
    assert _queue(api, moderator) == []
    conversation_id = started["conversation"]["id"]
    api.as_(member).post(f"/me/conversations/{conversation_id}/messages", json={"body": "Better, thank you."})
    again = _queue(api, moderator)
    assert len(again) == 1 and again[0]["conversation_id"] == conversation_id and again[0]["id"] != item_id
    assert {"reason": "member_replied", "count": 1} in again[0]["reasons"]
    # An answer while it is open adds to it, and urgent words raise its tier.
    urgent = api.as_(member).post(f"/me/conversations/{conversation_id}/messages",
                                  json={"body": "im going to end it tonight"}).get_json()
    assert urgent["notices"][0]["tier"] == "urgent"  # answered with help at once, as a post would be
    now = _queue(api, moderator)
    assert len(now) == 1 and now[0]["tier"] == "urgent"
    messages = mod.get(f"/moderation/queue/{now[0]['id']}/messages").get_json()["items"]
    assert [m["from"] for m in messages] == ["member", "team", "member", "member"]


def test_writing_from_an_item_starts_a_conversation_with_the_author(api, member, moderator):
    post_id = api.as_(member).post("/categories/coping/threads", json={"title": "Low", "body": "i want to die"}) \
        .get_json()["post"]["id"]
    mod = api.as_(moderator)
    item_id = _queue(api, moderator)[0]["id"]
    assert mod.get(f"/moderation/queue/{item_id}/messages").get_json() == {"items": [], "next": None,
                                                                           "conversation": None}
    assert mod.post(f"/moderation/queue/{item_id}/messages", json={"body": " "}).status_code == 422
    written = mod.post(f"/moderation/queue/{item_id}/messages", json={"body": "Thinking of you."})
    assert written.status_code == 201 and written.get_json()["conversation"]["post_id"] == post_id
    assert _queue(api, moderator)[0]["id"] == item_id  # still open: writing isn't resolving
    told = api.as_(member).get("/notifications").get_json()["items"][0]
    assert told["kind"] == "care_message" and told["message"] == "Thinking of you."


# --- the member's data ----------------------------------------------------------------------------

def test_export_holds_my_conversations(api, member, moderator):
    started = _start(api, member)
    item_id = _queue(api, moderator)[0]["id"]
    api.as_(moderator).post(f"/moderation/queue/{item_id}/messages", json={"body": "We're here."})
    exported = api.as_(member).get("/me/export").get_json()["conversations_with_moderators"]
    assert exported[0]["id"] == started["conversation"]["id"]
    assert [(m["from"], m["body"]) for m in exported[0]["messages"]] == [
        ("me", "Could someone check in with me?"), ("the moderation team", "We're here.")]
    assert moderator.username not in str(exported)


def test_deleting_the_account_deletes_the_conversations(app, api, member, moderator):
    _start(api, member, body="i want to die")
    item_id = _queue(api, moderator)[0]["id"]
    api.as_(moderator).post(f"/moderation/queue/{item_id}/messages", json={"body": "We're here."})
    assert api.as_(member).delete("/me", json={"password": member.password}).status_code == 204
    with app.app_context():
        for table in ("care_conversations", "care_messages"):
            assert db.session.execute(text(f"SELECT count(*) FROM {table}")).scalar() == 0, table
        item = db.session.get(QueueItem, item_id)
        assert item.conversation_id is None and item.evidence == []  # the member's words are gone
    left = _queue(api, moderator)[0]
    assert left["member"] is None and left["post"] is None
    refused = api.as_(moderator).post(f"/moderation/queue/{item_id}/resolve",
                                      json={"action": "checked_in", "reason": "r", "message": "Hello?"})
    assert refused.status_code == 409 and refused.get_json()["error"]["code"] == "no_member"
