"""API: full-text search over what the caller may read."""
from __future__ import annotations

from flask import jsonify, request, url_for

from forum import serializers
from forum.api import bp
from forum.api.helpers import member, paging
from forum.community import queries
from forum.search import service as search_service


@bp.get("/search")
def search():
    viewer = member()
    _, limit = paging()
    found = search_service.search(viewer, request.args.get("q"), request.args.get("category"),
                                  request.args.get("author"), request.args.get("page"), limit)
    items = [{"post": serializers.post(queries.view_post(viewer, hit.post)),
              "thread": {"id": hit.post.thread_id, "title": hit.post.thread.title,
                         "url": url_for("community.thread", thread_id=hit.post.thread_id)},
              "snippet": str(hit.snippet)} for hit in found.hits]
    return jsonify(items=items, next=found.next_page)
