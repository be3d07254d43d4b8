"""Insights: figures checked against a community written at known moments,
including empty periods, local-day boundaries and daylight-saving days."""
from datetime import datetime, timedelta

import pytest

from forum import clock
from forum.accounts.models import User
from forum.audit import log
from forum.community import queries, services
from forum.extensions import db
from forum.insights import service
from forum.insights.periods import ending_today
from forum.membership import services as membership
from forum.moderation import queue
from forum.settings import service as settings
from tests.conftest import PASSWORD, Api

# 10 March 2026, 15:00 UTC: 11:00 in New York, two days after clocks went forward.
NOW = datetime(2026, 3, 10, 15, 0)


@pytest.fixture
def at(app):
    """Set the clock: things written now are stamped with this moment."""
    moment = {"now": NOW}
    clock.set_source(lambda: moment["now"])

    def move(when: datetime):
        moment["now"] = when

    yield move
    clock.set_source(None)


def _user(person) -> User:
    return db.session.get(User, person.id)


def _report(app, staff, days=7) -> dict:
    with app.app_context():
        return {chart.key: chart for section in service.report(_user(staff), days) for chart in section.charts}


def _rows(chart) -> dict:
    return {row[0]: row[1:] for row in chart.rows}


def test_an_empty_community_says_so(app, staff, at):
    charts = _report(app, staff)
    assert list(charts) == ["activity", "membership", "crisis", "crisis-pickup", "followups", "queue", "queue-kinds",
                            "resolutions", "coverage", "crisis-claims"]
    assert charts["followups"].summary == "No follow-ups fell due in this period."
    assert charts["crisis"].summary == "No crisis posts reached the queue in this period."
    assert charts["crisis-pickup"].summary.startswith("No urgent crisis posts were picked up")
    assert charts["coverage"].summary == "No moderator actions in this period."
    assert charts["crisis-claims"].summary == "No urgent crisis posts in this period."
    assert all(chart.empty for chart in charts.values())
    assert len(charts["activity"].rows) == 7 and charts["activity"].rows[-1] == ["2026-03-10", 0, 0, 0]


def test_posts_count_on_the_community_s_own_day(app, staff, member, other_member, at):
    with app.app_context():
        at(datetime(2026, 3, 10, 3, 30))  # 23:30 on 9 March in New York
        written = services.create_thread(_user(member), queries.category("coping"), "Late night", "Still up.")
        thread_id = written.thread.id
        at(datetime(2026, 3, 10, 4, 30))  # 00:30 on 10 March
        services.reply(_user(other_member), db.session.get(type(written.thread), thread_id), "Me too.")
        services.reply(_user(member), db.session.get(type(written.thread), thread_id), "Thanks.")
        at(datetime(2026, 3, 3, 12, 0))  # 3 March: the day before the 7-day period
        services.create_thread(_user(member), queries.category("coping"), "Older", "Before the period.")
    at(NOW)
    activity = _rows(_report(app, staff)["activity"])
    assert activity["2026-03-09"] == [1, 0, 1]
    assert activity["2026-03-10"] == [0, 2, 2]
    assert activity["2026-03-04"] == [0, 0, 0]
    summary = _report(app, staff)["activity"].summary
    assert summary.startswith("1 new thread and 2 replies in the last 7 days, 200% more than the period before")


def test_crisis_pickup_median_and_90th_percentile(app, staff, moderator, member, at):
    waits = [5, 10, 30]
    with app.app_context():
        for minutes in waits:
            at(NOW - timedelta(hours=3))
            services.create_thread(_user(member), queries.category("coping"), "Tonight", "im going to end it tonight")
            item_id = queue.open_items()[0].id
            at(NOW - timedelta(hours=3) + timedelta(minutes=minutes))
            queue.claim(_user(moderator), item_id)
            queue.resolve(_user(moderator), item_id, "dismiss", "Checked in with them.")
        at(NOW - timedelta(minutes=20))  # raised 20 minutes ago, nobody has it yet
        services.create_thread(_user(member), queries.category("coping"), "Now", "i am going to end my life today")
        services.create_thread(_user(member), queries.category("coping"), "Lately", "i wish i was dead")
    at(NOW)
    charts = _report(app, staff)
    pickup = charts["crisis-pickup"]
    assert pickup.rows[-1] == ["4 Mar–10 Mar", 3, 10.0, 30.0]
    assert pickup.summary == ("Urgent crisis posts were picked up in 10 minutes in the middle case; nine in ten within "
                              "30 minutes, outside the 15-minute goal.")
    assert _rows(charts["crisis"])["2026-03-10"] == [4, 1, 2]  # urgent, concern, urgent picked up late
    assert charts["crisis"].summary == ("5 crisis posts reached the queue (4 urgent, 1 concern); 2 urgent were not "
                                        "picked up within 15 minutes, and 1 is waiting now.")
    assert _rows(charts["resolutions"]) == {"dismiss": [3]}
    assert _rows(charts["queue"])["2026-03-10"] == [2]
    assert _rows(charts["queue-kinds"])["Kind: crisis"] == [5]
    # Three claims and three resolutions at 08:05–08:30 New York time: outside 09:00–17:00.
    coverage = charts["coverage"]
    assert _rows(coverage)["08:00"] == [6, "no"] and _rows(coverage)["09:00"] == [0, "yes"]
    assert coverage.summary == "6 moderator actions; 100% happened outside moderated hours."


def _urgent_item(app, at, member, raised: datetime) -> int:
    """An urgent crisis post written at `raised`; returns its queue item's id."""
    with app.app_context():
        at(raised)
        written = services.create_thread(_user(member), queries.category("coping"), "Tonight",
                                         "im going to end it tonight")
        return queue.open_item_for(written.post.id).id


def _claim(app, at, moderator, item_id: int, when: datetime) -> None:
    with app.app_context():
        at(when)
        queue.claim(_user(moderator), item_id)


def _alert(app, at, item_id: int, when: datetime) -> None:
    """What on-call alerts write when they alert someone about an item."""
    with app.app_context():
        at(when)
        log.record_rule("on-call alerts", "crisis_alert_sent", "queue_item", item_id, "urgent item waiting")
        db.session.commit()


@pytest.fixture
def three_claims(app, moderator, member, at):
    """Urgent crisis posts on 10 March claimed after 40 minutes (raised at 03:00
    New York, outside moderated hours, first alert after 3 minutes), 5 and 20
    minutes (raised at 09:00 and 10:00, inside)."""
    for raised, minutes in ((datetime(2026, 3, 10, 7, 0), 40), (datetime(2026, 3, 10, 13, 0), 5),
                            (datetime(2026, 3, 10, 14, 0), 20)):
        item_id = _urgent_item(app, at, member, raised)
        if minutes == 40:
            _alert(app, at, item_id, raised + timedelta(minutes=3))
        _claim(app, at, moderator, item_id, raised + timedelta(minutes=minutes))
    at(NOW)


def test_time_to_claim_by_hour_against_the_target(app, staff, three_claims):
    chart = _report(app, staff)["crisis-claims"]
    assert chart.summary == ("1 of 3 urgent crisis posts (33%) were claimed within the 15-minute target; the "
                             "longest wait was 40 minutes. In the middle case a claim took 5 minutes inside "
                             "moderated hours and 40 minutes outside them.")
    rows = _rows(chart)
    assert rows["03:00"] == [1, 1, 0, 40.0, 3.0, "no"]
    assert rows["09:00"] == [1, 1, 1, 5.0, "", "yes"]
    assert rows["10:00"] == [1, 1, 0, 20.0, "", "yes"]
    assert rows["11:00"] == [0, 0, 0, "", "", "yes"]
    assert [series.name for series in chart.series] == ["Median minutes to claim", "Median minutes to the first alert"]
    assert chart.goal == 15 and chart.marked == [9 <= hour < 17 for hour in range(24)]


def test_the_target_is_a_staff_setting(app, staff, three_claims):
    with app.test_request_context():
        settings.update({"crisis_claim_target_minutes": 20})
    chart = _report(app, staff)["crisis-claims"]
    assert chart.summary.startswith("2 of 3 urgent crisis posts (67%) were claimed within the 20-minute target")
    assert chart.columns[3] == "Claimed within 20 minutes" and _rows(chart)["10:00"][2] == 1


def test_an_unclaimed_item_waits_until_now(app, staff, member, three_claims, at):
    _urgent_item(app, at, member, NOW - timedelta(minutes=50))
    _urgent_item(app, at, member, NOW - timedelta(minutes=10))  # not yet past the target: not counted either way
    at(NOW)
    chart = _report(app, staff)["crisis-claims"]
    assert chart.summary.startswith("1 of 4 urgent crisis posts (25%) were claimed within the 15-minute target; the "
                                    "longest wait was 50 minutes, and it is still waiting.")
    assert _rows(chart)["10:00"] == [3, 1, 0, 20.0, "", "yes"]


def test_staff_home_shows_this_week(app, client, auth, staff, moderator, member, three_claims, at):
    auth.login(staff)
    home = client.get("/").get_data(as_text=True)
    assert "Urgent crisis posts this week" in home
    assert "<strong>1 of 3</strong> (33%)" in home and "Longest wait: <strong>40 min</strong></li>" in home
    # An item raised before this week and never picked up still counts as the longest wait.
    _urgent_item(app, at, member, NOW - timedelta(days=9))
    at(NOW)
    home = client.get("/").get_data(as_text=True)
    assert "<strong>1 of 3</strong> (33%)" in home
    assert "Longest wait: <strong>9 days</strong>, and it is still waiting" in home
    for person in (moderator, member):
        auth.logout()
        auth.login(person)
        assert "Urgent crisis posts this week" not in client.get("/").get_data(as_text=True)


def test_membership_decisions_and_waits(app, client, staff, moderator, at):
    at(NOW - timedelta(days=2))
    api = Api(client)
    ids = [api.post("/users", json={"username": f"joiner_{n}", "password": PASSWORD, "answers": ["a", "b"]})
           .get_json()["user"]["id"] for n in range(3)]
    with app.app_context():
        at(NOW - timedelta(days=2) + timedelta(hours=1))
        membership.approve(_user(moderator), ids[0], "")
        at(NOW - timedelta(days=1))
        membership.reject(_user(moderator), ids[1], "Not a fit for this group.")
    at(NOW)
    chart = _report(app, staff)["membership"]
    rows = _rows(chart)
    assert rows["2026-03-08"][:3] == [3, 1, 0] and rows["2026-03-09"][:3] == [0, 0, 1]
    assert chart.summary == ("3 applications, 1 approval and 1 rejection; a decision took 60 minutes in the "
                             "middle case (90th percentile 24 hours).")


def test_daylight_saving_days_have_their_real_length():
    spring = ending_today(7, "America/New_York", NOW)
    hours_per_day = {}
    for slot in spring.hour_slots():
        hours_per_day[slot.day.isoformat()] = hours_per_day.get(slot.day.isoformat(), 0) + 1
    assert hours_per_day["2026-03-08"] == 23 and hours_per_day["2026-03-09"] == 24
    autumn = ending_today(7, "America/New_York", datetime(2026, 11, 3, 12, 0))
    assert sum(1 for slot in autumn.hour_slots() if slot.day.isoformat() == "2026-11-01") == 25
    kolkata = ending_today(7, "Asia/Kolkata", NOW)
    first = kolkata.hour_slots()[0]
    assert (first.start, first.hour) == (datetime(2026, 3, 3, 18, 30), 0)


def test_insights_are_for_staff(app, client, auth, member, moderator, staff):
    for person, expected in ((member, 403), (moderator, 403), (staff, 200)):
        auth.login(person)
        assert client.get("/staff/insights").status_code == expected
        assert client.get("/staff/insights/crisis.csv?days=90").status_code == expected
        auth.logout()
    assert client.get("/staff/insights").status_code == 302


def test_bad_periods_and_unknown_charts(client, auth, staff):
    auth.login(staff)
    refused = client.get("/staff/insights?days=45")
    assert refused.status_code == 422 and "Choose a period of 7, 30 or 90 days." in refused.get_data(as_text=True)
    assert client.get("/staff/insights?days=x' OR 1=1").status_code == 422
    assert client.get("/staff/insights/nothing.csv").status_code == 404


def test_csv_downloads(client, auth, staff, member, thread_in):
    thread_in(member)
    auth.login(staff)
    for key in ("activity", "membership", "crisis", "crisis-pickup", "queue", "queue-kinds", "resolutions",
                "coverage", "crisis-claims"):
        response = client.get(f"/staff/insights/{key}.csv?days=30")
        assert response.status_code == 200 and response.mimetype == "text/csv"
        assert f"hearth-{key}-30d.csv" in response.headers["Content-Disposition"]
    lines = client.get("/staff/insights/activity.csv?days=7").get_data(as_text=True).splitlines()
    assert lines[0] == "Day,New threads,Replies,Members posting" and len(lines) == 8
    assert lines[-1].endswith(",1,0,1")


def test_page_shows_every_chart_with_a_summary_and_table(client, auth, staff, member, thread_in):
    thread_in(member)
    auth.login(staff)
    page = client.get("/staff/insights?days=90").get_data(as_text=True)
    assert page.count('<figure class="chart"') == 10 and page.count("Show the figures as a table") == 10
    assert 'role="img"' in page and 'aria-labelledby="chart-activity-title chart-activity-summary"' in page
    assert "1 new thread and 0 replies in the last 90 days" in page
