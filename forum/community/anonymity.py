"""Anonymous posts: a member shares something they can't put their pseudonym to.

Where staff allow it (`Category.allow_anonymous`), a member may post a thread
or a reply as "Anonymous member". The post keeps its real author in the
database, so everything that protects people still works on it (crisis
detection and the writer's help panel, watched words, sanctions, rate limits,
blocks, notifications to the author), but every surface names the post, and a
thread started this way, through `shown_author`: nobody sees who wrote it,
moderators and staff included.

Moderators can trace it, one post at a time, on purpose: "Who wrote this?"
(`reveal_author`) names the author and writes an entry in the moderation log,
so each look is accountable and the name is never on show unlogged.
"""
from __future__ import annotations

from dataclasses import dataclass

from forum import events, policy
from forum.audit import log, reasons
from forum.settings import service as settings

ANONYMOUS_NAME = "Anonymous member"
# The API's author object for an anonymous post (forum/serializers.py).
ANONYMOUS_JSON = {"username": None, "display_name": ANONYMOUS_NAME}
# Who "is writing…" in a category that allows anonymous posts.
TYPIST_NAME = "Someone"
# What the writer of an anonymous post reads on it, and only they.
YOURS_NOTE = "You posted this anonymously"


@dataclass(frozen=True)
class AnonymousAuthor:
    """Stands in for the author wherever a post or thread names one. No
    username: no profile link and the neutral avatar (forum/accounts/avatars.py)."""

    username: str = ""
    display_name: str = ANONYMOUS_NAME
    role: str = "member"
    anonymous: bool = True


ANONYMOUS = AnonymousAuthor()


def shown_author(item):
    """The author a post or thread shows: `ANONYMOUS`, the member, or None
    for a former member."""
    return ANONYMOUS if getattr(item, "anonymous", False) else item.author


def shown_member(conversation):
    """Who a care conversation names to the team: the stand-in when it is
    about the member's own anonymous post, so answering them is no way round
    the logged "Who wrote this?"."""
    from forum.community.models import Post
    from forum.extensions import db

    post = db.session.get(Post, conversation.post_id) if conversation.post_id else None
    if post is not None and post.anonymous and post.author_id == conversation.member_id:
        return ANONYMOUS
    return conversation.member


def wanted(value) -> bool:
    """The writer's `anonymous` choice, from a checkbox or JSON: a plain yes or no."""
    from forum.errors import invalid

    if value is None:
        return False
    if not isinstance(value, bool):
        raise invalid({"anonymous": "Use true or false."})
    return value


def composer_help() -> str:
    """What the composer's box says the choice means, held or not."""
    held = " It waits for a moderator's approval before it appears." if settings.get("anonymous_posts_held") else ""
    return ("Other members see “Anonymous member” instead of your name, and it isn't listed on your profile. "
            "Moderators can still find out who wrote it, and each time is logged." + held)


def typist(user, thread) -> dict:
    """Who "is writing…" in a thread, as its room hears it. Where anonymous
    posts are allowed nobody is named: "Sam is writing…" followed by an
    anonymous reply would say who wrote it, and a name shown only while the
    box is unticked would still give the writer away a moment before they
    tick it. The server decides, so no page or client can get it wrong."""
    if thread.category.allow_anonymous:
        return {"username": None, "display_name": TYPIST_NAME}
    return {"username": user.username, "display_name": user.display_name}


def reveal_author(actor, post, reason=""):
    """Who wrote an anonymous post, for a moderator; the look is logged. The
    entry says who looked and why, not whom they saw: anyone reading the log
    would otherwise learn the author without a look of their own.
    Returns the author, or None when their account is gone."""
    policy.require(policy.reveal_author(actor, post))
    author = post.author
    log.record(actor, "anonymous_author_revealed", "post", post.id, reasons.reason(reason, None),
               thread_id=post.thread_id)
    events.commit()
    return author
