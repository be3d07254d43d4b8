"""Pinning threads in their category or everywhere, optionally until a date."""
from __future__ import annotations

from datetime import datetime

from forum import clock, events, policy
from forum.audit import log
from forum.community.models import PIN_SCOPES, Thread
from forum.errors import invalid


def pin(actor, thread: Thread, scope, until: datetime | None = None) -> Thread:
    policy.require(policy.manage_community(actor))
    if scope not in PIN_SCOPES:
        raise invalid({"scope": "Pin in its category or everywhere (global)."})
    if until is not None and until <= clock.now():
        raise invalid({"until": "Choose a time in the future."})
    thread.pinned_scope, thread.pinned_until = scope, until
    log.record(actor, "thread_pinned", "thread", thread.id, "", scope=scope, until=clock.isoformat(until))
    events.publish("thread_updated", thread_id=thread.id, change="pinned")
    events.commit()
    return thread


def unpin(actor, thread: Thread) -> Thread:
    policy.require(policy.manage_community(actor))
    thread.pinned_scope = thread.pinned_until = None
    log.record(actor, "thread_unpinned", "thread", thread.id, "")
    events.publish("thread_updated", thread_id=thread.id, change="unpinned")
    events.commit()
    return thread

