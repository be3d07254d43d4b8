"""API: the devices where my on-call alerts arrive by Web Push."""
from __future__ import annotations

from flask import jsonify

from forum import serializers
from forum.api import bp
from forum.api.helpers import json_body, signed_in
from forum.oncall import devices


@bp.get("/me/push-subscriptions")
def list_push_subscriptions():
    return jsonify(items=[serializers.push_subscription(found) for found in devices.of_member(signed_in())],
                   vapid_public_key=devices.public_key())


@bp.post("/me/push-subscriptions")
def add_push_subscription():
    body = json_body()
    added = devices.add(signed_in(), body.get("endpoint"), body.get("keys"), body.get("label"))
    return jsonify(subscription=serializers.push_subscription(added)), 201


@bp.delete("/me/push-subscriptions/<int:subscription_id>")
def remove_push_subscription(subscription_id: int):
    devices.remove(signed_in(), subscription_id)
    return "", 204
