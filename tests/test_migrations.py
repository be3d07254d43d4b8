"""Migrations are the only way the schema is made: they must match the models
and go down and up again cleanly."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from forum.extensions import db
from forum.search import schema
from tests.conftest import make_app


def test_models_and_migrations_agree(app):
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_object": schema.include_object})
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_upgrade_downgrade_upgrade(database_factory):
    fresh = make_app(database_factory.new_url())
    with fresh.app_context():
        upgrade()
        tables = set(inspect(db.engine).get_table_names())
        assert {"users", "threads", "posts", "reactions", "categories", "moderation_log"} <= tables
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade()
        assert set(inspect(db.engine).get_table_names()) == tables
        db.engine.dispose()


def test_sqlite_runs_with_wal_busy_timeout_and_foreign_keys(app):
    from tests.databases import on_postgres

    with app.app_context():
        if on_postgres():
            assert db.engine.dialect.name == "postgresql"
            return
        with db.engine.connect() as connection:
            pragma = lambda name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()  # noqa: E731
            assert pragma("journal_mode") == "wal"
            assert pragma("busy_timeout") == 5000
            assert pragma("foreign_keys") == 1
