"""A member's personal safety plan: theirs alone to write and read, in their
export, and gone with their account."""
import pytest
from sqlalchemy import text

from forum.accounts import safety_plan
from forum.extensions import db

PLAN = {"warning_signs": "Not sleeping.\nCancelling on friends.", "coping_strategies": "A walk with the dog.",
        "people_to_ask": "My sister, 555-0101.", "reasons_for_living": "Biscuit, my dog."}


def plan_page(client) -> str:
    return client.get("/account/safety-plan").get_data(as_text=True)


def stored_plans(app) -> int:
    with app.app_context():
        return db.session.execute(text("SELECT count(*) FROM safety_plans")).scalar()


def test_a_member_writes_their_plan_and_finds_it_again(client, auth, member):
    auth.login(member)
    page = plan_page(client)
    for section in safety_plan.SECTIONS:
        assert f'<label for="{section.key}">{section.title}</label>' in page.replace("&#39;", "'")
        assert section.prompt in page.replace("&#39;", "'")
    assert "Only you can see this plan." in page
    response = client.post("/account/safety-plan", data=PLAN)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Your safety plan is saved. Only you can see it." in page
    assert "Not sleeping.\nCancelling on friends.</textarea>" in page and "Last saved" in page


def test_the_account_page_links_to_it_for_members_only(browser_as, member, moderator):
    assert "/account/safety-plan" in browser_as(member).get("/account").get_data(as_text=True)
    assert "/account/safety-plan" not in browser_as(moderator).get("/account").get_data(as_text=True)


def test_too_long_a_section_is_explained_and_the_words_kept(client, auth, member):
    auth.login(member)
    response = client.post("/account/safety-plan", data={**PLAN, "people_to_ask": "x" * 2_001})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Keep this part under 2,000 characters." in page
    assert "A walk with the dog." in page
    assert stored_plans(client.application) == 0


def test_another_member_sees_only_their_own(browser_as, member, other_member):
    browser_as(member).post("/account/safety-plan", data=PLAN)
    theirs = plan_page(browser_as(other_member))
    assert "Biscuit" not in theirs and "Last saved" not in theirs


@pytest.mark.parametrize("role", ["moderator", "staff"])
def test_moderators_and_staff_find_nothing(app, api, browser_as, member, make_person, role):
    browser_as(member).post("/account/safety-plan", data=PLAN)
    person = make_person(f"a_{role}", role=role)
    browser = browser_as(person)
    assert browser.get("/account/safety-plan").status_code == 404
    assert browser.post("/account/safety-plan", data=PLAN).status_code == 404
    caller = api.as_(person)
    for response in (caller.get("/me/safety-plan"), caller.put("/me/safety-plan", json=PLAN)):
        assert response.status_code == 404 and response.get_json()["error"]["code"] == "not_found"
    assert "Biscuit" not in str(caller.get(f"/users/{member.username}").get_json())
    assert stored_plans(app) == 1


def test_signed_out_visitors_are_asked_to_sign_in(client, api):
    response = client.get("/account/safety-plan")
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]
    assert api.get("/me/safety-plan").status_code == 401
    assert api.put("/me/safety-plan", json=PLAN).status_code == 401


def test_the_api_reads_and_replaces_the_plan(app, api, member):
    sam = api.as_(member)
    empty = sam.get("/me/safety-plan").get_json()["safety_plan"]
    assert empty == {**{key: "" for key in safety_plan.KEYS}, "updated_at": None}
    written = sam.put("/me/safety-plan", json=PLAN)
    assert written.status_code == 200
    plan = written.get_json()["safety_plan"]
    assert plan["reasons_for_living"] == "Biscuit, my dog." and plan["professionals"] == "" and plan["updated_at"]
    assert sam.get("/me/safety-plan").get_json()["safety_plan"] == plan
    # PUT replaces: what isn't sent is emptied; an empty plan isn't kept at all.
    assert sam.put("/me/safety-plan", json={"professionals": "Clinic 555-0100"}).get_json()["safety_plan"][
        "warning_signs"] == ""
    assert sam.put("/me/safety-plan", json={}).get_json()["safety_plan"]["updated_at"] is None
    assert stored_plans(app) == 0


@pytest.mark.parametrize("body, field", [
    ({"warning_signs": 5}, "warning_signs"),
    ({"warning_signs": ["x"]}, "warning_signs"),
    ({"secret_notes": "x"}, "secret_notes"),
    ({"reasons_for_living": "x" * 2_001}, "reasons_for_living"),
])
def test_bad_plans_are_422_naming_the_field(app, api, member, body, field):
    response = api.as_(member).put("/me/safety-plan", json=body)
    assert response.status_code == 422 and field in response.get_json()["error"]["fields"]
    assert stored_plans(app) == 0


def test_a_body_that_isnt_an_object_is_400(api, member):
    response = api.as_(member).put("/me/safety-plan", json=["not", "a", "plan"])
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "invalid_json"


def test_the_export_holds_the_plan(api, member):
    sam = api.as_(member)
    assert sam.get("/me/export").get_json()["safety_plan"] is None
    sam.put("/me/safety-plan", json=PLAN)
    exported = sam.get("/me/export").get_json()["safety_plan"]
    assert exported["warning_signs"] == PLAN["warning_signs"] and exported["updated_at"]


def test_deleting_the_account_deletes_the_plan(app, api, member):
    sam = api.as_(member)
    sam.put("/me/safety-plan", json=PLAN)
    assert sam.delete("/me", json={"password": member.password}).status_code == 204
    with app.app_context():
        assert db.session.execute(text("SELECT count(*) FROM safety_plans WHERE user_id = :id"),
                                  {"id": member.id}).scalar() == 0
