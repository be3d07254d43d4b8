"""Pages for taking a break, and the gentle page a break shows instead of the
community (forum/accounts/breaks.py holds the rules)."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from forum import policy
from forum.accounts import breaks, forms
from forum.forms import NOT_SUBMITTED, ConfirmForm, submit

bp = Blueprint("breaks", __name__)


@bp.before_app_request
def _gentle_page_during_a_break():
    """On a break, a community page shows the gentle page instead (with a 200:
    nothing went wrong). Only pages being looked at: a form sent from a page
    opened before the break still does what it says, so nobody's words are lost."""
    if request.method not in {"GET", "HEAD"} or breaks.lets_through(request.endpoint, request.blueprint):
        return None
    if not breaks.on_break(current_user):
        return None
    return _gentle_page()


def _gentle_page():
    user = current_user._get_current_object()
    return render_template("accounts/on_break.html", until=breaks.break_until(user), end_form=ConfirmForm(),
                           has_safety_plan=bool(policy.keep_safety_plan(user)))


@bp.route("/account/break", methods=["GET", "POST"])
@login_required
def take_break():
    if breaks.on_break(current_user):
        return _gentle_page()
    form = forms.BreakForm()
    if submit(form, lambda: breaks.start(current_user._get_current_object(), form.end("break_until"))) \
            is not NOT_SUBMITTED:
        return redirect(url_for("breaks.take_break"))
    return render_template("accounts/take_break.html", form=form), getattr(form, "error_status", 200)


@bp.post("/account/break/end")
@login_required
def end_break():
    if ConfirmForm().validate_on_submit():
        breaks.end(current_user._get_current_object())
        flash("Welcome back. Your break has ended.", "success")
        return redirect(url_for("pages.home"))
    return redirect(url_for("breaks.take_break"))
