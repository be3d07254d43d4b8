"""The welcome a newly approved member finds on the home page, once."""
from __future__ import annotations

import html

import pytest
from flask_migrate import downgrade, upgrade

from forum.accounts.models import User
from forum.extensions import db
from tests.conftest import apply, make_app, signed_in_browser

WELCOME = "Welcome, new_person"


@pytest.fixture
def approved(app, client, moderator):
    """Someone who applied and was just approved, signed in in `client`."""
    apply(client)
    with app.app_context():
        user_id = db.session.scalar(db.select(User.id).where(User.username == "new_person"))
    signed_in_browser(app, moderator).post(f"/membership/applicants/{user_id}/approve", data={"reason": ""})
    return user_id


def test_a_newly_approved_member_is_welcomed_until_they_close_it(app, client, approved):
    page = html.unescape(client.get("/").get_data(as_text=True))
    assert f"<h1 id=\"home-heading\" tabindex=\"-1\">{WELCOME}</h1>" in page and "Welcome back" not in page
    assert "We're glad you're here." in page
    assert 'href="/rules"' in page and 'href="/c/introductions/new"' in page
    assert 'href="/account/preferences"' in page and 'href="/help"' in page
    assert "welcome.js" in page
    assert WELCOME in client.get("/").get_data(as_text=True)  # still there until closed

    closed = client.post("/welcome/dismiss")
    assert closed.status_code == 302 and closed.headers["Location"] == "/"
    page = client.get("/").get_data(as_text=True)
    assert "Welcome back, new_person" in page and "We&#39;re glad" not in page and "welcome.js" not in page
    with app.app_context():
        assert db.session.get(User, approved).welcome_dismissed_at is not None


def test_closing_answers_json_for_the_script(client, approved):
    answer = client.post("/welcome/dismiss", headers={"Accept": "application/json"})
    assert answer.status_code == 200 and answer.get_json() == {"dismissed": True}
    assert "Welcome back" in client.get("/").get_data(as_text=True)


def test_closing_is_remembered_on_every_device(app, client, approved):
    client.post("/welcome/dismiss")
    other_device = app.test_client()
    other_device.post("/sign-in", data={"username": "new_person", "password": "correct horse battery"})
    assert "Welcome back, new_person" in other_device.get("/").get_data(as_text=True)


def test_applicants_see_no_welcome_until_approved(client):
    apply(client)
    assert client.get("/").status_code == 302  # the waiting page
    assert client.post("/welcome/dismiss").status_code in (302, 403)


def test_staff_edit_the_welcome_and_it_is_sanitized(app, client, auth, staff, approved):
    from tests.test_staff import settings_form

    editor = signed_in_browser(app, staff)
    words = "Hello **friend**. <script>alert(1)</script> [clinic](javascript:alert(1))"
    assert editor.post("/staff/settings", data=settings_form(welcome_message=words)).status_code == 302
    page = client.get("/").get_data(as_text=True)
    assert "Hello <strong>friend</strong>." in page
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page and 'href="javascript' not in page
    empty = editor.post("/staff/settings", data=settings_form(welcome_message=""))
    assert "Use 1 to 5,000 characters." in html.unescape(empty.get_data(as_text=True))


def test_the_welcome_is_in_the_export(client, approved):
    client.post("/welcome/dismiss")
    profile = client.get("/account/data/export").get_json()["profile"]
    assert profile["welcome_dismissed_at"] is not None


def test_members_here_before_the_welcome_never_see_it(database_factory):
    """The migration marks every existing account as welcomed."""
    fresh = make_app(database_factory.new_url())
    with fresh.app_context():
        upgrade(revision="0016")
        db.session.execute(db.text(
            "INSERT INTO users (username, username_key, display_name, bio, password_hash, role, status, "
            "session_version, created_at, preferences) VALUES ('old_timer', 'old_timer', 'old_timer', '', 'x', "
            "'member', 'active', 1, '2025-01-01 00:00:00', '{}')"))
        db.session.commit()
        upgrade(revision="0019")
        assert db.session.execute(db.text("SELECT welcome_dismissed_at FROM users")).scalar() is not None
        # End the read's transaction: on PostgreSQL it would hold a lock the downgrade waits for, forever.
        db.session.rollback()
        downgrade(revision="base")
        db.engine.dispose()
