"""Periods of whole local days, and their hours, as instants in UTC.

Figures are counted by the community's own calendar (the moderated-hours time
zone): a post at 23:30 in New York belongs to that New York day. Each local
day and hour is turned into its [start, end) in naive UTC, the way Hearth
stores times, so the database counts by plain range comparisons, and a day
that gains or loses an hour to daylight saving is simply 23 or 25 hours long.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

PERIODS = (7, 30, 90)
DEFAULT_PERIOD = 30


@dataclass(frozen=True)
class Slot:
    """One local day or hour: its label and its [start, end) in naive UTC."""

    index: int
    day: date
    hour: int | None
    start: datetime
    end: datetime


@dataclass(frozen=True)
class Period:
    days: int
    zone: ZoneInfo
    first_day: date
    last_day: date

    @property
    def start(self) -> datetime:
        return _midnight_utc(self.first_day, self.zone)

    @property
    def end(self) -> datetime:
        return _midnight_utc(self.last_day + timedelta(days=1), self.zone)

    def local(self, moment: datetime) -> datetime:
        """A stored (naive UTC) moment in the community's time zone."""
        return _local(moment, self.zone)

    def day_slots(self) -> list[Slot]:
        dates = [self.first_day + timedelta(days=n) for n in range(self.days)]
        return [Slot(n, day, None, _midnight_utc(day, self.zone), _midnight_utc(day + timedelta(days=1), self.zone))
                for n, day in enumerate(dates)]

    def hour_slots(self) -> list[Slot]:
        """Every local hour of the period; a skipped hour (spring forward) has none."""
        slots: list[Slot] = []
        for day in self.day_slots():
            moment = day.start
            while moment < day.end:
                local = self.local(moment)
                following = min(moment + timedelta(hours=1) - timedelta(minutes=local.minute), day.end)
                slots.append(Slot(len(slots), day.day, local.hour, moment, following))
                moment = following
        return slots

    def weeks(self) -> list[tuple[date, date]]:
        """(first, last) days of each week, counted back from today so the
        newest week is whole; the oldest may be shorter."""
        weeks = []
        last = self.last_day
        while last >= self.first_day:
            first = max(self.first_day, last - timedelta(days=6))
            weeks.append((first, last))
            last = first - timedelta(days=1)
        return weeks[::-1]


def _midnight_utc(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC).replace(tzinfo=None)


def _local(moment: datetime, zone: ZoneInfo) -> datetime:
    return moment.replace(tzinfo=UTC).astimezone(zone)


def ending_today(days: int, zone_name: str, now: datetime) -> Period:
    """The `days` local days up to and including today."""
    zone = ZoneInfo(zone_name)
    today = _local(now, zone).date()
    return Period(days, zone, today - timedelta(days=days - 1), today)
