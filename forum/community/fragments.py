"""Server-rendered pieces of pages, shared by full pages and live updates.

A live event carries the post as a reader who is not its author sees it, so
the page can insert exactly what a reload would show. The fragment holds no
CSRF token (it goes to many people); the page's script fills in its own.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import render_template

from forum import policy
from forum.community.models import REACTION_KINDS, Thread
from forum.community.queries import PostView

REACTION_LABELS = {"support": "Sending support", "me_too": "Me too", "hope": "Hope"}


@dataclass(frozen=True)
class Reader:
    """The viewer a broadcast fragment is rendered for: an active member."""

    id: int | None = None
    username: str = ""
    role: str = "member"
    status: str = "active"
    is_authenticated: bool = True


def post_controls() -> dict:
    return {"reaction_kinds": REACTION_KINDS, "reaction_labels": REACTION_LABELS}


def post_html(view: PostView, thread: Thread, viewer=None, csrf_value: str = "") -> str:
    viewer = viewer if viewer is not None else Reader()
    return render_template("community/_post.html", view=view, thread=thread, can=policy.Permissions(viewer),
                   post_csrf=csrf_value, **post_controls())


def thread_row_html(thread: Thread) -> str:
    return render_template("community/_thread_row.html", thread=thread)
