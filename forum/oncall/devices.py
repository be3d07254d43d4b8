"""The browsers a moderator turned on-call alerts on for: add, list, remove.

A subscription is what the browser's `PushManager.subscribe()` gives: the push
service's URL for this browser and the keys to encrypt to. Only moderators and
staff add one; anyone removes their own (a demoted moderator too).
"""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy.exc import IntegrityError

from forum import clock, events, policy
from forum.errors import Conflict, NotFound, invalid
from forum.extensions import db
from forum.oncall import vapid
from forum.oncall.models import ENDPOINT_MAX, LABEL_MAX, PushSubscription

# Enough for every phone, tablet and computer a person has; more is a loop somewhere.
DEVICES_MAX = 20


def of_member(user) -> list[PushSubscription]:
    return list(db.session.scalars(db.select(PushSubscription).where(PushSubscription.user_id == user.id)
                                   .order_by(PushSubscription.id)))


def public_key() -> str:
    """What the page gives `pushManager.subscribe()` as applicationServerKey."""
    return vapid.application_server_key(current_app.config["HEARTH_VAPID_PRIVATE_KEY"])


def _endpoint_problem(endpoint) -> str | None:
    if not isinstance(endpoint, str) or not endpoint or len(endpoint) > ENDPOINT_MAX:
        return f"Give the subscription's endpoint, a URL of at most {ENDPOINT_MAX} characters."
    parts = urlsplit(endpoint)
    schemes = {"https", "http"} if current_app.config.get("HEARTH_PUSH_ALLOW_HTTP") else {"https"}
    if parts.scheme not in schemes or not parts.hostname:
        return "The endpoint must be the push service's https:// URL."
    return None


def _checked(endpoint, keys, label) -> tuple[str, str, str, str]:
    """The subscription's fields, or one clear error naming every bad field."""
    problems = {}
    if _endpoint_problem(endpoint):
        problems["endpoint"] = _endpoint_problem(endpoint)
    if not isinstance(keys, dict) or not isinstance(keys.get("p256dh"), str) or not isinstance(keys.get("auth"), str):
        problems["keys"] = "Give keys: {\"p256dh\": ..., \"auth\": ...} as the browser's subscription has them."
    else:
        problems.update(vapid.receiver_key_problem(keys["p256dh"], keys["auth"]))
    if label is None:
        label = ""
    if not isinstance(label, str) or len(label.strip()) > LABEL_MAX:
        problems["label"] = f"Use at most {LABEL_MAX} characters."
    if problems:
        raise invalid(problems)
    return endpoint, keys["p256dh"], keys["auth"], label.strip()


def add(user, endpoint, keys, label=None) -> PushSubscription:
    """Store a browser's subscription for this moderator. The same browser
    subscribing again updates its row, whoever had it before."""
    policy.require(policy.receive_crisis_alerts(user))
    endpoint, p256dh, auth, label = _checked(endpoint, keys, label)
    found = db.session.scalar(db.select(PushSubscription).where(PushSubscription.endpoint == endpoint))
    if found is None:
        if len(of_member(user)) >= DEVICES_MAX:
            raise Conflict(f"Alerts are on for {DEVICES_MAX} devices already: remove one first.",
                           code="too_many_devices")
        found = PushSubscription(endpoint=endpoint)
        db.session.add(found)
    found.user_id, found.p256dh, found.auth, found.label = user.id, p256dh, auth, label
    found.created_at = clock.now()
    try:
        events.commit()
    except IntegrityError:  # the same browser, twice at once: the other request stored it
        db.session.rollback()
        raise Conflict("This device was being added at the same moment; reload to see it.",
                       code="already_added") from None
    return found


def remove(user, subscription_id: int) -> None:
    found = db.session.get(PushSubscription, subscription_id)
    if found is None or found.user_id != user.id:
        raise NotFound("No such device.")
    db.session.delete(found)
    events.commit()
