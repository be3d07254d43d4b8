"""A member's standing: warnings, timed sanctions that end by themselves,
notes, blocking, slow mode, posting limits, overdue crisis items."""
import html
from datetime import timedelta

import pytest

from forum import clock
from forum.accounts.models import User
from forum.extensions import db
from forum.moderation.models import QueueItem


def test_a_warning_waits_for_acknowledgement(client, auth, api, moderator, member):
    api.as_(moderator).post(f"/users/{member.id}/sanctions", json={"kind": "warn", "reason": "Please be gentle."})
    auth.login(member)
    assert "A moderator sent you a warning" in client.get("/").get_data(as_text=True)
    page = client.get("/account/standing").get_data(as_text=True)
    assert "Please be gentle." in page and moderator.username not in page
    sanction_id = int(page.split('name="sanction_id" value="')[1].split('"')[0])
    client.post("/account/standing", data={"sanction_id": sanction_id})
    assert "A moderator sent you a warning" not in client.get("/").get_data(as_text=True)


def test_a_timed_suspension_ends_by_itself(app, client, api, moderator, member, moved_clock):
    until = (clock.now() + timedelta(hours=2)).isoformat()
    api.as_(moderator).post(f"/users/{member.id}/sanctions", json={"kind": "suspend", "reason": "Cool off",
                                                                   "until": until})
    page = html.unescape(client.post("/sign-in", data={"username": member.username, "password": member.password})
                         .get_data(as_text=True))
    assert "This account is suspended until" in page and "Cool off" in page
    moved_clock["by"] = timedelta(hours=3)
    response = client.post("/sign-in", data={"username": member.username, "password": member.password})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(User, member.id).status == "active"


def test_a_timed_mute_ends_for_token_callers_too(api, moderator, member, moved_clock):
    sam = api.as_(member)
    until = (clock.now() + timedelta(minutes=30)).isoformat()
    api.as_(moderator).post(f"/users/{member.id}/sanctions", json={"kind": "mute", "reason": "Pause", "until": until})
    assert sam.post("/categories/coping/threads", json={"title": "Back again", "body": "hi"}).status_code == 403
    moved_clock["by"] = timedelta(minutes=31)
    assert sam.post("/categories/coping/threads", json={"title": "Back again", "body": "hi"}).status_code == 201


def test_private_notes_stay_with_moderators(client, auth, moderator, member):
    auth.login(moderator)
    client.post(f"/moderation/members/{member.id}/notes", data={"body": "Reached out by phone, doing better."})
    assert "doing better" in client.get(f"/moderation/members/{member.id}").get_data(as_text=True)
    auth.logout()
    auth.login(member)
    assert client.get(f"/moderation/members/{member.id}").status_code == 403
    assert "doing better" not in client.get("/account/standing").get_data(as_text=True)


def test_blocking_collapses_posts(client, auth, api, member, other_member, moderator, thread_in):
    thread_id, _ = thread_in(other_member, body="Words from river.")
    sam = api.as_(member)
    assert sam.put(f"/users/{other_member.username}/block").status_code == 204
    posts = sam.get(f"/threads/{thread_id}/posts").get_json()["items"]
    assert posts[0]["author_blocked"] is True
    auth.login(member)
    page = client.get(f"/t/{thread_id}").get_data(as_text=True)
    assert "A post from someone you blocked" in page
    assert sam.put(f"/users/{moderator.username}/block").status_code == 403
    assert sam.put(f"/users/{member.username}/block").status_code == 403
    sam.delete(f"/users/{other_member.username}/block")
    assert sam.get(f"/threads/{thread_id}/posts").get_json()["items"][0]["author_blocked"] is False


def test_slow_mode_spaces_out_a_members_posts(api, member, moderator, moved_clock):
    sam, mod = api.as_(member), api.as_(moderator)
    thread_id = sam.post("/categories/coping/threads", json={"title": "Heated", "body": "x"}).get_json()["thread"]["id"]
    assert mod.put(f"/threads/{thread_id}/slow-mode", json={"seconds": -1, "reason": "x"}).status_code == 422
    assert mod.put(f"/threads/{thread_id}/slow-mode", json={"seconds": 600, "reason": "Let it breathe"}).status_code \
        == 200
    too_soon = sam.post(f"/threads/{thread_id}/posts", json={"body": "one more"})
    assert too_soon.status_code == 429 and too_soon.get_json()["error"]["code"] == "slow_mode"
    assert 0 < int(too_soon.headers["Retry-After"]) <= 600
    assert mod.post(f"/threads/{thread_id}/posts", json={"body": "Moderators aren't slowed."}).status_code == 201
    moved_clock["by"] = timedelta(minutes=11)
    assert sam.post(f"/threads/{thread_id}/posts", json={"body": "one more"}).status_code == 201


class TestPostingLimits:
    @pytest.fixture
    def app_config(self):
        import uuid

        return {"RATELIMIT_ENABLED": True, "RATELIMIT_KEY_PREFIX": uuid.uuid4().hex}

    def test_new_members_post_less_often(self, api, member):
        sam = api.as_(member)
        statuses = [sam.post("/categories/coping/threads", json={"title": f"Post {n}", "body": "x"}).status_code
                    for n in range(4)]
        assert statuses == [201, 201, 201, 429]


def test_overdue_crisis_items_alert_once(app, api, make_person, moderator):
    api.as_(make_person("writer")).post("/categories/coping/threads", json={"title": "Tonight",
                                                                          "body": "im going to end it tonight"})
    with app.app_context():
        item = db.session.scalar(db.select(QueueItem))
        item.first_at = clock.now() - timedelta(minutes=20)
        db.session.commit()
    runner = app.test_cli_runner()
    assert "1 crisis item(s) newly overdue" in runner.invoke(args=["moderation", "check-overdue"]).output
    assert "0 crisis item(s) newly overdue" in runner.invoke(args=["moderation", "check-overdue"]).output


def test_flaggers_learn_the_outcome(client, auth, api, member, moderator, other_member, thread_in):
    _, post_id = thread_in(other_member)
    api.as_(member).post(f"/posts/{post_id}/flags", json={"reason": "spam"})
    auth.login(member)
    assert "Waiting for a moderator" in client.get("/account/reports").get_data(as_text=True)
    mod = api.as_(moderator)
    item_id = mod.get("/moderation/queue").get_json()["items"][0]["id"]
    mod.post(f"/moderation/queue/{item_id}/resolve", json={"action": "remove", "reason": "Rule 5, selling"})
    page = client.get("/account/reports").get_data(as_text=True)
    main = page.split("<main")[1].split("</main>")[0]
    assert "the post was removed" in main and "Rule 5" not in main  # the outcome, not the moderator's reason
