"""API: sanctions on members."""
from __future__ import annotations

from flask import jsonify

from forum.api import bp, serializers
from forum.api.helpers import json_body, moment, signed_in, text_fields
from forum.moderation import sanctions


@bp.post("/users/<int:user_id>/sanctions")
def impose_sanction(user_id: int):
    values = text_fields(json_body(), required=("kind", "reason"), optional=("until",))
    until = moment(values.get("until"), "until")
    created = sanctions.impose(signed_in(), user_id, values["kind"], values["reason"], until)
    return jsonify(sanction=serializers.sanction(created)), 201


@bp.delete("/sanctions/<int:sanction_id>")
def lift_sanction(sanction_id: int):
    values = text_fields(json_body(), required=("reason",))
    return jsonify(sanction=serializers.sanction(sanctions.lift(signed_in(), sanction_id, values["reason"])))
