"""The watch over people waiting for care, and over what waits for its time:
what every serving process runs every few seconds and `flask moderation
check-overdue` runs once."""
from __future__ import annotations

from dataclasses import dataclass

from forum.care import followups
from forum.notifications import delivery
from forum.oncall import alerts


@dataclass(frozen=True)
class WatchResult:
    newly_overdue: int
    first_alerts: int
    followups_raised: int
    held_delivered: int = 0

    def summary(self) -> str:
        return (f"{self.newly_overdue} crisis item(s) newly overdue. "
                f"First on-call alert sent for {self.first_alerts} waiting item(s). "
                f"{self.followups_raised} follow-up(s) fell due. "
                f"{self.held_delivered} notification(s) delivered after quiet hours.")


def run() -> WatchResult:
    """Everything once (`flask moderation check-overdue`): the care checks,
    then notifications held through quiet hours that may now be delivered."""
    cared = check_care()
    return WatchResult(cared.newly_overdue, cared.first_alerts, cared.followups_raised, deliver_held())


def check_care() -> WatchResult:
    """Overdue crisis items, then first alerts, then follow-ups that fell due.
    Serving processes run this on its own loop, so nothing slower (a morning's
    held emails to a slow mail server) can hold up the next crisis check."""
    checked = alerts.check_waiting_items()
    return WatchResult(checked.newly_overdue, checked.first_alerts, followups.raise_due())


def deliver_held() -> int:
    return delivery.deliver_held()
