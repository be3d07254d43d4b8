"""Full-text search over what the viewer may read, as the policy decides it
(`policy.readable_posts_clause`). One service over SQLite FTS5 and PostgreSQL
full-text search; it checks its own input, so the page and the API refuse the
same searches with the same messages.

Snippets are built from plain text: the post's text is escaped, and only the
service's own <mark> tags are added, so a snippet never carries HTML from a post.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup, escape
from sqlalchemy import text

from forum import policy
from forum.accounts.services import USERNAME_RULE, plausible_username, username_key
from forum.community import filters as reader_filters
from forum.community.models import Post, Thread
from forum.errors import invalid
from forum.extensions import db

START, STOP = "\u27e6", "\u27e7"  # ⟦ ⟧ mark the matches until the snippet is escaped
MAX_TERMS = 12
WORD = re.compile(r"\w+", re.UNICODE)
QUERY_MAX = 200
PAGE_MAX = 1000
PER_PAGE = 20


@dataclass
class Hit:
    post: Post
    snippet: Markup
    title: Markup
    # The searcher's own filters collapse the snippet: why (forum/community/filters.py).
    filtered: str | None = None

    @property
    def status(self) -> str:
        """What keeps this post from readers, for the hit to be marked: its own
        status, or its thread's ("visible" when nothing does). Only its author
        and moderators find such a post."""
        return self.post.status if self.post.status != "visible" else self.post.thread.status


@dataclass
class Results:
    hits: list[Hit]
    page: int
    more: bool
    per_page: int = PER_PAGE

    @property
    def next_page(self) -> int | None:
        return self.page + 1 if self.more and self.page < PAGE_MAX else None


def terms(query: str) -> list[str]:
    """The words of a query; every search-syntax character is dropped."""
    return WORD.findall(query or "")[:MAX_TERMS]


def _highlight(raw: str) -> Markup:
    escaped = str(escape(raw.replace("\n", " ")))
    return Markup(escaped.replace(START, "<mark>").replace(STOP, "</mark>"))


# Both databases rank only the newest RANKED_MATCHES matches: FTS5 walks its
# matches newest first, so a word in every tenth post costs what a rare one does.
RANKED_MATCHES = 2_000
_SQLITE_RANKED = """
WITH ranked AS (
  SELECT posts_fts.rowid AS post_id, bm25(posts_fts, 4.0, 1.0) AS rank
  FROM posts_fts
  JOIN posts ON posts.id = posts_fts.rowid
  JOIN threads ON threads.id = posts.thread_id
  JOIN categories ON categories.id = threads.category_id
  WHERE posts_fts MATCH :match AND ({readable}) {filters}
  ORDER BY posts_fts.rowid DESC LIMIT :ranked
)
SELECT post_id FROM ranked ORDER BY rank, post_id DESC LIMIT :limit OFFSET :offset
"""
_SQLITE_SNIPPETS = """
SELECT rowid AS post_id, snippet(posts_fts, 1, :start, :stop, '…', 16) AS snippet,
       highlight(posts_fts, 0, :start, :stop) AS title
FROM posts_fts WHERE posts_fts MATCH :match AND rowid IN ({ids})
"""

# PostgreSQL, in up to two steps so that a search costs about the same
# whatever it matches. First the newest RECENT_POSTS posts: when they hold
# enough matches for the page asked for, those are ranked and that is the
# answer (a very common word favours recent posts). Otherwise the words are
# rare, and the GIN indexes find every match quickly. Body and title matches
# each use their own index: an OR across the two tables would scan every post.
_POSTGRES = """
WITH body_matches AS (
  SELECT posts.id AS post_id, posts.search_vector FROM posts
  JOIN threads ON threads.id = posts.thread_id JOIN categories ON categories.id = threads.category_id
  WHERE posts.search_vector @@ plainto_tsquery('english', :words) {readable}
  ORDER BY posts.id {order} LIMIT :ranked
),
title_matches AS (
  SELECT posts.id AS post_id FROM threads
  JOIN posts ON posts.thread_id = threads.id AND posts.position = 1
  JOIN categories ON categories.id = threads.category_id
  WHERE threads.search_vector @@ plainto_tsquery('english', :words) {readable}
  ORDER BY posts.id {order} LIMIT :ranked
),
ranked AS (
  SELECT post_id, sum(rank) AS rank FROM (
    SELECT post_id, ts_rank(search_vector, plainto_tsquery('english', :words)) AS rank FROM body_matches
    UNION ALL
    SELECT post_id, 1.0 FROM title_matches
  ) AS matches GROUP BY post_id
)
SELECT posts.id AS post_id,
       ts_headline('english', posts.body, plainto_tsquery('english', :words), :options) AS snippet,
       CASE WHEN posts.position = 1
            THEN ts_headline('english', threads.title, plainto_tsquery('english', :words), :options)
            ELSE '' END AS title
FROM ranked JOIN posts ON posts.id = ranked.post_id JOIN threads ON threads.id = posts.thread_id
ORDER BY ranked.rank DESC, posts.id DESC
LIMIT :limit OFFSET :offset
"""
RECENT_POSTS = 50_000


def search(viewer, query: str | None, category: str | None = None, author: str | None = None,
           page: str | int | None = None, per_page: int = PER_PAGE) -> Results:
    """One page of ranked hits. The arguments are the request's raw values
    (None when absent); bad ones raise InvalidInput naming each field."""
    policy.require(policy.read_community(viewer))
    query, author, page_number = _checked(query, author, page)
    words = terms(query)
    if not words:
        return Results([], page_number, False, per_page)
    readable, params = _readable(viewer)
    params.update({"limit": per_page + 1, "offset": (page_number - 1) * per_page, "start": START, "stop": STOP})
    filters = ""
    if category:
        filters += " AND categories.slug = :category"
        params["category"] = category
    if author:
        # An anonymous post is nobody's to search by: its author is found only through the logged reveal.
        filters += (" AND posts.author_id = (SELECT id FROM users WHERE username_key = :author)"
                    " AND posts.anonymous = :named")
        params["named"] = False
        params["author"] = username_key(author)
    if db.engine.dialect.name == "sqlite":
        rows = _sqlite_rows(words, readable, filters, params)
    else:
        rows = _postgres_rows(words, readable, filters, params)
    more = len(rows) > per_page
    rows = rows[:per_page]
    found = db.session.scalars(db.select(Post).where(Post.id.in_([row.post_id for row in rows])))
    posts = {post.id: post for post in found}
    hits = [Hit(posts[row.post_id], _highlight(row.snippet or ""), _highlight(row.title or ""),
                reader_filters.reason_for(viewer, posts[row.post_id]))
            for row in rows if row.post_id in posts]
    return Results(hits, page_number, more, per_page)


def _checked(query: str | None, author: str | None, page: str | int | None) -> tuple[str, str | None, int]:
    fields = {}
    query = query or ""
    if len(query) > QUERY_MAX:
        fields["q"] = f"Keep searches to {QUERY_MAX} characters or fewer."
    author = author or None
    if author is not None and not plausible_username(author):
        fields["author"] = f"Name the author by username: {USERNAME_RULE}."
    page_number = _page_number(page)
    if page_number is None:
        fields["page"] = f"Use a page number from 1 to {PAGE_MAX}."
    if fields:
        raise invalid(fields)
    return query, author, page_number


def _page_number(raw: str | int | None) -> int | None:
    """1 when absent; None unless a whole number from 1 to PAGE_MAX."""
    if raw is None or raw == "":
        return 1
    digits = str(raw)
    if not (digits.isascii() and digits.isdigit()) or len(digits) > len(str(PAGE_MAX)):
        return None
    return int(digits) if 1 <= int(digits) <= PAGE_MAX else None


def _readable(viewer) -> tuple[str, dict]:
    """The posts this viewer finds, as SQL for the statements above, and its
    parameters. The rule is written once, in the policy, as a SQLAlchemy
    clause (the SQL form of read_thread and see_post_text); the statements
    here are text() for FTS5 and tsquery, so the clause is compiled to SQL
    with its values left as named parameters. Nothing is pasted into the SQL,
    and every member's statement is the same text."""
    clause = policy.readable_posts_clause(viewer, Post, Thread)
    compiled = clause.compile(compile_kwargs={"render_postcompile": True})
    return str(compiled), dict(compiled.params)


def _postgres_rows(words: list[str], readable: str, filters: str, params: dict) -> list:
    params = {**params, "words": " ".join(words), "ranked": RANKED_MATCHES,
              "options": f"StartSel={START}, StopSel={STOP}, MaxWords=30, MinWords=12, MaxFragments=1"}
    readable = f"AND ({readable})" + filters
    # Plan for these words, not for words in general: the right index depends on them.
    db.session.execute(text("SET LOCAL plan_cache_mode = force_custom_plan"))
    newest = db.session.scalar(text("SELECT max(id) FROM posts")) or 0
    recent = _POSTGRES.format(readable=readable + " AND posts.id > :floor", order="DESC")
    rows = db.session.execute(text(recent), {**params, "floor": newest - RECENT_POSTS}).all()
    if len(rows) == params["limit"] or newest <= RECENT_POSTS:
        return rows
    # "+ 0" keeps the planner off walking every post newest first for words it guesses are common.
    return db.session.execute(text(_POSTGRES.format(readable=readable, order="+ 0 DESC")), params).all()


def _sqlite_rows(words: list[str], readable: str, filters: str, params: dict) -> list:
    params = {**params, "match": " ".join(f'"{word}"' for word in words), "ranked": RANKED_MATCHES}
    statement = _SQLITE_RANKED.format(readable=readable, filters=filters)
    ids = [row.post_id for row in db.session.execute(text(statement), params)]
    if not ids:
        return []
    marked = {row.post_id: row for row in db.session.execute(
        text(_SQLITE_SNIPPETS.format(ids=", ".join(str(int(post_id)) for post_id in ids))), params)}
    return [marked[post_id] for post_id in ids if post_id in marked]
