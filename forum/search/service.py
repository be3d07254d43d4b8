"""Full-text search over what a member may read: published posts in visible
threads. One service over SQLite FTS5 and PostgreSQL full-text search.

Snippets are built from plain text: the post's text is escaped, and only the
service's own <mark> tags are added, so a snippet never carries HTML from a post.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup, escape
from sqlalchemy import text

from forum import policy
from forum.accounts.services import username_key
from forum.community.models import Post
from forum.extensions import db

START, STOP = "\u27e6", "\u27e7"  # ⟦ ⟧ mark the matches until the snippet is escaped
MAX_TERMS = 12
WORD = re.compile(r"\w+", re.UNICODE)


@dataclass
class Hit:
    post: Post
    snippet: Markup
    title: Markup


def terms(query: str) -> list[str]:
    """The words of a query; every search-syntax character is dropped."""
    return WORD.findall(query or "")[:MAX_TERMS]


def _highlight(raw: str) -> Markup:
    escaped = str(escape(raw.replace("\n", " ")))
    return Markup(escaped.replace(START, "<mark>").replace(STOP, "</mark>"))


_SQLITE = """
SELECT posts.id AS post_id,
       snippet(posts_fts, 1, :start, :stop, '…', 16) AS snippet,
       highlight(posts_fts, 0, :start, :stop) AS title
FROM posts_fts
JOIN posts ON posts.id = posts_fts.rowid
JOIN threads ON threads.id = posts.thread_id
JOIN categories ON categories.id = threads.category_id
WHERE posts_fts MATCH :match AND posts.status = 'visible' AND threads.status = 'visible' {filters}
ORDER BY bm25(posts_fts, 4.0, 1.0), posts.id DESC
LIMIT :limit OFFSET :offset
"""

_POSTGRES = """
SELECT posts.id AS post_id,
       ts_headline('english', posts.body, query, :options) AS snippet,
       CASE WHEN posts.position = 1 THEN ts_headline('english', threads.title, query, :options) ELSE '' END AS title
FROM posts
JOIN threads ON threads.id = posts.thread_id
JOIN categories ON categories.id = threads.category_id,
     plainto_tsquery('english', :words) AS query
WHERE (posts.search_vector @@ query OR (posts.position = 1 AND threads.search_vector @@ query))
  AND posts.status = 'visible' AND threads.status = 'visible' {filters}
ORDER BY ts_rank(posts.search_vector, query)
         + CASE WHEN posts.position = 1 AND threads.search_vector @@ query THEN 1 ELSE 0 END DESC,
         posts.id DESC
LIMIT :limit OFFSET :offset
"""


def search(viewer, query: str, category: str | None = None, author: str | None = None, page: int = 1,
           per_page: int = 20) -> tuple[list[Hit], bool]:
    """Ranked hits for one page, and whether there is a next page."""
    policy.require(policy.read_community(viewer))
    words = terms(query)
    if not words:
        return [], False
    filters, params = "", {"limit": per_page + 1, "offset": (max(page, 1) - 1) * per_page,
                           "start": START, "stop": STOP}
    if category:
        filters += " AND categories.slug = :category"
        params["category"] = category
    if author:
        filters += " AND posts.author_id = (SELECT id FROM users WHERE username_key = :author)"
        params["author"] = username_key(author)
    if db.engine.dialect.name == "sqlite":
        statement = _SQLITE.format(filters=filters)
        params["match"] = " ".join(f'"{word}"' for word in words)
    else:
        statement = _POSTGRES.format(filters=filters)
        params["words"] = " ".join(words)
        params["options"] = f"StartSel={START}, StopSel={STOP}, MaxWords=30, MinWords=12, MaxFragments=1"
    rows = db.session.execute(text(statement), params).all()
    more = len(rows) > per_page
    rows = rows[:per_page]
    posts = {post.id: post for post in db.session.scalars(db.select(Post).where(Post.id.in_([r.post_id for r in rows])))}
    hits = [Hit(posts[row.post_id], _highlight(row.snippet or ""), _highlight(row.title or ""))
            for row in rows if row.post_id in posts]
    return hits, more
