"""Reading the community: what a viewer may see, fetched in a few queries.

Every list and lookup goes through the policy's visibility rule, so pages, the
API and (later) search and real-time rooms agree on what a viewer can read.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import and_, or_
from sqlalchemy.orm import joinedload

from forum import clock, policy
from forum.accounts import blocks
from forum.community import anonymity, filters
from forum.community.models import PIN_SCOPES, Category, Post, PostRevision, Reaction, Thread
from forum.community.services import reaction_counts
from forum.errors import NotFound
from forum.extensions import db


@dataclass
class PostView:
    """A post as one viewer sees it: text or placeholder, reaction counts."""

    post: Post
    show_text: bool
    reactions: dict[str, int] = field(default_factory=dict)
    my_reactions: set[str] = field(default_factory=set)
    # Written by someone the viewer blocked: shown collapsed.
    author_blocked: bool = False
    # Why the viewer's own filters collapse it (forum/community/filters.py), or None.
    filtered: str | None = None

    @property
    def html(self) -> str:
        return self.post.html if self.show_text else ""


@dataclass
class ThreadPage:
    thread: Thread
    posts: list[PostView]
    page: int
    page_count: int


def categories() -> list[Category]:
    return list(db.session.scalars(db.select(Category).order_by(Category.position, Category.id)))


def category(slug: str) -> Category:
    found = db.session.scalar(db.select(Category).where(Category.slug == slug))
    if found is None:
        raise NotFound("No such category.")
    return found


def thread(viewer, thread_id: int) -> Thread:
    """The thread if this viewer may read it; 404 otherwise, so existence doesn't leak."""
    found = db.session.get(Thread, thread_id, options=[joinedload(Thread.category), joinedload(Thread.author)])
    if found is None:
        raise NotFound("No such thread.")
    policy.require(policy.read_thread(viewer, found))
    return found


def post(viewer, post_id: int) -> Post:
    found = db.session.get(Post, post_id, options=[joinedload(Post.thread)])
    if found is None:
        raise NotFound("No such post.")
    thread(viewer, found.thread_id)
    return found


def _active_pin(now):
    # Naming the scopes (not "IS NOT NULL") lets SQLite walk the small pinned
    # index instead of every thread in the category.
    return and_(Thread.pinned_scope.in_(PIN_SCOPES), or_(Thread.pinned_until.is_(None), Thread.pinned_until > now))


def pins_shown_in(category: Category) -> tuple:
    """(id, revision) of the threads pinned at the top of a category page:
    its own and the global ones, which change with their own categories."""
    rows = db.session.execute(db.select(Thread.id, Thread.revision).where(
        _active_pin(clock.now()), or_(Thread.category_id == category.id, Thread.pinned_scope == "global"))
        .order_by(Thread.id))
    return tuple(map(tuple, rows))


def _not_pinned(now):
    """Exactly the threads `_active_pin` leaves out (spelled out: NOT of a NULL comparison is NULL)."""
    return or_(Thread.pinned_scope.is_(None), Thread.pinned_until <= now)


def threads_in(viewer, category: Category, after: int | None = None, limit: int = 30) -> tuple[list[Thread], int | None]:
    """Pinned threads first (global pins show in every category), then the rest
    by last activity, keyset-paged by the last thread id seen. Two queries, so
    the unpinned list walks the (category_id, last_post_at, id) index."""
    now = clock.now()
    readable = policy.readable_threads_clause(viewer, Thread)
    options = (joinedload(Thread.author), joinedload(Thread.category))
    pinned: list[Thread] = []
    if after is None:
        pinned = list(db.session.scalars(
            db.select(Thread)
            .where(_active_pin(now), or_(Thread.category_id == category.id, Thread.pinned_scope == "global"), readable)
            .options(*options).order_by(Thread.last_post_at.desc(), Thread.id.desc())).unique())
    query = (db.select(Thread)
             .where(Thread.category_id == category.id, _not_pinned(now), readable)
             .options(*options))
    if after is not None:
        anchor = db.session.get(Thread, after)
        if anchor is None:
            raise NotFound("The cursor points at no thread.", code="bad_cursor")
        query = query.where(or_(
            Thread.last_post_at < anchor.last_post_at,
            and_(Thread.last_post_at == anchor.last_post_at, Thread.id < anchor.id),
        ))
    rows = list(db.session.scalars(
        query.order_by(Thread.last_post_at.desc(), Thread.id.desc()).limit(limit + 1)).unique())
    next_cursor = rows[limit - 1].id if len(rows) > limit else None
    return pinned + rows[:limit], next_cursor


def global_pins(viewer) -> list[Thread]:
    """Threads pinned everywhere: the top of the home page."""
    query = (db.select(Thread)
             .where(_active_pin(clock.now()), Thread.pinned_scope == "global",
                    policy.readable_threads_clause(viewer, Thread))
             .options(joinedload(Thread.author), joinedload(Thread.category))
             .order_by(Thread.last_post_at.desc()))
    return list(db.session.scalars(query).unique())


def is_pinned(thread: Thread) -> bool:
    return thread.pinned_scope is not None and (thread.pinned_until is None or thread.pinned_until > clock.now())


def recent_threads(viewer, limit: int = 10) -> list[Thread]:
    """Latest activity, leaving out the global pins: the home page lists those
    above, and a thread shows once."""
    now = clock.now()
    query = (
        db.select(Thread)
        .where(policy.readable_threads_clause(viewer, Thread),
               or_(_not_pinned(now), Thread.pinned_scope != "global"))
        .options(joinedload(Thread.author), joinedload(Thread.category))
        .order_by(Thread.last_post_at.desc(), Thread.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(query).unique())


def _reactions(viewer, ids: list[int]) -> tuple[dict[int, dict[str, int]], dict[int, set[str]]]:
    """Each post's reaction counts, and the viewer's own reactions, in one query."""
    counts: dict[int, dict[str, int]] = {}
    mine: dict[int, set[str]] = {}
    if not ids:
        return counts, mine
    viewer_id = viewer.id if getattr(viewer, "is_authenticated", False) else None
    query = (db.select(Reaction.post_id, Reaction.kind, db.func.count(),
                       db.func.max(db.case((Reaction.user_id == viewer_id, 1), else_=0)))
             .where(Reaction.post_id.in_(ids)).group_by(Reaction.post_id, Reaction.kind))
    for post_id, kind, count, viewers_own in db.session.execute(query):
        counts.setdefault(post_id, {})[kind] = count
        if viewers_own:
            mine.setdefault(post_id, set()).add(kind)
    return counts, mine


def _views(viewer, posts: list[Post]) -> list[PostView]:
    ids = [p.id for p in posts]
    counts, mine = _reactions(viewer, ids)
    blocked = blocks.blocked_ids(viewer) if ids else set()
    return [
        PostView(p, shown, counts.get(p.id, {}), mine.get(p.id, set()), p.author_id in blocked,
                 filters.reason_for(viewer, p) if shown else None)
        for p in posts for shown in [bool(policy.see_post_text(viewer, p))]
    ]


def view_post(viewer, post: Post) -> PostView:
    return _views(viewer, [post])[0]


def thread_page(viewer, thread: Thread, page: int, per_page: int) -> ThreadPage:
    """One page of a thread by post position: an index range, never OFFSET,
    so the last page of a long thread is as quick as the first."""
    page_count = max(1, -(-thread.post_count // per_page))
    page = min(max(page, 1), page_count)
    first = (page - 1) * per_page + 1
    query = (
        db.select(Post)
        .where(Post.thread_id == thread.id, Post.position.between(first, first + per_page - 1))
        .options(joinedload(Post.author))
        .order_by(Post.position)
    )
    return ThreadPage(thread, _views(viewer, list(db.session.scalars(query))), page, page_count)


def posts_after(viewer, thread: Thread, after: int | None, limit: int) -> tuple[list[PostView], int | None]:
    """Posts in order after the post id `after` (the API's and live catch-up's cursor)."""
    start = 0
    if after is not None:
        anchor = db.session.get(Post, after)
        if anchor is None or anchor.thread_id != thread.id:
            raise NotFound("The cursor points at no post in this thread.", code="bad_cursor")
        start = anchor.position
    query = (
        db.select(Post)
        .where(Post.thread_id == thread.id, Post.position > start)
        .options(joinedload(Post.author))
        .order_by(Post.position)
        .limit(limit + 1)
    )
    posts = list(db.session.scalars(query))
    next_cursor = posts[limit - 1].id if len(posts) > limit else None
    return _views(viewer, posts[:limit]), next_cursor


def page_of(post: Post, per_page: int) -> int:
    return (post.position - 1) // per_page + 1


def history(post: Post) -> list[PostRevision]:
    query = db.select(PostRevision).where(PostRevision.post_id == post.id).order_by(PostRevision.id.desc())
    return list(db.session.scalars(query))


def published_post_count(author) -> int:
    """What a member's profile counts: their anonymous posts are not theirs in public."""
    query = db.select(db.func.count()).select_from(Post).where(Post.author_id == author.id, Post.status == "visible",
                                                               Post.anonymous.is_(False))
    return db.session.scalar(query)


def quote_markdown(viewer, post_id: int) -> str:
    """A reply's opening quote of another post, when the viewer can read it."""
    try:
        quoted = post(viewer, post_id)
    except NotFound:
        return ""
    if not policy.see_post_text(viewer, quoted) or quoted.status != "visible":
        return ""
    lines = "\n".join("> " + line for line in quoted.body.splitlines())
    if quoted.anonymous:  # no @name: nobody is named, or notified as quoted
        return f"> **{anonymity.ANONYMOUS_NAME}** wrote:\n>\n{lines}\n\n"
    name = quoted.author.username if quoted.author else "former member"
    return f"> **@{name}** wrote:\n>\n{lines}\n\n"
