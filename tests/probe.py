"""Probes for the write matrix: the piece of state a write acts on, read from the
database before and after the request. A write that goes through changes it as
its probe says; one that is refused or denied leaves it as it was.

Conditions and expected values are written like paths: "{post}" is that id in
the world (or the viewer's own: "{me}"), kept a number; other text is filled in.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from forum.extensions import db
from tests.routes import fill

UNSET: Any = object()


@dataclass(frozen=True)
class Probe:
    what: str
    # The state now, given the ids; called inside an app context.
    read: Callable[[dict], Any]
    # (before, after, ids): whether the state shows the write went through.
    went_through: Callable[[Any, Any, dict], bool]


def _resolve(value, ids: dict):
    if not isinstance(value, str):
        return value
    whole = re.fullmatch(r"\{(\w+)\}", value)
    return ids[whole.group(1)] if whole else fill(value, ids)


def _where(model, where: dict, ids: dict) -> list:
    return [getattr(model, name) == _resolve(wanted, ids) for name, wanted in where.items()]


def count(model, by: int = 1, to: int | None = None, **where) -> Probe:
    """How many `model` rows match `where`. Going through moves the count `by` that
    much (0: the write stores nothing), or, given `to`, changes it to that."""

    def read(ids):
        return db.session.scalar(db.select(db.func.count()).select_from(model).where(*_where(model, where, ids)))

    def went_through(before, after, ids):
        return after == before + by if to is None else after != before and after == to

    return Probe(f"{model.__name__} rows where {where}", read, went_through)


def value(column, to: Any = UNSET, **where) -> Probe:
    """One column of the row `where` picks. Going through changes it; to `to`, when given."""
    model = column.class_

    def read(ids):
        return db.session.scalar(db.select(column).where(*_where(model, where, ids)))

    def went_through(before, after, ids):
        return after != before and (to is UNSET or after == _resolve(to, ids))

    return Probe(f"{model.__name__}.{column.key} where {where}", read, went_through)
