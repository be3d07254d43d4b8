"""Revisions: numbers that move whenever what a page shows changes, so a page's
ETag can be checked without rendering it (forum/conditional.py).

- a thread's `revision`: its posts (text, status, anonymity), their reactions
  and the thread itself;
- a category's `revision`: its threads (started, replied to, renamed, moved,
  pinned, locked);
- a member's `page_revision`: what every page shows them of their own
  (preferences, blocks, drafts, crisis panels, subscriptions, notifications,
  dismissed announcements, warnings); caches of those are keyed by it;
- a member's `read_revision`: how far they have read ("N new"), which moves
  with nearly every thread they open, so it is kept apart from the above;
- named rows of the `revisions` table, for what many pages show: "people"
  (the names, roles and standing beside posts) and "categories" (names,
  posting rights, archiving, anonymity: breadcrumbs and reply boxes).

They move in the same flush as the change (`before_flush` below), so every
process reads them together with the data. Statements that go around the
session (bulk updates) call `touch_threads` / `touch_members` themselves.
"""
from __future__ import annotations

from itertools import chain

from sqlalchemy import String, event, inspect, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, Session, mapped_column

from forum import caching, events
from forum.extensions import db

PEOPLE, CATEGORIES = "people", "categories"
# What beside a post shows who wrote it.
_PEOPLE_FIELDS = ("username", "display_name", "role", "status")
# What thread pages show of their category (not its counts, which move with every post).
_CATEGORY_FIELDS = ("slug", "name", "description", "posting", "position", "archived", "allow_anonymous")


class Revision(db.Model):
    __tablename__ = "revisions"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[int] = mapped_column(default=0)


_named = caching.Region("named_revisions", seconds=60, size=8, forget_on={"revision_moved": caching.by("revision")})


def named(session: Session, name: str) -> int:
    return _named.get(name, lambda: session.scalar(select(Revision.value).where(Revision.name == name)) or 0)


def touch_threads(session: Session, thread_ids) -> None:
    from forum.community.models import Category, Thread

    thread_ids = sorted(set(thread_ids) - {None})
    if not thread_ids:
        return
    connection = session.connection()
    connection.execute(update(Thread.__table__).where(Thread.__table__.c.id.in_(thread_ids))
                       .values(revision=Thread.__table__.c.revision + 1))
    in_them = select(Thread.__table__.c.category_id).where(Thread.__table__.c.id.in_(thread_ids))
    connection.execute(update(Category.__table__).where(Category.__table__.c.id.in_(in_them))
                       .values(revision=Category.__table__.c.revision + 1))


def touch_categories(session: Session, category_ids) -> None:
    from forum.community.models import Category

    category_ids = sorted(set(category_ids) - {None})
    if category_ids:
        session.connection().execute(update(Category.__table__).where(Category.__table__.c.id.in_(category_ids))
                                     .values(revision=Category.__table__.c.revision + 1))


def touch_members(session: Session, user_ids, column: str = "page_revision") -> None:
    from forum.accounts.models import User

    user_ids = sorted(set(user_ids) - {None})
    if user_ids:
        table = User.__table__
        session.connection().execute(update(table).where(table.c.id.in_(user_ids))
                                     .values({column: table.c[column] + 1}))


def touch_readers(session: Session, user_ids) -> None:
    touch_members(session, user_ids, "read_revision")


def touch_named(session: Session, name: str) -> None:
    """One statement on SQLite and PostgreSQL alike: create the row or move it on."""
    connection = session.connection()
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    table = Revision.__table__
    statement = dialect.insert(table).values(name=name, value=1)
    connection.execute(statement.on_conflict_do_update(index_elements=[table.c.name],
                                                       set_={"value": table.c.value + 1}))
    events.publish("revision_moved", revision=name)


def _owner(instance) -> int | None:
    """The member a row of theirs belongs to, for the rows every page shows them."""
    from forum.accounts.models import Block
    from forum.community.models import Draft
    from forum.moderation.models import Sanction
    from forum.notifications.models import Notification, ThreadSubscription
    from forum.safety.models import CrisisPanel
    from forum.staff.models import AnnouncementDismissal

    if isinstance(instance, Block):
        return instance.blocker_id
    if isinstance(instance, (Draft, Sanction, Notification, ThreadSubscription, CrisisPanel,
                             AnnouncementDismissal)):
        return instance.user_id
    return None


def _changed(instance, fields) -> bool:
    state = inspect(instance)
    return any(state.attrs[field].history.has_changes() for field in fields)


@event.listens_for(Session, "before_flush")
def _move_revisions(session: Session, flush_context, instances) -> None:
    from forum.accounts.models import User
    from forum.community.models import Category, Post, Reaction, ReadPosition, Thread

    threads, categories, members, readers, reacted_posts = set(), set(), set(), set(), set()
    people_changed = categories_changed = False
    for instance in chain(session.new, session.dirty, session.deleted):
        if isinstance(instance, Post):
            threads.add(instance.thread_id if instance.thread_id is not None
                        else getattr(instance.thread, "id", None))
        elif isinstance(instance, Reaction):
            reacted_posts.add(instance.post_id)
        elif isinstance(instance, Thread) and instance.id is not None:
            threads.add(instance.id)  # and, in the database, the category it was in
            moved_to = instance.__dict__.get("category")  # a move sets the relationship, not the id
            categories.update({instance.category_id, getattr(moved_to, "id", None)})
        elif isinstance(instance, ReadPosition):
            readers.add(instance.user_id)
        elif isinstance(instance, Category):
            categories.add(instance.id)
            categories_changed = (categories_changed or instance in session.new or instance in session.deleted
                                  or _changed(instance, _CATEGORY_FIELDS))
        elif isinstance(instance, User) and instance.id is not None:
            members.add(instance.id)
            people_changed = people_changed or instance in session.deleted or _changed(instance, _PEOPLE_FIELDS)
        else:
            members.add(_owner(instance))
    if reacted_posts - {None}:
        threads.update(session.connection().scalars(
            select(Post.__table__.c.thread_id).where(Post.__table__.c.id.in_(sorted(reacted_posts - {None})))))
    touch_threads(session, threads)
    touch_categories(session, categories)
    touch_members(session, members)
    touch_readers(session, readers)
    if people_changed:
        touch_named(session, PEOPLE)
    if categories_changed:
        touch_named(session, CATEGORIES)
