"""Follow-up after a crisis: closing a crisis item with a check-in or a
referral schedules a check on the member; when it falls due (a moved clock)
the periodic check raises it into the queue once, below crisis items, about
the same member; closing it with care schedules the next; Insights counts them."""
from datetime import timedelta

import pytest

from forum.care import followups
from forum.care.models import FollowUp
from forum.extensions import db
from forum.insights import service as insights
from forum.moderation.models import QueueItem
from forum.settings import service as settings

WORDS = "Checking in after yesterday. How are you today?"


@pytest.fixture
def closed_crisis(api, member, moderator):
    """A crisis post by the member, closed with a check-in; returns the item id."""
    api.as_(member).post("/categories/coping/threads", json={"title": "Tonight", "body": "i want to die"})
    item_id = api.as_(moderator).get("/moderation/queue").get_json()["items"][0]["id"]
    api.as_(moderator).post(f"/moderation/queue/{item_id}/resolve",
                            json={"action": "checked_in", "reason": "Wrote to them", "message": WORDS})
    return item_id


def _raise_due(app, moved_clock, hours_later: float) -> int:
    moved_clock["by"] += timedelta(hours=hours_later)
    with app.app_context():
        return followups.raise_due()


def _followup_items(app) -> list[QueueItem]:
    with app.app_context():
        return list(db.session.scalars(db.select(QueueItem).where(QueueItem.kind == "followup")))


def test_a_check_in_schedules_a_follow_up_that_falls_due_once(app, api, member, moderator, closed_crisis,
                                                               moved_clock):
    assert _raise_due(app, moved_clock, 23) == 0
    assert _raise_due(app, moved_clock, 1.5) == 1
    assert _raise_due(app, moved_clock, 1) == 0  # raised once, even when the check runs again
    [item] = _followup_items(app)
    queue = api.as_(moderator).get("/moderation/queue").get_json()["items"]
    shown = next(entry for entry in queue if entry["id"] == item.id)
    assert shown["kind"] == "followup" and shown["reasons"] == [{"reason": "followup", "count": 1}]
    assert shown["conversation_id"] is not None and shown["post"] is not None
    assert shown["post"]["author"]["username"] == member.username  # whom to check on


def test_follow_ups_sit_below_crisis_items(app, api, member, other_member, moderator, closed_crisis, moved_clock):
    _raise_due(app, moved_clock, 25)
    api.as_(other_member).post("/categories/coping/threads",
                               json={"title": "Now", "body": "i have the pills and i am going to end it tonight"})
    kinds = [entry["kind"] for entry in api.as_(moderator).get("/moderation/queue").get_json()["items"]]
    assert kinds.index("crisis") < kinds.index("followup")


def test_closing_a_follow_up_with_care_schedules_the_next(app, api, moderator, closed_crisis, moved_clock):
    _raise_due(app, moved_clock, 25)
    [item] = _followup_items(app)
    answer = api.as_(moderator).post(f"/moderation/queue/{item.id}/resolve",
                                     json={"action": "referred", "reason": "Pointed to the clinic line"})
    assert answer.status_code == 200, answer.get_json()
    assert _raise_due(app, moved_clock, 25) == 1
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(FollowUp)) == 2


def test_no_follow_up_after_no_action_needed_or_when_turned_off(app, api, member, moderator, moved_clock):
    for body, action in [("i want to die", "no_action_needed"), ("i want to die today", "checked_in")]:
        if action == "checked_in":
            with app.app_context():
                settings.update({"followup_hours": 0})
        api.as_(member).post("/categories/coping/threads", json={"title": "Again", "body": body})
        item_id = next(entry["id"] for entry in api.as_(moderator).get("/moderation/queue").get_json()["items"]
                       if entry["kind"] == "crisis")
        api.as_(moderator).post(f"/moderation/queue/{item_id}/resolve",
                                json={"action": action, "reason": "Looked", "message": WORDS})
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(FollowUp)) == 0


def test_insights_count_follow_ups_due_done_and_late(app, api, moderator, staff, closed_crisis, moved_clock):
    _raise_due(app, moved_clock, 25)  # due at +24 h: raised
    [item] = _followup_items(app)
    _raise_due(app, moved_clock, 30)  # done 31 h after it fell due: late
    api.as_(moderator).post(f"/moderation/queue/{item.id}/resolve",
                            json={"action": "no_action_needed", "reason": "They are doing better"})
    with app.app_context():
        from forum.accounts.models import User

        chart = insights.chart(db.session.get(User, staff.id), 7, "followups")
    assert chart.rows == [["Fell due", 1], ["Done", 1], ["Late (over a day after due)", 1], ["Still waiting", 0]]
    assert chart.summary == "1 follow-up fell due: 1 done, 1 late, 0 still waiting."
