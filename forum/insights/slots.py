"""Counting rows per local day or hour, in the database, on either backend.

The slots go to the database as one JSON parameter and come back as a small
table to join on: each slot's rows are found by a range over an indexed
timestamp, so a 90-day chart reads only that period's index entries.
"""
from __future__ import annotations

import json

from sqlalchemy import DateTime, Integer, and_, select, text
from sqlalchemy.sql import ColumnElement

from forum.extensions import db
from forum.insights.periods import Slot

_SQLITE_SLOTS = """
SELECT CAST(json_extract(value, '$.slot') AS INTEGER) AS slot,
       json_extract(value, '$.starts') AS starts, json_extract(value, '$.ends') AS ends
FROM json_each(:slots)
"""
_POSTGRES_SLOTS = """
SELECT slot, starts, ends
FROM json_to_recordset(CAST(:slots AS json)) AS given(slot int, starts timestamp, ends timestamp)
"""
# As SQLAlchemy stores datetimes in SQLite, so text comparison orders them.
_SQLITE_FORMAT = "%Y-%m-%d %H:%M:%S.%f"


def _table(slots: list[Slot]):
    sqlite = db.engine.dialect.name == "sqlite"

    def stamp(moment):
        return moment.strftime(_SQLITE_FORMAT) if sqlite else moment.isoformat()

    rows = [{"slot": slot.index, "starts": stamp(slot.start), "ends": stamp(slot.end)} for slot in slots]
    statement = text(_SQLITE_SLOTS if sqlite else _POSTGRES_SLOTS).bindparams(slots=json.dumps(rows))
    return statement.columns(slot=Integer, starts=DateTime, ends=DateTime).subquery("slots")


def per_slot(slots: list[Slot], timestamp: ColumnElement,
             *measures: tuple[ColumnElement, tuple]) -> dict[int, tuple]:
    """{slot index: (one value per measure)} for the rows whose `timestamp` falls
    in each slot. A measure is (aggregate, extra conditions); each is its own
    subquery over the slot's index range, which both databases run without
    sorting the whole period."""
    if not slots:
        return {}
    table = _table(slots)
    in_slot = and_(timestamp >= table.c.starts, timestamp < table.c.ends)
    columns = [select(aggregate).where(in_slot, *conditions).scalar_subquery() for aggregate, conditions in measures]
    rows = db.session.execute(select(table.c.slot, *columns))
    return {row[0]: tuple(value or 0 for value in row[1:]) for row in rows}


def at_slot_ends(slots: list[Slot], opened: ColumnElement, closed: ColumnElement) -> dict[int, int]:
    """{slot index: how many rows were open at the slot's end} (opened before, not yet closed)."""
    if not slots:
        return {}
    table = _table(slots)
    query = (select(table.c.slot, db.func.count())
             .select_from(table)
             .join(opened.table, and_(opened < table.c.ends, (closed.is_(None)) | (closed >= table.c.ends)))
             .group_by(table.c.slot))
    return {slot: count for slot, count in db.session.execute(query)}
