"""The community's public settings, and categories whose slug comes from their name."""
from html.parser import HTMLParser

import pytest

from forum.accounts.models import User
from forum.extensions import db
from forum.settings import service as settings
from forum.staff.categories import slug_from_name
from tests.conftest import PASSWORD

COMMUNITY_FIELDS = {"name", "description", "membership_mode", "join_questions", "rules", "crisis_resources",
                    "moderated_hours"}
RESOURCE_FIELDS = {"name", "call", "text", "text_keyword", "chat_url", "hours", "region"}


def change_settings(app, person, **changes):
    """Staff change settings through the service, as the settings page does."""
    with app.app_context():
        settings.change(db.session.get(User, person.id), changes, "testing")


def markup_in(html: str) -> list[tuple[str, dict]]:
    """Every tag in a fragment, with its attributes."""
    found = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, dict(attrs)))

    Collector().feed(html)
    return found


def community(client, **kwargs) -> dict:
    response = client.get("/api/v1/community", **kwargs)
    assert response.status_code == 200 and response.is_json, response.status_code
    return response.get_json()["community"]


# --- GET /community -----------------------------------------------------------------------

def test_community_is_public(app, client):
    body = community(client)
    assert set(body) == COMMUNITY_FIELDS
    assert set(body["rules"]) == {"markdown", "html"}
    assert all(set(resource) >= RESOURCE_FIELDS for resource in body["crisis_resources"])
    with app.app_context():
        assert body["name"] == settings.get("community_name")
        assert body["join_questions"] == settings.get("join_questions")


def test_an_applicant_waiting_for_approval_can_read_it(api):
    api.post("/users", json={"username": "new_person", "password": PASSWORD,
                             "answers": ["Support.", "A patient."]})
    token = api.post("/tokens", json={"username": "new_person", "password": PASSWORD}).get_json()["token"]
    waiting = type(api)(api.client, token)
    assert waiting.get("/me").get_json()["user"]["status"] == "pending"
    assert waiting.get("/community").status_code == 200


def test_community_shows_the_current_settings(app, client, staff):
    change_settings(
        app, staff, community_name="Willow Clinic Community", community_description="A gentle place.",
        membership_mode="open", join_questions=["Why are you here?"], rules="## Be gentle\nAlways.",
        crisis_resources=[{"name": "Willow line", "call": "555-0100", "hours": "Weekdays 9-5"},
                          {"name": "988 Lifeline", "call": "988", "text": "988",
                           "chat_url": "https://988lifeline.org/chat/", "region": "US"},
                          {"name": "Crisis Text Line", "text": "741741", "text_keyword": "HOME"}],
        moderated_hours={"days": [5, 6], "start": "10:00", "end": "14:00", "timezone": "Europe/London"})
    body = community(client)
    assert body["name"] == "Willow Clinic Community"
    assert body["description"] == "A gentle place."
    assert body["membership_mode"] == "open"
    assert body["join_questions"] == ["Why are you here?"]
    assert body["rules"] == {"markdown": "## Be gentle\nAlways.", "html": "<h2>Be gentle</h2>\n<p>Always.</p>\n"}
    assert body["moderated_hours"] == {"days": [5, 6], "start": "10:00", "end": "14:00",
                                       "timezone": "Europe/London"}
    # Each detail as staff gave it (null when left empty); `contact` and `url` are derived from them.
    assert body["crisis_resources"] == [
        {"name": "Willow line", "call": "555-0100", "text": None, "text_keyword": None, "chat_url": None,
         "hours": "Weekdays 9-5", "region": None, "contact": "Call 555-0100", "url": "tel:5550100"},
        {"name": "988 Lifeline", "call": "988", "text": "988", "text_keyword": None,
         "chat_url": "https://988lifeline.org/chat/", "hours": None, "region": "US",
         "contact": "Call or text 988, or chat online", "url": "https://988lifeline.org/chat/"},
        {"name": "Crisis Text Line", "call": None, "text": "741741", "text_keyword": "HOME", "chat_url": None,
         "hours": None, "region": None, "contact": "Text HOME to 741741", "url": "sms:741741?&body=HOME"},
    ]


def test_empty_settings_are_null_or_empty_lists(app, client, staff):
    change_settings(app, staff, community_description="", join_questions=[],
                    moderated_hours={"days": [], "start": "09:00", "end": "17:00", "timezone": "UTC"})
    body = community(client)
    assert body["description"] is None
    assert body["join_questions"] == []
    assert body["moderated_hours"]["days"] == []


def test_rules_html_is_sanitized_and_matches_the_rules_page(app, client, staff):
    change_settings(app, staff, rules=(
        "# Our rules\n<script>alert(1)</script>\n\n[click](javascript:alert(1)) "
        '<img src=x onerror="alert(1)"> ![pixel](https://tracker.example/p.gif)\n\n'
        "Read [the guide](https://example.org/guide)."))
    html = community(client)["rules"]["html"]
    tags = markup_in(html)
    assert {tag for tag, _ in tags} <= {"h2", "p", "a"}
    assert [attrs for tag, attrs in tags if tag == "a"] == [
        {"href": "https://tracker.example/p.gif", "rel": "nofollow noopener noreferrer ugc"},
        {"href": "https://example.org/guide", "rel": "nofollow noopener noreferrer ugc"}]
    assert "&lt;script&gt;" in html  # typed HTML stays visible text
    assert html.startswith("<h2>Our rules</h2>")
    assert html in client.get("/rules").get_data(as_text=True)


def test_private_settings_stay_private(app, client, staff):
    change_settings(app, staff, crisis_phrases=["a private watch phrase"], auto_hide_threshold=7)
    text = client.get("/api/v1/community").get_data(as_text=True)
    assert "a private watch phrase" not in text and "auto_hide" not in text


def test_community_is_read_only(client):
    response = client.post("/api/v1/community", json={"name": "Mine now"})
    assert response.status_code == 405 and response.is_json


# --- POST /categories without a slug ------------------------------------------------------

@pytest.mark.parametrize("name, slug", [
    ("Sleep", "sleep"),
    ("Sleep & Rest", "sleep-rest"),
    ("  Café   Corner!  ", "cafe-corner"),
    ("Men’s group", "mens-group"),
    ("Straße und Ærø", "strasse-und-aero"),
    ("Week 1: starting out", "week-1-starting-out"),
    ("日本語", ""),
    ("!!", ""),
])
def test_slug_from_name(name, slug):
    assert slug_from_name(name) == slug


def test_a_long_name_gives_a_slug_within_the_limit():
    slug = slug_from_name("Caring for someone through treatment-resistant depression and everything after")
    assert slug == "caring-for-someone-through-treatment-resistant-depression-and"
    assert len(slug_from_name("x" * 80)) == 64


def test_a_category_without_a_slug_takes_one_from_its_name(api, staff, member):
    boss = api.as_(staff)
    first = boss.post("/categories", json={"name": "Sleep & Rest"})
    assert first.status_code == 201 and first.get_json()["category"]["slug"] == "sleep-rest"
    second = boss.post("/categories", json={"name": "Sleep, rest"})
    assert second.status_code == 201 and second.get_json()["category"]["slug"] == "sleep-rest-2"
    third = boss.post("/categories", json={"name": "sleep rest", "slug": None})
    assert third.status_code == 201 and third.get_json()["category"]["slug"] == "sleep-rest-3"
    # A seeded category's slug counts as taken too.
    assert boss.post("/categories", json={"name": "Coping"}).get_json()["category"]["slug"] == "coping-2"
    slugs = {category["slug"] for category in api.as_(member).get("/categories").get_json()["items"]}
    assert {"sleep-rest", "sleep-rest-2", "sleep-rest-3", "coping", "coping-2"} <= slugs


def test_numbering_keeps_a_long_slug_within_the_limit(api, staff):
    boss = api.as_(staff)
    name = "x" * 80
    assert boss.post("/categories", json={"name": name}).get_json()["category"]["slug"] == "x" * 64
    assert boss.post("/categories", json={"name": name}).get_json()["category"]["slug"] == "x" * 62 + "-2"


@pytest.mark.parametrize("name", ["日本語の会", "?!?!", "💛💛"])
def test_a_name_with_nothing_to_make_a_slug_from_is_422(api, staff, name):
    response = api.as_(staff).post("/categories", json={"name": name})
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "validation_failed" and error["message"] and set(error["fields"]) == {"slug"}
    given = api.as_(staff).post("/categories", json={"name": name, "slug": "nihongo"})
    assert given.status_code == 201 and given.get_json()["category"]["slug"] == "nihongo"


def test_an_explicit_slug_is_used_or_refused_as_before(api, staff):
    boss = api.as_(staff)
    created = boss.post("/categories", json={"name": "Sleep", "slug": "night-owls"})
    assert created.status_code == 201 and created.get_json()["category"]["slug"] == "night-owls"
    taken = boss.post("/categories", json={"name": "Night owls", "slug": "night-owls"})
    assert taken.status_code == 409 and taken.get_json()["error"]["code"] == "slug_taken"
    for bad in ["Bad Slug!", "", "x", "a--b", 12]:
        refused = boss.post("/categories", json={"name": "Night owls", "slug": bad})
        assert refused.status_code == 422 and set(refused.get_json()["error"]["fields"]) == {"slug"}, bad


def test_a_bad_name_is_reported_before_any_slug_is_made(api, staff):
    for body in [{}, {"name": "x"}, {"name": 5}, {"name": "   "}]:
        response = api.as_(staff).post("/categories", json=body)
        assert response.status_code == 422 and "name" in response.get_json()["error"]["fields"], body


def test_members_still_cannot_create_categories(api, member):
    assert api.as_(member).post("/categories", json={"name": "Mine"}).status_code == 403


def test_the_staff_page_makes_the_slug_from_the_name_too(client, auth, staff):
    auth.login(staff)
    client.post("/staff/categories", data={"name": "Music & Sound", "slug": "", "description": "Songs",
                                           "posting": "members"})
    assert client.get("/c/music-sound").status_code == 200
    page = client.post("/staff/categories", data={"name": "日本語", "slug": " ", "posting": "members"})
    assert "no letters or digits to make an address from" in page.get_data(as_text=True)
