"""Password reset: a one-time link by email, or from staff, that ends every
other sign-in; the same answer whoever asks."""
from __future__ import annotations

import html
import re
import time
from datetime import timedelta

import pytest

from forum.accounts.models import ApiToken, User
from forum.audit.models import LogEntry
from forum.extensions import db
from tests.conftest import csrf_token, signed_in_browser
from tests.outside import inbox  # noqa: F401  (fixture)

NEW_PASSWORD = "a brand new passphrase"
LINK = re.compile(r"https?://\S+/reset-password\?token=[\w.\-]+")


@pytest.fixture
def app_config(request, inbox):
    marker = request.node.get_closest_marker("app_config")
    return {"HEARTH_SMTP_HOST": "127.0.0.1", "HEARTH_SMTP_PORT": inbox.port, "HEARTH_SMTP_FROM": "hearth@clinic.test",
            **(dict(marker.kwargs) if marker else {})}


@pytest.fixture
def with_email(app, member):
    with app.app_context():
        db.session.get(User, member.id).email = "sam@clinic.test"
        db.session.commit()
    return member


def _mail(inbox, count: int = 1) -> list:
    """The reset emails, once they arrived (they leave after the page answers)."""
    for _ in range(100):
        if len(inbox.messages) >= count:
            break
        time.sleep(0.05)
    return inbox.messages


def _path(link: str) -> str:
    return link.split("://", 1)[1].split("/", 1)[1].join(["/", ""])


def _ask(client, named: str) -> str:
    return html.unescape(client.post("/forgot-password", data={"username": named}).get_data(as_text=True))


def test_sign_in_offers_a_reset(client):
    page = client.get("/sign-in").get_data(as_text=True)
    assert 'href="/forgot-password"' in page and "Forgot your password?" in page


def test_a_link_by_email_works_once_and_ends_every_other_sign_in(app, client, api, with_email, inbox):
    elsewhere = signed_in_browser(app, with_email)
    token = api.as_(with_email)
    assert elsewhere.get("/account").status_code == 200

    answer = _ask(client, with_email.username)
    assert "a link to choose a new password is on its way" in answer
    (recipients, subject, text), = _mail(inbox)
    assert recipients == ["sam@clinic.test"] and "reset your password" in subject and "30 minutes" in text
    path = _path(LINK.search(text).group(0))

    page = client.get(path)
    assert page.status_code == 200 and "Choose a new password" in page.get_data(as_text=True)
    weak = client.post(path, data={"new_password": "short"})
    assert "Use at least 10 characters." in weak.get_data(as_text=True)
    done = client.post(path, data={"new_password": NEW_PASSWORD})
    assert done.status_code == 302 and done.headers["Location"] == "/"
    assert client.get("/account").status_code == 200  # signed in here

    assert elsewhere.get("/account").status_code == 302  # signed out there
    assert token.get("/me").status_code == 401  # and its API token ended
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(ApiToken)) == 0
    fresh = app.test_client()
    assert fresh.post("/sign-in", data={"username": with_email.username, "password": NEW_PASSWORD}).status_code == 302

    used = app.test_client().get(path)
    assert used.status_code == 410 and "already used" in used.get_data(as_text=True)
    assert app.test_client().post(path, data={"new_password": "yet another passphrase"}).status_code == 410


def test_the_same_answer_for_unknown_accounts_and_accounts_without_email(app, client, member, other_member,
                                                                        with_email, inbox):
    answers = {_ask(client, named) for named in (with_email.username, other_member.username, "nobody_at_all",
                                                 "nobody@nowhere.test", "sam@clinic.test")}
    assert len(answers) == 1
    assert len(_mail(inbox, 2)) == 2  # by username and by address; nothing for the others
    time.sleep(0.2)
    assert len(inbox.messages) == 2


def test_a_link_expires_after_thirty_minutes(client, with_email, inbox, moved_clock):
    _ask(client, with_email.username)
    path = _path(LINK.search(_mail(inbox)[0][2]).group(0))
    moved_clock["by"] = timedelta(minutes=29)
    assert client.get(path).status_code == 200
    moved_clock["by"] = timedelta(minutes=31)
    expired = client.get(path)
    assert expired.status_code == 410 and "This link has expired" in expired.get_data(as_text=True)
    assert client.post(path, data={"new_password": NEW_PASSWORD}).status_code == 410


@pytest.mark.parametrize("token", ["", "garbled", "a.b.c", "x" * 5000, "\u202e.abc"])
def test_garbled_links_get_a_clear_page(client, token):
    response = client.get("/reset-password", query_string={"token": token})
    assert response.status_code == 410 and "This reset link doesn't work" in response.get_data(as_text=True)


@pytest.mark.app_config(HEARTH_SMTP_HOST="")
def test_without_email_the_page_points_to_staff(client, with_email, inbox):
    page = client.get("/forgot-password").get_data(as_text=True)
    assert "The clinic team can give you a one-time link" in page and "Send me a link" not in page
    assert "on its way" in _ask(client, with_email.username)
    time.sleep(0.2)
    assert inbox.messages == []


def test_staff_issue_a_link_shown_once_and_logged(app, client, auth, staff, moderator, member):
    elsewhere = signed_in_browser(app, member)
    auth.login(moderator)
    assert "Make a reset link" not in client.get(f"/moderation/members/{member.id}").get_data(as_text=True)
    assert client.post(f"/moderation/members/{member.id}/reset-link").status_code == 403
    auth.logout()
    auth.login(staff)
    assert "Make a reset link" in client.get(f"/moderation/members/{member.id}").get_data(as_text=True)
    assert client.post(f"/moderation/members/{staff.id}/reset-link").status_code == 403  # not their own
    page = html.unescape(client.post(f"/moderation/members/{member.id}/reset-link").get_data(as_text=True))
    link = LINK.search(page).group(0)
    assert "shown only now" in page
    assert link not in client.get(f"/moderation/members/{member.id}").get_data(as_text=True)
    with app.app_context():
        entry = db.session.scalar(db.select(LogEntry).where(LogEntry.action == "password_reset_link_issued"))
        assert (entry.actor_name, entry.target_type, entry.target_id) == (staff.username, "user", member.id)
        assert "token" not in str(entry.details) and "reset-password" not in entry.reason

    member_browser = app.test_client()
    assert member_browser.post(_path(link), data={"new_password": NEW_PASSWORD}).status_code == 302
    assert member_browser.get("/account").status_code == 200
    assert elsewhere.get("/account").status_code == 302
    log_page = client.get("/moderation/log").get_data(as_text=True)
    assert "password reset link issued" in log_page


@pytest.mark.app_config(WTF_CSRF_ENABLED=True)
def test_forms_carry_csrf(client, with_email):
    refused = client.post("/forgot-password", data={"username": with_email.username})
    assert "on its way" not in refused.get_data(as_text=True)
    token = csrf_token(client, "/forgot-password")
    assert "on its way" in client.post("/forgot-password", data={"username": with_email.username,
                                                                 "csrf_token": token}).get_data(as_text=True)


def test_no_link_for_a_closed_account_or_another_staff_member(app, client, auth, staff, make_person, inbox):
    from forum.accounts import password_reset

    colleague = make_person("colleague_staff", role="staff")
    closed = make_person("closed_member")
    with app.test_request_context():
        account = db.session.get(User, closed.id)
        account.email, account.status = "closed@clinic.test", "closed"
        db.session.commit()
        link = password_reset.link_for(account)  # made before the account closed
    auth.login(staff)
    assert client.post(f"/moderation/members/{colleague.id}/reset-link").status_code == 403
    assert client.post(f"/moderation/members/{closed.id}/reset-link").status_code == 409
    auth.logout()
    assert "on its way" in _ask(client, closed.username)
    time.sleep(0.2)
    assert inbox.messages == []  # no mail to a closed account's address
    assert client.get(link[link.index("/reset-password"):]).status_code == 410
