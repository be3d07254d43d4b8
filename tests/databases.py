"""Fresh, migrated databases for tests: SQLite files, or PostgreSQL databases
created on the server named by TEST_DATABASE_URL and dropped afterwards."""
from __future__ import annotations

import os
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

POSTGRES_URL = os.environ.get("TEST_DATABASE_URL") or None


def on_postgres() -> bool:
    return POSTGRES_URL is not None


class DatabaseFactory:
    def __init__(self, directory: Path):
        self.directory = directory
        self.created: list[str] = []

    def new_url(self) -> str:
        name = f"hearth_test_{uuid.uuid4().hex[:12]}"
        if not on_postgres():
            return f"sqlite:///{self.directory / (name + '.sqlite3')}"
        server = make_url(POSTGRES_URL)
        self._admin(f'CREATE DATABASE "{name}"')
        self.created.append(name)
        return server.set(database=name).render_as_string(hide_password=False)

    def _admin(self, *statements: str) -> None:
        engine = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT", poolclass=NullPool)
        try:
            with engine.connect() as connection:
                for statement in statements:
                    connection.execute(text(statement))
        finally:
            engine.dispose()

    def drop_all(self) -> None:
        if self.created:
            self._admin(*(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)' for name in self.created))
