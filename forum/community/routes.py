"""Pages for categories, threads and posts: thin adapters over the services."""
from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_limiter.errors import RateLimitExceeded
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from forum import clock, conditional, policy
from forum.accounts import preferences, safety_plan
from forum.community import anonymity, drafts, filters, forms, fragments, queries, reading, services
from forum.errors import Conflict
from forum.feedback import back_to
from forum.memorials import routes as memorial_pages
from forum.forms import NOT_SUBMITTED, ConfirmForm, submit
from forum.rate_limits import DRAFTING, POSTING, REACTING, limited
from forum.notifications import service as notifications
from forum.safety import crisis_panel
from forum.web import error_response, whole_number

bp = Blueprint("community", __name__)

@bp.app_template_global("shown_author")
def shown_author(item):
    """Who a post or thread names: "Anonymous member" for an anonymous one."""
    return anonymity.shown_author(item)


@bp.app_template_global("shown_member")
def shown_member(conversation):
    """Who a care conversation names to the team (anonymity.shown_member)."""
    return anonymity.shown_member(conversation)


@bp.app_template_global("anonymous_help")
def anonymous_help() -> str:
    return anonymity.composer_help()


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
    return _int_arg_from(request.args, name)


def _int_arg_from(values, name: str) -> int | None:
    return whole_number(values.get(name, ""))


@bp.route("/c/<slug>")
def category(slug: str):
    found = queries.category(slug)
    tag = conditional.category_tag(current_user, found, _int_arg("after"))
    if conditional.unchanged(tag):
        return conditional.not_modified(tag)
    threads, next_cursor = queries.threads_in(current_user, found, after=_int_arg("after"),
                                               limit=current_app.config["HEARTH_THREADS_PER_PAGE"])
    return conditional.tagged(render_template(
        "community/category.html", category=found, threads=threads, next_cursor=next_cursor,
        reading=reading.for_threads(current_user, threads)), tag)


@bp.route("/c/<slug>/new", methods=["GET", "POST"])
@limited(POSTING)
def new_thread(slug: str):
    found = queries.category(slug)
    policy.require(policy.start_thread(current_user, found))
    form = forms.ThreadForm()
    written = _offering_warning(form, lambda offer: services.create_thread(
        current_user, found, form.title.data, form.body.data, form.content_warning.data, offer_warning=offer,
        anonymous=bool(form.anonymous.data)))
    if written is not NOT_SUBMITTED:
        _tell_writer(written)
        if written.spoke_of_crisis:
            return redirect(_written_url(written))
        return redirect(url_for("community.thread", thread_id=written.thread.id))
    return _new_thread_page(found, form, getattr(form, "error_status", 200))


def _new_thread_page(category, form, status: int = 200):
    draft = drafts.for_category(current_user, category)
    if request.method == "GET" and draft is not None:
        form.title.data, form.body.data, form.content_warning.data = draft.title, draft.body, draft.content_warning
    return render_template("community/new_thread.html", category=category, form=form, draft=draft), status


@bp.post("/c/<slug>/draft")
@limited(DRAFTING)
def thread_draft(slug: str):
    """Without JavaScript: keep or discard the new thread being written."""
    found = queries.category(slug)
    form = forms.ThreadForm()
    here = url_for("community.new_thread", slug=found.slug)
    if request.form.get("draft") == "discard":
        if not form.validate_on_submit():
            return redirect(here)
        drafts.discard(current_user, category=found)
        return back_to(here, "Draft discarded.", "info", at="new-thread-form")
    if submit(form, lambda: drafts.save_thread(current_user, found, form.title.data, form.body.data,
                                               form.content_warning.data)) is NOT_SUBMITTED:
        return _new_thread_page(found, form, getattr(form, "error_status", 400))
    return back_to(here, "Draft saved. It will be here when you come back, on any device.", at="new-thread-form")


@bp.route("/t/<int:thread_id>")
def thread(thread_id: int):
    viewer = _viewer()
    found = queries.thread(viewer, thread_id)
    quoted = _int_arg("quote")
    tag = None if quoted else conditional.thread_tag(viewer, found, _int_arg("page"))
    if conditional.unchanged(tag):
        return conditional.not_modified(tag)
    # Quoting replies at the end of the thread, so the composer opens on the last page.
    page = queries.thread_page(viewer, found, _int_arg("page") or (10**9 if quoted else 1), _per_page())
    # How far the member had read before this page: its divider and jump link.
    before = reading.for_thread(viewer, found)
    shown = _thread_page(page, found, forms.ReplyForm(), quoted=quoted, before=before)
    # Then the page counts as read up to its last post (written after
    # rendering: the commit would make the page load every post again).
    reading.advance(viewer, found, page.posts[-1].post.id if page.posts else None, known=before)
    return conditional.tagged(shown, tag)


def _thread_page(page, found, form, status: int = 200, quoted: int | None = None,
                 before: reading.ThreadReading | None = None):
    viewer = _viewer()
    csrf_value = generate_csrf()
    draft = drafts.for_thread(viewer, found)
    if request.method == "GET":  # the reply being written, from this or another device
        if draft is not None:
            form.body.data, form.content_warning.data = draft.body, draft.content_warning
        if quoted:
            form.body.data = drafts.joined(form.body.data, queries.quote_markdown(viewer, quoted))
    posts = fragments.posts_html(page.posts, found, viewer, csrf_value, _warnings_open())
    help_panel = crisis_panel.shown_to(viewer, found)
    first_new = before.first_unread_post_id if before and before.opened else None
    return render_template("community/thread.html", page=page, thread=found, form=form, posts_html=posts,
                           first_new=first_new,
                           first_new_here=first_new in {view.post.id for view in page.posts},
                           crisis_help=help_panel,
                           moderators_told=bool(help_panel) and crisis_panel.moderators_told(help_panel),
                           plan_sections=safety_plan.written_sections(viewer) if help_panel else [],
                           notify_level=notifications.thread_level(viewer, found.id) or "normal",
                           post_csrf=csrf_value, draft=draft, **memorial_pages.thread_context(viewer, found)), status


def _viewer():
    """The signed-in member itself, not the `current_user` proxy: a thread page
    asks about them a few hundred times."""
    return current_user._get_current_object()


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
    written = _offering_warning(form, lambda offer: services.reply(
        current_user, found, form.body.data, form.content_warning.data, offer_warning=offer,
        anonymous=bool(form.anonymous.data)))
    if written is not NOT_SUBMITTED:
        _tell_writer(written)
        return redirect(_written_url(written))
    return _refused_reply(found, form, getattr(form, "error_status", 200 if form.warning_offered.data else 400))


def _offering_warning(form, write):
    """Post, unless the writer should first be offered a content warning: then
    the form comes back once with it filled in and a note (filters.WarningOffered);
    posting again goes ahead, with the warning or without it."""
    try:
        return submit(form, lambda: write(not form.warning_offered.data))
    except filters.WarningOffered as offer:
        form.content_warning.data, form.warning_offered.data = offer.suggestion, "1"
        form.offered_warning = offer.suggestion
        return NOT_SUBMITTED


def _refused_reply(found, form, status: int):
    """The thread's last page again with the reply and its errors kept; the
    form's action ends in #reply, so the browser opens it at the reply box."""
    page = queries.thread_page(current_user, found, 10**9, _per_page())
    return _thread_page(page, found, form, status)


@bp.errorhandler(RateLimitExceeded)
def _writing_too_fast(error):
    """Posting too often: say so next to the text, which stays in its box."""
    message = ("Too many requests: you're posting faster than this community allows. Your words are kept here; "
               "wait a minute, then post them.")
    if request.endpoint == "community.reply" and policy.read_community(current_user):
        form = forms.ReplyForm()
        form.form_errors.append(message)
        return _refused_reply(queries.thread(current_user, request.view_args["thread_id"]), form, 429)
    if request.endpoint == "community.new_thread" and policy.read_community(current_user):
        form = forms.ThreadForm()
        form.form_errors.append(message)
        return _new_thread_page(queries.category(request.view_args["slug"]), form, 429)
    response, status, _ = error_response(429, "rate_limited", "Too many requests; please wait a moment and try again.")
    return response, status


def _reply_box_url(found) -> str:
    """The reply box, on the thread's last page."""
    return url_for("community.thread", thread_id=found.id, page=10**9) + "#reply"


@bp.post("/t/<int:thread_id>/draft")
@limited(DRAFTING)
def reply_draft(thread_id: int):
    """Without JavaScript: keep the reply being written, discard it, or add a
    quote to it (the Quote buttons post the reply box here)."""
    found = queries.thread(current_user, thread_id)
    form = forms.ReplyForm()
    if request.form.get("draft") == "discard":
        if not form.validate_on_submit():
            return redirect(_reply_box_url(found))
        drafts.discard(current_user, thread=found)
        return back_to(_reply_box_url(found), "Draft discarded.", "info")
    quoted = _int_arg_from(request.form, "quote")
    if quoted:
        form.body.data = drafts.joined(form.body.data, queries.quote_markdown(current_user, quoted))
    if submit(form, lambda: drafts.save_reply(current_user, found, form.body.data, form.content_warning.data)) \
            is NOT_SUBMITTED:
        return _refused_reply(found, form, getattr(form, "error_status", 400))
    if quoted:
        return back_to(_reply_box_url(found), "Quote added to your reply.", "info")
    return back_to(_reply_box_url(found), "Draft saved. It will be here when you come back, on any device.")


@bp.route("/p/<int:post_id>/quote")
def quote(post_id: int):
    """A post as a quote for the reply box (Markdown), for the page's script."""
    text = queries.quote_markdown(current_user, post_id)
    if not text:
        return {"error": {"code": "not_quotable", "message": "This post can't be quoted."}}, 404
    return text, 200, {"Content-Type": "text/plain; charset=utf-8"}


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
        if found.author_id == current_user.id and written.spoke_of_crisis:
            return redirect(_written_url(written))
        return back_to(_post_url(found), "Your changes are saved.")
    return render_template("community/edit_post.html", post=found, form=form)


@bp.post("/p/<int:post_id>/withdraw")
def withdraw_post(post_id: int):
    """Withdrawn at once; the message next to the post offers Undo for a few seconds."""
    found = queries.post(current_user, post_id)
    if not ConfirmForm().validate_on_submit():
        return redirect(_post_url(found))
    services.withdraw_post(current_user, found)
    until = clock.isoformat(found.withdrawn_at + timedelta(seconds=policy.UNDO_WITHDRAW_SECONDS))
    return back_to(_post_url(found), "Your post was withdrawn.", "info",
                   action={"url": url_for("community.undo_withdraw", post_id=found.id), "label": "Undo",
                           "until": until})


@bp.post("/p/<int:post_id>/undo-withdraw")
def undo_withdraw(post_id: int):
    found = queries.post(current_user, post_id)
    if not ConfirmForm().validate_on_submit():
        return redirect(_post_url(found))
    try:
        services.undo_withdraw(current_user, found)
    except Conflict as error:  # too late, or not withdrawn: said next to the post
        return back_to(_post_url(found), error.message, "error")
    return back_to(_post_url(found), "Your post is back.")


@bp.route("/p/<int:post_id>/remove", methods=["GET", "POST"])
def remove_post(post_id: int):
    found = queries.post(current_user, post_id)
    policy.require(policy.remove_post(current_user, found))
    form = forms.RemoveForm()
    if submit(form, lambda: services.remove_post(current_user, found, form.reason.data)) is not NOT_SUBMITTED:
        return back_to(_post_url(found), "The post was removed and the action logged.", "info")
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
