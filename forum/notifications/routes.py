"""Pages: my notifications, and watching or muting a thread."""
from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user

from forum import policy
from forum.community import queries
from forum.feedback import back_to
from forum.forms import ConfirmForm
from forum.notifications import service, wording
from forum.web import same_site_path

bp = Blueprint("notifications", __name__)


@bp.route("/notifications")
def list_page():
    policy.require(policy.read_community(current_user))
    rows, next_cursor = service.page(current_user, before=request.args.get("before", type=int))
    return render_template("notifications/list.html", notifications=rows, next_cursor=next_cursor,
                           describe=wording.describe, message=wording.message, form=ConfirmForm())


@bp.post("/notifications/read")
def mark_read():
    policy.require(policy.read_community(current_user))
    if ConfirmForm().validate_on_submit():
        one = request.form.get("id", type=int)
        service.mark_read(current_user, [one] if one else None, everything=one is None)
        if one:
            return redirect(same_site_path(request.form.get("go"), url_for("notifications.list_page")))
    return redirect(url_for("notifications.list_page"))


@bp.post("/t/<int:thread_id>/notifications")
def thread_level(thread_id: int):
    thread = queries.thread(current_user, thread_id)
    here = url_for("community.thread", thread_id=thread_id)
    if not ConfirmForm().validate_on_submit():
        return redirect(here)
    level = request.form.get("level") or None
    service.set_thread_level(current_user, thread, None if level == "normal" else level)
    told = {"watch": "You'll be told about every reply here.", "mute": "This thread is muted: no notifications."}
    return back_to(here, told.get(level, "Notifications for this thread are back to normal."),
                   at="thread-notifications")
