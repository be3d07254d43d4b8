"""Fresh, migrated databases for tests: SQLite files, or PostgreSQL databases
created on the server named by TEST_DATABASE_URL and dropped afterwards."""
from __future__ import annotations

import os
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

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
        with self._admin_engine().connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        self.created.append(name)
        return server.set(database=name).render_as_string(hide_password=False)

    def _admin_engine(self):
        return create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT", poolclass=None)

    def drop_all(self) -> None:
        if not self.created:
            return
        engine = self._admin_engine()
        with engine.connect() as connection:
            for name in self.created:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()
