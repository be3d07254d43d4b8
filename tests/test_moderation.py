"""Flags, auto-hide, the queue, resolutions, thread actions and the log."""
from datetime import timedelta

import pytest

from forum import clock
from forum.moderation.models import QueueItem
from forum.extensions import db


@pytest.fixture
def post_by(api):
    def write(person, body="An ordinary post.", title="An ordinary thread"):
        response = api.as_(person).post("/categories/coping/threads", json={"title": title, "body": body})
        assert response.status_code in (201, 202), response.get_json()
        return response.get_json()["post"]["id"]

    return write


def test_flag_once_per_member(api, member, other_member, post_by):
    post_id = post_by(other_member)
    sam = api.as_(member)
    first = sam.post(f"/posts/{post_id}/flags", json={"reason": "harassment", "note": "Unkind"})
    assert first.status_code == 201 and "we'll let you know" in first.get_json()["message"]
    again = sam.post(f"/posts/{post_id}/flags", json={"reason": "spam"})
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "already_flagged"
    assert sam.post(f"/posts/{post_id}/flags", json={"reason": "boring"}).status_code in (409, 422)
    own = api.as_(other_member).post(f"/posts/{post_id}/flags", json={"reason": "spam"})
    assert own.status_code == 403


def test_three_distinct_members_hide_a_post_pending_review(api, make_person, other_member, post_by,
                                                           moderators_around):
    moderators_around(True)  # outside moderated hours two are enough: test_out_of_hours
    post_id = post_by(other_member)
    flaggers = [api.as_(make_person(f"flagger_{n}")) for n in range(3)]
    for number, flagger in enumerate(flaggers):
        flagger.post(f"/posts/{post_id}/flags", json={"reason": "harassment"})
        status = api.as_(other_member).get(f"/posts/{post_id}").get_json()["post"]["status"]
        assert status == ("hidden" if number == 2 else "visible")
    # A hidden opening post hides its thread from readers; its author still sees it.
    assert flaggers[0].get(f"/posts/{post_id}").status_code == 404
    assert api.as_(other_member).get(f"/posts/{post_id}").get_json()["post"]["body"] == "An ordinary post."


def test_a_moderator_flag_hides_at_once(api, moderator, other_member, post_by):
    post_id = post_by(other_member)
    api.as_(moderator).post(f"/posts/{post_id}/flags", json={"reason": "sourcing"})
    assert api.as_(other_member).get(f"/posts/{post_id}").get_json()["post"]["status"] == "hidden"


def test_author_sees_why_and_editing_sends_it_back_to_review(api, client, auth, moderator, other_member, post_by):
    post_id = post_by(other_member)
    mod = api.as_(moderator)
    mod.post(f"/posts/{post_id}/flags", json={"reason": "misinformation"})
    item_id = mod.get("/moderation/queue").get_json()["items"][0]["id"]
    mod.post(f"/moderation/queue/{item_id}/resolve", json={"action": "hide", "reason": "Rule 2: no dosing advice"})
    auth.login(other_member)
    page = client.get(f"/p/{post_id}", follow_redirects=True).get_data(as_text=True)
    assert "Rule 2: no dosing advice" in page and "edit your post" in page
    api.as_(other_member).patch(f"/posts/{post_id}", json={"body": "Reworded without numbers."})
    items = mod.get("/moderation/queue").get_json()["items"]
    assert items[0]["post"]["id"] == post_id
    assert {"reason": "edited_after_hiding", "count": 1} in items[0]["reasons"]


def test_queue_order_crisis_first_then_score_then_age(app, api, make_person, moderator, post_by):
    author = make_person("author_a")
    mild = post_by(author, body="Just a thought.", title="First thread")
    loud = post_by(author, body="Another thought.", title="Second thread")
    crisis = post_by(author, body="i want to die", title="Third thread")
    a, b = api.as_(make_person("flag_a")), api.as_(make_person("flag_b"))
    a.post(f"/posts/{mild}/flags", json={"reason": "spam"})
    a.post(f"/posts/{loud}/flags", json={"reason": "harassment"})
    b.post(f"/posts/{loud}/flags", json={"reason": "harassment"})
    order = [item["post"]["id"] for item in api.as_(moderator).get("/moderation/queue").get_json()["items"]]
    assert order == [crisis, loud, mild]


def test_claims_keep_two_moderators_apart(api, make_person, moderator, staff, post_by):
    other_mod = api.as_(make_person("second_mod", role="moderator"))
    post_id = post_by(make_person("writer"), body="i want to die")
    mod = api.as_(moderator)
    item_id = mod.get("/moderation/queue").get_json()["items"][0]["id"]
    assert mod.post(f"/moderation/queue/{item_id}/claim").get_json()["item"]["claimed_by"] == moderator.username
    taken = other_mod.post(f"/moderation/queue/{item_id}/claim")
    assert taken.status_code == 409 and moderator.username in taken.get_json()["error"]["message"]
    assert other_mod.post(f"/moderation/queue/{item_id}/unclaim").status_code == 409
    assert api.as_(staff).post(f"/moderation/queue/{item_id}/unclaim").status_code == 200
    assert post_id


def test_unclaimed_crisis_items_become_overdue(app, api, moderator, make_person, post_by):
    post_by(make_person("writer"), body="im going to end it tonight")
    with app.app_context():
        item = db.session.scalar(db.select(QueueItem))
        item.first_at = clock.now() - timedelta(minutes=16)
        db.session.commit()
    assert api.as_(moderator).get("/moderation/queue").get_json()["items"][0]["overdue"] is True


@pytest.mark.parametrize("action, status, outcome", [("dismiss", "visible", "kept"), ("hide", "hidden", "hidden"),
                                                     ("remove", "removed", "removed")])
def test_resolving_flagged_items(api, member, moderator, other_member, post_by, action, status, outcome):
    post_id = post_by(other_member)
    sam, mod = api.as_(member), api.as_(moderator)
    sam.post(f"/posts/{post_id}/flags", json={"reason": "harassment"})
    item_id = mod.get("/moderation/queue").get_json()["items"][0]["id"]
    missing = mod.post(f"/moderation/queue/{item_id}/resolve", json={"action": action, "reason": ""})
    assert missing.status_code == 422
    resolved = mod.post(f"/moderation/queue/{item_id}/resolve", json={"action": action, "reason": "Rule 1"})
    assert resolved.status_code == 200 and resolved.get_json()["item"]["resolution"] == action
    assert api.as_(other_member).get(f"/posts/{post_id}").get_json()["post"]["status"] == status
    assert mod.get("/moderation/queue").get_json()["items"] == []
    again = mod.post(f"/moderation/queue/{item_id}/resolve", json={"action": action, "reason": "Rule 1"})
    assert again.status_code == 409
    log = mod.get("/moderation/log").get_json()["items"][0]
    assert log["action"] == f"queue_{action}" and log["actor"] == moderator.username and log["reason"] == "Rule 1"


def test_approving_and_rejecting_held_posts(app, api, member, moderator):
    from forum.settings import service as settings

    with app.test_request_context():
        settings.update({"new_member_review_count": 5})
    sam, mod = api.as_(member), api.as_(moderator)
    first = sam.post("/categories/coping/threads", json={"title": "Held thread", "body": "hello"}).get_json()
    assert sam.get(f"/threads/{first['thread']['id']}").status_code == 200
    assert api.as_(moderator).get(f"/threads/{first['thread']['id']}").status_code == 200
    items = mod.get("/moderation/queue").get_json()["items"]
    mod.post(f"/moderation/queue/{items[0]['id']}/resolve", json={"action": "approve", "reason": "Welcome"})
    assert sam.get(f"/posts/{first['post']['id']}").get_json()["post"]["status"] == "visible"
    second = sam.post(f"/threads/{first['thread']['id']}/posts", json={"body": "another"}).get_json()
    item_id = mod.get("/moderation/queue").get_json()["items"][0]["id"]
    mod.post(f"/moderation/queue/{item_id}/resolve", json={"action": "reject", "reason": "Off topic"})
    assert sam.get(f"/posts/{second['post']['id']}").get_json()["post"]["status"] == "rejected"


def test_held_threads_are_invisible_to_other_members(app, api, member, other_member):
    from forum.settings import service as settings

    with app.test_request_context():
        settings.update({"new_member_review_count": 5})
    held = api.as_(member).post("/categories/coping/threads", json={"title": "Held thread", "body": "hello"})
    thread_id = held.get_json()["thread"]["id"]
    river = api.as_(other_member)
    assert river.get(f"/threads/{thread_id}").status_code == 404
    assert thread_id not in [row["id"] for row in river.get("/categories/coping/threads").get_json()["items"]]


def test_thread_lock_unlock_move(api, member, moderator, post_by):
    sam, mod = api.as_(member), api.as_(moderator)
    thread_id = sam.post("/categories/coping/threads", json={"title": "Movable", "body": "x"}).get_json()["thread"]["id"]
    assert mod.post(f"/threads/{thread_id}/lock", json={}).status_code == 422
    assert mod.post(f"/threads/{thread_id}/lock", json={"reason": "Cooling off"}).get_json()["thread"]["locked"]
    assert sam.post(f"/threads/{thread_id}/posts", json={"body": "hi"}).status_code == 409
    assert mod.post(f"/threads/{thread_id}/lock", json={"reason": "again"}).status_code == 409
    assert not mod.post(f"/threads/{thread_id}/unlock", json={"reason": "Calm"}).get_json()["thread"]["locked"]
    moved = mod.post(f"/threads/{thread_id}/move", json={"category": "off-topic", "reason": "Not about coping"})
    assert moved.get_json()["thread"]["category"] == "off-topic"
    assert sam.post(f"/threads/{thread_id}/lock", json={"reason": "mine"}).status_code == 403
    counts = {c["slug"]: c["thread_count"] for c in sam.get("/categories").get_json()["items"]}
    assert counts["coping"] == 0 and counts["off-topic"] == 1


def test_the_log_is_for_moderators_and_filterable(api, member, moderator, staff):
    mod = api.as_(moderator)
    api.as_(staff).put(f"/users/{member.id}/role", json={"role": "member", "reason": "no change"})
    mod.post(f"/users/{member.id}/sanctions", json={"kind": "warn", "reason": "Be kind"})
    assert api.as_(member).get("/moderation/log").status_code == 403
    only_warnings = mod.get("/moderation/log?action=sanction_warn").get_json()["items"]
    assert [entry["action"] for entry in only_warnings] == ["sanction_warn"]
    by_staff = mod.get(f"/moderation/log?actor={staff.username}").get_json()["items"]
    assert all(entry["actor"] == staff.username for entry in by_staff) and by_staff


def test_moderation_pages(client, auth, moderator, member, other_member, api, post_by):
    post_id = post_by(other_member, body="i want to die")
    auth.login(moderator)
    page = client.get("/moderation").get_data(as_text=True)
    assert "Crisis" in page and "Third" not in page
    item_id = api.as_(moderator).get("/moderation/queue").get_json()["items"][0]["id"]
    detail = client.get(f"/moderation/items/{item_id}").get_data(as_text=True)
    assert "crisis language" in detail and "collapsed for your sake" in detail
    client.post(f"/moderation/items/{item_id}/claim")
    assert "Claimed by <strong>maple_mod</strong>" in client.get(f"/moderation/items/{item_id}").get_data(as_text=True)
    response = client.post(f"/moderation/items/{item_id}", data={"action": "dismiss", "reason": "Checked in"})
    assert response.status_code == 302
    assert "Checked in" in client.get("/moderation/log").get_data(as_text=True)
    assert post_id


def test_flag_page(client, auth, member, other_member, post_by):
    post_id = post_by(other_member)
    auth.login(member)
    assert client.get(f"/p/{post_id}/flag").status_code == 200
    response = client.post(f"/p/{post_id}/flag", data={"reason": "crisis", "note": "Worried"})
    assert response.status_code == 302
    again = client.post(f"/p/{post_id}/flag", data={"reason": "crisis"}).get_data(as_text=True)
    assert "already flagged" in again


def test_one_flag_counts_once(api, member, moderator, other_member, post_by):
    post_id = post_by(other_member)
    api.as_(member).post(f"/posts/{post_id}/flags", json={"reason": "harassment", "note": "Unkind"})
    item = api.as_(moderator).get("/moderation/queue").get_json()["items"][0]
    assert item["reasons"] == [{"reason": "harassment", "count": 1}]


def test_queue_rows_are_enough_to_triage_and_claim(client, auth, moderator, other_member, post_by):
    post_by(other_member, title="Rough night", body="I can't do this anymore. I have the pills and tonight is the night.")
    post_by(other_member, title="Plain", body="A gentle day.")
    auth.login(moderator)
    page = client.get("/moderation").get_data(as_text=True)
    start = page.index('class="queue-item')
    row = page[start:page.index("</li>", start)]
    assert "badge crisis" in row and "tier-urgent" in row and "Rough night" in row
    assert other_member.username in row or "By " in row
    assert "I can&#39;t do this anymore" in row and ">under a minute</span>" in row and "unclaimed" in row
    item_id = int(row.split('data-item-id="')[1].split('"')[0])
    claimed = client.post(f"/moderation/items/{item_id}/claim", data={"next": "/moderation"})
    assert claimed.status_code == 302 and claimed.headers["Location"].endswith("/moderation")
    with client.application.app_context():
        assert db.session.get(QueueItem, item_id).claimed_by_id == moderator.id


def test_the_menu_and_tab_count_open_items_and_the_alert_lists_every_waiting_crisis(
        client, auth, moderator, member, other_member, post_by):
    first = post_by(other_member, title="First", body="i have the pills and i am going to end it tonight")
    post_by(other_member, title="Second", body="im going to kill myself tonight")
    post_by(other_member, title="Third", body="A quiet day.")
    auth.login(moderator)
    page = client.get("/").get_data(as_text=True)
    assert "<title>(2) " in page and "2 open, 2 crisis" in page
    alert = page[page.index('id="moderator-alert"'):page.index('id="moderator-alert-news"')]
    assert "First" in alert and "Second" in alert and " hidden" not in alert.split(">")[0]
    with client.application.app_context():
        item_id = db.session.scalar(db.select(QueueItem.id).where(QueueItem.post_id == first))
    client.post(f"/moderation/items/{item_id}/claim")
    alert = client.get("/").get_data(as_text=True).split('id="moderator-alert"')[1].split("moderator-alert-news")[0]
    assert "First" not in alert and "Second" in alert
    auth.logout()
    auth.login(member)
    assert 'id="queue-count"' not in client.get("/").get_data(as_text=True)
