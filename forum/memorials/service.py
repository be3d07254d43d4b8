"""Opening a memorial for a member who died, holding its replies for review,
its staff checklist, and who may need support.

A memorial follows the #chatsafe guidance: staff open it in their own voice
from a template (no cause or method, an invitation to share memories, where
to find support), it is pinned everywhere for a limited time with the crisis
resources at its top, every reply a member writes waits for a moderator, and
no notification or email names the person outside the thread.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from forum import caching, clock, events, policy
from forum.accounts.models import User
from forum.audit import log
from forum.community.models import Category, Post, Thread
from forum.errors import Conflict, NotFound, invalid
from forum.extensions import db
from forum.memorials.models import CHECKLIST, CHECKLIST_KEYS, Memorial, MemorialCheck
from forum.settings import service as settings

# What a member reads on their reply while it waits, and what moderators read on the queue item.
HELD_NOTE = "Replies in a memorial thread wait for a moderator before they appear, to keep it a safe place to remember."
QUEUE_NOTE = "memorial thread: check for method details and glorification"
# Who talked with the person most, over how long.
CLOSE_DAYS, CLOSE_MOST = 90, 12
NAME = "{name}"


# --- which threads are memorials ----------------------------------------------------

# Every thread page asks; a community has a handful.
_memorial_threads = caching.Region("memorial_threads", seconds=60, size=1, forget_on={"memorial_opened": None})


def _thread_ids() -> frozenset[int]:
    return _memorial_threads.get(None, lambda: frozenset(db.session.scalars(db.select(Memorial.thread_id))))


def of_thread(thread_id: int) -> Memorial | None:
    if thread_id not in _thread_ids():
        return None
    return db.session.scalar(db.select(Memorial).where(Memorial.thread_id == thread_id))


def is_memorial(thread_id: int | None) -> bool:
    return thread_id is not None and thread_id in _thread_ids()


def of_member(member: User) -> Memorial | None:
    return db.session.scalar(db.select(Memorial).where(Memorial.member_id == member.id))


# --- opening one ----------------------------------------------------------------------

@dataclass
class Template:
    """The memorial's words and place as the form starts them, for staff to make their own."""

    title: str
    body: str
    category: str
    pin_days: int


def template_for(member: User) -> Template:
    """The staff's template with the member's name in it (their pseudonym here)."""
    values = settings.current()
    name = member.display_name
    return Template(values["memorial_title"].replace(NAME, name), values["memorial_body"].replace(NAME, name),
                    values["memorial_category"], values["memorial_pin_days"])


def default_pin_end() -> datetime:
    return clock.now() + timedelta(days=settings.get("memorial_pin_days"))


def open_memorial(actor: User, member: User, category: Category | None, title, body,
                  until: datetime | None = None) -> Memorial:
    """Start the memorial thread in staff's words, pinned everywhere until
    `until` (by default the community's number of days: a memorial's pin
    always ends, to be looked at again), and log it."""
    from forum.community import services as posting
    from forum.staff import pins

    policy.require(policy.open_memorial(actor, member))
    if of_member(member) is not None:
        raise Conflict("This member already has a memorial.", code="memorial_exists")
    if category is None:
        raise invalid({"category": "Choose the category to open the memorial in."})
    until = until or default_pin_end()
    if until <= clock.now():
        raise invalid({"until": "Choose a time in the future."})
    written = posting.create_thread(actor, category, title, body)
    memorial = Memorial(thread_id=written.thread.id, member_id=member.id, opened_by_id=actor.id)
    db.session.add(memorial)
    db.session.flush()
    log.record(actor, "memorial_opened", "user", member.id, "", thread_id=written.thread.id,
               memorial_id=memorial.id, until=clock.isoformat(until))
    events.publish("memorial_opened", thread_id=written.thread.id, memorial_id=memorial.id)
    pins.pin(actor, written.thread, "global", until)  # commits the memorial with its pin
    return memorial


def memorial(viewer, memorial_id: int) -> Memorial:
    policy.require(policy.keep_memorials(viewer))
    found = db.session.get(Memorial, memorial_id)
    if found is None:
        raise NotFound("No such memorial.")
    return found


# --- replies wait for a moderator -----------------------------------------------------------

def holds_replies(author: User, thread: Thread) -> bool:
    """Every reply (and every edit of one) in a memorial waits for review;
    moderators and staff post directly: they know the guidance, and their
    words set its tone. Asked of the database, not the pages' cache: a reply
    just after a memorial opens, in a process that hasn't heard yet, is held
    all the same."""
    return not policy.is_moderator(author) and db.session.scalar(
        db.select(Memorial.id).where(Memorial.thread_id == thread.id)) is not None


# --- notifications never name the person outside the thread ---------------------------------

def quiet_notice(thread_id: int | None, kind: str, excerpt: str, detail: str) -> tuple[str, str]:
    """A notification about a memorial carries none of anyone's words (they
    may name the person), and says it is about a memorial so nobody meets the
    news without its context; a moderator's own words to an author stay."""
    if kind == "moderation" or not is_memorial(thread_id):
        return excerpt, detail
    return "", "memorial" if kind in {"reply", "quote", "mention"} else detail


# --- the staff checklist --------------------------------------------------------------------

@dataclass
class ChecklistRow:
    key: str
    text: str
    done: MemorialCheck | None


def checklist(viewer, found: Memorial) -> list[ChecklistRow]:
    policy.require(policy.keep_memorials(viewer))
    done = {check.item: check for check in db.session.scalars(
        db.select(MemorialCheck).where(MemorialCheck.memorial_id == found.id))}
    return [ChecklistRow(key, text, done.get(key)) for key, text in CHECKLIST]


def tick(actor: User, found: Memorial, item, done: bool) -> None:
    """Tick (or untick) one item, with who and when; both are logged."""
    policy.require(policy.keep_memorials(actor))
    if item not in CHECKLIST_KEYS:
        raise invalid({"item": "Choose an item of the checklist."})
    existing = db.session.get(MemorialCheck, (found.id, item))
    if done and existing is None:
        db.session.add(MemorialCheck(memorial_id=found.id, item=item, done_by_id=actor.id))
        log.record(actor, "memorial_check_done", "thread", found.thread_id, "", item=item,
                   text=dict(CHECKLIST)[item])
    elif not done and existing is not None:
        db.session.delete(existing)
        log.record(actor, "memorial_check_undone", "thread", found.thread_id, "", item=item,
                   text=dict(CHECKLIST)[item])
    events.commit()


@dataclass
class Close:
    """A member who talked with the person: replies in the same threads lately."""

    user: User
    replies: int


def close_to(viewer, found: Memorial) -> list[Close]:
    """Who wrote most in the threads the person wrote in, over the last
    CLOSE_DAYS days (the memorial aside): the people to look out for first."""
    policy.require(policy.keep_memorials(viewer))
    if found.member_id is None:
        return []
    since = clock.now() - timedelta(days=CLOSE_DAYS)
    # Anonymous posts stay out on both sides: this list is no way round a logged look.
    their_threads = db.select(Post.thread_id).where(Post.author_id == found.member_id, Post.created_at >= since,
                                                   Post.thread_id != found.thread_id, Post.anonymous.is_(False))
    replies = db.func.count(Post.id)
    query = (db.select(User, replies).join(Post, Post.author_id == User.id)
             .where(Post.thread_id.in_(their_threads), Post.created_at >= since, User.id != found.member_id,
                    Post.status == "visible", Post.anonymous.is_(False))
             .group_by(User.id).order_by(replies.desc(), User.id).limit(CLOSE_MOST))
    return [Close(user, count) for user, count in db.session.execute(query)]


def export(user: User) -> list[dict]:
    """For the member's data export: the checklist items they ticked. (Their
    name leaves the ticks, and a memorial about them stays, when they go.)"""
    checks = db.session.execute(db.select(MemorialCheck, Memorial.thread_id).join(
        Memorial, Memorial.id == MemorialCheck.memorial_id).where(MemorialCheck.done_by_id == user.id))
    return [{"thread_id": thread_id, "item": check.item, "done_at": clock.isoformat(check.done_at)}
            for check, thread_id in checks]
