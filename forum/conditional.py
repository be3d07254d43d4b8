"""Conditional GETs for the pages members reload most (a thread, a category).

A page's ETag is built from what the page shows to this viewer: the thread's
or category's revision, the viewer's own revision, session and standing, and
the community-wide things in the frame (settings, announcements, the queue
for moderators, the names beside posts). When the browser sends the same tag
back, the answer is 304 without rendering. The revisions move in the same
transaction as the data (forum/revisions.py), so every process agrees on a tag.

Only members who chose "remember me" on this device get tags: the browser then
keeps these pages (privately, always asking first), and that is the choice
they made for their sign-in too. Everyone else's pages are never stored
(`no-store`, forum/web.py), as before. Signing out in any way clears the
browser's cache for the site (`Clear-Site-Data`, forum/accounts/auth.py).

Relative times ("3 min ago") go stale in a page the browser keeps; its script
(static/js/local-time.js) rewrites them, as it does on any open page.
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from flask import Response, current_app, g, make_response, request, session

from forum import PROJECT_ROOT, policy, revisions
from forum.extensions import db

# Never stored by a shared cache; the browser asks each time (and gets 304).
CACHE_CONTROL = "private, no-cache"


@lru_cache(maxsize=1)
def release() -> str:
    """The code, templates and static files this process serves: a new
    release changes every tag, so no page rendered by an older one is kept."""
    digest = hashlib.sha256()
    for folder, pattern in (("forum", "*.py"), ("templates", "*"), ("static", "*")):
        for path in sorted((PROJECT_ROOT / folder).rglob(pattern)):
            if path.is_file():
                digest.update(str(path.relative_to(PROJECT_ROOT)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def viewer_parts(viewer) -> tuple:
    """What every signed-in page shows of, and to, this viewer."""
    from forum.moderation import queue
    from forum.settings import service as settings
    from forum.staff import announcements

    return (viewer.id, viewer.page_revision, viewer.read_revision, viewer.role, viewer.status, viewer.session_version,
            getattr(viewer, "session_key", None), session.get("csrf_token"),
            settings.digest(), settings.moderated_now(), announcements.active_ids(),
            queue.summary() if policy.is_moderator(viewer) else None,
            revisions.named(db.session, revisions.PEOPLE), revisions.named(db.session, revisions.CATEGORIES),
            current_app.config["HEARTH_POSTS_PER_PAGE"], current_app.config["HEARTH_THREADS_PER_PAGE"], release())


def _remembered(viewer) -> bool:
    """Signed in with "remember me" on this device."""
    return viewer.is_authenticated and current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token") in \
        request.cookies


def etag(*parts) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def unchanged(tag: str | None) -> bool:
    """The browser already has this page: nothing changed and no message waits
    to be shown. (A proxy that compresses pages weakens their tags: W/"...".)"""
    return (bool(tag) and request.method == "GET" and request.if_none_match.contains_weak(tag)
            and "_flashes" not in session)


def not_modified(tag: str) -> Response:
    return tagged(Response(status=304), tag)


def tagged(response, tag: str | None):
    """The page with its tag, unless it showed a message: that page is
    one-off (a reload must not show "Draft saved." again)."""
    response = make_response(response)
    if tag and not g.get("placed_messages"):
        response.set_etag(tag)
        response.headers["Cache-Control"] = CACHE_CONTROL
        response.vary.add("Cookie")
    return response


def thread_tag(viewer, thread, page: int | None) -> str | None:
    """The thread page's tag; None where the page must always be rendered."""
    from forum.community import queries
    from forum.memorials import service as memorials
    from forum.safety import crisis_panel

    if not _remembered(viewer) or crisis_panel.any_open(viewer):
        return None  # the crisis panel is shown for a time, not until a change
    memorial = memorials.is_memorial(thread.id)
    if memorial and policy.keep_memorials(viewer):
        return None  # staff's checklist under a memorial changes with every tick
    return etag("thread", thread.id, thread.revision, page, queries.is_pinned(thread), memorial,
                *viewer_parts(viewer))


def category_tag(viewer, category, after: int | None) -> str | None:
    from forum.community import queries
    from forum.safety import crisis_panel

    if not _remembered(viewer) or crisis_panel.any_open(viewer):
        return None
    return etag("category", category.id, category.revision, after, queries.pins_shown_in(category),
                *viewer_parts(viewer))
