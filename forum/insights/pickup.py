"""How long urgent crisis items waited: for a moderator to pick them up, and
for the first alert off the site, measured against the staff's claim target.

An item is picked up when a moderator claims it, or resolves it without a
claim. An item nobody has picked up yet has waited until now. The first
alert comes from the moderation log (`crisis_alert_sent` entries written by
on-call alerts), so these figures need nothing from the alerting code and
simply have no alert times where no alert was sent.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func

from forum import clock, policy
from forum.audit.models import LogEntry
from forum.extensions import db
from forum.insights.periods import ending_today
from forum.moderation.models import QueueItem
from forum.settings import service as settings

ALERT_ACTION = "crisis_alert_sent"


@dataclass(frozen=True)
class UrgentWait:
    """One urgent crisis item: when it was raised, picked up and first alerted (naive UTC)."""

    raised_at: datetime
    picked_up_at: datetime | None
    alerted_at: datetime | None

    def minutes(self, now: datetime) -> float:
        """Minutes until it was picked up, or until now while it waits."""
        return ((self.picked_up_at or now) - self.raised_at).total_seconds() / 60

    @property
    def minutes_to_alert(self) -> float | None:
        return None if self.alerted_at is None else (self.alerted_at - self.raised_at).total_seconds() / 60


def urgent_waits(start: datetime, end: datetime, waiting_from_before: bool = False) -> list[UrgentWait]:
    """Urgent crisis items raised in [start, end), oldest first; with
    `waiting_from_before`, also older ones nobody has picked up yet (their
    alert times, sent before `start`, are left out)."""
    # An alert follows its item, so the log is read from `start` on (by its created_at index).
    first_alert = (db.select(LogEntry.target_id.label("item_id"), func.min(LogEntry.created_at).label("at"))
                   .where(LogEntry.action == ALERT_ACTION, LogEntry.target_type == "queue_item",
                          LogEntry.created_at >= start)
                   .group_by(LogEntry.target_id).subquery())
    picked_up = func.coalesce(QueueItem.claimed_at, QueueItem.resolved_at)
    counted = (QueueItem.first_at >= start) & (QueueItem.first_at < end)
    if waiting_from_before:
        counted |= (QueueItem.first_at < start) & picked_up.is_(None)
    rows = db.session.execute(
        db.select(QueueItem.first_at, picked_up, first_alert.c.at)
        .outerjoin(first_alert, first_alert.c.item_id == QueueItem.id)
        .where(QueueItem.kind == "crisis", QueueItem.tier == "urgent", counted)
        .order_by(QueueItem.first_at, QueueItem.id)).all()
    return [UrgentWait(raised, picked, alerted) for raised, picked, alerted in rows]


@dataclass(frozen=True)
class TargetShare:
    """Of the items whose outcome is known (picked up, or already waiting past
    the target), how many were picked up within it."""

    within: int
    decided: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.within / self.decided) if self.decided else None


def within_target(waits: list[UrgentWait], target_minutes: int, now: datetime) -> TargetShare:
    # An item still waiting but not yet past the target may still make it: not counted yet.
    decided = [wait for wait in waits if wait.picked_up_at is not None or wait.minutes(now) > target_minutes]
    return TargetShare(sum(1 for wait in decided if wait.minutes(now) <= target_minutes), len(decided))


@dataclass(frozen=True)
class Week:
    """The staff home's glance at the last seven days."""

    target_minutes: int
    share: TargetShare
    longest_minutes: float | None
    longest_still_waiting: bool


def this_week(viewer) -> Week:
    """Urgent crisis items raised in the last seven local days: the share
    picked up within the target, and the longest wait, counting any item
    still waiting however long ago it was raised."""
    policy.require(policy.view_insights(viewer))
    now = clock.now()
    week = ending_today(7, settings.get("moderated_hours")["timezone"], now)
    target = settings.get("crisis_claim_target_minutes")
    raised = urgent_waits(week.start, week.end, waiting_from_before=True)
    in_week = [wait for wait in raised if wait.raised_at >= week.start]
    longest = max(raised, key=lambda wait: wait.minutes(now), default=None)
    return Week(target, within_target(in_week, target, now),
                None if longest is None else longest.minutes(now),
                longest is not None and longest.picked_up_at is None)
