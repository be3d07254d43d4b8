"""API: full-text search over what the caller may read."""
from __future__ import annotations

from flask import jsonify, request, url_for

from forum.api import bp, serializers
from forum.api.helpers import member, paging
from forum.community import queries
from forum.errors import invalid
from forum.search import service as search_service


@bp.get("/search")
def search():
    viewer = member()
    query = request.args.get("q", "")
    if len(query) > 200:
        raise invalid({"q": "Keep searches under 200 characters."})
    page_number = request.args.get("page", "1")
    if not page_number.isdigit() or not 1 <= int(page_number) <= 1000:
        raise invalid({"page": "Use a page number from 1 to 1000."})
    _, limit = paging()
    hits, more = search_service.search(viewer, query, request.args.get("category") or None,
                                       request.args.get("author") or None, int(page_number), limit)
    items = [{"post": serializers.post(queries.view_post(viewer, hit.post)),
              "thread": {"id": hit.post.thread_id, "title": hit.post.thread.title,
                         "url": url_for("community.thread", thread_id=hit.post.thread_id)},
              "snippet": str(hit.snippet)} for hit in hits]
    return jsonify(items=items, next=int(page_number) + 1 if more else None)
