import html

"""Applications, approval and rejection, and roles."""
from forum.accounts.models import User
from forum.audit.models import LogEntry
from forum.extensions import db
from tests.conftest import ANSWERS, apply


def _applicant_id(app, username="new_person"):
    with app.app_context():
        return db.session.scalar(db.select(User.id).where(User.username == username))


def test_moderator_approves_an_applicant_who_then_gets_in(app, browser_as, moderator):
    applicant = app.test_client()
    apply(applicant)
    mod = browser_as(moderator)
    page = mod.get("/membership/applicants").get_data(as_text=True)
    assert "new_person" in page and ANSWERS[0] in page
    user_id = _applicant_id(app)
    response = mod.post(f"/membership/applicants/{user_id}/approve", data={"reason": "Welcome!"})
    assert response.status_code == 302
    assert applicant.get("/c/coping").status_code == 200
    assert "No one is waiting." in mod.get("/membership/applicants").get_data(as_text=True)
    with app.app_context():
        entry = db.session.scalar(db.select(LogEntry).where(LogEntry.action == "member_approved"))
        assert entry.actor_name == moderator.username and entry.target_id == user_id


def test_rejected_applicant_is_told_why(app, browser_as, moderator):
    applicant = app.test_client()
    apply(applicant)
    mod = browser_as(moderator)
    mod.post(f"/membership/applicants/{_applicant_id(app)}/reject", data={"reason": "This group is for patients."})
    page = applicant.get("/waiting").get_data(as_text=True)
    assert "was not accepted" in page and "This group is for patients." in page
    assert applicant.get("/c/coping").status_code == 403


def test_deciding_twice_is_a_conflict(app, moderator, client, auth):
    apply(app.test_client())
    auth.login(moderator)
    user_id = _applicant_id(app)
    client.post(f"/membership/applicants/{user_id}/approve", data={})
    response = client.post(f"/membership/applicants/{user_id}/reject", data={}, follow_redirects=True)
    assert "not waiting for a decision" in response.get_data(as_text=True)


def test_members_cannot_decide_applications(app, client, auth, member):
    apply(app.test_client())
    auth.login(member)
    assert client.get("/membership/applicants").status_code == 403
    assert client.post(f"/membership/applicants/{_applicant_id(app)}/approve").status_code == 403


def test_staff_promote_and_demote(app, client, auth, staff, member):
    auth.login(staff)
    client.post(f"/staff/members/{member.id}/role", data={"role": "moderator", "reason": "Trusted"})
    with app.app_context():
        assert db.session.get(User, member.id).role == "moderator"
        entry = db.session.scalar(db.select(LogEntry).where(LogEntry.action == "role_changed"))
        assert entry.details == {"previous": "member", "role": "moderator"}


def test_the_last_staff_account_cannot_demote_itself(app, client, auth, staff):
    auth.login(staff)
    response = client.post(f"/staff/members/{staff.id}/role", data={"role": "member"}, follow_redirects=True)
    assert "The last staff account can't be demoted." in html.unescape(response.get_data(as_text=True))
    with app.app_context():
        assert db.session.get(User, staff.id).role == "staff"


def test_moderators_cannot_change_roles(client, auth, moderator, member):
    auth.login(moderator)
    assert client.get("/staff/members").status_code == 403
    assert client.post(f"/staff/members/{member.id}/role", data={"role": "staff"}).status_code == 403
