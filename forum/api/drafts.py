"""API: the caller's own drafts, which the pages' script saves while the
member writes. The rules (who, how long, how big, for how long kept) are in
forum/community/drafts.py."""
from __future__ import annotations

from flask import jsonify, request

from forum import serializers
from forum.api import bp
from forum.api.helpers import json_body, member, text_fields
from forum.community import drafts, queries
from forum.rate_limits import DRAFTING, limited


def _answer(found):
    return jsonify(draft=serializers.draft(found) if found is not None else None)


@bp.route("/drafts/thread/<int:thread_id>", methods=["GET", "PUT", "DELETE"])
@limited(DRAFTING)
def thread_draft(thread_id: int):
    viewer = member()
    thread = queries.thread(viewer, thread_id)
    if request.method == "GET":
        return _answer(drafts.for_thread(viewer, thread))
    if request.method == "DELETE":
        drafts.discard(viewer, thread=thread)
        return "", 204
    values = text_fields(json_body(), required=("body",), optional=("content_warning",))
    return _answer(drafts.save_reply(viewer, thread, values["body"], values.get("content_warning", "")))


@bp.route("/drafts/category/<slug>", methods=["GET", "PUT", "DELETE"])
@limited(DRAFTING)
def category_draft(slug: str):
    viewer = member()
    category = queries.category(slug)
    if request.method == "GET":
        return _answer(drafts.for_category(viewer, category))
    if request.method == "DELETE":
        drafts.discard(viewer, category=category)
        return "", 204
    values = text_fields(json_body(), required=("body",), optional=("title", "content_warning"))
    return _answer(drafts.save_thread(viewer, category, values.get("title", ""), values["body"],
                                      values.get("content_warning", "")))
