"""The search page."""
from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user

from forum import policy
from forum.community import queries
from forum.search import service

bp = Blueprint("search", __name__)


@bp.route("/search")
def search_page():
    policy.require(policy.read_community(current_user))
    query = request.args.get("q", "")[:200]
    category = request.args.get("category") or None
    author = request.args.get("author", "")[:32] or None
    page = request.args.get("page", type=int) or 1
    hits, more = service.search(current_user, query, category, author, page) if query else ([], False)
    return render_template("search/results.html", query=query, hits=hits, more=more, page=page,
                           category=category, author=author or "", categories=queries.categories())
