"""The search index lives outside the ORM models: an FTS5 table kept in step by
triggers on SQLite, generated tsvector columns with GIN indexes on PostgreSQL.
Migrations create them; autogenerate must leave them alone."""
from __future__ import annotations

SQLITE_FTS_TABLE = "posts_fts"

SQLITE_INSTALL = [
    "CREATE VIRTUAL TABLE posts_fts USING fts5(title, body, tokenize='porter unicode61 remove_diacritics 2')",
    """CREATE TRIGGER posts_fts_insert AFTER INSERT ON posts BEGIN
         INSERT INTO posts_fts(rowid, title, body) VALUES (new.id,
           CASE WHEN new.position = 1 THEN (SELECT title FROM threads WHERE id = new.thread_id) ELSE '' END,
           new.body);
       END""",
    """CREATE TRIGGER posts_fts_update AFTER UPDATE OF body ON posts BEGIN
         UPDATE posts_fts SET body = new.body WHERE rowid = new.id;
       END""",
    """CREATE TRIGGER posts_fts_delete AFTER DELETE ON posts BEGIN
         DELETE FROM posts_fts WHERE rowid = old.id;
       END""",
    """CREATE TRIGGER threads_fts_title AFTER UPDATE OF title ON threads BEGIN
         UPDATE posts_fts SET title = new.title
         WHERE rowid = (SELECT id FROM posts WHERE thread_id = new.id AND position = 1);
       END""",
    """INSERT INTO posts_fts(rowid, title, body)
       SELECT p.id, CASE WHEN p.position = 1 THEN t.title ELSE '' END, p.body
       FROM posts p JOIN threads t ON t.id = p.thread_id""",
]
SQLITE_UNINSTALL = [
    "DROP TRIGGER IF EXISTS posts_fts_insert", "DROP TRIGGER IF EXISTS posts_fts_update",
    "DROP TRIGGER IF EXISTS posts_fts_delete", "DROP TRIGGER IF EXISTS threads_fts_title",
    "DROP TABLE IF EXISTS posts_fts",
]

POSTGRES_INSTALL = [
    "ALTER TABLE posts ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
    "(to_tsvector('english', coalesce(body, ''))) STORED",
    "CREATE INDEX ix_posts_search_vector ON posts USING GIN (search_vector)",
    "ALTER TABLE threads ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
    "(to_tsvector('english', coalesce(title, ''))) STORED",
    "CREATE INDEX ix_threads_search_vector ON threads USING GIN (search_vector)",
]
POSTGRES_UNINSTALL = [
    "DROP INDEX IF EXISTS ix_threads_search_vector", "ALTER TABLE threads DROP COLUMN IF EXISTS search_vector",
    "DROP INDEX IF EXISTS ix_posts_search_vector", "ALTER TABLE posts DROP COLUMN IF EXISTS search_vector",
]


def install(connection) -> None:
    """Create the index for this database. A later SQLite migration that
    rebuilds `posts` or `threads` in batch mode drops these triggers: it must
    call uninstall() before and install() after."""
    statements = SQLITE_INSTALL if connection.dialect.name == "sqlite" else POSTGRES_INSTALL
    for statement in statements:
        connection.exec_driver_sql(statement)


def uninstall(connection) -> None:
    statements = SQLITE_UNINSTALL if connection.dialect.name == "sqlite" else POSTGRES_UNINSTALL
    for statement in statements:
        connection.exec_driver_sql(statement)


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Keep Alembic's autogenerate away from the search index."""
    if type_ == "table" and name and name.startswith(SQLITE_FTS_TABLE):
        return False
    if type_ == "column" and name == "search_vector":
        return False
    if type_ == "index" and name in {"ix_posts_search_vector", "ix_threads_search_vector"}:
        return False
    return True


def reindex(connection, first_id: int, last_id: int) -> None:
    """Rebuild the index entries of the posts in an id range (`flask search
    reindex`). Each range is replaced whole, so stopping between ranges and
    starting again is safe."""
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("DELETE FROM posts_fts WHERE rowid BETWEEN ? AND ?", (first_id, last_id))
        connection.exec_driver_sql(
            "INSERT INTO posts_fts(rowid, title, body) "
            "SELECT p.id, CASE WHEN p.position = 1 THEN t.title ELSE '' END, p.body "
            "FROM posts p JOIN threads t ON t.id = p.thread_id WHERE p.id BETWEEN ? AND ?", (first_id, last_id))
    else:
        # Generated columns: rewriting the row recomputes them (after a text search configuration change).
        connection.exec_driver_sql("UPDATE posts SET body = body WHERE id BETWEEN %s AND %s", (first_id, last_id))


def optimize(connection) -> None:
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("INSERT INTO posts_fts(posts_fts) VALUES ('optimize')")
    else:
        connection.exec_driver_sql("REINDEX INDEX ix_posts_search_vector")
