"""API: my notifications, preferences, safety plan, data export and account deletion."""
from __future__ import annotations

from flask import jsonify

from forum import serializers
from forum.accounts import data_rights, preferences, safety_plan
from forum.api import bp
from forum.api.helpers import json_body, member, paging, signed_in, text_fields
from forum.errors import invalid
from forum.notifications import service as notifications
from forum.rate_limits import DELETING_ACCOUNT, limited


@bp.get("/notifications")
def list_notifications():
    viewer = member()
    before, limit = paging(cursor="before")
    rows, next_cursor = notifications.page(viewer, before, limit)
    return jsonify(items=[serializers.notification(n) for n in rows], next=next_cursor,
                   unread=notifications.unread_count(viewer))


@bp.post("/notifications/read")
def read_notifications():
    viewer = member()
    body = json_body()
    if body.get("all") is True:
        changed = notifications.mark_read(viewer, everything=True)
    elif "ids" in body:
        changed = notifications.mark_read(viewer, body["ids"])
    else:
        raise invalid({"ids": "Give a list of notification ids, or all: true."})
    return jsonify(marked=changed, unread=notifications.unread_count(viewer))


@bp.get("/me/preferences")
def my_preferences():
    return jsonify(preferences=preferences.of(signed_in()))


@bp.patch("/me/preferences")
def change_preferences():
    return jsonify(preferences=preferences.update(signed_in(), json_body()))


@bp.get("/me/safety-plan")
def my_safety_plan():
    return jsonify(safety_plan=serializers.safety_plan(safety_plan.of(signed_in())))


@bp.put("/me/safety-plan")
def replace_safety_plan():
    return jsonify(safety_plan=serializers.safety_plan(safety_plan.save(signed_in(), json_body())))


@bp.get("/me/export")
def export_my_data():
    return jsonify(data_rights.export(signed_in()))


@bp.delete("/me")
@limited(DELETING_ACCOUNT)
def delete_me():
    body = json_body()
    password = text_fields(body, required=("password",))["password"]
    erase = body.get("erase_posts", False)
    if not isinstance(erase, bool):
        raise invalid({"erase_posts": "Use true or false."})
    data_rights.delete_account(signed_in(), password, erase_posts=erase)
    return "", 204
