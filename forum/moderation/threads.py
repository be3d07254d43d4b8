"""Thread actions for moderators: lock, unlock, move; each with a logged reason."""
from __future__ import annotations

from forum import events, policy
from forum.audit import log, reasons
from forum.community.models import Category, Thread
from forum.errors import Conflict, invalid

def _reason(value) -> str:
    return reasons.reason(value, reasons.KEPT_IN_LOG)


def set_locked(actor, thread: Thread, locked: bool, reason) -> Thread:
    policy.require(policy.moderate(actor))
    reason = _reason(reason)
    if thread.locked == locked:
        raise Conflict(f"This thread is already {'locked' if locked else 'unlocked'}.", code="no_change")
    thread.locked = locked
    log.record(actor, "thread_locked" if locked else "thread_unlocked", "thread", thread.id, reason)
    events.publish("thread_updated", thread_id=thread.id, change="locked" if locked else "unlocked")
    events.commit()
    return thread


SLOW_MODE_MAX = 24 * 3600


def set_slow_mode(actor, thread: Thread, seconds, reason) -> Thread:
    """The least time between one member's posts in this thread (0 turns it off)."""
    policy.require(policy.moderate(actor))
    reason = _reason(reason)
    if not isinstance(seconds, int) or isinstance(seconds, bool) or not 0 <= seconds <= SLOW_MODE_MAX:
        raise invalid({"seconds": f"Use a whole number of seconds from 0 to {SLOW_MODE_MAX}."})
    thread.slow_mode_seconds = seconds
    log.record(actor, "thread_slow_mode", "thread", thread.id, reason, seconds=seconds)
    events.publish("thread_updated", thread_id=thread.id, change="slow_mode")
    events.commit()
    return thread


def move(actor, thread: Thread, destination: Category, reason) -> Thread:
    policy.require(policy.moderate(actor))
    reason = _reason(reason)
    if destination.id == thread.category_id:
        raise Conflict("The thread is already in that category.", code="no_change")
    source = thread.category
    source.thread_count = Category.thread_count - 1
    destination.thread_count = Category.thread_count + 1
    thread.category = destination
    log.record(actor, "thread_moved", "thread", thread.id, reason, source=source.slug, destination=destination.slug)
    events.publish("thread_updated", thread_id=thread.id, change="moved", previous_category=source.slug)
    events.commit()
    return thread
