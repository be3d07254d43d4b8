"""Server-rendered pieces of pages, shared by full pages and live updates.

A post's HTML depends only on the facts in its `PostFragment`: the post as
stored, and what this viewer may do with it. Those facts are the cache key, so
a post rendered once for one member is reused for every other member who sees
it the same way, with no invalidation to forget: an edit, a new reaction or a
different viewer's rights make a different key. The template gets nothing but
the fragment, so it cannot depend on anything the key leaves out.

A live event carries the post as a reader who is not its author sees it, so
the page can insert exactly what a reload would show. Its fragment holds no
CSRF token (it goes to many people); the page's script fills in its own.

Times differ by viewer (their time zone, and "3 min ago" goes stale), so the
cached HTML holds a slot for each time and the viewer's `<time>` element is
put in after the cache (forum/times.py).
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime

from cachetools import LRUCache
from flask import current_app, request
from werkzeug.local import LocalProxy

from forum import policy, times
from forum.community import anonymity
from forum.community.models import REACTION_KINDS, Thread
from forum.community.queries import PostView

REACTION_LABELS = {"support": "Sending support", "me_too": "Me too", "hope": "Hope"}
# Stands in for the viewer's CSRF token in cached HTML; swapped in per request.
_CSRF_SLOT = "\x00csrf\x00"
# About 3 KiB of HTML a post: a few thousand posts keep busy threads warm.
_CACHE_SIZE = 4096


@dataclass(frozen=True)
class Reader:
    """The viewer a broadcast fragment is rendered for: an active member."""

    id: int | None = None
    username: str = ""
    role: str = "member"
    status: str = "active"
    is_authenticated: bool = True


@dataclass(frozen=True)
class Reaction:
    kind: str
    label: str
    count: int
    mine: bool


@dataclass(frozen=True)
class Author:
    username: str
    display_name: str
    role: str


@dataclass(frozen=True)
class PostFragment:
    """Everything `_post.html` shows of one post for one kind of viewer."""

    post_id: int
    thread_id: int
    status: str
    created_at: datetime
    edited_at: datetime | None
    html: str
    warning: str
    moderation_note: str
    author: Author | None
    show_text: bool
    author_blocked: bool
    warning_open: bool
    reactions: tuple[Reaction, ...]
    allowed: "Actions"
    # The author may edit a post moderators sent back, and is told so.
    may_revise: bool
    # The viewer's own filters collapse it: why (forum/community/filters.py).
    filtered: str | None = None
    # Posted anonymously: `author` is the stand-in, and only its writer is told
    # it is theirs; moderators get "Who wrote this?" (a logged reveal).
    anonymous: bool = False
    own_anonymous: bool = False


@dataclass(frozen=True)
class Actions:
    """What the viewer may do with a post."""

    may_react: bool
    may_quote: bool
    may_edit: bool
    may_withdraw: bool
    may_flag: bool
    may_remove: bool
    may_reveal: bool


def actions(viewer, thread: Thread, post) -> Actions:
    is_author = bool(viewer.is_authenticated and post.author_id == viewer.id)
    return Actions(
        may_react=bool(policy.react(viewer, post)),  # the policy allows reactions on published posts only
        may_quote=post.status == "visible" and bool(policy.reply(viewer, thread)),
        may_edit=bool(policy.edit_post(viewer, post)),
        may_withdraw=bool(policy.withdraw_post(viewer, post)),
        may_flag=bool(policy.flag(viewer, post)),
        may_remove=bool(policy.remove_post(viewer, post)) and not is_author,
        may_reveal=bool(policy.reveal_author(viewer, post)) and not is_author,
    )


def _actions_on_page(viewer, thread: Thread):
    """`actions` for one viewer and thread, asked once per kind of post. The
    policy's post rules read the post's status and anonymity, whether the
    viewer wrote it, and the thread, so posts alike in those get the same
    answers; 50 posts on a page come to two or three kinds."""
    known: dict[tuple, Actions] = {}

    def of(post) -> Actions:
        kind = (post.status, post.author_id == viewer.id, post.anonymous)
        if kind not in known:
            known[kind] = actions(viewer, thread, post)
        return known[kind]
    return of


def describe(view: PostView, thread: Thread, viewer, warnings_open: bool = False,
             allowed: Actions | None = None) -> PostFragment:
    post = view.post
    author = anonymity.shown_author(post)
    is_author = bool(viewer.is_authenticated and post.author_id == viewer.id)
    allowed = allowed or actions(viewer, thread, post)
    return PostFragment(
        post_id=post.id, thread_id=thread.id, status=post.status, created_at=post.created_at,
        edited_at=post.edited_at, html=view.html,
        warning=post.content_warning or (thread.content_warning if post.position == 1 else "") or "",
        moderation_note=post.moderation_note or "",
        author=Author(author.username, author.display_name, author.role) if author else None,
        show_text=view.show_text, author_blocked=view.author_blocked, warning_open=warnings_open,
        reactions=tuple(Reaction(kind, REACTION_LABELS[kind], view.reactions.get(kind, 0), kind in view.my_reactions)
                        for kind in REACTION_KINDS) if post.status == "visible" else (),
        allowed=allowed, may_revise=allowed.may_edit and is_author,
        filtered=view.filtered,
        anonymous=post.anonymous, own_anonymous=post.anonymous and is_author,
    )


class _FragmentCache:
    def __init__(self, size: int):
        self._entries: LRUCache = LRUCache(maxsize=size)
        self._lock = threading.Lock()

    def render(self, fragment: PostFragment) -> str:
        key = (fragment, request.script_root)
        with self._lock:
            html = self._entries.get(key)
        if html is None:
            template = current_app.jinja_env.get_template("community/_post.html")
            with times.deferred():
                html = template.render(f=fragment, post_csrf=_CSRF_SLOT)
            with self._lock:
                self._entries[key] = html
        return html

    def forget(self, post_id: int) -> None:
        with self._lock:
            for key in [key for key in self._entries if key[0].post_id == post_id]:
                del self._entries[key]


def _cache() -> _FragmentCache:
    return current_app.extensions.setdefault("hearth_post_fragments", _FragmentCache(_CACHE_SIZE))


def forget_hidden_post(event) -> None:
    """A post taken off the page leaves no rendering of its words behind. The
    key already differs once its text or status changes; this drops the old
    entries too, so the words don't stay in memory until they age out."""
    if event.name == "post_hidden":
        _cache().forget(event.data["post_id"])


def post_html(view: PostView, thread: Thread, viewer=None, csrf_value: str = "",
              warnings_open: bool = False, allowed: Actions | None = None, zone: str | None = None) -> str:
    viewer = viewer if viewer is not None else Reader()
    # A broadcast goes to many members: its times read in the community's zone.
    zone = zone or (times.community_zone() if isinstance(viewer, Reader) else times.viewer_zone())
    fragment = describe(view, thread, viewer, warnings_open, allowed)
    return times.fill(_cache().render(fragment).replace(_CSRF_SLOT, csrf_value), zone)


def posts_html(views: list[PostView], thread: Thread, viewer, csrf_value: str, warnings_open: bool) -> list[str]:
    # Resolve a `current_user` proxy once: each post asks the policy several questions.
    viewer = viewer._get_current_object() if isinstance(viewer, LocalProxy) else viewer
    allowed, zone = _actions_on_page(viewer, thread), times.viewer_zone()
    return [post_html(view, thread, viewer, csrf_value, warnings_open, allowed(view.post), zone) for view in views]


def thread_row_html(thread: Thread) -> str:
    """A thread's row as every member sees it (no one member's unread count)."""
    with times.shown_in(times.community_zone()):
        return str(current_app.jinja_env.get_template("community/_thread_row.html").module.thread_row(thread))
