"""Community and safety health over a period, as charts with a one-line summary.

Everything is counted in the database per local day or hour (see `slots`);
only durations for medians and percentiles (a few thousand queue items at
most) come back row by row. Each chart carries its own table, which is both
the accessible alternative on the page and its CSV download.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import func

from forum import clock, policy
from forum.audit.models import LogEntry
from forum.care.models import FollowUp
from forum.community.models import Post
from forum.extensions import db
from forum.insights import pickup, slots
from forum.insights.periods import Period, ending_today
from forum.membership.models import Application
from forum.moderation.models import QUEUE_KINDS, Flag, QueueItem
from forum.settings import service as settings

DAY_LABEL = "%-d %b"
HOUR_LABELS = [f"{hour:02d}:00" for hour in range(24)]


@dataclass
class Series:
    name: str
    values: list[float | None]


@dataclass
class Chart:
    key: str
    title: str
    summary: str
    kind: str  # "line", "bars" (one column per label) or "hbars" (one bar per label)
    labels: list[str]
    series: list[Series]
    columns: list[str]
    rows: list[list]
    # Hour-of-day charts: which hours fall in moderated hours.
    marked: list[bool] = field(default_factory=list)
    marked_label: str = ""
    # A line to compare against, such as the crisis pick-up goal.
    goal: float | None = None
    goal_label: str = ""

    # Durations, where 0 is a measurement; in counts a chart of zeros shows nothing.
    measured: bool = False

    @property
    def empty(self) -> bool:
        values = [value for series in self.series for value in series.values if value is not None]
        return not values if self.measured else not any(values)


@dataclass
class Section:
    title: str
    charts: list[Chart]


SECTIONS = {
    "Activity": ("activity",),
    "Membership": ("membership",),
    "Safety": ("crisis", "crisis-pickup", "followups"),
    "Moderation": ("queue", "queue-kinds", "resolutions"),
    "Who covers when": ("coverage", "crisis-claims"),
}


def _period(days: int) -> Period:
    return ending_today(days, settings.get("moderated_hours")["timezone"], clock.now())


def report(viewer, days: int) -> list[Section]:
    policy.require(policy.view_insights(viewer))
    period = _period(days)
    return [Section(title, [CHARTS[key](period) for key in keys]) for title, keys in SECTIONS.items()]


def chart(viewer, days: int, key: str) -> Chart | None:
    policy.require(policy.view_insights(viewer))
    return CHARTS[key](_period(days)) if key in CHARTS else None


# --- activity ---------------------------------------------------------------------------

def activity(period: Period) -> Chart:
    days = period.day_slots()
    counted = slots.per_slot(days, Post.created_at, (func.count(), (Post.position == 1,)),
                             (func.count(), (Post.position > 1,)), (func.count(func.distinct(Post.author_id)), ()))
    threads, replies, members = ([counted[day.index][n] for day in days] for n in range(3))
    before = _posts_between(period.start - (period.end - period.start), period.start)
    written = sum(threads) + sum(replies)
    summary = (f"{_n(sum(threads), 'new thread')} and {_n(sum(replies), 'reply', 'replies')} in the last "
               f"{period.days} days{_change(written, before)}; on a typical day "
               f"{_n(_median_int(members), 'member')} posted.")
    return Chart("activity", "New threads, replies and members posting, per day", summary, "line",
                 _day_labels(days), [Series("New threads", threads), Series("Replies", replies),
                                     Series("Members posting", members)],
                 ["Day", "New threads", "Replies", "Members posting"],
                 [[day.day.isoformat(), t, r, m] for day, t, r, m in zip(days, threads, replies, members)])


def _posts_between(start: datetime, end: datetime) -> int:
    return db.session.scalar(db.select(func.count()).select_from(Post)
                             .where(Post.created_at >= start, Post.created_at < end))


# --- membership -------------------------------------------------------------------------

def membership(period: Period) -> Chart:
    days = period.day_slots()
    applied = slots.per_slot(days, Application.created_at, (func.count(), ()))
    decided = slots.per_slot(days, Application.decided_at, (func.count(), (Application.decision == "approved",)),
                             (func.count(), (Application.decision == "rejected",)))
    applications = [applied[day.index][0] for day in days]
    approvals = [decided[day.index][0] for day in days]
    rejections = [decided[day.index][1] for day in days]
    decisions = _waits(Application.created_at, Application.decided_at, period)
    waits = [minutes for _, minutes in decisions]
    summary = (f"{_n(sum(applications), 'application')}, {_n(sum(approvals), 'approval')} and "
               f"{_n(sum(rejections), 'rejection')}; ")
    summary += (f"a decision took {_duration(_percentile(waits, 50))} in the middle case "
                f"(90th percentile {_duration(_percentile(waits, 90))})." if waits else
                "no applications were decided in this period.")
    weekly = _weekly_medians(period, decisions)
    return Chart("membership", "Applications and decisions, per day", summary, "bars", _day_labels(days),
                 [Series("Applications", applications), Series("Approved", approvals),
                  Series("Rejected", rejections)],
                 ["Day", "Applications", "Approved", "Rejected",
                  "Median wait for decisions in the week ending this day (minutes)"],
                 [[day.day.isoformat(), a, ok, no, weekly.get(day.day, "")]
                  for day, a, ok, no in zip(days, applications, approvals, rejections)])


# --- safety -----------------------------------------------------------------------------

def crisis_items(period: Period) -> Chart:
    """Crisis posts per day by tier; urgent ones are held to the overdue goal."""
    days = period.day_slots()
    goal = settings.get("crisis_overdue_minutes")
    raised = slots.per_slot(days, QueueItem.first_at,
                            (func.count(), (QueueItem.kind == "crisis", QueueItem.tier == "urgent")),
                            (func.count(), (QueueItem.kind == "crisis", QueueItem.tier == "concern")))
    waits = pickup.urgent_waits(period.start, period.end)
    now = clock.now()
    late_by_day: dict[date, int] = {}
    for wait in waits:
        if wait.minutes(now) > goal:
            day = period.local(wait.raised_at).date()
            late_by_day[day] = late_by_day.get(day, 0) + 1
    urgent = [raised[day.index][0] for day in days]
    concern = [raised[day.index][1] for day in days]
    late = [late_by_day.get(day.day, 0) for day in days]
    waiting = sum(1 for wait in waits if wait.picked_up_at is None and wait.minutes(now) > goal)
    if sum(urgent) + sum(concern):
        summary = (f"{_n(sum(urgent) + sum(concern), 'crisis post')} reached the queue ({sum(urgent)} urgent, "
                   f"{sum(concern)} concern); {sum(late)} urgent "
                   f"{'was' if sum(late) == 1 else 'were'} not picked up within {goal} minutes")
    else:
        summary = "No crisis posts reached the queue in this period"
    summary += f", and {waiting} {'is' if waiting == 1 else 'are'} waiting now." if waiting else "."
    return Chart("crisis", "Crisis posts per day by tier, and urgent ones picked up late", summary, "bars",
                 _day_labels(days),
                 [Series("Urgent", urgent), Series("Concern", concern),
                  Series(f"Urgent, picked up after {goal} minutes or not yet", late)],
                 ["Day", "Urgent", "Concern", f"Urgent not picked up within {goal} minutes"],
                 [[day.day.isoformat(), u, c, lt] for day, u, c, lt in zip(days, urgent, concern, late)])


def crisis_pickup(period: Period) -> Chart:
    goal = settings.get("crisis_overdue_minutes")
    now = clock.now()
    waits = [(wait.raised_at, wait.minutes(now)) for wait in pickup.urgent_waits(period.start, period.end)
             if wait.picked_up_at is not None]
    weeks = period.weeks()
    by_week = _by_week(period, waits)
    all_waits = [minutes for _, minutes in waits]
    medians = [_round(_percentile(in_week, 50)) for in_week in by_week]
    p90s = [_round(_percentile(in_week, 90)) for in_week in by_week]
    if all_waits:
        middle, tail = _percentile(all_waits, 50), _percentile(all_waits, 90)
        verdict = "within" if tail <= goal else "outside"
        summary = (f"Urgent crisis posts were picked up in {_duration(middle)} in the middle case; nine in ten within "
                   f"{_duration(tail)}, {verdict} the {goal}-minute goal.")
    else:
        summary = "No urgent crisis posts were picked up in this period, so there is no time to show."
    labels = [_week_label(first, last) for first, last in weeks]
    return Chart("crisis-pickup", "Time from an urgent crisis post to a moderator picking it up, per week", summary,
                 "line", labels, [Series("Median (minutes)", medians), Series("90th percentile (minutes)", p90s)],
                 ["Week", "Urgent crisis posts picked up", "Median (minutes)", "90th percentile (minutes)"],
                 [[label, len(in_week), _blank(m), _blank(p)]
                  for label, in_week, m, p in zip(labels, by_week, medians, p90s)],
                 goal=goal, goal_label=f"Goal: {goal} minutes", measured=True)


# --- moderation -------------------------------------------------------------------------

def queue_size(period: Period) -> Chart:
    days = period.day_slots()
    open_at = slots.at_slot_ends(days, QueueItem.first_at, QueueItem.resolved_at)
    sizes = [open_at.get(day.index, 0) for day in days]
    waits = [minutes for _, minutes in _waits(QueueItem.first_at, QueueItem.resolved_at, period)]
    summary = f"At the end of today {_n(sizes[-1], 'item')} {'was' if sizes[-1] == 1 else 'were'} open"
    summary += (f"; resolving an item took {_duration(_percentile(waits, 50))} in the middle case (90th percentile "
                f"{_duration(_percentile(waits, 90))})." if waits else "; nothing was resolved in this period.")
    return Chart("queue", "Open queue items at the end of each day", summary, "line", _day_labels(days),
                 [Series("Open items", sizes)], ["Day", "Open items at the end of the day"],
                 [[day.day.isoformat(), size] for day, size in zip(days, sizes)])


def queue_kinds(period: Period) -> Chart:
    in_period = (QueueItem.first_at >= period.start, QueueItem.first_at < period.end)
    kinds = dict(db.session.execute(db.select(QueueItem.kind, func.count()).where(*in_period)
                                    .group_by(QueueItem.kind)).all())
    reasons = dict(db.session.execute(db.select(Flag.reason, func.count()).where(
        Flag.created_at >= period.start, Flag.created_at < period.end).group_by(Flag.reason)).all())
    labels = [f"Kind: {kind}" for kind in QUEUE_KINDS] + [f"Flag reason: {reason}" for reason in sorted(reasons)]
    values = [kinds.get(kind, 0) for kind in QUEUE_KINDS] + [reasons[r] for r in sorted(reasons)]
    total = sum(kinds.values())
    top = max(reasons, key=reasons.get) if reasons else None
    summary = (f"{_n(total, 'item')} entered the queue" +
               (f"; the most common flag reason was {top} ({reasons[top]})." if top else "; no flags were raised."))
    return Chart("queue-kinds", "Queue items by kind, and flags by reason", summary, "hbars", labels,
                 [Series("Count", values)], ["What", "Count"], [[l, v] for l, v in zip(labels, values)])


def resolutions(period: Period) -> Chart:
    found = dict(db.session.execute(db.select(QueueItem.resolution, func.count()).where(
        QueueItem.resolved_at >= period.start, QueueItem.resolved_at < period.end)
        .group_by(QueueItem.resolution)).all())
    labels = sorted(found, key=lambda action: (-found[action], action or ""))
    values = [found[action] for action in labels]
    summary = (f"{_n(sum(values), 'item')} resolved: " +
               ", ".join(f"{found[action]} {action or 'other'}" for action in labels) + "."
               if values else "No queue items were resolved in this period.")
    names = [action or "other" for action in labels]
    return Chart("resolutions", "Resolutions by action", summary, "hbars", names, [Series("Count", values)],
                 ["Action", "Count"], [[name, value] for name, value in zip(names, values)])


# A follow-up done more than this after it fell due, or not done by then, is late.
FOLLOW_UP_LATE_AFTER = timedelta(hours=24)


def followups(period: Period) -> Chart:
    """Follow-ups after a crisis that fell due in the period: done, late, waiting."""
    now = clock.now()
    rows = db.session.execute(
        db.select(FollowUp.due_at, QueueItem.resolved_at)
        .outerjoin(QueueItem, QueueItem.id == FollowUp.raised_item_id)
        .where(FollowUp.due_at >= period.start, FollowUp.due_at < min(period.end, now))).all()
    done = [row for row in rows if row.resolved_at is not None]
    late = [row for row in rows if (row.resolved_at or now) - row.due_at > FOLLOW_UP_LATE_AFTER]
    waiting = len(rows) - len(done)
    labels = ["Fell due", "Done", "Late (over a day after due)", "Still waiting"]
    values = [len(rows), len(done), len(late), waiting]
    summary = (f"{_n(len(rows), 'follow-up')} fell due: {len(done)} done, {len(late)} late, {waiting} still waiting."
               if rows else "No follow-ups fell due in this period.")
    return Chart("followups", "Follow-ups after a crisis: due, done and late", summary, "hbars", labels,
                 [Series("Follow-ups", values)], ["What", "Count"], [[l, v] for l, v in zip(labels, values)])


# --- who covers when --------------------------------------------------------------------

def coverage(period: Period) -> Chart:
    hours = period.hour_slots()
    # Everything in the moderation log, and picking up queue items (which the log leaves out).
    logged = slots.per_slot(hours, LogEntry.created_at, (func.count(), (LogEntry.actor_id.is_not(None),)))
    claimed = slots.per_slot(hours, QueueItem.claimed_at, (func.count(), ()))
    by_hour = [0] * 24
    outside = 0
    for slot in hours:
        count = logged[slot.index][0] + claimed[slot.index][0]
        by_hour[slot.hour] += count
        if count and not settings.moderated_at(slot.day.weekday(), _middle(slot.hour)):
            outside += count
    total = sum(by_hour)
    marked = _moderated_hours()
    summary = (f"{_n(total, 'moderator action')}; {round(100 * outside / total)}% happened outside moderated "
               f"hours." if total else "No moderator actions in this period.")
    return Chart("coverage", "Moderator actions by hour of day (community time)", summary, "bars", HOUR_LABELS,
                 [Series("Actions", by_hour)], ["Hour", "Actions", "In moderated hours"],
                 [[label, count, "yes" if inside else "no"]
                  for label, count, inside in zip(HOUR_LABELS, by_hour, marked)],
                 marked=marked, marked_label="Moderated hours")


def crisis_claims(period: Period) -> Chart:
    """How long urgent crisis posts waited for a claim (or a resolution without
    one) and for the first alert, by the local hour they were raised."""
    target = settings.get("crisis_claim_target_minutes")
    now = clock.now()
    waits = pickup.urgent_waits(period.start, period.end)
    by_hour: list[list[pickup.UrgentWait]] = [[] for _ in range(24)]
    for wait in waits:
        by_hour[period.local(wait.raised_at).hour].append(wait)
    to_claim = [_round(_percentile([w.minutes(now) for w in hour if w.picked_up_at], 50)) for hour in by_hour]
    to_alert = [_round(_percentile([w.minutes_to_alert for w in hour if w.alerted_at], 50)) for hour in by_hour]
    series = [Series("Median minutes to claim", to_claim)]
    if any(value is not None for value in to_alert):
        series.append(Series("Median minutes to the first alert", to_alert))
    marked = _moderated_hours()
    return Chart("crisis-claims", "Minutes from an urgent crisis post to a moderator claiming it, by hour of day "
                 "(community time)", _claims_summary(waits, target, now), "bars", HOUR_LABELS, series,
                 ["Hour", "Urgent crisis posts", "Claimed", f"Claimed within {target} minutes",
                  "Median minutes to claim", "Median minutes to the first alert", "In moderated hours"],
                 [[label, len(hour), sum(1 for w in hour if w.picked_up_at),
                   pickup.within_target(hour, target, now).within, _blank(claim), _blank(alert),
                   "yes" if inside else "no"]
                  for label, hour, claim, alert, inside in zip(HOUR_LABELS, by_hour, to_claim, to_alert, marked)],
                 marked=marked, marked_label="Moderated hours", goal=target, goal_label=f"Target: {target} minutes",
                 measured=True)


def _claims_summary(waits: list[pickup.UrgentWait], target: int, now: datetime) -> str:
    if not waits:
        return "No urgent crisis posts in this period."
    share = pickup.within_target(waits, target, now)
    summary = (f"{share.within} of {share.decided} urgent crisis posts ({share.percent}%) were claimed within the "
               f"{target}-minute target" if share.decided else
               f"No urgent crisis post has waited past the {target}-minute target yet")
    longest = max(waits, key=lambda wait: wait.minutes(now))
    summary += f"; the longest wait was {_duration(longest.minutes(now))}"
    summary += ", and it is still waiting." if longest.picked_up_at is None else "."
    claimed = [wait for wait in waits if wait.picked_up_at]
    inside = [wait.minutes(now) for wait in claimed if settings.moderated_now(wait.raised_at)]
    outside = [wait.minutes(now) for wait in claimed if not settings.moderated_now(wait.raised_at)]
    if inside and outside:
        summary += (f" In the middle case a claim took {_duration(_percentile(inside, 50))} inside moderated hours "
                    f"and {_duration(_percentile(outside, 50))} outside them.")
    elif claimed:
        summary += (f" In the middle case a claim took {_duration(_percentile(inside or outside, 50))}, "
                    f"{'inside' if inside else 'outside'} moderated hours.")
    return summary


CHARTS = {"activity": activity, "membership": membership, "crisis": crisis_items, "crisis-pickup": crisis_pickup,
          "queue": queue_size, "queue-kinds": queue_kinds, "resolutions": resolutions, "coverage": coverage,
          "crisis-claims": crisis_claims, "followups": followups}


# --- helpers ----------------------------------------------------------------------------

def _middle(hour: int) -> str:
    """An hour counts as moderated when its middle is."""
    return f"{hour:02d}:30"


def _moderated_hours() -> list[bool]:
    """For each hour of the day, whether it is moderated on some day of the week."""
    return [any(settings.moderated_at(weekday, _middle(hour)) for weekday in range(7)) for hour in range(24)]


def _blank(value):
    """A missing figure is an empty cell, not "None"."""
    return "" if value is None else value


def _waits(start_column, end_column, period: Period) -> list[tuple[datetime, float]]:
    """(when it ended, minutes it took) for everything that ended in the period."""
    rows = db.session.execute(db.select(start_column, end_column).where(
        end_column >= period.start, end_column < period.end)).all()
    return [(end, (end - start).total_seconds() / 60) for start, end in rows]


def _by_week(period: Period, waits: list[tuple[datetime, float]]) -> list[list[float]]:
    """The minutes of each (moment, minutes) pair, in the list of the week its moment falls in."""
    weeks = period.weeks()
    grouped: list[list[float]] = [[] for _ in weeks]
    for moment, minutes in waits:
        day = period.local(moment).date()
        for n, (first, last) in enumerate(weeks):
            if first <= day <= last:
                grouped[n].append(minutes)
    return grouped


def _weekly_medians(period: Period, waits: list[tuple[datetime, float]]) -> dict:
    """{last day of each week: median minutes}, by the week each wait ended in."""
    return {last: _round(_percentile(in_week, 50))
            for (_, last), in_week in zip(period.weeks(), _by_week(period, waits)) if in_week}


def _percentile(values: list[float], percent: float) -> float | None:
    """Nearest-rank percentile: a value that really occurred."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(percent / 100 * len(ordered)) - 1)]


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _median_int(values: list[int]) -> int:
    return int(_percentile(values, 50) or 0)


def _duration(minutes: float | None) -> str:
    if minutes is None:
        return "no time"
    if minutes < 1:
        return "under a minute"
    if minutes < 90:
        return _n(round(minutes), "minute")
    if minutes < 48 * 60:
        return _n(round(minutes / 60), "hour")
    return _n(round(minutes / 1440), "day")


def _n(count: int, singular: str, plural: str | None = None) -> str:
    return f"{count:,} {singular if count == 1 else (plural or singular + 's')}"


def _change(now: int, before: int) -> str:
    if not before:
        return ""
    percent = round(100 * (now - before) / before)
    if percent == 0:
        return ", about the same as the period before"
    return f", {abs(percent)}% {'more' if percent > 0 else 'fewer'} than the period before"


def _day_labels(days) -> list[str]:
    return [day.day.strftime(DAY_LABEL) for day in days]


def _week_label(first, last) -> str:
    return f"{first.strftime(DAY_LABEL)}–{last.strftime(DAY_LABEL)}"
