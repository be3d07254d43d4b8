"""Public pages (landing, rules, crisis resources) and the members' home."""
from __future__ import annotations

from flask import Blueprint, jsonify, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from forum import policy
from forum.community import queries, reading
from forum.extensions import db, limiter
from forum.forms import ConfirmForm
from forum.insights import pickup
from forum.membership import welcome
from forum.safety import crisis
from forum.settings import service as settings

bp = Blueprint("pages", __name__)


@bp.route("/")
def home():
    if not current_user.is_authenticated:
        return render_template("pages/landing.html")
    if current_user.status in {"pending", "rejected"}:
        return redirect(url_for("accounts.waiting"))
    policy.require(policy.read_community(current_user))
    welcoming = welcome.due(current_user)
    recent = queries.recent_threads(current_user, limit=15)
    pinned = queries.global_pins(current_user)
    return render_template(
        "pages/home.html",
        welcome_html=welcome.message_html() if welcoming else None,
        welcome_form=ConfirmForm() if welcoming else None,
        categories=queries.categories(),
        recent=recent,
        pinned=pinned,
        reading=reading.for_threads(current_user, recent + pinned),
        crisis_week=pickup.this_week(current_user) if policy.view_insights(current_user) else None,
    )


@bp.post("/welcome/dismiss")
def dismiss_welcome():
    """Close the welcome for good; with JavaScript, without leaving the page."""
    if ConfirmForm().validate_on_submit():
        welcome.dismiss(current_user)
    if request.accept_mimetypes.best == "application/json":
        return jsonify(dismissed=True)
    return redirect(url_for("pages.home"))


@bp.route("/rules")
def rules():
    return render_template("pages/rules.html", rules_html=settings.rules_html())


@bp.route("/privacy")
def privacy():
    return render_template("pages/privacy.html")


@bp.route("/help")
def crisis_help():
    return render_template("pages/help.html")


@bp.route("/healthz")
@limiter.exempt
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return jsonify(status="unavailable", database="unreachable"), 503
    # The forum works with the semantic layer down (the phrase layer still
    # reads every post), so that is reported, not a 503.
    detector = crisis.status()
    return jsonify(status="ok", database="ok", crisis_detector={
        "phrase_layer": detector["phrase_layer"], "semantic_layer": detector["semantic_layer"]})
