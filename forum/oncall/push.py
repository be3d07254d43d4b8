"""Web Push delivery: one message to one browser, encrypted to its keys
(aes128gcm) and signed with the community's VAPID key. The push service sees
only the size and the time; the text is still kept discreet, as a lock screen
is seen by others."""
from __future__ import annotations

import json
import logging
from enum import Enum

import requests
from cryptography.hazmat.primitives import serialization
from flask import current_app
from py_vapid import Vapid
from pywebpush import WebPushException, webpush

from forum.oncall.models import PushSubscription

log = logging.getLogger(__name__)

# How long the push service keeps an alert for a device that is offline: an
# hour later the item is overdue and alerted again, so an older one is noise.
TTL_SECONDS = 3600
TIMEOUT_SECONDS = 10
# 404 and 410: the browser unsubscribed or the subscription expired.
GONE = frozenset({404, 410})


class Delivery(Enum):
    SENT = "sent"
    GONE = "gone"
    FAILED = "failed"


def _signer() -> Vapid:
    pem = current_app.config["HEARTH_VAPID_PRIVATE_KEY"].encode()
    return Vapid(private_key=serialization.load_pem_private_key(pem, password=None))


def send(subscription: PushSubscription, message: dict) -> Delivery:
    """Deliver `message` (a small JSON object the service worker shows)."""
    try:
        webpush({"endpoint": subscription.endpoint, "keys": {"p256dh": subscription.p256dh,
                                                             "auth": subscription.auth}},
                data=json.dumps(message), vapid_private_key=_signer(),
                # A new dict each time: the library adds this endpoint's audience to it.
                vapid_claims={"sub": current_app.config["HEARTH_VAPID_SUBJECT"]},
                ttl=TTL_SECONDS, timeout=TIMEOUT_SECONDS, headers={"Urgency": "high"})
    except WebPushException as error:
        if error.status_code in GONE:
            return Delivery.GONE
        log.warning("push to subscription %s refused: %s", subscription.id, error.status_code)
        return Delivery.FAILED
    except (requests.RequestException, ValueError) as error:
        log.warning("push to subscription %s failed: %s", subscription.id, type(error).__name__)
        return Delivery.FAILED
    return Delivery.SENT
