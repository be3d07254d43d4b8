"""Sanctions: who may impose them, what they do to a member's standing, lifting."""
from datetime import timedelta

import pytest

from forum import clock
from forum.accounts.models import User
from forum.audit.models import LogEntry
from forum.extensions import db


@pytest.mark.parametrize("kind, status", [("warn", "active"), ("mute", "muted"), ("suspend", "suspended"),
                                          ("ban", "banned")])
def test_sanctions_set_the_standing(app, api, moderator, member, kind, status):
    mod = api.as_(moderator)
    until = None if kind in {"warn", "ban"} else (clock.now() + timedelta(days=2)).isoformat() + "Z"
    response = mod.post(f"/users/{member.id}/sanctions", json={"kind": kind, "reason": "Rule 1", "until": until})
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["sanction"]["kind"] == kind
    with app.app_context():
        assert db.session.get(User, member.id).status == status
        assert db.session.scalar(db.select(LogEntry.action).where(LogEntry.target_id == member.id)) == f"sanction_{kind}"


def test_lifting_restores_the_next_most_severe(app, api, moderator, member):
    mod = api.as_(moderator)
    mute = mod.post(f"/users/{member.id}/sanctions", json={"kind": "mute", "reason": "Cool off"}).get_json()
    suspend = mod.post(f"/users/{member.id}/sanctions", json={"kind": "suspend", "reason": "Again"}).get_json()
    lifted = mod.delete(f"/sanctions/{suspend['sanction']['id']}", json={"reason": "Appeal accepted"})
    assert lifted.status_code == 200 and lifted.get_json()["sanction"]["lifted_at"]
    with app.app_context():
        assert db.session.get(User, member.id).status == "muted"
    mod.delete(f"/sanctions/{mute['sanction']['id']}", json={"reason": "Done"})
    with app.app_context():
        assert db.session.get(User, member.id).status == "active"
    again = mod.delete(f"/sanctions/{mute['sanction']['id']}", json={"reason": "Done"})
    assert again.status_code == 409


def test_suspended_member_loses_token_access(api, moderator, member):
    sam = api.as_(member)
    api.as_(moderator).post(f"/users/{member.id}/sanctions", json={"kind": "suspend", "reason": "Rule 2"})
    assert sam.get("/me").status_code == 401


@pytest.mark.parametrize("body, field", [
    ({"kind": "nap", "reason": "x"}, "kind"),
    ({"kind": "mute", "reason": ""}, "reason"),
    ({"kind": "mute", "reason": "x", "until": "yesterday"}, "until"),
    ({"kind": "mute", "reason": "x", "until": "2001-01-01T00:00:00Z"}, "until"),
    ({"kind": "ban", "reason": "x", "until": "2999-01-01T00:00:00Z"}, "until"),
])
def test_bad_sanctions_are_explained(api, moderator, member, body, field):
    response = api.as_(moderator).post(f"/users/{member.id}/sanctions", json=body)
    assert response.status_code == 422 and field in response.get_json()["error"]["fields"]


def test_who_may_sanction_whom(api, make_person, moderator, staff, member):
    other_mod = make_person("other_mod", role="moderator")
    body = {"kind": "warn", "reason": "Testing"}
    assert api.as_(member).post(f"/users/{moderator.id}/sanctions", json=body).status_code == 403
    assert api.as_(moderator).post(f"/users/{other_mod.id}/sanctions", json=body).status_code == 403
    assert api.as_(moderator).post(f"/users/{staff.id}/sanctions", json=body).status_code == 403
    assert api.as_(moderator).post(f"/users/{moderator.id}/sanctions", json=body).status_code == 403
    assert api.as_(staff).post(f"/users/{other_mod.id}/sanctions", json=body).status_code == 201
    assert api.post(f"/users/{member.id}/sanctions", json=body).status_code == 401
    assert api.as_(moderator).post("/users/999999/sanctions", json=body).status_code == 404
