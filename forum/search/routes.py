"""The search page."""
from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user

from forum.accounts.services import USERNAME_MAX
from forum.community import queries
from forum.errors import InvalidInput
from forum.search import service

bp = Blueprint("search", __name__)


@bp.route("/search")
def search_page():
    """The service checks the input; a search it refuses is shown again with
    what to change (422), as a form is."""
    query, category, author = (request.args.get(name, "") for name in ("q", "category", "author"))
    try:
        results = service.search(current_user, query, category, author, request.args.get("page"))
        errors, status = {}, 200
    except InvalidInput as error:
        results, errors, status = None, error.fields, error.status
    return render_template("search/results.html", query=query, category=category, author=author,
                           results=results, errors=errors, categories=queries.categories(),
                           query_max=service.QUERY_MAX, author_max=USERNAME_MAX), status
