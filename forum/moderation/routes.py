"""Moderators' pages: the queue, an item, the log, members' standing, thread
actions, flags from members, and (staff) watched words."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms import SelectChoice

from forum import clock, policy, times
from forum.accounts import password_reset
from forum.accounts import services as accounts
from forum.accounts.models import User
from forum.audit import labels as action_labels
from forum.audit import queries as log_queries
from forum.community import anonymity, queries
from forum.errors import NotFound
from forum.extensions import db
from forum.feedback import back_to
from forum.forms import NOT_SUBMITTED, submit
from forum.care import conversations, message_templates
from forum.care import forms as care_forms
from forum.rate_limits import FLAGGING, WRITING_CARE_MESSAGES, limited
from forum.moderation import flags, forms, notes, out_of_hours, queue, sanctions, threads
from forum.safety import watched_words
from forum.web import same_site_path

bp = Blueprint("moderation", __name__)


def _moderator():
    policy.require(policy.moderate(current_user))
    return current_user._get_current_object()


@bp.route("/moderation")
def queue_page():
    _moderator()
    items = queue.details_many(queue.open_items())
    return render_template("moderation/queue.html", items=items)


@bp.route("/moderation/items/<int:item_id>", methods=["GET", "POST"])
def item_page(item_id: int):
    actor = _moderator()
    found = queue.item(actor, item_id)
    details = queue.details(found)
    templates = message_templates.for_moderators(actor)
    form = forms.ResolveForm()
    status = details.post.status if details.post else None
    form.action.choices = [SelectChoice(action, forms.resolution_label(action, status))
                           for action in queue.offered_actions(found, details.post)]
    form.template.choices = [SelectChoice("", "Choose a template…")] + [
        SelectChoice(str(index), template["title"]) for index, template in enumerate(templates)]
    if "use_template" in request.form:  # without JavaScript: the chosen words fill the message box
        form.message.data = message_templates.words(actor, form.template.data) or form.message.data
    elif submit(form, lambda: queue.resolve(actor, item_id, form.action.data, form.reason.data,
                                            form.message.data)) is not NOT_SUBMITTED:
        flash("Resolved and logged.", "success")
        return redirect(url_for("moderation.queue_page"))
    shown = conversations.messages_in(details.conversation)[0] if details.conversation else []
    return render_template("moderation/item.html", details=details, form=form, claim_form=forms.FlaskForm(),
                           templates=templates, messages=shown, message_form=care_forms.MessageForm(formdata=None))


@bp.post("/moderation/items/<int:item_id>/messages")
@limited(WRITING_CARE_MESSAGES)
def write_to_member(item_id: int):
    """A moderator writes privately to the member an item is about."""
    actor = _moderator()
    form = care_forms.MessageForm()
    _submit_one_box(form, lambda: conversations.write_from_item(actor, item_id, form.body.data),
                    "Sent. The member is notified and can answer.", "Write a message first.")
    return redirect(url_for("moderation.item_page", item_id=item_id, _anchor="conversation"))


def _submit_one_box(form, action, done: str, empty: str) -> None:
    """A form of one text box, posted from a page it returns to: say how it went."""
    if submit(form, action) is NOT_SUBMITTED:
        flash(" ".join(form.body.errors + form.form_errors) or empty, "error")
    else:
        flash(done, "success")


@bp.post("/moderation/items/<int:item_id>/<any(claim, unclaim):change>")
def claim(item_id: int, change: str):
    actor = _moderator()
    if forms.FlaskForm().validate_on_submit():
        (queue.claim if change == "claim" else queue.unclaim)(actor, item_id)
    # Claimed from the list: back to the list; from the item page: the item.
    return redirect(same_site_path(request.form.get("next"), url_for("moderation.item_page", item_id=item_id)))


@bp.route("/moderation/log")
def log_page():
    viewer = _moderator()
    form = forms.LogFilterForm(request.args)
    actions, actors = log_queries.filter_choices(viewer)
    form.action.choices = [SelectChoice("", "Any action")] + [SelectChoice(a, action_labels.label(a)) for a in actions]
    form.actor.choices = [SelectChoice("", "Anyone")] + [SelectChoice(name, name) for name in actors]
    filters = _log_filters(form)
    entries, next_cursor = ([], None) if filters is None else log_queries.entries(
        viewer, before=request.args.get("before", type=int), **filters)
    kept = {key: value for key, value in request.args.items() if key != "before" and value}
    return render_template("moderation/log.html", entries=entries, next_cursor=next_cursor, form=form,
                           targets=log_queries.targets(entries), filters=kept, filtered=bool(kept),
                           community_zone_label=clock.zone_label(times.community_zone()), action_label=action_labels.label)


def _log_filters(form: forms.LogFilterForm) -> dict | None:
    """The log query's filters from the form; None (and errors on the form)
    when one can't be understood, so nothing misleading is listed."""
    filters: dict = {"action": form.action.data or None, "actor": form.actor.data or None}
    name = (form.member.data or "").strip()
    if name:
        found = accounts.find_by_username(name)
        if found is None:
            form.member.errors = [f"No member is called {name}."]
        else:
            filters["member_id"] = found.id
    zone = times.community_zone()
    for key, next_day in (("since", False), ("until", True)):
        try:
            filters[key] = clock.local_day_start(form[key].data, zone, next_day)
        except ValueError:
            form[key].errors = ["Choose a date, such as 2026-12-31."]
    if form.member.errors or form.since.errors or form.until.errors:
        return None
    return filters


@bp.route("/p/<int:post_id>/flag", methods=["GET", "POST"])
@limited(FLAGGING)
def flag(post_id: int):
    found = queries.post(current_user, post_id)
    policy.require(policy.flag(current_user, found))
    form = forms.FlagForm()
    if submit(form, lambda: flags.flag_post(current_user, found, form.reason.data, form.note.data)) \
            is not NOT_SUBMITTED:
        return back_to(url_for("community.post", post_id=post_id),
                       "Thank you. A moderator will look at this post, and we'll let you know the outcome.",
                       at=f"post-{post_id}")
    return render_template("moderation/flag.html", post=found, form=form)


@bp.route("/moderation/posts/<int:post_id>/author", methods=["GET", "POST"])
def reveal_author(post_id: int):
    """"Who wrote this?" on an anonymous post: a page that says the look is
    logged, then (posted, so no link preview or prefetch can trigger it) the author."""
    actor = _moderator()
    found = queries.post(actor, post_id)
    policy.require(policy.reveal_author(actor, found))
    form = forms.RevealAuthorForm()
    revealed = submit(form, lambda: anonymity.reveal_author(actor, found, form.reason.data))
    return render_template("moderation/reveal_author.html", post=found, form=form,
                           revealed=revealed is not NOT_SUBMITTED, author=None if revealed is NOT_SUBMITTED else revealed)


@bp.route("/t/<int:thread_id>/moderate", methods=["GET", "POST"])
def thread_actions(thread_id: int):
    actor = _moderator()
    found = queries.thread(actor, thread_id)
    form = forms.ThreadActionForm()
    form.category.choices = [SelectChoice(c.slug, c.name) for c in queries.categories()]
    if request.method == "GET":
        form.category.data = found.category.slug
    action = request.form.get("action")
    if action in {"lock", "unlock", "move"}:
        def run():
            if action == "move":
                return threads.move(actor, found, queries.category(form.category.data), form.reason.data)
            return threads.set_locked(actor, found, action == "lock", form.reason.data)

        if submit(form, run) is not NOT_SUBMITTED:
            flash("Done, and logged.", "success")
            return redirect(url_for("community.thread", thread_id=thread_id))
    return render_template("moderation/thread_actions.html", thread=found, form=form,
                           slow_form=forms.SlowModeForm(seconds=found.slow_mode_seconds))


@bp.route("/moderation/members/<int:user_id>", methods=["GET", "POST"])
def member_standing(user_id: int):
    actor = _moderator()
    member = db.session.get(User, user_id)
    if member is None:
        raise NotFound("No such member.")
    form = forms.SanctionForm()

    def impose():
        return sanctions.impose(actor, user_id, form.kind.data, form.reason.data, form.end("until"))

    if submit(form, impose) is not NOT_SUBMITTED:
        flash("Sanction applied and logged.", "success")
        return redirect(url_for("moderation.member_standing", user_id=user_id))
    return _standing_page(actor, member, form)


def _standing_page(actor, member: User, form, reset_link: str | None = None):
    return render_template("moderation/member.html", member=member, form=form, history=sanctions.history(member),
                           lift_form=forms.ReasonForm(), notes=notes.for_member(actor, member.id),
                           note_form=forms.NoteForm(formdata=None), review_hold=out_of_hours.hold_of(actor, member.id),
                           reset_form=forms.FlaskForm(), reset_link=reset_link,
                           reset_minutes=password_reset.LINK_MINUTES)


@bp.post("/moderation/members/<int:user_id>/reset-link")
def issue_reset_link(user_id: int):
    """Staff make a one-time password reset link for a member, shown once here."""
    actor = _moderator()
    reset_form = forms.FlaskForm()
    if not reset_form.validate_on_submit():
        return redirect(url_for("moderation.member_standing", user_id=user_id))
    link = password_reset.issue_by_staff(actor, user_id)
    member = db.session.get(User, user_id)
    return _standing_page(actor, member, forms.SanctionForm(formdata=None), reset_link=link)


@bp.post("/moderation/members/<int:user_id>/review-hold/lift")
def lift_review_hold(user_id: int):
    actor = _moderator()
    form = forms.ReasonForm()
    if submit(form, lambda: out_of_hours.lift(actor, user_id, form.reason.data)) is NOT_SUBMITTED:
        flash(" ".join(form.form_errors + form.reason.errors) or "Give a reason to lift the hold.", "error")
    else:
        flash("Hold lifted and logged: their new posts appear straight away again.", "success")
    return redirect(url_for("moderation.member_standing", user_id=user_id))


@bp.post("/moderation/members/<int:user_id>/notes")
def add_note(user_id: int):
    actor = _moderator()
    form = forms.NoteForm()
    _submit_one_box(form, lambda: notes.add(actor, user_id, form.body.data), "Note saved.", "Write a note first.")
    return redirect(url_for("moderation.member_standing", user_id=user_id))


@bp.post("/t/<int:thread_id>/slow-mode")
def slow_mode(thread_id: int):
    actor = _moderator()
    found = queries.thread(actor, thread_id)
    form = forms.SlowModeForm()
    if submit(form, lambda: threads.set_slow_mode(actor, found, form.seconds.data, form.reason.data)) \
            is NOT_SUBMITTED:
        flash(" ".join(form.seconds.errors + form.reason.errors + form.form_errors) or "Check the form.", "error")
        return redirect(url_for("moderation.thread_actions", thread_id=thread_id))
    flash("Slow mode updated, and logged.", "success")
    return redirect(url_for("community.thread", thread_id=thread_id))


@bp.post("/moderation/sanctions/<int:sanction_id>/lift")
def lift_sanction(sanction_id: int):
    actor = _moderator()
    form = forms.ReasonForm()
    lifted = submit(form, lambda: sanctions.lift(actor, sanction_id, form.reason.data))
    if lifted is NOT_SUBMITTED:
        flash(" ".join(form.form_errors + form.reason.errors) or "Give a reason to lift it.", "error")
        target = db.session.get(sanctions.Sanction, sanction_id)
        return redirect(url_for("moderation.member_standing", user_id=target.user_id) if target else
                        url_for("moderation.queue_page"))
    flash("Sanction lifted and logged.", "success")
    return redirect(url_for("moderation.member_standing", user_id=lifted.user_id))


@bp.route("/staff/watched-words", methods=["GET", "POST"])
def watched_words_page():
    policy.require(policy.manage_community(current_user))
    form = forms.WatchedWordForm()
    if submit(form, lambda: watched_words.add(current_user, form.pattern.data, form.action.data,
                                              form.explanation.data)) is not NOT_SUBMITTED:
        flash("Rule added.", "success")
        return redirect(url_for("moderation.watched_words_page"))
    return render_template("moderation/watched_words.html", form=form, rules=watched_words.rules(),
                           remove_form=forms.FlaskForm())


@bp.post("/staff/watched-words/<int:rule_id>/remove")
def remove_watched_word(rule_id: int):
    if forms.FlaskForm().validate_on_submit():
        watched_words.remove(current_user, rule_id)
        flash("Rule removed.", "success")
    return redirect(url_for("moderation.watched_words_page"))
