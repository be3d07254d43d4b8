"""Categories whose slug comes from their name, on the API and the staff page."""
import pytest

from forum.staff.categories import slug_from_name


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
