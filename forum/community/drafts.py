"""Drafts: a reply or a new thread being written, kept so that nothing a
member writes is lost to a reload, a closed tab, a Quote link or a refusal.

Drafts live on the server, in the `drafts` table, and nowhere in the browser.
What members write here is health information, and many share a family
computer: text kept in browser storage would outlive the session there and be
readable by the next person at the keyboard unless every sign-out remembered
to clear it. On the server a draft belongs to the signed-in account alone: no
one else can read or overwrite it (not moderators, not staff; no page, API,
search index or notification shows it), it follows the member to another
device, it is part of their data export and it is deleted with their account.
A draft that is left alone is kept for `KEEP_DAYS` days, then forgotten.

There is one draft per member and thread (the reply box) and one per member
and category (the new-thread form). Posting clears it in the same transaction
(`clear`, called by the posting services); a refused post keeps it.
"""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy.exc import IntegrityError

from forum import caching, clock, policy, revisions
from forum.community import services as posting  # its limits; it clears drafts when posting
from forum.community.models import Category, Draft, Thread
from forum.errors import InvalidInput, invalid
from forum.extensions import db

KEEP_DAYS = 30


def _cutoff():
    return clock.now() - timedelta(days=KEEP_DAYS)


def _text(value, name: str, limit: int, what: str) -> str:
    """Text as typed (a draft keeps its spaces and blank lines), within the posting limits."""
    value = posting.typed_text(value, name)
    if len(value) > limit:
        raise invalid({name: f"{what} can be at most {limit:,} characters."})
    return value


def _where(user, thread: Thread | None, category: Category | None):
    if thread is not None:
        return (Draft.user_id == user.id, Draft.thread_id == thread.id)
    return (Draft.user_id == user.id, Draft.category_id == category.id)


# Keyed by the member's page revision, which each saved or dropped draft of
# theirs moves (forum/revisions.py): most members have none, and pay nothing.
_has_drafts = caching.Region("has_drafts", seconds=3600, size=4096)


def _find(user, thread: Thread | None = None, category: Category | None = None) -> Draft | None:
    if not _has_drafts.get((user.id, user.page_revision), lambda: db.session.scalar(
            db.select(Draft.id).where(Draft.user_id == user.id).limit(1)) is not None):
        return None
    return db.session.scalar(db.select(Draft).where(*_where(user, thread, category), Draft.updated_at >= _cutoff()))


def for_thread(user, thread: Thread) -> Draft | None:
    """The member's reply to this thread being written, if any (never another member's)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return _find(user, thread=thread)


def for_category(user, category: Category) -> Draft | None:
    """The member's new thread in this category being written, if any."""
    if not getattr(user, "is_authenticated", False):
        return None
    return _find(user, category=category)


def _save(user, thread: Thread | None, category: Category | None, body, content_warning, title="") -> Draft | None:
    fields, values = {}, {}
    for name, value, limit, what in (("title", title, posting.TITLE_MAX, "Titles"),
                                     ("body", body, posting.BODY_MAX, "Posts"),
                                     ("content_warning", content_warning, posting.CONTENT_WARNING_MAX,
                                      "Content warnings")):
        try:
            values[name] = _text(value, name, limit, what)
        except InvalidInput as error:  # every field's problem at once
            fields.update(error.fields)
    if fields:
        raise invalid(fields)
    try:
        return _write(user, thread, category, values)
    except IntegrityError:  # an autosave and a Save click raced to add it: the second updates it
        db.session.rollback()
        return _write(user, thread, category, values)


def _write(user, thread: Thread | None, category: Category | None, values: dict) -> Draft | None:
    # Drafts nobody came back to are forgotten: a deliberate, cheap write on save.
    db.session.execute(db.delete(Draft).where(Draft.updated_at < _cutoff()))
    draft = db.session.scalar(db.select(Draft).where(*_where(user, thread, category)))
    if not any(value.strip() for value in values.values()):
        if draft is not None:
            db.session.delete(draft)
        db.session.commit()
        return None
    if draft is None:
        draft = Draft(user_id=user.id, thread_id=thread.id if thread else None,
                      category_id=category.id if category else None)
        db.session.add(draft)
    draft.title, draft.body, draft.content_warning = values["title"], values["body"], values["content_warning"]
    draft.updated_at = clock.now()
    db.session.commit()
    return draft


def save_reply(user, thread: Thread, body, content_warning="") -> Draft | None:
    """Keep the member's reply as typed; saving empty text discards the draft (returns None)."""
    policy.require(policy.reply(user, thread))
    return _save(user, thread, None, body, content_warning)


def save_thread(user, category: Category, title, body, content_warning="") -> Draft | None:
    """Keep the member's new thread as typed; saving empty text discards the draft."""
    policy.require(policy.start_thread(user, category))
    return _save(user, None, category, body, content_warning, title)


def discard(user, thread: Thread | None = None, category: Category | None = None) -> None:
    """The member throws their draft away (nothing happens when there is none)."""
    if not getattr(user, "is_authenticated", False):
        return
    clear(user, thread=thread, category=category)
    db.session.commit()


def clear(user, thread: Thread | None = None, category: Category | None = None) -> None:
    """Drop the draft inside the caller's transaction: the posting services
    call it, so a post that is published is no longer a draft too."""
    db.session.execute(db.delete(Draft).where(*_where(user, thread, category)))
    revisions.touch_members(db.session, [user.id])


def joined(text: str | None, quote: str) -> str:
    """The reply box's text with a quote added at its end, for a page without
    JavaScript (the script inserts the quote at the cursor instead)."""
    text = text or ""
    if not text.strip():
        return quote
    return text.rstrip("\n") + "\n\n" + quote


def expires_at(draft: Draft):
    return draft.updated_at + timedelta(days=KEEP_DAYS)


def of_member(user) -> list[Draft]:
    """Every draft the member has, for their data export."""
    return list(db.session.scalars(db.select(Draft).where(Draft.user_id == user.id).order_by(Draft.id)))


def forget(user) -> None:
    """Account deletion: the member's drafts go with them (in the caller's transaction)."""
    db.session.execute(db.delete(Draft).where(Draft.user_id == user.id))
