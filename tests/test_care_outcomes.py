"""Humane outcomes: crisis and concern items close with care, the member reads
the moderator's own words (never an action name), and staff keep the
templates those words can start from."""
import pytest

from forum import clock
from forum.extensions import db
from forum.moderation.models import QueueItem
from forum.notifications import wording
from forum.settings import service as settings

WORDS = "Hi, it's one of the moderators. How are you doing right now? You can answer here."


@pytest.fixture
def crisis_item(api, member, moderator):
    """A crisis post by the member; returns (post id, item id)."""
    written = api.as_(member).post("/categories/coping/threads", json={"title": "Tonight", "body": "i want to die"})
    item = api.as_(moderator).get("/moderation/queue").get_json()["items"][0]
    return written.get_json()["post"]["id"], item["id"]


def _post(api, person, body: str) -> int:
    return api.as_(person).post("/categories/coping/threads", json={"title": "A thread of mine", "body": body}) \
        .get_json()["post"]["id"]


def _notifications(api, person):
    return api.as_(person).get("/notifications").get_json()["items"]


def test_checking_in_needs_words_and_they_reach_the_member(api, member, moderator, crisis_item):
    post_id, item_id = crisis_item
    mod = api.as_(moderator)
    silent = mod.post(f"/moderation/queue/{item_id}/resolve", json={"action": "checked_in", "reason": "Wrote to them"})
    assert silent.status_code == 422 and "message" in silent.get_json()["error"]["fields"]
    resolved = mod.post(f"/moderation/queue/{item_id}/resolve",
                        json={"action": "checked_in", "reason": "Wrote to them", "message": WORDS}).get_json()["item"]
    assert (resolved["outcome"], resolved["resolution"], resolved["message"]) == ("checked_in", "checked_in", WORDS)
    assert resolved["waiting_seconds"] is None and resolved["conversation_id"]
    sam = api.as_(member)
    assert sam.get(f"/posts/{post_id}").get_json()["post"]["status"] == "visible"  # care leaves the post be
    told = _notifications(api, member)[0]
    assert told["kind"] == "care_message" and told["message"] == WORDS and WORDS in told["text"]
    assert "checked_in" not in told["text"] and told["actor"] is None
    assert told["conversation_id"] == resolved["conversation_id"]
    mine = sam.get("/me/conversations").get_json()["items"]
    assert [c["id"] for c in mine] == [resolved["conversation_id"]] and mine[0]["started_by"] == "team"
    said = sam.get(f"/me/conversations/{mine[0]['id']}/messages").get_json()["items"]
    assert [(m["from"], m["body"], m["author"]["display_name"]) for m in said] == [
        ("team", WORDS, "The moderation team")]
    entry = mod.get("/moderation/log").get_json()["items"][0]
    assert entry["action"] == "queue_checked_in" and entry["reason"] == "Wrote to them"
    assert WORDS not in str(entry)  # the log keeps why, not the words to the member


@pytest.mark.parametrize("outcome", ["referred", "no_action_needed"])
def test_care_outcomes_leave_even_a_hidden_post_as_it_is(api, member, moderator, crisis_item, outcome):
    post_id, item_id = crisis_item
    mod = api.as_(moderator)
    mod.post(f"/posts/{post_id}/flags", json={"reason": "crisis"})  # a moderator's flag hides it
    resolved = mod.post(f"/moderation/queue/{item_id}/resolve", json={"action": outcome, "reason": "Clinic called"})
    assert resolved.status_code == 200 and resolved.get_json()["item"]["outcome"] == outcome
    assert mod.get(f"/posts/{post_id}").get_json()["post"]["status"] == "hidden"
    assert mod.get("/moderation/log").get_json()["items"][0]["action"] == f"queue_{outcome}"
    assert _notifications(api, member) == []  # nothing said, nothing to tell


def test_a_referral_with_words_opens_a_conversation(api, member, moderator, crisis_item):
    _, item_id = crisis_item
    api.as_(moderator).post(f"/moderation/queue/{item_id}/resolve", json={
        "action": "referred", "reason": "Pointed to 988", "message": "Please call or text 988 tonight."})
    assert _notifications(api, member)[0]["message"] == "Please call or text 988 tonight."


def test_care_outcomes_are_for_crisis_and_concern_items(api, member, other_member, moderator):
    post_id = _post(api, member, "Hello")
    api.as_(other_member).post(f"/posts/{post_id}/flags", json={"reason": "spam"})
    mod = api.as_(moderator)
    item_id = mod.get("/moderation/queue").get_json()["items"][0]["id"]
    refused = mod.post(f"/moderation/queue/{item_id}/resolve", json={"action": "checked_in", "reason": "r",
                                                                       "message": "hi"})
    assert refused.status_code == 422 and "action" in refused.get_json()["error"]["fields"]
    assert mod.post(f"/moderation/queue/{item_id}/resolve", json={"action": "banish", "reason": "r"}).status_code == 422
    too_long = mod.post(f"/moderation/queue/{item_id}/resolve", json={"action": "hide", "reason": "r",
                                                                        "message": "x" * 5000})
    assert too_long.status_code == 422 and "message" in too_long.get_json()["error"]["fields"]
    assert mod.post(f"/moderation/queue/{item_id}/resolve", json={"action": "hide", "reason": "r",
                                                                    "message": 5}).status_code == 422


def test_a_removal_is_told_in_the_moderators_words_not_the_action(api, member, other_member, moderator):
    post_id = _post(api, member, "Buy cheap")
    api.as_(other_member).post(f"/posts/{post_id}/flags", json={"reason": "sourcing"})
    mod = api.as_(moderator)
    item_id = mod.get("/moderation/queue").get_json()["items"][0]["id"]
    kind_words = "We took this down because offers of medication aren't allowed here. You're welcome to post again."
    mod.post(f"/moderation/queue/{item_id}/resolve", json={"action": "remove", "reason": "Rule 3: no sourcing",
                                                             "message": kind_words})
    told = _notifications(api, member)[0]
    assert told["kind"] == "moderation" and told["message"] == kind_words
    assert told["text"].startswith("Moderators removed your post") and "remove:" not in told["text"]
    assert "Rule 3" not in str(told)  # the reason stays in the log
    assert api.as_(member).get(f"/posts/{post_id}").get_json()["post"]["status"] == "removed"


def test_a_post_kept_with_nothing_to_say_is_not_news(api, member, other_member, moderator):
    post_id = _post(api, member, "Fine")
    api.as_(other_member).post(f"/posts/{post_id}/flags", json={"reason": "other"})
    mod = api.as_(moderator)
    item_id = mod.get("/moderation/queue").get_json()["items"][0]["id"]
    mod.post(f"/moderation/queue/{item_id}/resolve", json={"action": "dismiss", "reason": "Nothing wrong"})
    assert _notifications(api, member) == []


def test_emails_carry_no_ones_words(app, api, member, moderator, crisis_item):
    _, item_id = crisis_item
    api.as_(moderator).post(f"/moderation/queue/{item_id}/resolve",
                            json={"action": "checked_in", "reason": "r", "message": WORDS})
    with app.app_context():
        from forum.notifications.models import Notification

        notification = db.session.scalar(db.select(Notification))
        assert wording.headline(notification) == "The moderation team wrote to you"
        assert WORDS in wording.describe(notification)


def test_open_items_say_how_long_they_have_waited(app, api, moderator, crisis_item, moved_clock):
    from datetime import timedelta

    moved_clock["by"] = timedelta(minutes=3)
    item = api.as_(moderator).get("/moderation/queue").get_json()["items"][0]
    assert 175 <= item["waiting_seconds"] <= 200 and item["tier"] == "concern"


# --- the pages ------------------------------------------------------------------------------

def test_checking_in_from_the_item_page_with_a_template(client, auth, api, member, moderator, crisis_item):
    post_id, item_id = crisis_item
    auth.login(moderator)
    page = client.get(f"/moderation/items/{item_id}").get_data(as_text=True)
    assert "Checked in" in page and "No action needed" in page and "Checking in after a hard post" in page
    filled = client.post(f"/moderation/items/{item_id}", data={"use_template": "1", "template": "0", "message": ""})
    assert filled.status_code == 200 and "how are you doing" in filled.get_data(as_text=True)
    assert api.as_(moderator).get("/moderation/queue").get_json()["items"][0]["id"] == item_id  # still open
    refused = client.post(f"/moderation/items/{item_id}", data={"action": "checked_in", "reason": "r", "message": ""})
    assert "checking in means saying something" in refused.get_data(as_text=True)
    done = client.post(f"/moderation/items/{item_id}", data={"action": "checked_in", "reason": "r", "message": WORDS})
    assert done.status_code == 302
    assert _notifications(api, member)[0]["message"] == WORDS
    assert "The member was told" in client.get(f"/moderation/items/{item_id}").get_data(as_text=True)
    assert post_id


def test_a_flagged_item_offers_no_care_outcomes(client, auth, api, member, other_member, moderator):
    post_id = _post(api, member, "Hi")
    api.as_(other_member).post(f"/posts/{post_id}/flags", json={"reason": "spam"})
    item_id = api.as_(moderator).get("/moderation/queue").get_json()["items"][0]["id"]
    auth.login(moderator)
    page = client.get(f"/moderation/items/{item_id}").get_data(as_text=True)
    assert "Hide the post" in page and 'value="checked_in"' not in page


# --- templates --------------------------------------------------------------------------------

def test_the_defaults_are_warm_and_brief(app):
    with app.test_request_context():
        templates = settings.get("care_message_templates")
    assert len(templates) >= 3
    assert all(len(t["body"]) < 600 and t["title"] for t in templates)
    titles = " ".join(t["title"] for t in templates).lower()
    assert "checking in" in titles and "crisis line" in titles and "removal" in titles


def test_staff_edit_the_templates_and_moderators_see_them(client, auth, browser_as, staff, moderator, crisis_item):
    _, item_id = crisis_item
    assert browser_as(moderator).get("/staff/care-messages").status_code == 403
    auth.login(staff)
    page = client.get("/staff/care-messages").get_data(as_text=True)
    assert "Checking in after a hard post" in page
    saved = client.post("/staff/care-messages", data={
        "templates-0-title": "After a session", "templates-0-body": "How was today's session for you?",
        "templates-1-title": "", "templates-1-body": "", "reason": "Shorter list"})
    assert saved.status_code == 302
    item_page = browser_as(moderator).get(f"/moderation/items/{item_id}").get_data(as_text=True)
    assert "After a session" in item_page and "Checking in after a hard post" not in item_page


@pytest.mark.parametrize("rows, problem", [
    ({"templates-0-title": "No words", "templates-0-body": ""}, "both a title and its words"),
    ({"templates-0-title": "t" * 81, "templates-0-body": "Words"}, "Keep titles to 80"),
    ({f"templates-{n}-{part}": "x" for n in range(13) for part in ("title", "body")}, "At most 12"),
])
def test_templates_are_checked(client, auth, staff, rows, problem):
    auth.login(staff)
    refused = client.post("/staff/care-messages", data={**rows, "reason": ""})
    assert refused.status_code == 422 and problem in refused.get_data(as_text=True)


def test_the_settings_service_refuses_malformed_templates(app, staff):
    from forum.accounts.models import User
    from forum.errors import InvalidInput

    with app.test_request_context():
        for value in ("words", [{"title": 1, "body": "x"}], [["a", "b"]]):
            with pytest.raises(InvalidInput):
                settings.change(db.session.get(User, staff.id), {"care_message_templates": value})


def test_resolved_items_keep_the_words_for_the_team(app, api, moderator, crisis_item):
    _, item_id = crisis_item
    api.as_(moderator).post(f"/moderation/queue/{item_id}/resolve",
                            json={"action": "checked_in", "reason": "r", "message": WORDS})
    with app.app_context():
        found = db.session.get(QueueItem, item_id)
        assert found.resolution_message == WORDS and found.resolved_at <= clock.now()
