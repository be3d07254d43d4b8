"""Staff pages for a member who died: open a memorial, tick its checklist,
close the account. Thin adapters over forum/memorials/service.py and closing.py."""
from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms import SelectChoice

from forum import clock, policy
from forum.accounts.models import User
from forum.community import queries
from forum.community.models import Category
from forum.errors import NotFound
from forum.extensions import db
from forum.feedback import back_to
from forum.forms import NOT_SUBMITTED, submit
from forum.memorials import closing, forms, service

bp = Blueprint("memorials", __name__)


@bp.app_template_global("memorial_of")
def memorial_of(member: User):
    """A member's memorial, for the staff part of their standing page."""
    return service.of_member(member)


def _staff() -> User:
    policy.require(policy.keep_memorials(current_user))
    return current_user._get_current_object()


def _member(user_id: int) -> User:
    member = db.session.get(User, user_id)
    if member is None:
        raise NotFound("No such member.")
    return member


def _until(form: forms.MemorialForm):
    if form.until_preset.data in (None, "", "default"):
        return service.default_pin_end()
    return clock.chosen_end(form.until_preset.data, form.until.data, form.zone, "until")


@bp.route("/moderation/members/<int:user_id>/memorial", methods=["GET", "POST"])
def open_memorial(user_id: int):
    actor = _staff()
    member = _member(user_id)
    policy.require(policy.open_memorial(actor, member))
    existing = service.of_member(member)
    if existing is not None:
        return redirect(url_for("community.thread", thread_id=existing.thread_id))
    template = service.template_for(member)
    form = forms.MemorialForm() if request.method == "POST" else forms.MemorialForm(
        title=template.title, body=template.body, category=template.category)
    form.set_pin_days(template.pin_days)
    form.category.choices = [SelectChoice(c.slug, c.name) for c in queries.categories() if not c.archived]

    def open_it():
        category = db.session.scalar(db.select(Category).where(Category.slug == form.category.data))
        return service.open_memorial(actor, member, category, form.title.data, form.body.data, _until(form))

    opened = submit(form, open_it)
    if opened is not NOT_SUBMITTED:
        return back_to(url_for("community.thread", thread_id=opened.thread_id) + "#memorial-checklist",
                       "The memorial is open and pinned everywhere. Replies wait for a moderator.")
    return render_template("memorials/open.html", member=member, form=form,
                           pin_days=template.pin_days), getattr(form, "error_status", 200)


@bp.post("/memorials/<int:memorial_id>/checklist")
def tick(memorial_id: int):
    actor = _staff()
    found = service.memorial(actor, memorial_id)
    form = forms.CheckForm()
    here = url_for("community.thread", thread_id=found.thread_id) + "#memorial-checklist"
    if submit(form, lambda: service.tick(actor, found, form.item.data, form.done.data == "1")) is NOT_SUBMITTED:
        return back_to(here, "That item couldn't be changed; try again.", "error")
    return back_to(here, "Ticked, and logged." if form.done.data == "1" else "Unticked, and logged.")


@bp.route("/moderation/members/<int:user_id>/close", methods=["GET", "POST"])
def close_account(user_id: int):
    actor = _staff()
    member = _member(user_id)
    policy.require(policy.close_account(actor, member))
    form = forms.CloseAccountForm()
    if submit(form, lambda: closing.close(actor, member, form.reason.data)) is not NOT_SUBMITTED:
        return back_to(url_for("moderation.member_standing", user_id=member.id),
                       f"{member.username}'s account is closed. Their posts stay, under their name.")
    return render_template("memorials/close.html", member=member, form=form), getattr(form, "error_status", 200)


def thread_context(viewer, thread) -> dict:
    """What the thread page shows of a memorial: the help at its top for
    everyone, and for staff the checklist and who may need support."""
    found = service.of_thread(thread.id)
    if found is None:
        return {"memorial": None}
    staff = bool(policy.keep_memorials(viewer))
    return {"memorial": found,
            "memorial_checklist": service.checklist(viewer, found) if staff else [],
            "memorial_close_to": service.close_to(viewer, found) if staff else [],
            "memorial_check_form": forms.CheckForm() if staff else None}
