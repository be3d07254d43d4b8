"""The watch over people waiting for care: what every serving process runs
every few seconds and `flask moderation check-overdue` runs once."""
from __future__ import annotations

from dataclasses import dataclass

from forum.care import followups
from forum.oncall import alerts


@dataclass(frozen=True)
class WatchResult:
    newly_overdue: int
    first_alerts: int
    followups_raised: int

    def summary(self) -> str:
        return (f"{self.newly_overdue} crisis item(s) newly overdue. "
                f"First on-call alert sent for {self.first_alerts} waiting item(s). "
                f"{self.followups_raised} follow-up(s) fell due.")


def run() -> WatchResult:
    """Overdue crisis items, then first alerts, then follow-ups that fell due."""
    checked = alerts.check_waiting_items()
    return WatchResult(checked.newly_overdue, checked.first_alerts, followups.raise_due())
