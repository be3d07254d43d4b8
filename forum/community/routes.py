"""Pages for categories, threads and posts: thin adapters over the services."""
from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from forum import policy
from forum.accounts import preferences, safety_plan
from forum.community import forms, fragments, queries, reading, services
from forum.forms import NOT_SUBMITTED, ConfirmForm, submit
from forum.rate_limits import POSTING, REACTING, limited
from forum.notifications import service as notifications
from forum.safety import crisis_panel
from forum.web import MAX_ID

bp = Blueprint("community", __name__)

@bp.app_template_global("is_pinned")
def is_pinned(thread) -> bool:
    return queries.is_pinned(thread)


@bp.before_request
def members_only():
    policy.require(policy.read_community(current_user))


def _per_page() -> int:
    return current_app.config["HEARTH_POSTS_PER_PAGE"]


def _post_url(post, anchor: str | None = None) -> str:
    """The post on its page; `anchor` lands on something beside it instead."""
    page = queries.page_of(post, _per_page())
    return url_for("community.thread", thread_id=post.thread_id, page=page if page > 1 else None) \
        + "#" + (anchor or f"post-{post.id}")


def _written_url(written) -> str:
    """Where a writer lands: their post, or after a crisis post the help under it."""
    return _post_url(written.post, crisis_panel.ANCHOR if written.spoke_of_crisis else None)


def _int_arg(name: str) -> int | None:
    value = request.args.get(name, "")
    return int(value) if value.isdigit() and len(value) <= 10 and int(value) <= MAX_ID else None


@bp.route("/c/<slug>")
def category(slug: str):
    found = queries.category(slug)
    threads, next_cursor = queries.threads_in(current_user, found, after=_int_arg("after"),
                                               limit=current_app.config["HEARTH_THREADS_PER_PAGE"])
    return render_template("community/category.html", category=found, threads=threads,
                           next_cursor=next_cursor, reading=reading.for_threads(current_user, threads))


@bp.route("/c/<slug>/new", methods=["GET", "POST"])
@limited(POSTING)
def new_thread(slug: str):
    found = queries.category(slug)
    policy.require(policy.start_thread(current_user, found))
    form = forms.ThreadForm()
    written = submit(form, lambda: services.create_thread(current_user, found, form.title.data, form.body.data,
                                                          form.content_warning.data))
    if written is not NOT_SUBMITTED:
        _tell_writer(written)
        if written.spoke_of_crisis:
            return redirect(_written_url(written))
        return redirect(url_for("community.thread", thread_id=written.thread.id))
    return render_template("community/new_thread.html", category=found, form=form)


@bp.route("/t/<int:thread_id>")
def thread(thread_id: int):
    found = queries.thread(current_user, thread_id)
    quoted = _int_arg("quote")
    # Quoting replies at the end of the thread, so the composer opens on the last page.
    page = queries.thread_page(current_user, found, _int_arg("page") or (10**9 if quoted else 1), _per_page())
    form = forms.ReplyForm()
    if quoted and not form.body.data:
        form.body.data = queries.quote_markdown(current_user, quoted)
    # How far the member had read before this page: its divider and jump link.
    before = reading.for_thread(current_user, found)
    shown = _thread_page(page, found, form, before=before)
    # Then the page counts as read up to its last post (written after
    # rendering: the commit would make the page load every post again).
    reading.advance(current_user, found, page.posts[-1].post.id if page.posts else None, known=before)
    return shown


def _thread_page(page, found, form, status: int = 200, before: reading.ThreadReading | None = None):
    csrf_value = generate_csrf()
    posts = fragments.posts_html(page.posts, found, current_user, csrf_value, _warnings_open())
    help_panel = crisis_panel.shown_to(current_user, found)
    first_new = before.first_unread_post_id if before and before.opened else None
    return render_template("community/thread.html", page=page, thread=found, form=form, posts_html=posts,
                           first_new=first_new,
                           first_new_here=first_new in {view.post.id for view in page.posts},
                           crisis_help=help_panel,
                           moderators_told=bool(help_panel) and crisis_panel.moderators_told(help_panel),
                           plan_sections=safety_plan.written_sections(current_user) if help_panel else [],
                           notify_level=notifications.thread_level(current_user, found.id) or "normal",
                           post_csrf=csrf_value), status


def _warnings_open() -> bool:
    return preferences.of(current_user)["content_warnings"] == "shown"


def _tell_writer(written) -> None:
    """After a redirect, the thread page shows what the writer needs to know
    (the crisis panel is read from the database: see forum/safety/crisis_panel.py)."""
    if written.held:
        flash("Thanks: your post is waiting for a moderator to review it before it appears to others.", "info")


@bp.post("/t/<int:thread_id>/reply")
@limited(POSTING)
def reply(thread_id: int):
    found = queries.thread(current_user, thread_id)
    form = forms.ReplyForm()
    written = submit(form, lambda: services.reply(current_user, found, form.body.data, form.content_warning.data))
    if written is not NOT_SUBMITTED:
        _tell_writer(written)
        return redirect(_written_url(written))
    # Show the thread's last page again with the reply and its errors kept.
    page = queries.thread_page(current_user, found, 10**9, _per_page())
    return _thread_page(page, found, form, getattr(form, "error_status", 400))


@bp.post("/t/<int:thread_id>/crisis-help/dismiss")
def dismiss_crisis_help(thread_id: int):
    """The writer closes the help under their crisis post (it would go by itself after a day)."""
    found = queries.thread(current_user, thread_id)
    if not ConfirmForm().validate_on_submit():
        return redirect(url_for("community.thread", thread_id=found.id))
    post_id = crisis_panel.dismiss(current_user, found)
    flash("Closed. Help is always there under “Need help now?” at the top of every page.", "info")
    if post_id is None:
        return redirect(url_for("community.thread", thread_id=found.id))
    return redirect(_post_url(queries.post(current_user, post_id)))


@bp.route("/p/<int:post_id>")
def post(post_id: int):
    return redirect(_post_url(queries.post(current_user, post_id)))


@bp.route("/p/<int:post_id>/fragment")
def post_fragment(post_id: int):
    """One post as this viewer sees it: for live pages catching up."""
    found = queries.post(current_user, post_id)
    return fragments.post_html(queries.view_post(current_user, found), found.thread, current_user, generate_csrf(),
                               _warnings_open())


@bp.route("/p/<int:post_id>/edit", methods=["GET", "POST"])
def edit_post(post_id: int):
    found = queries.post(current_user, post_id)
    policy.require(policy.edit_post(current_user, found))
    form = forms.EditForm(obj=found)
    written = submit(form, lambda: services.edit_post(current_user, found, form.body.data, form.content_warning.data))
    if written is not NOT_SUBMITTED:
        flash("Your changes are saved.", "success")
        return redirect(_written_url(written) if found.author_id == current_user.id else _post_url(found))
    return render_template("community/edit_post.html", post=found, form=form)


@bp.post("/p/<int:post_id>/withdraw")
def withdraw_post(post_id: int):
    found = queries.post(current_user, post_id)
    if ConfirmForm().validate_on_submit():
        services.withdraw_post(current_user, found)
        flash("Your post was withdrawn.", "info")
    return redirect(_post_url(found))


@bp.route("/p/<int:post_id>/remove", methods=["GET", "POST"])
def remove_post(post_id: int):
    found = queries.post(current_user, post_id)
    policy.require(policy.remove_post(current_user, found))
    form = forms.RemoveForm()
    if submit(form, lambda: services.remove_post(current_user, found, form.reason.data)) is not NOT_SUBMITTED:
        flash("The post was removed and the action logged.", "info")
        return redirect(_post_url(found))
    return render_template("community/remove_post.html", post=found, form=form)


@bp.post("/p/<int:post_id>/react/<kind>")
@limited(REACTING)
def react(post_id: int, kind: str):
    found = queries.post(current_user, post_id)
    if ConfirmForm().validate_on_submit():
        services.toggle_reaction(current_user, found, kind)
    return redirect(_post_url(found))


@bp.route("/p/<int:post_id>/history")
def post_history(post_id: int):
    found = queries.post(current_user, post_id)
    if not policy.see_post_text(current_user, found):
        return redirect(_post_url(found))
    return render_template("community/history.html", post=found, revisions=queries.history(found))
