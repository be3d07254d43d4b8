"""Who is told what: replies, quotes, @mentions, reactions, moderation
outcomes, the moderation team writing, membership approval. Runs on committed
domain events."""
from __future__ import annotations

import re

from forum import caching, clock, events, policy, revisions
from forum.accounts import blocks, preferences
from forum.accounts.models import User
from forum.care.models import CareMessage
from forum.community import filters
from forum.community.models import Post, Thread
from forum.content.markdown import plain_excerpt
from forum.errors import invalid
from forum.events import DomainEvent
from forum.extensions import db
from forum.memorials import service as memorials
from forum.moderation import out_of_hours
from forum.notifications import delivery, email, wording
from forum.notifications.models import CARE_MESSAGE, Notification, ThreadSubscription

MENTION = re.compile(r"(?<![\w@/])@(\w{3,32})")
QUOTE = re.compile(r"^>\s*\*\*@(\w{3,32})\*\* wrote:", re.MULTILINE)
CODE = re.compile(r"```.*?```|`[^`\n]*`", re.DOTALL)
PAGE_SIZE = 50


def mentioned_usernames(body: str) -> list[str]:
    """@names in a post, outside code, in order, once each."""
    text = CODE.sub(" ", body)
    text = QUOTE.sub(" ", text)  # a quote header is not a mention
    seen: list[str] = []
    for name in MENTION.findall(text):
        if name.casefold() not in {n.casefold() for n in seen}:
            seen.append(name)
    return seen


def quoted_usernames(body: str) -> list[str]:
    return list(dict.fromkeys(QUOTE.findall(CODE.sub(" ", body))))


def _wants(user: User, kind: str, actor_id: int | None, thread_id: int | None) -> bool:
    if user is None or user.id == actor_id or not policy.read_community(user):
        return False
    if memorials.of_member(user) is not None:  # nothing reaches the mailbox of a member who died
        return False
    if not preferences.of(user)["notify"].get(kind, True):
        return False
    if actor_id is not None and actor_id in blocks.blocked_ids(user):
        return False
    if thread_id is not None:
        if thread_level(user, thread_id) == "mute":
            return False
        thread = db.session.get(Thread, thread_id)
        if thread is None or not policy.read_thread(user, thread):
            return False
    return True


def _notify(user: User, kind: str, actor_id, thread_id=None, post_id=None, excerpt="", detail="",
            conversation_id=None) -> Notification:
    excerpt, detail = memorials.quiet_notice(thread_id, kind, excerpt, detail)
    notification = Notification(user_id=user.id, kind=kind, actor_id=actor_id, thread_id=thread_id,
                                post_id=post_id, excerpt=excerpt, detail=detail, conversation_id=conversation_id)
    db.session.add(notification)
    db.session.flush()
    delivery.tell(user, notification)
    return notification


def _on_post_created(thread_id: int, post_id: int, **_) -> list[Notification]:
    post = db.session.get(Post, post_id)
    if post is None or post.status != "visible" or post.author_id is None:
        return []
    excerpt = plain_excerpt(post.body)
    told: dict[int, Notification] = {}
    # An anonymous post's notices name "Anonymous member" and store no author;
    # blocks and "not to yourself" still go by who really wrote it.
    actor_id, detail = (None, wording.ANONYMOUS_DETAIL) if post.anonymous else (post.author_id, "")

    def tell(user, kind):
        if user is not None and user.id not in told and _wants(user, kind, post.author_id, thread_id):
            reason = filters.reason_for(user, post)  # their own filters: no words of it in the excerpt
            told[user.id] = _notify(user, kind, actor_id, thread_id, post.id,
                                    f"Hidden by your filter: {reason}" if reason else excerpt, detail)

    from forum.accounts.services import find_by_username

    for name in quoted_usernames(post.body):
        tell(find_by_username(name), "quote")
    for name in mentioned_usernames(post.body):
        tell(find_by_username(name), "mention")
    if post.position > 1:
        tell(post.thread.author, "reply")
        watchers = db.session.scalars(db.select(User).join(
            ThreadSubscription, ThreadSubscription.user_id == User.id).where(
            ThreadSubscription.thread_id == thread_id, ThreadSubscription.level == "watch"))
        for watcher in watchers:
            tell(watcher, "reply")
    return list(told.values())


def _on_reaction(post_id: int, actor_id: int, kind: str, added: bool, **_) -> list[Notification]:
    post = db.session.get(Post, post_id)
    if not added or post is None or post.author is None or not _wants(post.author, "reaction", actor_id,
                                                                          post.thread_id):
        return []
    unread = db.session.scalar(db.select(Notification).where(
        Notification.user_id == post.author_id, Notification.kind == "reaction", Notification.post_id == post_id,
        Notification.detail == kind, Notification.read_at.is_(None)))
    if unread is not None:
        unread.count += 1
        unread.actor_id, unread.created_at = actor_id, clock.now()
        delivery.retell(post.author, unread)
        return []  # batched into one already waiting: no second email
    return [_notify(post.author, "reaction", actor_id, post.thread_id, post.id, plain_excerpt(post.body), kind)]


def _on_moderation(post_id: int, action: str, message: str = "", **_) -> list[Notification]:
    """The author hears what became of their post, in the moderator's words.
    A post kept as it was, with nothing to say, is not news worth a notice."""
    post = db.session.get(Post, post_id)
    if post is None or post.author is None or not _wants(post.author, "moderation", None, None):
        return []
    if action == "dismiss" and not message:
        return []
    return [_notify(post.author, "moderation", None, post.thread_id, post.id, message, action)]


def _on_care_message(conversation_id: int, message_id: int, member_id: int, from_team: bool,
                     **_) -> list[Notification]:
    """The team wrote to a member: always told (no preference turns it off),
    from the team rather than the moderator who wrote."""
    member = db.session.get(User, member_id)
    message = db.session.get(CareMessage, message_id)
    if not from_team or member is None or message is None or not policy.read_community(member):
        return []
    return [_notify(member, CARE_MESSAGE, None, excerpt=message.body, conversation_id=conversation_id)]


def _on_review_hold(user_id: int, placed: bool, **_) -> list[Notification]:
    """The member hears when their new posts start waiting for review, and when they stop."""
    user = db.session.get(User, user_id)
    if user is None or not _wants(user, "moderation", None, None):
        return []
    if placed:
        return [_notify(user, "moderation", None, excerpt=out_of_hours.HELD_NOTE, detail="review_hold_placed")]
    return [_notify(user, "moderation", None, detail="review_hold_lifted")]


def _on_approved(user_id: int, **_) -> list[Notification]:
    user = db.session.get(User, user_id)
    if user is None or not _wants(user, "membership", None, None):
        return []
    return [_notify(user, "membership", None, detail="approved")]


def _on_post_hidden(post_id: int, **_) -> list[Notification]:
    """A post that leaves the page (hidden, removed, withdrawn, held again)
    takes its words out of other members' notifications about it. Its author
    keeps theirs, and the moderators' reason in a moderation notice stays."""
    post = db.session.get(Post, post_id)
    others = [Notification.user_id != post.author_id] if post is not None and post.author_id else []
    db.session.execute(db.update(Notification).where(
        Notification.post_id == post_id, Notification.kind != "moderation", Notification.excerpt != "", *others)
        .values(excerpt=""))
    return []


_HANDLERS = {"post_created": _on_post_created, "reactions_changed": _on_reaction,
             "moderation_outcome": _on_moderation, "member_approved": _on_approved, "post_hidden": _on_post_hidden,
             "review_hold_changed": _on_review_hold, "care_message_created": _on_care_message}


def on_domain_event(event: DomainEvent) -> None:
    if event.name == "notification_created":
        if event.data.get("email") and email.is_configured():
            email.send_for([event.data["notification_id"]])
        return
    handler = _HANDLERS.get(event.name)
    if handler is None:
        return
    handler(**event.data)
    events.commit()


# --- reading ---------------------------------------------------------------------------

# Keyed by the member's page revision, which every notification of theirs,
# new or read, moves (forum/revisions.py): every page shows the count.
_unread = caching.Region("unread_notifications", seconds=3600, size=4096)


def unread_count(user) -> int:
    query = db.select(db.func.count()).select_from(Notification).where(
        Notification.user_id == user.id, Notification.read_at.is_(None))
    return _unread.get((user.id, user.page_revision), lambda: db.session.scalar(query))


def page(user, before: int | None = None, limit: int = PAGE_SIZE) -> tuple[list[Notification], int | None]:
    query = db.select(Notification).where(Notification.user_id == user.id)
    if before:
        query = query.where(Notification.id < before)
    rows = list(db.session.scalars(query.order_by(Notification.id.desc()).limit(limit + 1)))
    return rows[:limit], rows[limit - 1].id if len(rows) > limit else None


def mark_read(user, ids: list[int] | None = None, everything: bool = False) -> int:
    if not everything and (not isinstance(ids, list) or len(ids) > 1000 or not all(
            isinstance(i, int) and not isinstance(i, bool) and 0 < i < 2**31 for i in ids)):
        raise invalid({"ids": "Give a list of notification ids, or all: true."})
    query = db.update(Notification).where(Notification.user_id == user.id, Notification.read_at.is_(None))
    if not everything:
        query = query.where(Notification.id.in_(ids))
    changed = db.session.execute(query.values(read_at=clock.now())).rowcount
    revisions.touch_members(db.session, [user.id])
    events.publish("notifications_read", user_id=user.id)
    events.commit()
    return changed


def set_thread_level(user, thread: Thread, level: str | None) -> None:
    """Watch (every reply), mute (nothing) or back to normal (None)."""
    policy.require(policy.read_thread(user, thread))
    if level not in (None, "watch", "mute"):
        raise invalid({"level": "Choose watch, mute or normal."})
    existing = db.session.get(ThreadSubscription, (user.id, thread.id))
    if level is None:
        if existing is not None:
            db.session.delete(existing)
    elif existing is None:
        db.session.add(ThreadSubscription(user_id=user.id, thread_id=thread.id, level=level))
    else:
        existing.level = level
    events.commit()


def thread_level(user, thread_id: int) -> str | None:
    return db.session.scalar(db.select(ThreadSubscription.level).where(
        ThreadSubscription.user_id == user.id, ThreadSubscription.thread_id == thread_id))
