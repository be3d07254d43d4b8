"""Room names, and who may be in each: every room is a permission, asked of
the policy when a socket enters it and again whenever the answer can change."""
from __future__ import annotations

from forum import policy
from forum.errors import NotFound
from forum.extensions import db

MODERATORS = "moderators"
# Rooms a connection is in because of who the member is, not because a page asked.
FOR_THE_ROLE = (MODERATORS,)


def thread(thread_id: int) -> str:
    return f"thread:{thread_id}"


def category(slug: str) -> str:
    return f"category:{slug}"


def member(user_id: int) -> str:
    return f"member:{user_id}"


def admits(user, room: str) -> policy.Verdict:
    """Whether `user` may be in `room` now."""
    kind, _, key = room.partition(":")
    if room == MODERATORS:
        return policy.moderate(user)
    if kind == "member":
        return policy.read_community(user) if key == str(user.id) else policy.deny("forbidden", "Not your room.")
    if kind == "thread":
        from forum.community.models import Thread

        found = db.session.get(Thread, int(key))
        if found is None:
            return policy.deny("not_found", "No such thread.", NotFound)
        return policy.read_thread(user, found)
    if kind == "category":
        return policy.read_community(user)
    return policy.deny("forbidden", "No such room.")
