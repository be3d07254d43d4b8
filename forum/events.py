"""Domain events, delivered only after the transaction that caused them commits.

Services call `publish()` while they work and `commit()` to finish; subscribers
(the real-time layer, notifications) hear about an event only once its data is
durable. A rollback drops whatever was queued, so a refused or failed write is
never announced.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any, Callable

from sqlalchemy import event
from sqlalchemy.orm import Session

from forum.extensions import db

log = logging.getLogger(__name__)

_QUEUE_KEY = "hearth_pending_events"
_subscribers: list[Callable[["DomainEvent"], None]] = []


@dataclass(frozen=True)
class DomainEvent:
    name: str
    data: dict[str, Any] = field(default_factory=dict)


def subscribe(handler: Callable[[DomainEvent], None]) -> None:
    if handler not in _subscribers:
        _subscribers.append(handler)


def unsubscribe(handler: Callable[[DomainEvent], None]) -> None:
    if handler in _subscribers:
        _subscribers.remove(handler)


def publish(name: str, **data: Any) -> None:
    """Queue an event on the current transaction."""
    db.session.info.setdefault(_QUEUE_KEY, []).append(DomainEvent(name, data))


def commit() -> None:
    """Commit the current transaction, then deliver the events it queued."""
    db.session.commit()
    pending = db.session.info.pop(_QUEUE_KEY, [])
    for domain_event in pending:
        for handler in list(_subscribers):
            try:
                handler(domain_event)
            except Exception:  # a listener must never undo a committed write
                log.exception("event handler failed for %s", domain_event.name)


@event.listens_for(Session, "after_soft_rollback")
def _drop_events_on_rollback(session: Session, previous_transaction) -> None:
    # Every rollback of the outermost transaction, whether or not SQL had begun.
    if previous_transaction.parent is None:
        session.info.pop(_QUEUE_KEY, None)
