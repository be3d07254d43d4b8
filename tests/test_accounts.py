"""Registration, signing in and out, sessions, passwords and tokens."""
import pytest

from forum.accounts import services as accounts
from forum.accounts.models import User
from forum.errors import Conflict, InvalidInput
from forum.extensions import db
from tests.conftest import ANSWERS, PASSWORD, apply


@pytest.mark.parametrize("name, problem", [
    ("ab", "3 to 32"),
    ("x" * 33, "3 to 32"),
    ("has space", "3 to 32"),
    ("semi;colon", "3 to 32"),
    ("Admin", "reserved"),
    ("MODERATOR", "reserved"),
    ("ｓｔａｆｆ", "reserved"),  # full-width letters normalise to "staff"
])
def test_bad_usernames_are_refused(app, name, problem):
    with app.app_context():
        with pytest.raises(InvalidInput) as raised:
            accounts.register(name, PASSWORD, answers=ANSWERS)
        assert problem in raised.value.fields["username"]


def test_usernames_are_unique_regardless_of_case_and_width(app):
    with app.app_context():
        accounts.register("River_K", PASSWORD, answers=ANSWERS)
        for clash in ["river_k", "RIVER_K", "ｒｉｖｅｒ＿ｋ"]:
            with pytest.raises(Conflict):
                accounts.register(clash, PASSWORD, answers=ANSWERS)


def test_unicode_letters_are_welcome(app):
    with app.app_context():
        assert accounts.register("Zoë_Łucja", PASSWORD, answers=ANSWERS).username == "Zoë_Łucja"


@pytest.mark.parametrize("password, problem", [
    ("short1!", "at least 10"),
    ("password123", "too common"),
    ("qwertyuiop", "too common"),
    ("aaaaaaaaaaaa", "too common"),
    ("my new_person pw", "must not contain your username"),
])
def test_weak_passwords_are_refused(app, password, problem):
    with app.app_context():
        with pytest.raises(InvalidInput) as raised:
            accounts.register("new_person", password, answers=ANSWERS)
        assert problem in raised.value.fields["password"]


def test_passwords_are_stored_as_argon2_hashes(app):
    with app.app_context():
        user = accounts.register("new_person", PASSWORD, answers=ANSWERS)
        assert user.password_hash.startswith("$argon2id$") and PASSWORD not in user.password_hash


def test_applying_leaves_the_applicant_signed_in_and_waiting(client):
    response = apply(client)
    assert response.status_code == 302 and response.headers["Location"].endswith("/waiting")
    page = client.get("/waiting").get_data(as_text=True)
    assert "waiting for approval" in page and ANSWERS[0] in page
    # A pending member can't read the community: every page sends them back.
    assert client.get("/c/coping").headers["Location"].endswith("/waiting")
    assert client.get("/").headers["Location"].endswith("/waiting")
    assert client.get("/rules").status_code == 200 and client.get("/help").status_code == 200


def test_application_form_shows_errors_and_keeps_input(client):
    response = apply(client, username="ab", answers=["", "A patient."])
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Use 3 to 32 letters" in page and "Please answer this question." in page
    assert "A patient." in page


def test_open_mode_activates_at_once(app, client):
    from forum.settings import service as settings

    with app.test_request_context():
        settings.update({"membership_mode": "open"})
    apply(client)
    assert client.get("/").status_code == 200
    with app.app_context():
        assert accounts.find_by_username("new_person").status == "active"


def test_sign_in_and_out(client, auth, member):
    assert auth.login(member).headers["Location"].endswith("/")
    assert "Welcome, sam_member" in client.get("/").get_data(as_text=True)  # a new member's first visit
    auth.logout()
    assert "Apply to join" in client.get("/").get_data(as_text=True)


def test_wrong_password_and_unknown_user_get_the_same_answer(client, member):
    wrong = client.post("/sign-in", data={"username": member.username, "password": "not the password"})
    unknown = client.post("/sign-in", data={"username": "nobody_here", "password": "not the password"})
    assert "Wrong username or password." in wrong.get_data(as_text=True)
    assert "Wrong username or password." in unknown.get_data(as_text=True)


@pytest.mark.parametrize("status", ["suspended", "banned"])
def test_suspended_and_banned_accounts_cannot_sign_in(client, auth, make_person, status):
    person = make_person("held_back", status=status)
    page = auth.login(person).get_data(as_text=True)
    assert f"This account is {status}." in page
    assert client.get("/c/coping").status_code == 302


def test_suspension_ends_an_open_session(app, client, auth, member):
    auth.login(member)
    assert client.get("/c/coping").status_code == 200
    with app.app_context():
        db.session.get(User, member.id).status = "suspended"
        db.session.commit()
    assert client.get("/c/coping").headers["Location"].startswith("/sign-in")


@pytest.mark.parametrize("target, expected", [
    ("/c/coping", "/c/coping"),
    ("https://evil.example/", "/"),
    ("//evil.example/", "/"),
    ("/\\evil.example", "/"),
    ("javascript:alert(1)", "/"),
])
def test_next_never_leaves_the_site(client, member, target, expected):
    response = client.post("/sign-in?next=" + target, data={"username": member.username, "password": member.password})
    assert response.headers["Location"] == expected


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example",
                                    "javascript:alert(1)"])
def test_every_form_that_redirects_stays_on_the_site(client, auth, api, staff, member, other_member, target):
    """One check (web.same_site_path) for every form that takes a next page."""
    announcement_id = api.as_(staff).post("/announcements", json={"title": "Holiday hours", "body": "x"}).get_json()[
        "announcement"]["id"]
    thread_id = api.as_(member).post("/categories/coping/threads", json={"title": "Hello all", "body": "x"}).get_json()[
        "thread"]["id"]
    api.as_(other_member).post(f"/threads/{thread_id}/posts", json={"body": "Hello back"})
    notification_id = api.as_(member).get("/notifications").get_json()["items"][0]["id"]
    auth.login(member)
    dismissed = client.post(f"/announcements/{announcement_id}/dismiss", data={"next": target})
    assert dismissed.headers["Location"] == "/#announcements"  # back where the banner was
    read = client.post("/notifications/read", data={"id": notification_id, "go": target})
    assert read.headers["Location"] == "/notifications"


def test_sign_in_renews_the_session(client, member):
    client.get("/sign-in")
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    client.post("/sign-in", data={"username": member.username, "password": member.password})
    with client.session_transaction() as session:
        assert "planted" not in session


def test_password_change_ends_other_sessions(app, member):
    first, second = app.test_client(), app.test_client()
    for browser in (first, second):
        browser.post("/sign-in", data={"username": member.username, "password": member.password, "remember": "y"})
    response = first.post("/account/password", data={"current_password": PASSWORD,
                                                      "new_password": "a brand new passphrase"})
    assert response.status_code == 302
    assert first.get("/c/coping").status_code == 200
    assert second.get("/c/coping").headers["Location"].startswith("/sign-in")


def test_password_change_checks_the_current_password(client, auth, member):
    auth.login(member)
    page = client.post("/account/password", data={"current_password": "wrong one here",
                                                  "new_password": "a brand new passphrase"}).get_data(as_text=True)
    assert "That is not your current password." in page


def test_profile_edit(client, auth, member):
    auth.login(member)
    client.post("/account", data={"display_name": "  Sam   R ", "bio": "Gardener."})
    page = client.get(f"/u/{member.username}").get_data(as_text=True)
    assert "Sam R" in page and "Gardener." in page


def test_tokens_are_stored_hashed_and_revocable(app, client, auth, member):
    auth.login(member)
    page = client.post("/account/tokens", data={"label": "my script"}).get_data(as_text=True)
    raw = page.split('<code class="token">')[1].split("</code>")[0]
    with app.app_context():
        stored = db.session.get(User, member.id).tokens[0]
        assert stored.digest != raw and raw not in stored.digest
        token_id = stored.id
    headers = {"Authorization": f"Bearer {raw}"}
    assert client.get("/api/v1/me", headers=headers).status_code == 200
    client.post(f"/account/tokens/{token_id}/revoke")
    anonymous = app.test_client()
    assert anonymous.get("/api/v1/me", headers=headers).status_code == 401


def test_sign_out_ends_the_session_on_the_server_remember_cookie_too(app, member):
    browser = app.test_client()
    response = browser.post("/sign-in", data={"username": member.username, "password": member.password,
                                              "remember": "y"})
    remember = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("remember_token="))
    stolen = remember.split(";")[0].split("=", 1)[1]
    copy = app.test_client()
    copy.set_cookie("remember_token", stolen)
    assert copy.get("/c/coping").status_code == 200  # the cookie works while the session lives
    browser.post("/sign-out")
    again = app.test_client()
    again.set_cookie("remember_token", stolen)
    assert again.get("/c/coping").status_code == 302  # and not after signing out
    other = app.test_client()
    other.post("/sign-in", data={"username": member.username, "password": member.password})
    assert other.get("/c/coping").status_code == 200  # other sessions carry on
