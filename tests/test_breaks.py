"""Taking a break and quiet hours: the community stops pinging a member, and
help never closes. The clock is moved rather than waited for."""
from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest

from forum import clock
from forum.accounts.models import User
from forum.extensions import db, socketio
from forum.notifications.models import Notification
from forum.oncall import watch
from tests.conftest import make_app
from tests.outside import inbox  # noqa: F401  (fixture)

pytestmark = pytest.mark.usefixtures("moved_clock")


@pytest.fixture
def app_config(inbox):
    return {"HEARTH_SMTP_HOST": "127.0.0.1", "HEARTH_SMTP_PORT": inbox.port, "HEARTH_SMTP_FROM": "hearth@clinic.test"}


@pytest.fixture
def sam(app, api, member):
    """A member who asked for email notifications, in UTC, with a thread others reply to."""
    with app.app_context():
        db.session.get(User, member.id).email = "sam@clinic.test"
        db.session.commit()
    me = api.as_(member)
    assert me.patch("/me/preferences", json={"email_notifications": True, "time_zone": "UTC"}).status_code == 200
    me.thread_id = me.post("/categories/coping/threads", json={"title": "Mine", "body": "x"}).get_json()["thread"]["id"]
    return me


@pytest.fixture
def river(api, other_member):
    return api.as_(other_member)


@pytest.fixture
def live(app, sam):
    """Sam's own live connection (in process)."""
    socket = socketio.test_client(app, auth={"token": sam.token})
    assert socket.is_connected()
    yield socket
    socket.disconnect()


def pings(socket) -> list[dict]:
    return [event["args"][0] for event in socket.get_received() if event["name"] == "notification"]


def reply(river, sam, body="Thinking of you."):
    assert river.post(f"/threads/{sam.thread_id}/posts", json={"body": body}).status_code == 201


def listed(sam) -> list[str]:
    return [item["text"] for item in sam.get("/notifications").get_json()["items"]]


def at_utc(moved_clock, hour: int, minute: int = 0, days: int = 1) -> None:
    """Move the clock to hour:minute UTC, `days` from today."""
    now = datetime.now(UTC).replace(tzinfo=None)
    target = (now + timedelta(days=days)).replace(hour=hour, minute=minute, second=0, microsecond=0)
    moved_clock["by"] = target - now


def check(app) -> watch.WatchResult:
    with app.app_context():
        return watch.run()


# --- the API -------------------------------------------------------------------------------

@pytest.mark.parametrize("value, problem", [
    ("yesterday", "ISO 8601"), ("2001-01-01T00:00:00Z", "future"), (12, "ISO 8601"), (["x"], "ISO 8601"),
    ("0001-01-01T00:00:00+05:00", "future"),
])
def test_a_break_needs_a_time_to_come(sam, value, problem):
    response = sam.patch("/me/preferences", json={"break_until": value})
    assert response.status_code == 422
    assert problem in response.get_json()["error"]["fields"]["break_until"]
    assert sam.get("/me/preferences").get_json()["preferences"]["break_until"] is None


@pytest.mark.parametrize("value", [
    {"start": "25:00", "end": "07:00"}, {"start": "22:00"}, {"start": "22:00", "end": "22:00"}, "22:00-07:00",
    {"start": "22:00", "end": "7:00"}, {"start": "22:00", "end": "07:00", "days": [1]}, {"start": 22, "end": 7},
])
def test_quiet_hours_are_two_different_clock_times(sam, value):
    response = sam.patch("/me/preferences", json={"quiet_hours": value})
    assert response.status_code == 422 and "quiet_hours" in response.get_json()["error"]["fields"]


def test_the_api_sets_reads_and_clears_them(sam, moved_clock):
    until = (clock.now() + timedelta(days=2)).replace(microsecond=0)
    changed = sam.patch("/me/preferences", json={"break_until": until.isoformat() + "+00:00",
                                                 "quiet_hours": {"start": "22:00", "end": "07:00"}})
    assert changed.status_code == 200
    stored = sam.get("/me/preferences").get_json()["preferences"]
    assert stored["break_until"] == until.isoformat() + "Z"
    assert stored["quiet_hours"] == {"start": "22:00", "end": "07:00"}
    # The API is not closed by a break: an app may still read.
    assert sam.get(f"/threads/{sam.thread_id}/posts").status_code == 200
    moved_clock["by"] = timedelta(days=3)
    assert sam.get("/me/preferences").get_json()["preferences"]["break_until"] is None  # over by itself
    cleared = sam.patch("/me/preferences", json={"break_until": None, "quiet_hours": None}).get_json()["preferences"]
    assert cleared["break_until"] is None and cleared["quiet_hours"] is None


def test_they_are_in_the_data_export(sam, river):
    until = clock.isoformat(clock.now() + timedelta(days=1))
    sam.patch("/me/preferences", json={"quiet_hours": {"start": "21:30", "end": "06:00"}, "break_until": until})
    reply(river, sam)
    exported = sam.get("/me/export").get_json()
    assert exported["settings"]["quiet_hours"] == {"start": "21:30", "end": "06:00"}
    assert exported["settings"]["break_until"] == until
    assert [n["delivered_at"] is not None for n in exported["notifications"]] == [True]  # passed over in silence


# --- a break -------------------------------------------------------------------------------

def take_a_break(sam, days: int = 1) -> None:
    until = clock.isoformat(clock.now() + timedelta(days=days))
    assert sam.patch("/me/preferences", json={"break_until": until}).status_code == 200


def test_a_break_stops_pings_and_emails_but_keeps_the_list(app, sam, river, live, inbox, moved_clock):
    take_a_break(sam)
    reply(river, sam)
    assert len(listed(sam)) == 1 and "replied in your thread" in listed(sam)[0]
    assert pings(live) == [] and inbox.messages == []
    check(app)  # nothing held: a break never sends what it kept quiet, then or later
    assert pings(live) == [] and inbox.messages == []

    moved_clock["by"] = timedelta(days=1, minutes=1)  # the break ends by itself
    check(app)
    assert pings(live) == [] and inbox.messages == []
    reply(river, sam, "Welcome back.")
    assert len(pings(live)) == 1 and len(inbox.messages) == 1
    assert len(listed(sam)) == 2


def test_the_moderation_team_still_reaches_a_member_on_a_break(app, api, sam, live, inbox, moderator):
    sam.post("/me/conversations", json={"about": "me", "body": "I had a bad night."})
    item_id = api.as_(moderator).get("/moderation/queue").get_json()["items"][0]["id"]
    take_a_break(sam)
    live.get_received()
    assert api.as_(moderator).post(f"/moderation/queue/{item_id}/messages",
                                   json={"body": "Checking in on you."}).status_code == 201
    assert [ping["kind"] for ping in pings(live)] == ["care_message"]
    assert [subject for _, subject, _ in inbox.messages] == ["Hearth: The moderation team wrote to you"]


def test_a_break_shows_the_gentle_page_instead_of_the_community(app, client, auth, member, sam, thread_in,
                                                                 other_member):
    thread_id, _ = thread_in(other_member)
    take_a_break(sam)
    auth.login(member)
    for path in ("/", "/c/coping", f"/t/{thread_id}", "/notifications", "/search?q=week",
                 f"/u/{other_member.username}"):
        response = client.get(path)
        page = response.get_data(as_text=True)
        assert response.status_code == 200, path
        assert "You're taking a break" in page, path
        assert 'action="/account/break/end"' in page and "End my break" in page
        assert 'href="/account/safety-plan"' in page and "Talk to a moderator" in page
        assert "988" in page  # the crisis lines, on the page itself
        assert "A hard week" not in page  # nothing of the community


@pytest.mark.parametrize("path", ["/help", "/rules", "/privacy", "/account/preferences", "/account/safety-plan",
                                  "/account/data", "/account/data/export", "/talk", "/account", "/healthz"])
def test_help_and_the_members_own_pages_stay_open(client, auth, member, sam, path):
    take_a_break(sam)
    auth.login(member)
    response = client.get(path)
    assert response.status_code == 200, path
    assert "You're taking a break" not in response.get_data(as_text=True)


def test_a_form_sent_during_a_break_still_does_what_it_says(client, auth, member, sam):
    take_a_break(sam)
    auth.login(member)
    client.post(f"/t/{sam.thread_id}/reply", data={"body": "Written before I stepped away."})
    assert "Written before I stepped away." in str(sam.get(f"/threads/{sam.thread_id}/posts").get_json())


def test_starting_and_ending_a_break_on_the_pages(app, client, auth, member, sam, moved_clock):
    auth.login(member)
    assert "Take a break" in client.get("/account/preferences").get_data(as_text=True)
    page = client.get("/account/break").get_data(as_text=True)
    assert "1 day" in page and "1 week" in page and "times in UTC" in page
    response = client.post("/account/break", data={"break_until_preset": "1w"})
    assert response.status_code == 302
    until = datetime.fromisoformat(sam.get("/me/preferences").get_json()["preferences"]["break_until"][:-1])
    assert abs(until - (clock.now() + timedelta(weeks=1))) < timedelta(minutes=1)
    assert "You're taking a break" in client.get("/").get_data(as_text=True)

    ended = client.post("/account/break/end")
    assert ended.status_code == 302 and ended.headers["Location"] == "/"
    assert "You're taking a break" not in client.get("/").get_data(as_text=True)
    assert sam.get("/me/preferences").get_json()["preferences"]["break_until"] is None


def test_a_break_until_a_date_is_read_on_the_members_own_clock(client, auth, member, sam, moved_clock):
    sam.patch("/me/preferences", json={"time_zone": "Asia/Tokyo"})
    auth.login(member)
    assert "times in Tokyo time" in client.get("/account/break").get_data(as_text=True)
    day = (clock.now() + timedelta(days=3)).date()
    client.post("/account/break", data={"break_until_preset": "at", "break_until": f"{day}T09:00"})
    # 09:00 in Tokyo is midnight UTC.
    assert sam.get("/me/preferences").get_json()["preferences"]["break_until"] == f"{day}T00:00:00Z"


@pytest.mark.parametrize("form, problem", [
    ({"break_until_preset": "at", "break_until": "2001-01-01T09:00"}, "future"),
    ({"break_until_preset": "at", "break_until": ""}, "Choose a date and a time"),
    ({}, "Choose how long"),
])
def test_a_break_form_with_a_problem_says_so(client, auth, member, sam, form, problem):
    auth.login(member)
    response = client.post("/account/break", data=form)
    assert response.status_code == 422 and problem in response.get_data(as_text=True)
    assert sam.get("/me/preferences").get_json()["preferences"]["break_until"] is None


def test_a_break_ends_by_itself(client, auth, member, sam, moved_clock):
    take_a_break(sam, days=1)
    auth.login(member)
    assert "You're taking a break" in client.get("/").get_data(as_text=True)
    moved_clock["by"] = timedelta(days=1, seconds=5)
    assert "You're taking a break" not in client.get("/").get_data(as_text=True)


# --- quiet hours ---------------------------------------------------------------------------

def test_quiet_hours_hold_notifications_and_deliver_them_once_after(app, sam, river, live, inbox, moved_clock):
    sam.patch("/me/preferences", json={"quiet_hours": {"start": "22:00", "end": "07:00"}})
    at_utc(moved_clock, 23, 30)
    reply(river, sam, "Late night thoughts.")
    assert len(listed(sam)) == 1  # on the list for whoever looks
    assert pings(live) == [] and inbox.messages == []

    at_utc(moved_clock, 2, 0, days=2)  # after midnight: still quiet
    reply(river, sam, "Still up.")
    assert check(app).held_delivered == 0
    assert pings(live) == [] and inbox.messages == []

    at_utc(moved_clock, 7, 0, days=2)  # the quiet hours are over
    assert check(app).held_delivered == 2
    delivered = pings(live)
    assert len(delivered) == 2 and len(inbox.messages) == 2
    assert delivered[-1]["unread"] == 2
    assert check(app).held_delivered == 0  # exactly once
    assert pings(live) == [] and len(inbox.messages) == 2

    reply(river, sam, "Good morning.")  # outside quiet hours: at once
    assert len(pings(live)) == 1 and len(inbox.messages) == 3


def test_quiet_hours_within_one_day_and_in_the_members_zone(app, sam, river, live, moved_clock):
    sam.patch("/me/preferences", json={"time_zone": "America/New_York",
                                       "quiet_hours": {"start": "13:00", "end": "15:00"}})
    at_utc(moved_clock, 12, 0)  # 07:00 or 08:00 in New York: not quiet
    reply(river, sam)
    assert len(pings(live)) == 1
    at_utc(moved_clock, 18, 30)  # 13:30 or 14:30 in New York: quiet
    reply(river, sam)
    assert pings(live) == []


def test_a_break_started_while_notifications_are_held_lets_them_go_quietly(app, sam, river, live, inbox,
                                                                          moved_clock):
    sam.patch("/me/preferences", json={"quiet_hours": {"start": "22:00", "end": "07:00"}})
    at_utc(moved_clock, 23, 0)
    reply(river, sam)
    take_a_break(sam, days=2)
    at_utc(moved_clock, 8, 0, days=2)
    assert check(app).held_delivered == 0
    assert pings(live) == [] and inbox.messages == []
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Notification).where(
            Notification.delivered_at.is_(None))) == 0


def test_clearing_quiet_hours_delivers_what_they_held(app, sam, river, live, moved_clock):
    sam.patch("/me/preferences", json={"quiet_hours": {"start": "22:00", "end": "07:00"}})
    at_utc(moved_clock, 23, 0)
    reply(river, sam)
    sam.patch("/me/preferences", json={"quiet_hours": None})
    assert check(app).held_delivered == 1 and len(pings(live)) == 1


def test_two_processes_deliver_a_held_notification_once(app, database_url, app_config, sam, river, inbox,
                                                       moved_clock):
    sam.patch("/me/preferences", json={"quiet_hours": {"start": "22:00", "end": "07:00"}})
    at_utc(moved_clock, 23, 0)
    for words in ("One.", "Two.", "Three."):
        reply(river, sam, words)
    at_utc(moved_clock, 7, 30, days=2)
    other = make_app(database_url, **app_config)
    delivered, start = [], threading.Barrier(2)

    def process(application):
        with application.app_context():
            start.wait()
            delivered.append(watch.run().held_delivered)
            db.session.remove()

    workers = [threading.Thread(target=process, args=(application,)) for application in (app, other)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    with other.app_context():
        db.engine.dispose()  # the second process's connections end with it
    assert sorted(delivered)[-1] + sorted(delivered)[0] == 3
    assert len(inbox.messages) == 3


def test_quiet_hours_on_the_preferences_page(client, auth, member, sam):
    auth.login(member)
    page = client.get("/account/preferences").get_data(as_text=True)
    assert 'type="time"' in page and "Quiet from (UTC)" in page
    base = {"content_warnings": "collapsed", "text_size": "normal", "time_zone": "UTC"}
    client.post("/account/preferences", data={**base, "quiet_hours_start": "22:00", "quiet_hours_end": "07:00"})
    assert sam.get("/me/preferences").get_json()["preferences"]["quiet_hours"] == {"start": "22:00", "end": "07:00"}
    response = client.post("/account/preferences", data={**base, "quiet_hours_start": "22:00",
                                                         "quiet_hours_end": ""})
    assert 'href="#quiet_hours_start"' in response.get_data(as_text=True)
    assert "Choose both a start and an end time" in response.get_data(as_text=True)
    client.post("/account/preferences", data={**base, "quiet_hours_start": "", "quiet_hours_end": ""})
    assert sam.get("/me/preferences").get_json()["preferences"]["quiet_hours"] is None
