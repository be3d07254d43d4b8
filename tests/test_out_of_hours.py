"""Out-of-hours protection: outside moderated hours, two flags hide a post and
five members reporting one person's posts within a day hold that person's next
posts for review; never a crisis post; logged, told kindly, and reversible."""
from datetime import timedelta

import pytest

from forum.audit.models import LogEntry
from forum.community.models import Post
from forum.extensions import db
from forum.moderation import out_of_hours
from forum.settings import service as settings

RULE = "out-of-hours protection"


@pytest.fixture
def writes(api):
    """writes(person, body=...): start a thread through the API; returns the response's JSON and status."""
    def write(person, body="An ordinary post.", title="An ordinary thread"):
        response = api.as_(person).post("/categories/coping/threads", json={"title": title, "body": body})
        assert response.status_code in (201, 202), response.get_json()
        return response.status_code, response.get_json()

    return write


@pytest.fixture
def flaggers(api, make_person):
    """flaggers(n): API clients for n new members."""
    made = []

    def make(count: int):
        start = len(made)
        made.extend(api.as_(make_person(f"reporter_{start + n}")) for n in range(count))
        return made[start:]

    return make


def _status(app, post_id: int) -> str:
    with app.app_context():
        return db.session.get(Post, post_id).status


def _rule_entries(app, action: str) -> list[LogEntry]:
    with app.app_context():
        return list(db.session.scalars(db.select(LogEntry).where(LogEntry.actor_name == RULE,
                                                                 LogEntry.action == action)))


def _notifications(api, person) -> list[dict]:
    return api.as_(person).get("/notifications").get_json()["items"]


# --- hiding a post ----------------------------------------------------------------------

def test_two_flags_hide_a_post_outside_moderated_hours(app, api, client, auth, member, moderator,
                                                       moderators_around, writes, flaggers):
    moderators_around(False)
    _, written = writes(member)
    post_id = written["post"]["id"]
    first, second = flaggers(2)
    first.post(f"/posts/{post_id}/flags", json={"reason": "harassment"})
    assert _status(app, post_id) == "visible"
    second.post(f"/posts/{post_id}/flags", json={"reason": "spam"})
    assert _status(app, post_id) == "hidden"
    [entry] = _rule_entries(app, "post_hidden")
    assert (entry.target_type, entry.target_id, entry.actor_id) == ("post", post_id, None)
    assert entry.reason == "2 members reported it outside moderated hours"
    # The author is told kindly, in the notification and on the post.
    [told] = [n for n in _notifications(api, member) if n["kind"] == "moderation"]
    assert told["text"] == "Your post is waiting for a moderator to look at it"
    assert told["excerpt"] == out_of_hours.HIDDEN_NOTE
    assert told["excerpt"].startswith("Moderators are away right now, so posts that several members reported wait")
    auth.login(member)
    page = client.get(f"/t/{written['thread']['id']}").get_data(as_text=True)
    assert "They&#39;ll check it as soon as they&#39;re back." in page
    # A moderator undoes it by keeping the post.
    mod = api.as_(moderator)
    item_id = mod.get("/moderation/queue").get_json()["items"][0]["id"]
    mod.post(f"/moderation/queue/{item_id}/resolve", json={"action": "dismiss", "reason": "Nothing wrong here."})
    assert _status(app, post_id) == "visible"


def test_inside_moderated_hours_it_still_takes_three(app, member, moderators_around, writes, flaggers):
    moderators_around(True)
    _, written = writes(member)
    post_id = written["post"]["id"]
    for number, flagger in enumerate(flaggers(3), start=1):
        flagger.post(f"/posts/{post_id}/flags", json={"reason": "harassment"})
        assert _status(app, post_id) == ("hidden" if number == 3 else "visible"), number
    assert _rule_entries(app, "post_hidden") == []


def test_a_staff_threshold_applies(app, member, moderators_around, writes, flaggers):
    with app.test_request_context():
        settings.update({"out_of_hours_flag_threshold": 1})
    moderators_around(False)
    _, written = writes(member)
    flaggers(1)[0].post(f"/posts/{written['post']['id']}/flags", json={"reason": "other"})
    assert _status(app, written["post"]["id"]) == "hidden"


@pytest.mark.parametrize("body, reasons", [
    ("i want to die tonight", ("harassment", "spam")),  # the detector's crisis item
    ("An ordinary post.", ("crisis", "harassment")),  # a member's worry opened one
])
def test_a_crisis_post_is_never_hidden_by_it(app, member, moderators_around, writes, flaggers, body, reasons):
    moderators_around(False)
    _, written = writes(member, body=body)
    post_id = written["post"]["id"]
    for flagger, reason in zip(flaggers(2), reasons):
        flagger.post(f"/posts/{post_id}/flags", json={"reason": reason})
    assert _status(app, post_id) == "visible"
    assert _rule_entries(app, "post_hidden") == []


def test_crisis_language_without_a_queue_item_is_not_hidden_either(app, member, moderators_around, writes, flaggers):
    with app.test_request_context():
        settings.update({"crisis_concern_to_queue": False})  # concern: resources only, no item
    moderators_around(False)
    _, written = writes(member, body="i wish i was dead")
    for flagger in flaggers(2):
        flagger.post(f"/posts/{written['post']['id']}/flags", json={"reason": "other"})
    assert _status(app, written["post"]["id"]) == "visible"


# --- holding a member's next posts --------------------------------------------------------

def _five_posts(writes, member) -> list[int]:
    return [writes(member, title=f"Thread number {n}")[1]["post"]["id"] for n in range(5)]


def _report_each(post_ids, reporters) -> None:
    for post_id, reporter in zip(post_ids, reporters):
        assert reporter.post(f"/posts/{post_id}/flags", json={"reason": "harassment"}).status_code == 201


def test_five_members_reporting_within_a_day_hold_the_next_post(app, api, member, moderator, moderators_around, writes,
                                                                 flaggers):
    moderators_around(False)
    posts = _five_posts(writes, member)
    _report_each(posts[:4], flaggers(4))
    assert writes(member, title="Still published")[0] == 201
    _report_each(posts[4:], flaggers(1))
    status, held = writes(member, title="Waits for review")
    assert status == 202 and held["post"]["status"] == "pending"
    with app.app_context():
        assert db.session.get(Post, held["post"]["id"]).moderation_note == out_of_hours.HELD_NOTE
    [item] = [item for item in api.as_(moderator).get("/moderation/queue").get_json()["items"]
              if item["post"]["id"] == held["post"]["id"]]
    assert item["kind"] == "held" and {"reason": "review_hold", "count": 1} in item["reasons"]
    [entry] = _rule_entries(app, "review_hold_placed")
    assert (entry.target_type, entry.target_id) == ("user", member.id)
    assert entry.reason == "5 members reported their posts within 24 hours, outside moderated hours"
    [told] = [n for n in _notifications(api, member) if n["text"].startswith("For now")]
    assert told["text"] == "For now, your new posts wait for a moderator before they appear"
    assert "They'll look as soon as they're back." in told["excerpt"]
    # Someone in crisis is heard at once: a crisis post is still published.
    status, crisis = writes(member, body="i want to end my life tonight", title="Can't go on")
    assert status == 201 and crisis["post"]["status"] == "visible" and crisis["notices"]


def test_reports_older_than_a_day_do_not_count(app, member, moderators_around, writes, flaggers):
    moderators_around(False)
    posts = _five_posts(writes, member)
    _report_each(posts[:4], flaggers(4))
    moderators_around.later(timedelta(hours=25))  # 04:00 the next day: still outside
    _report_each(posts[4:], flaggers(1))
    assert writes(member, title="Published at once")[0] == 201
    assert _rule_entries(app, "review_hold_placed") == []


def test_one_member_flagging_many_posts_counts_once(app, member, moderators_around, writes, flaggers):
    moderators_around(False)
    posts = _five_posts(writes, member)
    reporter = flaggers(1)[0]
    for post_id in posts:
        reporter.post(f"/posts/{post_id}/flags", json={"reason": "spam"})
    assert writes(member, title="Published at once")[0] == 201


def test_inside_moderated_hours_nothing_is_held(app, member, moderators_around, writes, flaggers):
    moderators_around(True)
    _report_each(_five_posts(writes, member), flaggers(5))
    assert writes(member, title="Published at once")[0] == 201


def test_a_moderator_lifts_the_hold(app, api, client, auth, member, moderator, moderators_around, writes, flaggers):
    moderators_around(False)
    _report_each(_five_posts(writes, member), flaggers(5))
    hold = api.as_(moderator).get(f"/users/{member.id}/review-hold").get_json()["review_hold"]
    assert hold["user"]["id"] == member.id and hold["lifted_at"] is None
    assert api.as_(member).delete(f"/users/{member.id}/review-hold", json={"reason": "Me"}).status_code == 403
    auth.login(moderator)
    page = client.get(f"/moderation/members/{member.id}").get_data(as_text=True)
    assert "New posts wait for review" in page and "Lift the hold" in page
    refused = client.post(f"/moderation/members/{member.id}/review-hold/lift", data={"reason": ""},
                          follow_redirects=True).get_data(as_text=True)
    assert "Give a reason; it is kept in the moderation log." in refused
    client.post(f"/moderation/members/{member.id}/review-hold/lift", data={"reason": "Read their posts: all fine."})
    assert "New posts wait for review" not in client.get(f"/moderation/members/{member.id}").get_data(as_text=True)
    assert writes(member, title="Published again")[0] == 201
    again = api.as_(moderator).delete(f"/users/{member.id}/review-hold", json={"reason": "Again"})
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "not_held"
    with app.app_context():
        entry = db.session.scalar(db.select(LogEntry).where(LogEntry.action == "review_hold_lifted"))
        assert (entry.actor_name, entry.target_id, entry.reason) == (moderator.username, member.id,
                                                                     "Read their posts: all fine.")
    texts = [n["text"] for n in _notifications(api, member)]
    assert "A moderator has looked: your new posts appear straight away again" in texts
    # The reports a moderator has seen don't hold them again.
    _report_each([writes(member, title="One more")[1]["post"]["id"]], flaggers(1))
    assert writes(member, title="Still published")[0] == 201


def test_the_api_lifts_it_too(app, api, member, moderator, moderators_around, writes, flaggers):
    moderators_around(False)
    _report_each(_five_posts(writes, member), flaggers(5))
    mod = api.as_(moderator)
    assert mod.delete(f"/users/{member.id}/review-hold", json={}).status_code == 422
    lifted = mod.delete(f"/users/{member.id}/review-hold", json={"reason": "Checked."}).get_json()["review_hold"]
    assert lifted["lifted_by"] == moderator.username and lifted["lift_reason"] == "Checked."
    assert mod.get(f"/users/{member.id}/review-hold").get_json() == {"review_hold": None}
    assert mod.get("/users/999999/review-hold").status_code == 404
