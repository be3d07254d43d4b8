"""A post's status after it is written, and what follows from changing it.

The one place a post is published, held, hidden, removed, rejected or
withdrawn: the thread it opens takes the matching status, and the events that
open pages, notifications and caches need are published with it.
"""
from __future__ import annotations

from forum import events
from forum.community.models import Post

# What an opening post's status makes of its thread. A withdrawn opening post
# leaves the conversation readable under a placeholder; a rejected one never
# appeared, so its thread is gone like a removed one.
THREAD_STATUS = {"visible": "visible", "pending": "pending", "hidden": "hidden", "removed": "removed",
                 "rejected": "removed", "withdrawn": "visible"}


def change(post: Post, status: str, note: str | None = None) -> None:
    """Set the post's status (and the moderators' note, when given)."""
    if status not in THREAD_STATUS:
        raise ValueError(f"unknown post status {status!r}")
    before = post.status
    if note is not None:
        post.moderation_note = note
    if status == before:
        return
    post.status = status
    if post.position == 1:
        _follow_opening_post(post)
    where = {"thread_id": post.thread_id, "post_id": post.id}
    if status != "visible":
        events.publish("post_hidden", **where)
    elif before == "pending":  # published for the first time
        events.publish("post_created", **where)
        if post.position == 1:
            events.publish("thread_created", **where, category_id=post.thread.category_id)
    else:
        events.publish("post_updated", **where)


def _follow_opening_post(post: Post) -> None:
    thread = post.thread
    status = THREAD_STATUS[post.status]
    if thread.status != status:
        thread.status = status
        # Who may read the thread changed: open pages and socket rooms follow.
        events.publish("thread_updated", thread_id=thread.id, change="status")
