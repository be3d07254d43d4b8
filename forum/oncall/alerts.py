"""When and whom to alert off the site about an urgent crisis item.

Two stages, each at most once per item, computed from the database so a
restart loses nothing and several server processes send each alert once:

- **first**: the item has waited `HEARTH_ONCALL_AFTER_SECONDS` unclaimed and
  no moderator is connected (the moderators' room is empty in the registry,
  which sees every process when Redis is configured). Claimed by setting
  `oncall_alerted_at` with a conditional UPDATE.
- **overdue**: the item passed the staff's overdue time, whoever is online.
  `queue.notify_overdue()` claims it (`overdue_notified_at`) and announces
  it; this module hears that announcement after the commit.

A stage is claimed and committed before anything is sent: a process that
dies in between loses that one alert rather than sending it twice. Every
alert handed over is written to the moderation log, never its content.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from redis.exceptions import RedisError
from sqlalchemy import update

from forum import clock, events, policy
from forum.accounts import preferences
from forum.accounts.models import User
from forum.audit import log as audit
from forum.events import DomainEvent
from forum.extensions import db
from forum.moderation import queue
from forum.moderation.models import QueueItem
from forum.notifications import email
from forum.oncall import devices, push
from forum.realtime import rooms, state
from forum.settings import service as settings

log = logging.getLogger(__name__)

RULE = "on-call alerts"
CHANNELS = {"off": (), "email": ("email",), "push": ("push",), "both": ("email", "push")}


@dataclass(frozen=True)
class Alert:
    """What an alert says: nothing about the post or its writer, since a
    subject line or a lock screen is read by whoever is nearby."""

    item_id: int
    stage: str  # "first" or "overdue"

    @property
    def title(self) -> str:
        return "Hearth: an urgent item is still waiting" if self.stage == "overdue" \
            else "Hearth: an urgent item is waiting"

    @property
    def summary(self) -> str:
        if self.stage == "overdue":
            minutes = settings.get("crisis_overdue_minutes")
            return f"An urgent item has waited more than {minutes} minutes in the moderation queue"
        return "An urgent item is waiting in the moderation queue"

    def email_text(self, queue_link: str) -> str:
        return (f"{self.summary} — open the queue: {queue_link}\n\n"
                "Nobody has picked it up yet. You get this because on-call alerts are on in your preferences.")

    def push_message(self) -> dict:
        # One notification per item on the device: the overdue alert replaces the first.
        return {"title": self.title, "body": f"{self.summary}.", "url": _queue_path(),
                "tag": f"hearth-urgent-{self.item_id}"}


def _queue_path() -> str:
    # Built from the URL map, not url_for: the checker runs outside any request.
    return current_app.url_map.bind("localhost").build("moderation.queue_page")


def _queue_link() -> str:
    return current_app.config["HEARTH_BASE_URL"].rstrip("/") + _queue_path()


# --- when ------------------------------------------------------------------------------

def _waiting_unalerted(since) -> list[int]:
    """Urgent crisis items nobody claimed, waiting since before `since`, with
    neither alert sent yet (an overdue one had its own)."""
    return list(db.session.scalars(db.select(QueueItem.id).where(
        QueueItem.kind == "crisis", QueueItem.tier == "urgent", QueueItem.resolved_at.is_(None),
        QueueItem.claimed_by_id.is_(None), QueueItem.oncall_alerted_at.is_(None),
        QueueItem.overdue_notified_at.is_(None), QueueItem.first_at <= since).order_by(QueueItem.id)))


def moderators_online() -> bool:
    """Whether any moderator has a live connection, in any process."""
    try:
        return bool(state().registry.connections_in(rooms.MODERATORS))
    except RedisError:
        # Can't tell who is online: alert rather than leave someone waiting.
        log.warning("real-time registry unavailable; on-call alerts assume no moderator is online")
        return False


def _claim_first_alert(item_id: int) -> bool:
    """Take the first alert for this item, unless another process did or a
    moderator picked it up meanwhile; committed before anything is sent."""
    claimed = db.session.execute(
        update(QueueItem).where(QueueItem.id == item_id, QueueItem.oncall_alerted_at.is_(None),
                                QueueItem.claimed_by_id.is_(None), QueueItem.resolved_at.is_(None))
        .values(oncall_alerted_at=clock.now()).execution_options(synchronize_session=False))
    events.commit()
    return claimed.rowcount == 1


@dataclass(frozen=True)
class CheckResult:
    newly_overdue: int
    first_alerts: int


def check_waiting_items() -> CheckResult:
    """What the periodic checker and `moderation check-overdue` run. Overdue
    first: an item due for both alerts at once gets only the overdue one."""
    newly_overdue = queue.notify_overdue()
    return CheckResult(newly_overdue, send_due_alerts())


def send_due_alerts() -> int:
    """The first alert for every urgent item that waited long enough while no
    moderator was online; returns how many items were alerted about."""
    after = timedelta(seconds=current_app.config["HEARTH_ONCALL_AFTER_SECONDS"])
    waiting = _waiting_unalerted(clock.now() - after)
    if not waiting or moderators_online():
        return 0
    alerted = 0
    for item_id in waiting:
        if _claim_first_alert(item_id):
            alert_moderators(Alert(item_id, "first"))
            alerted += 1
    return alerted


def on_domain_event(event: DomainEvent) -> None:
    """The overdue alert, once `notify_overdue` has claimed and committed it."""
    if event.name == "queue_updated" and event.data.get("change") == "overdue":
        alert_moderators(Alert(event.data["item_id"], "overdue"))


# --- whom, and how ---------------------------------------------------------------------

def _recipients() -> list[tuple[User, tuple[str, ...]]]:
    users = db.session.scalars(db.select(User).where(policy.crisis_alert_recipients_clause(User))
                               .order_by(User.id))
    chosen = [(user, CHANNELS[preferences.of(user)["crisis_alerts"]]) for user in users]
    return [(user, channels) for user, channels in chosen if channels]


def _by_email(user: User, alert: Alert) -> bool:
    if not user.email or not email.is_configured():
        return False
    if email.deliver(user.email, alert.title, alert.email_text(_queue_link())):
        return True
    log.warning("on-call alert about item %s could not be emailed to user %s", alert.item_id, user.id)
    return False


def _by_push(user: User, alert: Alert) -> bool:
    """To every device of theirs; True when at least one took it. Devices the
    push service no longer knows are forgotten."""
    delivered = False
    for subscription in devices.of_member(user):
        outcome = push.send(subscription, alert.push_message())
        if outcome is push.Delivery.GONE:
            db.session.delete(subscription)
        elif outcome is push.Delivery.SENT:
            subscription.last_used_at = clock.now()
            delivered = True
    return delivered


SENDERS = {"email": _by_email, "push": _by_push}


def alert_moderators(alert: Alert) -> int:
    """Alert every opted-in moderator and staff member, each way they chose;
    returns how many alerts were handed over."""
    sent = 0
    for user, channels in _recipients():
        for channel in channels:
            if SENDERS[channel](user, alert):
                audit.record_rule(RULE, "crisis_alert_sent", "queue_item", alert.item_id,
                                  moderator=user.username, via=channel, stage=alert.stage)
                sent += 1
    events.commit()
    if not sent:
        log.warning("urgent crisis item %s is waiting and no on-call alert could be delivered", alert.item_id)
    return sent
