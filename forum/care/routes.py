"""Pages: "Talk to a moderator", a member's conversations with the team, and
(staff) the message templates moderators start from."""
from __future__ import annotations

import re

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from forum import policy
from forum.web import whole_number
from forum.care import conversations, forms, message_templates
from forum.forms import NOT_SUBMITTED, submit
from forum.rate_limits import STARTING_CONVERSATIONS, WRITING_CARE_MESSAGES, limited

bp = Blueprint("care", __name__)

# "https://…/p/42", "/t/7#post-42" or just "42": the post's number.
POST_NUMBER = re.compile(r"(?:/p/|#post-)(\d+)|^\s*(\d+)\s*$")
# Blank rows on the templates page, for adding new ones without JavaScript.
SPARE_TEMPLATE_ROWS = 2


def post_number(text: str | None):
    """The number in a post's link, or the text as it is for the service to refuse."""
    if not text or not text.strip():
        return None
    found = POST_NUMBER.search(text)
    return int(found.group(1) or found.group(2)) if found else text


@bp.route("/talk", methods=["GET", "POST"])
@limited(STARTING_CONVERSATIONS)
def talk():
    policy.require(policy.talk_to_moderators(current_user))
    form = forms.TalkForm()
    started = submit(form, lambda: conversations.start(current_user, form.about.data, form.body.data,
                                                       post_number(form.post.data)))
    if started is not NOT_SUBMITTED:
        flash("Thank you for reaching out. A moderator will read this and answer here.", "success")
        return redirect(url_for("care.conversation", conversation_id=started.conversation.id,
                                help="1" if started.notices else None))
    if request.method == "GET" and whole_number(request.args.get("post")) is not None:
        form.about.data, form.post.data = "someone", request.args["post"]
    mine, _ = conversations.of_member(current_user)
    return render_template("care/talk.html", form=form, conversations=mine), getattr(form, "error_status", 200)


@bp.route("/talk/<int:conversation_id>", methods=["GET", "POST"])
@limited(WRITING_CARE_MESSAGES)
def conversation(conversation_id: int):
    found = conversations.get(current_user, conversation_id)
    form = forms.MessageForm()
    written = submit(form, lambda: conversations.write(current_user, found, form.body.data))
    if written is not NOT_SUBMITTED:
        return redirect(url_for("care.conversation", conversation_id=found.id, help="1" if written.notices else None,
                                _anchor="care-messages"))
    shown, _ = conversations.messages_in(found)
    team_view = found.member_id != current_user.id
    return render_template("care/conversation.html", conversation=found, messages=shown, form=form,
                           team_view=team_view, show_help=request.args.get("help") == "1",
                           item_id=conversations.latest_item_id(found.id) if team_view else None)


@bp.route("/staff/care-messages", methods=["GET", "POST"])
def message_templates_page():
    policy.require(policy.manage_community(current_user))
    current = message_templates.for_moderators(current_user)
    form = forms.TemplatesForm() if request.method == "POST" else forms.TemplatesForm(data={"templates": current})
    # Rows left empty are spare rows, or templates staff cleared to remove them.
    kept = lambda: [entry.data for entry in form.templates if entry.title.data or entry.body.data]  # noqa: E731
    if submit(form, lambda: message_templates.change(current_user, kept(), form.reason.data or "")) \
            is not NOT_SUBMITTED:
        flash("Templates saved. Moderators see them on every queue item.", "success")
        return redirect(url_for("care.message_templates_page"))
    while len(form.templates) < len(current) + SPARE_TEMPLATE_ROWS:
        form.templates.append_entry()
    return render_template("care/message_templates.html", form=form), getattr(form, "error_status", 200)
