"""Times in the member's own zone: relative while recent, the full local time
on hover and for screen readers, and never one viewer's zone in shared HTML."""
import re
from datetime import datetime, timedelta

import pytest

from forum import times
from forum.accounts.models import User
from forum.extensions import db
from forum.settings import service as settings

NOON = datetime(2026, 11, 29, 17, 0)  # UTC: 12:00 in New York


@pytest.mark.parametrize("ago, label", [
    (timedelta(seconds=0), "just now"),
    (timedelta(seconds=59), "just now"),
    (timedelta(minutes=3), "3 min ago"),
    (timedelta(minutes=59, seconds=59), "59 min ago"),
    (timedelta(hours=2), "2 h ago"),
    (timedelta(hours=11), "11 h ago"),        # 01:00 the same day in New York
    (timedelta(hours=13), "yesterday"),        # 23:00 the day before
    (timedelta(days=3), "26 Nov"),
    (timedelta(days=400), "25 Oct 2025"),
    (timedelta(seconds=-30), "just now"),      # a clock a little ahead
])
def test_relative_labels(ago, label):
    assert times.relative(NOON - ago, "America/New_York", now=NOON) == label


def test_the_day_boundary_is_the_viewers():
    # 04:00 UTC is this morning in London, but 23:00 yesterday in New York.
    early = datetime(2026, 11, 29, 4, 0)
    assert times.relative(early, "Europe/London", now=NOON) == "13 h ago"
    assert times.relative(early, "America/New_York", now=NOON) == "yesterday"


def test_times_to_come_are_written_out():
    assert times.relative(NOON + timedelta(hours=3), "UTC", now=NOON) is None
    html = str(times.html(NOON + timedelta(hours=3), "America/New_York", now=NOON))
    assert html == '<time datetime="2026-11-29T20:00:00Z">29 Nov 2026, 15:00 EST</time>'


def test_the_time_element_carries_the_full_time_for_hover_and_screen_readers():
    html = str(times.html(NOON - timedelta(minutes=3), "America/New_York", now=NOON))
    assert html == ('<time datetime="2026-11-29T16:57:00Z" title="29 Nov 2026, 11:57 EST" data-relative>3 min ago'
                    '<span class="visually-hidden"> (29 Nov 2026, 11:57 EST)</span></time>')


def test_zone_names_are_checked():
    assert times.is_zone("America/New_York") and times.is_zone("UTC")
    for bad in ("Mars/Olympus", "", None, 5, "../etc/passwd", "/etc/localtime", "x" * 100):
        assert not times.is_zone(bad)


# --- The preference -------------------------------------------------------------------------

def test_time_zone_preference_through_the_api(api, member):
    caller = api.as_(member)
    assert caller.get("/me/preferences").get_json()["preferences"]["time_zone"] is None
    response = caller.patch("/me/preferences", json={"time_zone": "Europe/Berlin"})
    assert response.status_code == 200 and response.get_json()["preferences"]["time_zone"] == "Europe/Berlin"
    refused = caller.patch("/me/preferences", json={"time_zone": "Mars/Olympus"})
    assert refused.status_code == 422 and "time_zone" in refused.get_json()["error"]["fields"]
    assert caller.get("/me/preferences").get_json()["preferences"]["time_zone"] == "Europe/Berlin"
    cleared = caller.patch("/me/preferences", json={"time_zone": None})
    assert cleared.get_json()["preferences"]["time_zone"] is None


def test_the_preferences_page_offers_zones_and_defaults_to_the_communitys(client, auth, member):
    auth.login(member)
    page = client.get("/account/preferences").get_data(as_text=True)
    assert '<optgroup label="Europe">' in page
    assert re.search(r'<option selected value="America/New_York">New York</option>', page)
    response = client.post("/account/preferences", data={
        "content_warnings": "collapsed", "text_size": "normal", "time_zone": "Asia/Tokyo"})
    assert response.status_code == 302
    assert 'value="Asia/Tokyo">Tokyo' in client.get("/account/preferences").get_data(as_text=True)
    refused = client.post("/account/preferences", data={
        "content_warnings": "collapsed", "text_size": "normal", "time_zone": "Nowhere/Land"})
    assert "Choose a time zone from the list" in refused.get_data(as_text=True)
    assert 'value="Asia/Tokyo">Tokyo' in client.get("/account/preferences").get_data(as_text=True)


def test_pages_tell_the_script_whether_a_zone_was_chosen(client, auth, api, member):
    auth.login(member)
    assert re.search(r'name="hearth-time-zone" content="America/New_York" data-community="America/New_York" '
                     r'data-unset>', client.get("/").get_data(as_text=True))
    api.as_(member).patch("/me/preferences", json={"time_zone": "Asia/Tokyo"})
    assert 'content="Asia/Tokyo" data-community="America/New_York">' in client.get("/").get_data(as_text=True)


# --- Pages, with a moved clock -------------------------------------------------------------------

def test_posts_show_relative_times_in_each_viewers_zone(app, client, auth, api, member, other_member, thread_in,
                                                        moved_clock):
    thread_id, post_id = thread_in(member)
    api.as_(other_member).patch("/me/preferences", json={"time_zone": "Asia/Tokyo"})
    moved_clock["by"] += timedelta(minutes=3)
    auth.login(member)
    page = client.get(f"/t/{thread_id}").get_data(as_text=True)
    mine = re.search(rf'<article[^>]*id="post-{post_id}".*?</article>', page, re.S).group(0)
    assert re.search(r'<time datetime="[^"]+Z" title="[^"]+ E[SD]T" data-relative>3 min ago<span', mine)
    auth.logout()
    auth.login(other_member)
    page = client.get(f"/t/{thread_id}").get_data(as_text=True)
    theirs = re.search(rf'<article[^>]*id="post-{post_id}".*?</article>', page, re.S).group(0)
    assert re.search(r'title="[^"]+ JST" data-relative>3 min ago', theirs)  # the same cached fragment
    moved_clock["by"] += timedelta(days=2)
    later = client.get(f"/t/{thread_id}").get_data(as_text=True)
    assert "3 min ago" not in later


def test_list_rows_show_last_activity_relative(app, client, auth, member, thread_in, moved_clock):
    thread_id, _ = thread_in(member)
    moved_clock["by"] += timedelta(hours=2, minutes=5)
    auth.login(member)
    row = re.search(rf'<li id="thread-{thread_id}".*?</li>', client.get("/c/coping").get_data(as_text=True), re.S)
    assert re.search(r"last activity <time [^>]*data-relative>2 h ago<span", row.group(0))


def test_a_broadcast_fragment_reads_in_the_communitys_zone(app, member, thread_in):
    from forum.community import fragments, queries
    from forum.community.models import Post

    _, post_id = thread_in(member)
    with app.test_request_context():
        settings.update({"moderated_hours": {**settings.get("moderated_hours"), "timezone": "Europe/London"}})
        db.session.get(User, member.id).preferences = {"time_zone": "Asia/Tokyo"}
        post = db.session.get(Post, post_id)
        html = fragments.post_html(queries.view_post(None, post), post.thread)
        assert re.search(r'title="[^"]+ (GMT|BST)"', html) and "\x00" not in html
