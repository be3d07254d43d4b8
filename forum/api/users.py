"""API: registration, tokens, the caller's account, profiles, membership."""
from __future__ import annotations

from flask import g, jsonify

from forum import policy, serializers
from forum.accounts import services as accounts
from forum.api import bp
from forum.clock import isoformat
from forum.api.helpers import json_body, member, signed_in, text_fields
from forum.errors import DomainError, NotFound
from forum.membership import services as membership
from forum.rate_limits import APPLYING, SIGNING_IN, SIGNING_IN_PER_ACCOUNT, limited


@bp.post("/users")
@limited(APPLYING)
def register():
    body = json_body()
    values = text_fields(body, required=("username", "password"), optional=("email",))
    answers = body.get("answers", [])
    created = accounts.register(values["username"], values["password"], values.get("email"), answers)
    return jsonify(user=serializers.user(created)), 201


@bp.post("/tokens")
@limited(SIGNING_IN)
@limited(SIGNING_IN_PER_ACCOUNT)
def create_token():
    values = text_fields(json_body(), required=("username", "password"), optional=("label",))
    account = accounts.authenticate(values["username"], values["password"])
    raw, _ = accounts.issue_token(account, values.get("label", "api"))
    return jsonify(token=raw, user=serializers.user(account)), 201


@bp.delete("/tokens/current")
def revoke_current_token():
    account = signed_in()
    token = g.get("api_token")
    if token is None:
        raise DomainError("This call revokes the bearer token it is sent with.", code="no_token")
    accounts.revoke_token(account, token.id)
    return "", 204


@bp.get("/me")
def me():
    return jsonify(user=serializers.user(signed_in(), private=True))


@bp.get("/users/<username>")
def profile(username: str):
    member()
    found = accounts.find_by_username(username)
    if found is None or found.status in {"pending", "rejected"}:
        raise NotFound("No such member.")
    return jsonify(user=serializers.public_profile(found))


@bp.get("/membership/pending")
def pending_members():
    policy.require(policy.decide_membership(signed_in()))
    items = [
        {"user": serializers.user(application.user), "answers": application.answers,
         "applied_at": isoformat(application.created_at)}
        for application in membership.pending_applications()
    ]
    return jsonify(items=items, next=None)


@bp.post("/users/<int:user_id>/<any(approve, reject):decision>")
def decide(user_id: int, decision: str):
    reason = text_fields(json_body(), optional=("reason",)).get("reason", "")
    action = membership.approve if decision == "approve" else membership.reject
    return jsonify(user=serializers.user(action(signed_in(), user_id, reason)))


@bp.put("/users/<int:user_id>/role")
def set_role(user_id: int):
    values = text_fields(json_body(), required=("role",), optional=("reason",))
    updated = membership.change_role(signed_in(), user_id, values["role"], values.get("reason", ""))
    return jsonify(user=serializers.user(updated))
