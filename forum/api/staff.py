"""API: pins, announcements, categories."""
from __future__ import annotations

from flask import jsonify

from forum import clock, serializers
from forum.api import bp
from forum.api.helpers import json_body, member, signed_in, text_fields
from forum.community import queries
from forum.staff import announcements, categories, pins


@bp.put("/threads/<int:thread_id>/pin")
def pin_thread(thread_id: int):
    viewer = signed_in()
    thread = queries.thread(viewer, thread_id)
    values = text_fields(json_body(), required=("scope",), optional=("until",))
    pins.pin(viewer, thread, values["scope"], clock.parse(values.get("until"), "until"))
    return jsonify(thread=serializers.thread(thread, queries.is_pinned(thread)))


@bp.delete("/threads/<int:thread_id>/pin")
def unpin_thread(thread_id: int):
    viewer = signed_in()
    thread = queries.thread(viewer, thread_id)
    pins.unpin(viewer, thread)
    return jsonify(thread=serializers.thread(thread, queries.is_pinned(thread)))


@bp.get("/announcements")
def list_announcements():
    viewer = member()
    unseen = {found.id for found in announcements.banners_for(viewer)}
    items = [serializers.announcement(found, dismissed=found.id not in unseen) for found in announcements.active()]
    return jsonify(items=items, next=None)


@bp.post("/announcements")
def post_announcement():
    values = text_fields(json_body(), required=("title", "body"), optional=("expires_at",))
    created = announcements.create(signed_in(), values["title"], values["body"],
                                   clock.parse(values.get("expires_at"), "expires_at"))
    return jsonify(announcement=serializers.announcement(created)), 201


@bp.delete("/announcements/<int:announcement_id>")
def withdraw_announcement(announcement_id: int):
    reason = text_fields(json_body(), optional=("reason",)).get("reason", "")
    announcements.withdraw(signed_in(), announcement_id, reason)
    return "", 204


@bp.post("/announcements/<int:announcement_id>/dismiss")
def dismiss_announcement(announcement_id: int):
    announcements.dismiss(member(), announcement_id)
    return "", 204


@bp.post("/categories")
def create_category():
    sent = json_body()
    values = text_fields(sent, required=("name",), optional=("slug", "description", "posting"))
    created = categories.create(signed_in(), values.get("slug"), values["name"], values.get("description", ""),
                                values.get("posting", "members"), sent.get("allow_anonymous", False))
    return jsonify(category=serializers.category(created)), 201


@bp.patch("/categories/<slug>")
def update_category(slug: str):
    viewer = signed_in()
    category = queries.category(slug)
    updated = categories.update(viewer, category, json_body())
    return jsonify(category=serializers.category(updated))
