"""Staff tools: pins, announcements, categories, community settings."""
import html
from datetime import datetime, timedelta

import pytest

from forum import clock
from forum.audit.models import LogEntry
from forum.extensions import db


def iso(moment: datetime) -> str:
    return moment.replace(microsecond=0).isoformat() + "Z"


# --- pins -------------------------------------------------------------------------------

def test_pins_order_scope_and_expiry(api, staff, member, moved_clock):
    boss, sam = api.as_(staff), api.as_(member)
    ids = {}
    for title, slug in [("Old news", "coping"), ("Fresh talk", "coping"), ("House notice", "coping"),
                        ("Clinic hours", "announcements")]:
        author = boss if slug == "announcements" else sam
        ids[title] = author.post(f"/categories/{slug}/threads", json={"title": title, "body": "x"}).get_json()[
            "thread"]["id"]
    assert sam.put(f"/threads/{ids['House notice']}/pin", json={"scope": "category"}).status_code == 403
    boss.put(f"/threads/{ids['Old news']}/pin", json={"scope": "category",
                                                      "until": iso(clock.now() + timedelta(days=1))})
    boss.put(f"/threads/{ids['Clinic hours']}/pin", json={"scope": "global"})
    titles = [row["title"] for row in sam.get("/categories/coping/threads").get_json()["items"]]
    assert titles[:2] == ["Clinic hours", "Old news"]
    assert titles[2:] == ["House notice", "Fresh talk"]
    rows = {row["title"]: row for row in sam.get("/categories/coping/threads").get_json()["items"]}
    assert rows["Clinic hours"]["pinned"] and rows["Clinic hours"]["pin_scope"] == "global"
    moved_clock["by"] = timedelta(days=2)
    titles = [row["title"] for row in sam.get("/categories/coping/threads").get_json()["items"]]
    assert titles[0] == "Clinic hours" and titles.index("Old news") == 3
    boss.delete(f"/threads/{ids['Clinic hours']}/pin")
    assert "Clinic hours" not in [row["title"] for row in sam.get("/categories/coping/threads").get_json()["items"]]
    assert boss.put(f"/threads/{ids['Old news']}/pin", json={"scope": "sideways"}).status_code == 422


def test_global_pins_lead_the_home_page(client, auth, api, staff, member):
    boss = api.as_(staff)
    thread_id = boss.post("/categories/announcements/threads", json={"title": "Read me first", "body": "Hi"}) \
        .get_json()["thread"]["id"]
    boss.put(f"/threads/{thread_id}/pin", json={"scope": "global"})
    auth.login(member)
    page = client.get("/").get_data(as_text=True)
    assert page.index("Pinned") < page.index("Read me first") < page.index("Categories")
    assert "Pinned everywhere" in page


# --- announcements ------------------------------------------------------------------------

def test_announcements_show_until_dismissed_per_member(api, browser_as, staff, member, other_member):
    boss = api.as_(staff)
    created = boss.post("/announcements", json={"title": "Holiday hours", "body": "We're **closed** Friday."})
    assert created.status_code == 201
    announcement_id = created.get_json()["announcement"]["id"]
    sam_client, river_client = browser_as(member), browser_as(other_member)
    for browser in (sam_client, river_client):
        assert "Holiday hours" in browser.get("/c/coping").get_data(as_text=True)
    sam_client.post(f"/announcements/{announcement_id}/dismiss", data={"next": "/c/coping"})
    assert "Holiday hours" not in sam_client.get("/c/coping").get_data(as_text=True)
    assert "Holiday hours" in river_client.get("/c/coping").get_data(as_text=True)
    listed = api.as_(member).get("/announcements").get_json()["items"]
    assert listed[0]["dismissed"] is True and "<strong>closed</strong>" in listed[0]["html"]
    assert "Holiday hours" in sam_client.get("/announcements").get_data(as_text=True)


def test_announcements_expire_and_can_be_withdrawn(app, api, staff, member, moved_clock):
    boss, sam = api.as_(staff), api.as_(member)
    boss.post("/announcements", json={"title": "Short notice", "body": "x",
                                      "expires_at": iso(clock.now() + timedelta(hours=1))})
    lasting = boss.post("/announcements", json={"title": "Lasting notice", "body": "y"}).get_json()["announcement"]
    assert [a["title"] for a in sam.get("/announcements").get_json()["items"]] == ["Lasting notice", "Short notice"]
    moved_clock["by"] = timedelta(hours=2)
    assert [a["title"] for a in sam.get("/announcements").get_json()["items"]] == ["Lasting notice"]
    assert boss.delete(f"/announcements/{lasting['id']}", json={"reason": "Done"}).status_code == 204
    assert sam.get("/announcements").get_json()["items"] == []
    assert sam.post("/announcements", json={"title": "Mine", "body": "no"}).status_code == 403
    bad = boss.post("/announcements", json={"title": "x", "body": "", "expires_at": "2001-01-01T00:00:00Z"})
    assert bad.status_code == 422 and set(bad.get_json()["error"]["fields"]) == {"title", "body", "expires_at"}
    with app.app_context():
        actions = set(db.session.scalars(db.select(LogEntry.action)))
    assert {"announcement_posted", "announcement_withdrawn"} <= actions


def test_staff_post_announcements_from_the_page(client, auth, staff):
    auth.login(staff)
    response = client.post("/announcements/new", data={"title": "Group session", "body": "Tuesday at 6pm."},
                           follow_redirects=True)
    assert "Announcement posted." in response.get_data(as_text=True)
    assert "Tuesday at 6pm." in client.get("/").get_data(as_text=True)


# --- categories --------------------------------------------------------------------------

def test_staff_create_edit_archive_categories(api, staff, member):
    boss, sam = api.as_(staff), api.as_(member)
    created = boss.post("/categories", json={"slug": "sleep", "name": "Sleep", "description": "Rest and nights"})
    assert created.status_code == 201 and created.get_json()["category"]["posting"] == "members"
    assert boss.post("/categories", json={"slug": "sleep", "name": "Again"}).status_code == 409
    assert boss.post("/categories", json={"slug": "Bad Slug!", "name": "x"}).status_code == 422
    assert sam.post("/categories", json={"slug": "mine", "name": "Mine"}).status_code == 403
    boss.patch("/categories/sleep", json={"name": "Sleep and rest", "position": 0})
    slugs = [c["slug"] for c in sam.get("/categories").get_json()["items"]]
    assert slugs[0] in {"announcements", "sleep"} and "sleep" in slugs[:2]
    boss.patch("/categories/sleep", json={"archived": True})
    refused = sam.post("/categories/sleep/threads", json={"title": "Can't sleep", "body": "x"})
    assert refused.status_code == 403 and refused.get_json()["error"]["code"] == "category_archived"
    boss.patch("/categories/sleep", json={"archived": False, "posting": "staff"})
    assert sam.post("/categories/sleep/threads", json={"title": "Can't sleep", "body": "x"}).status_code == 403
    assert boss.patch("/categories/sleep", json={"slug": "renamed"}).status_code == 422


def test_category_pages(client, auth, staff):
    auth.login(staff)
    client.post("/staff/categories", data={"slug": "music", "name": "Music", "description": "Songs", "posting":
                                           "members"})
    assert "Music" in client.get("/staff/categories").get_data(as_text=True)
    client.post("/staff/categories/music", data={"name": "Music and sound", "description": "", "posting": "members",
                                                 "position": 3, "archived": "y"})
    page = client.get("/staff/categories").get_data(as_text=True)
    assert "Music and sound" in page and "archived" in page


# --- settings ----------------------------------------------------------------------------

def resource_rows(*rows: dict) -> dict:
    """Crisis-resource rows as the settings form posts them: one set of inputs a row."""
    return {f"crisis_resources_{index}_{detail}": value
            for index, row in enumerate(rows) for detail, value in row.items()}


def settings_form(**changes) -> dict:
    data = {
        "community_name": "Willow Clinic Community", "community_description": "A gentle place.",
        "membership_mode": "approval", "join_questions": "Why are you here?\nHow did you hear about us?",
        "rules": "### Be kind", "welcome_message": "Glad you're here.",
        **resource_rows({"name": "988 Lifeline", "call": "988", "text": "988",
                         "chat_url": "https://988lifeline.org/chat/"},
                        {"name": "Willow Clinic line", "call": "555-0100", "hours": "Weekdays 9 to 5"},
                        {"name": "", "call": ""}),
        "hours_days": ["0", "1", "2", "3", "4"], "hours_start": "09:00", "hours_end": "17:00",
        "hours_timezone": "America/New_York", "auto_hide_threshold": 3, "new_member_review_count": 0,
        "crisis_overdue_minutes": 15, "crisis_claim_target_minutes": 15, "followup_hours": 24,
        "out_of_hours_flag_threshold": 2, "out_of_hours_member_flags": 5, "crisis_phrases": "", "reason": "Clinic rebrand",
        "memorial_title": "Remembering {name}", "memorial_body": "We are sad to share that {name} has died.",
        "memorial_pin_days": 30, "memorial_category": "announcements",
    }
    data.update(changes)
    return data


def test_settings_apply_at_once_and_are_logged(app, client, auth, staff):
    auth.login(staff)
    response = client.post("/staff/settings", data=settings_form())
    assert response.status_code == 302
    anonymous = app.test_client()
    assert "Willow Clinic Community" in anonymous.get("/").get_data(as_text=True)
    help_page = anonymous.get("/help").get_data(as_text=True)
    assert "Willow Clinic line" in help_page and "Call 555-0100" in help_page
    assert "Why are you here?" in anonymous.get("/apply").get_data(as_text=True)
    with app.app_context():
        entry = db.session.scalar(db.select(LogEntry).where(LogEntry.action == "settings_changed"))
        assert entry.reason == "Clinic rebrand" and "community_name" in entry.details["keys"]


@pytest.mark.parametrize("changes, message", [
    ({"community_name": ""}, "Use 1 to 60 characters."),
    (resource_rows({"name": "", "call": "", "text": "", "chat_url": ""}, {"name": "", "call": "", "hours": ""}),
     "List at least one resource."),
    ({"crisis_resources_0_chat_url": "ftp://x"}, "Use a web address starting with https://."),
    ({"crisis_resources_1_name": ""}, "Give the resource a name."),
    ({"crisis_resources_1_call": "call me maybe"}, "Use a phone number"),
    ({"hours_timezone": "Mars/Olympus"}, "a time zone"),
    ({"hours_days": ["monday"]}, "Choose days from Monday to Sunday."),
    ({"auto_hide_threshold": 0}, "from 1 to 20"),
    ({"out_of_hours_flag_threshold": 0}, "from 1 to 20"),
    ({"out_of_hours_member_flags": 51}, "from 1 to 50"),
    ({"crisis_claim_target_minutes": "soon"}, "Not a valid integer value"),
    ({"join_questions": "\n".join(f"Q{n}" for n in range(7))}, "At most 5"),
])
def test_bad_settings_are_explained_and_nothing_changes(app, client, auth, staff, changes, message):
    auth.login(staff)
    page = html.unescape(client.post("/staff/settings", data=settings_form(**changes)).get_data(as_text=True))
    assert message in page
    assert "Willow Clinic Community" not in app.test_client().get("/").get_data(as_text=True)


def test_open_mode_from_settings(app, client, auth, staff):
    auth.login(staff)
    client.post("/staff/settings", data=settings_form(membership_mode="open"))
    newcomer = app.test_client()
    newcomer.post("/apply", data={"username": "walk_in", "password": "a long enough passphrase",
                                  "answers_0": "Support", "answers_1": "Friend"})
    assert newcomer.get("/c/coping").status_code == 200


def test_composer_says_when_moderators_are_away(client, auth, member, moved_clock):
    auth.login(member)
    # Move to 03:00 on a Sunday, New York time.
    now = clock.now()
    days_to_sunday = (6 - now.weekday()) % 7
    target = (now + timedelta(days=days_to_sunday)).replace(hour=8, minute=0, second=0)
    moved_clock["by"] = target - now
    page = client.get("/c/coping/new").get_data(as_text=True)
    assert "Moderators are usually around on weekdays from 09:00 to 17:00 (America/New York)" in page
    weekday = target + timedelta(days=2, hours=8)  # a Tuesday, 16:00 UTC = 11:00 or 12:00 in New York
    moved_clock["by"] = weekday - now
    assert "Moderators are usually around" not in client.get("/c/coping/new").get_data(as_text=True)


def test_out_of_hours_thresholds_and_the_claim_target_are_staff_settings(app, client, auth, staff):
    from forum.settings import service as settings

    auth.login(staff)
    page = client.get("/staff/settings").get_data(as_text=True)
    assert 'name="out_of_hours_flag_threshold" type="number" value="2"' in page
    assert 'name="out_of_hours_member_flags" type="number" value="5"' in page
    assert 'name="crisis_claim_target_minutes" type="number" value="15"' in page
    client.post("/staff/settings", data=settings_form(out_of_hours_flag_threshold=1, out_of_hours_member_flags=8,
                                                      crisis_claim_target_minutes=10))
    with app.test_request_context():
        assert [settings.get(key) for key in ("out_of_hours_flag_threshold", "out_of_hours_member_flags",
                                              "crisis_claim_target_minutes")] == [1, 8, 10]


def test_memorial_defaults_are_staff_settings(app, client, auth, staff):
    from forum.settings import service as settings

    auth.login(staff)
    page = client.get("/staff/settings").get_data(as_text=True)
    assert 'name="memorial_pin_days" type="number" value="30"' in page
    client.post("/staff/settings", data=settings_form(memorial_pin_days=14, memorial_category="coping"))
    with app.test_request_context():
        assert (settings.get("memorial_pin_days"), settings.get("memorial_category")) == (14, "coping")
    response = client.post("/staff/settings", data=settings_form(memorial_category="no-such-place"))
    assert "Give the address (slug) of a category" in response.get_data(as_text=True)
