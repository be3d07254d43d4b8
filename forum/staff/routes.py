"""Staff pages: announcements, pins, categories, community settings."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from forum import policy
from forum.community import queries
from forum.errors import invalid
from forum.feedback import back_to
from forum.forms import NOT_SUBMITTED, ConfirmForm, submit
from forum.safety import crisis
from forum.settings import crisis_resources
from forum.settings import service as settings
from forum.staff import announcements, categories, forms, pins
from forum.web import same_site_path

bp = Blueprint("staff", __name__)
DAY_NUMBERS = {str(number) for number in range(7)}


def _staff():
    policy.require(policy.manage_community(current_user))
    return current_user._get_current_object()


@bp.route("/announcements")
def announcement_list():
    policy.require(policy.read_community(current_user))
    form = forms.AnnouncementForm() if policy.manage_community(current_user) else None
    return render_template("staff/announcements.html", announcements=announcements.past(), form=form,
                           active_ids={a.id for a in announcements.active()}, confirm=ConfirmForm())


@bp.post("/announcements/new")
def announce():
    actor = _staff()
    form = forms.AnnouncementForm()
    if submit(form, lambda: announcements.create(actor, form.title.data, form.body.data,
                                                 form.end("expires_at"))) is NOT_SUBMITTED:
        return render_template("staff/announcements.html", announcements=announcements.past(), form=form,
                               active_ids={a.id for a in announcements.active()}, confirm=ConfirmForm()), 422
    flash("Announcement posted.", "success")
    return redirect(url_for("staff.announcement_list"))


@bp.post("/announcements/<int:announcement_id>/withdraw")
def withdraw(announcement_id: int):
    actor = _staff()
    if ConfirmForm().validate_on_submit():
        announcements.withdraw(actor, announcement_id, request.form.get("reason", ""))
        flash("Announcement withdrawn.", "success")
    return redirect(url_for("staff.announcement_list"))


@bp.post("/announcements/<int:announcement_id>/dismiss")
def dismiss(announcement_id: int):
    back = same_site_path(request.form.get("next"), url_for("pages.home"))
    if not ConfirmForm().validate_on_submit():
        return redirect(back)
    announcements.dismiss(current_user, announcement_id)
    return back_to(back, "Announcement dismissed. Staff keep every announcement under Announcements.",
                   at="announcements")


@bp.route("/t/<int:thread_id>/pin", methods=["GET", "POST"])
def pin_thread(thread_id: int):
    actor = _staff()
    thread = queries.thread(actor, thread_id)
    form = forms.PinForm()
    if request.form.get("unpin"):
        if ConfirmForm().validate_on_submit():
            pins.unpin(actor, thread)
            flash("Unpinned.", "success")
        return redirect(url_for("community.thread", thread_id=thread_id))
    if submit(form, lambda: pins.pin(actor, thread, form.scope.data, form.end("until"))) \
            is not NOT_SUBMITTED:
        flash("Pinned.", "success")
        return redirect(url_for("community.thread", thread_id=thread_id))
    return render_template("staff/pin.html", thread=thread, form=form, confirm=ConfirmForm())


@bp.route("/staff/categories", methods=["GET", "POST"])
def category_list():
    actor = _staff()
    form = forms.CategoryForm()
    if submit(form, lambda: categories.create(actor, (form.slug.data or "").strip() or None, form.name.data,
                                              form.description.data, form.posting.data,
                                              bool(form.allow_anonymous.data))) is not NOT_SUBMITTED:
        flash("Category created.", "success")
        return redirect(url_for("staff.category_list"))
    return render_template("staff/categories.html", categories=queries.categories(), form=form)


@bp.route("/staff/categories/<slug>", methods=["GET", "POST"])
def category_edit(slug: str):
    actor = _staff()
    category = queries.category(slug)
    form = forms.CategoryForm(obj=category)
    changes = lambda: {"name": form.name.data, "description": form.description.data or "",  # noqa: E731
                       "posting": form.posting.data, "position": form.position.data,
                       "archived": bool(form.archived.data), "allow_anonymous": bool(form.allow_anonymous.data)}
    if submit(form, lambda: categories.update(actor, category, changes())) is not NOT_SUBMITTED:
        flash("Category saved.", "success")
        return redirect(url_for("staff.category_list"))
    return render_template("staff/category_edit.html", category=category, form=form)


def _settings_from_form(form: forms.SettingsForm) -> dict:
    resources = [{detail: field.data or "" for detail, field in zip(crisis_resources.FIELDS, row)}
                 for row in form.resource_rows]
    days = [int(day) for day in form.hours_days.data or [] if day in DAY_NUMBERS]
    if len(days) != len(form.hours_days.data or []):
        raise invalid({"hours_days": "Choose days from Monday to Sunday."})
    return {
        "community_name": form.community_name.data,
        "community_description": form.community_description.data or "",
        "membership_mode": form.membership_mode.data,
        "join_questions": (form.join_questions.data or "").splitlines(),
        "rules": form.rules.data,
        "welcome_message": form.welcome_message.data,
        "crisis_resources": resources,
        "moderated_hours": {"days": days, "start": form.hours_start.data, "end": form.hours_end.data,
                            "timezone": form.hours_timezone.data},
        "auto_hide_threshold": form.auto_hide_threshold.data,
        "new_member_review_count": form.new_member_review_count.data,
        "crisis_overdue_minutes": form.crisis_overdue_minutes.data,
        "crisis_claim_target_minutes": form.crisis_claim_target_minutes.data,
        "followup_hours": form.followup_hours.data,
        "out_of_hours_flag_threshold": form.out_of_hours_flag_threshold.data,
        "out_of_hours_member_flags": form.out_of_hours_member_flags.data,
        "crisis_phrases": (form.crisis_phrases.data or "").splitlines(),
        "crisis_concern_to_queue": bool(form.crisis_concern_to_queue.data),
        "filter_topics": _topics_from_text(form.filter_topics.data or ""),
        "memorial_title": form.memorial_title.data,
        "memorial_body": form.memorial_body.data,
        "memorial_pin_days": form.memorial_pin_days.data,
        "memorial_category": form.memorial_category.data,
        "anonymous_posts_held": bool(form.anonymous_posts_held.data),
    }


def _topics_from_text(text: str) -> list[dict]:
    """Reader filter topics, one a line: "key | label | word, word"."""
    topics = []
    for line in filter(str.strip, text.splitlines()):
        parts = [part.strip() for part in line.split("|")]
        if len(parts) != 3:
            raise invalid({"filter_topics": "Write each topic on its own line as: key | label | words, separated "
                                            "by commas."})
        topics.append({"key": parts[0], "label": parts[1], "words": [w.strip() for w in parts[2].split(",")]})
    return topics


def _settings_form() -> forms.SettingsForm:
    values = settings.current()
    hours = values["moderated_hours"]
    resources = values["crisis_resources"]
    # The rows there are and two empty ones to add with, up to the most there may be.
    rows = max(len(resources), min(len(resources) + 2, crisis_resources.MAX_ROWS))
    return forms.settings_form(rows, data={
        **{key: values[key] for key in ("community_name", "community_description", "membership_mode", "rules",
                                        "welcome_message",
                                        "auto_hide_threshold", "new_member_review_count",
                                        "crisis_overdue_minutes", "crisis_concern_to_queue", "anonymous_posts_held",
                                        "crisis_claim_target_minutes", "followup_hours", "out_of_hours_flag_threshold",
                                        "out_of_hours_member_flags", "memorial_title", "memorial_body",
                                        "memorial_pin_days", "memorial_category")},
        "join_questions": "\n".join(values["join_questions"]),
        **{forms.resource_field(index, detail): resource[detail]
           for index, resource in enumerate(resources) for detail in crisis_resources.FIELDS},
        "crisis_phrases": "\n".join(values["crisis_phrases"]),
        "filter_topics": "\n".join(f"{topic['key']} | {topic['label']} | {', '.join(topic['words'])}"
                                    for topic in values["filter_topics"]),
        "hours_days": [str(day) for day in hours["days"]],
        "hours_start": hours["start"], "hours_end": hours["end"], "hours_timezone": hours["timezone"],
    })


@bp.route("/staff/settings", methods=["GET", "POST"])
def community_settings():
    actor = _staff()
    form = forms.settings_form(forms.rows_sent(request.form)) if request.method == "POST" else _settings_form()
    if submit(form, lambda: settings.change(actor, _settings_from_form(form), form.reason.data or "")) \
            is not NOT_SUBMITTED:
        flash("Settings saved. They apply now.", "success")
        return redirect(url_for("staff.community_settings"))
    return render_template("staff/settings.html", form=form, detector=crisis.status(),
                           max_resources=crisis_resources.MAX_ROWS)
