"""Pages where moderators decide applications and staff set roles."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user

from forum import policy
from forum.errors import DomainError
from forum.membership import forms, services

bp = Blueprint("membership", __name__)


@bp.route("/membership/applicants")
def applicants():
    policy.require(policy.decide_membership(current_user))
    return render_template("membership/applicants.html", applications=services.pending_applications(),
                           form=forms.DecisionForm())


@bp.post("/membership/applicants/<int:user_id>/<any(approve, reject):decision>")
def decide(user_id: int, decision: str):
    policy.require(policy.decide_membership(current_user))
    form = forms.DecisionForm()
    if form.validate_on_submit():
        action = services.approve if decision == "approve" else services.reject
        try:
            user = action(current_user, user_id, form.reason.data or "")
        except DomainError as error:
            flash(error.message, "error")
        else:
            flash(f"{user.username} was {'approved' if decision == 'approve' else 'not accepted'}.", "success")
    return redirect(url_for("membership.applicants"))


@bp.route("/staff/members")
def members():
    policy.require(policy.manage_roles(current_user))
    return render_template("membership/members.html", members=services.members(), form=forms.RoleForm())


@bp.post("/staff/members/<int:user_id>/role")
def set_role(user_id: int):
    policy.require(policy.manage_roles(current_user))
    form = forms.RoleForm()
    if form.validate_on_submit():
        try:
            user = services.change_role(current_user, user_id, form.role.data, form.reason.data or "")
        except DomainError as error:
            flash(error.message, "error")
        else:
            flash(f"{user.username} is now {user.role}.", "success")
    else:
        flash("Choose a valid role.", "error")
    return redirect(url_for("membership.members"))
