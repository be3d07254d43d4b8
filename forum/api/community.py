"""API: the community's public settings; categories, threads, posts and reactions."""
from __future__ import annotations

from flask import jsonify, request

from forum import serializers
from forum.api import bp
from forum.api.helpers import json_body, member, page, paging, text_fields
from forum.community import anonymity, queries, reading, services
from forum.rate_limits import POSTING, REACTING, limited
from forum.settings import service as settings


def _written(written, status_when_published: int):
    body = {
        "post": serializers.post(queries.view_post(member(), written.post)),
        "notices": written.notices,
    }
    return body, 202 if written.held else status_when_published


@bp.get("/community")
def community():
    """Public, like the rules and help pages: applicants read it before joining."""
    return jsonify(community=serializers.community(settings.public()))


@bp.get("/categories")
def categories():
    member()
    return jsonify(items=[serializers.category(found) for found in queries.categories()], next=None)


@bp.get("/categories/<slug>/threads")
def category_threads(slug: str):
    viewer = member()
    after, limit = paging()
    threads, next_cursor = queries.threads_in(viewer, queries.category(slug), after=after, limit=limit)
    readings = reading.for_threads(viewer, threads)
    return jsonify(page([serializers.thread(found, queries.is_pinned(found),
                                            readings.get(found.id, reading.NOTHING_READ))
                         for found in threads], next_cursor))


@bp.post("/categories/<slug>/threads")
@limited(POSTING)
def start_thread(slug: str):
    viewer = member()
    found = queries.category(slug)
    sent = json_body()
    values = text_fields(sent, required=("title", "body"), optional=("content_warning",))
    written = services.create_thread(viewer, found, values["title"], values["body"], values.get("content_warning", ""),
                                     anonymous=sent.get("anonymous"))
    body, status = _written(written, 201)
    body["thread"] = serializers.thread(written.thread, False)
    return jsonify(body), status


@bp.get("/threads/<int:thread_id>")
def thread(thread_id: int):
    viewer = member()
    found = queries.thread(viewer, thread_id)
    return jsonify(thread=serializers.thread(found, queries.is_pinned(found), reading.for_thread(viewer, found)))


@bp.put("/threads/<int:thread_id>/read")
def mark_thread_read(thread_id: int):
    """The caller has read the thread up to a post (positions never move back)."""
    viewer = member()
    found = queries.thread(viewer, thread_id)
    read = reading.mark_read(viewer, found, json_body().get("post_id"))
    return jsonify(thread=serializers.thread(found, queries.is_pinned(found), read))


@bp.get("/threads/<int:thread_id>/posts")
def thread_posts(thread_id: int):
    viewer = member()
    found = queries.thread(viewer, thread_id)
    after, limit = paging()
    views, next_cursor = queries.posts_after(viewer, found, after, limit)
    return jsonify(page([serializers.post(view) for view in views], next_cursor))


@bp.post("/threads/<int:thread_id>/posts")
@limited(POSTING)
def reply(thread_id: int):
    viewer = member()
    found = queries.thread(viewer, thread_id)
    sent = json_body()
    values = text_fields(sent, required=("body",), optional=("content_warning",))
    written = services.reply(viewer, found, values["body"], values.get("content_warning", ""),
                             anonymous=sent.get("anonymous"))
    body, status = _written(written, 201)
    return jsonify(body), status


@bp.get("/posts/<int:post_id>")
def post(post_id: int):
    viewer = member()
    return jsonify(post=serializers.post(queries.view_post(viewer, queries.post(viewer, post_id))))


@bp.get("/posts/<int:post_id>/author")
def anonymous_author(post_id: int):
    """Who wrote an anonymous post: moderators and staff, and each call is
    written to the moderation log (a read, but a deliberate, recorded one)."""
    viewer = member()
    author = anonymity.reveal_author(viewer, queries.post(viewer, post_id), request.args.get("reason", ""))
    return jsonify(post_id=post_id, author=serializers.user(author) if author is not None else None)


@bp.patch("/posts/<int:post_id>")
def edit_post(post_id: int):
    viewer = member()
    found = queries.post(viewer, post_id)
    values = text_fields(json_body(), required=("body",), optional=("content_warning",))
    written = services.edit_post(viewer, found, values["body"], values.get("content_warning"))
    return jsonify(post=serializers.post(queries.view_post(viewer, written.post)))


@bp.delete("/posts/<int:post_id>")
def delete_post(post_id: int):
    """The author withdraws their post; a moderator removes someone else's."""
    viewer = member()
    found = queries.post(viewer, post_id)
    if found.author_id == viewer.id:
        services.withdraw_post(viewer, found)
    else:
        reason = text_fields(json_body(), optional=("reason",)).get("reason", "")
        services.remove_post(viewer, found, reason)
    return jsonify(post=serializers.post(queries.view_post(viewer, found)))


@bp.put("/posts/<int:post_id>/reactions/<kind>")
@limited(REACTING)
def add_reaction(post_id: int, kind: str):
    return _set_reaction(post_id, kind, True)


@bp.delete("/posts/<int:post_id>/reactions/<kind>")
@limited(REACTING)
def remove_reaction(post_id: int, kind: str):
    return _set_reaction(post_id, kind, False)


def _set_reaction(post_id: int, kind: str, present: bool):
    viewer = member()
    found = queries.post(viewer, post_id)
    services.set_reaction(viewer, found, kind, present)
    return jsonify(post=serializers.post(queries.view_post(viewer, found)))
