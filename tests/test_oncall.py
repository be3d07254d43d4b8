"""On-call alerts off the site: an urgent crisis item that waits with no
moderator online reaches the moderators who asked, by email or Web Push, once
per stage, without a word of the post or the writer's name."""
from __future__ import annotations

import json
import os
import re
import stat
import uuid
from datetime import timedelta

import http_ece
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from forum import clock
from forum.accounts.models import User
from forum.audit.models import LogEntry
from forum.extensions import db, socketio
from forum.moderation.models import QueueItem
from forum.oncall import alerts, vapid
from forum.oncall.models import PushSubscription
from tests.conftest import make_app
from tests.outside import inbox, push_service  # noqa: F401  (fixtures)

CRISIS_TITLE = "Nothing left after tonight"
CRISIS_BODY = "I'm going to end it tonight. I have the pills ready in the drawer."
WRITER = "quiet_writer"


def _raw_private_key() -> str:
    """A VAPID key as web-push tools print it: the base64url 32-byte scalar."""
    number = ec.generate_private_key(ec.SECP256R1()).private_numbers().private_value
    return vapid.b64url_encode(number.to_bytes(32, "big"))


VAPID_KEY = _raw_private_key()


# --- a browser, as the push service's other end --------------------------------------------

class Browser:
    """What a browser keeps for a push subscription: an ECDH key pair and an
    auth secret; it decrypts what the push service hands it."""

    def __init__(self, endpoint: str):
        self.private_key = ec.generate_private_key(ec.SECP256R1())
        self.auth = os.urandom(16)
        public = self.private_key.public_key().public_bytes(serialization.Encoding.X962,
                                                            serialization.PublicFormat.UncompressedPoint)
        self.subscription = {"endpoint": endpoint, "keys": {"p256dh": vapid.b64url_encode(public),
                                                            "auth": vapid.b64url_encode(self.auth)},
                             "label": "Firefox on Android"}

    def read(self, body: bytes) -> dict:
        return json.loads(http_ece.decrypt(body, private_key=self.private_key, auth_secret=self.auth,
                                           version="aes128gcm"))


@pytest.fixture
def app_config(request, inbox):
    marker = request.node.get_closest_marker("app_config")
    return {"HEARTH_SMTP_HOST": "127.0.0.1", "HEARTH_SMTP_PORT": inbox.port, "HEARTH_SMTP_FROM": "hearth@clinic.test",
            "HEARTH_ONCALL_AFTER_SECONDS": 0, "HEARTH_VAPID_PRIVATE_KEY": VAPID_KEY, "HEARTH_PUSH_ALLOW_HTTP": True,
            **(marker.kwargs if marker else {})}


# --- the community -------------------------------------------------------------------------

def give_email(app, person, address: str) -> None:
    with app.app_context():
        db.session.get(User, person.id).email = address
        db.session.commit()


@pytest.fixture
def on_call(app, make_person):
    """A moderator with an email address, so alerts go by email unless they choose otherwise."""
    person = make_person("night_mod", role="moderator")
    give_email(app, person, "night@clinic.test")
    return person


@pytest.fixture
def crisis_post(app, make_person, thread_in):
    """An urgent crisis post; returns its queue item's id."""

    def write() -> int:
        thread_in(make_person(WRITER), title=CRISIS_TITLE, body=CRISIS_BODY)
        with app.app_context():
            item = db.session.scalar(db.select(QueueItem).order_by(QueueItem.id.desc()))
            assert (item.kind, item.tier) == ("crisis", "urgent")
            return item.id

    return write


def subscribe(api, person, browser: Browser):
    return api.as_(person).post("/me/push-subscriptions", json=browser.subscription)


def check(app) -> alerts.CheckResult:
    """What a serving process does every few seconds."""
    with app.app_context():
        return alerts.check_waiting_items()


def alerts_logged(app) -> list[dict]:
    with app.app_context():
        return [{"item": entry.target_id, **entry.details} for entry in db.session.scalars(
            db.select(LogEntry).where(LogEntry.action == "crisis_alert_sent").order_by(LogEntry.id))]


def assert_discreet(*texts: str) -> None:
    for text in texts:
        for secret in ("pills", "end it", "drawer", CRISIS_TITLE, WRITER):
            assert secret.lower() not in text.lower(), (secret, text)


# --- choosing alerts -----------------------------------------------------------------------

def test_preferences_through_the_api(app, api, member, moderator, on_call):
    sam = api.as_(member)
    assert sam.get("/me/preferences").get_json()["preferences"]["crisis_alerts"] == "off"
    refused = sam.patch("/me/preferences", json={"crisis_alerts": "email"})
    assert refused.status_code == 422
    assert refused.get_json()["error"]["fields"]["crisis_alerts"] == "Only moderators and staff receive on-call alerts."
    assert sam.patch("/me/preferences", json={"crisis_alerts": "off"}).status_code == 200  # sending back what it read

    assert api.as_(on_call).get("/me/preferences").get_json()["preferences"]["crisis_alerts"] == "email"
    mod = api.as_(moderator)  # no email address
    assert mod.get("/me/preferences").get_json()["preferences"]["crisis_alerts"] == "off"
    no_address = mod.patch("/me/preferences", json={"crisis_alerts": "both"})
    assert no_address.status_code == 422 and "no email address" in no_address.get_json()["error"]["message"]
    assert mod.patch("/me/preferences", json={"crisis_alerts": "loud"}).status_code == 422
    assert mod.patch("/me/preferences", json={"crisis_alerts": ["push"]}).status_code == 422
    changed = mod.patch("/me/preferences", json={"crisis_alerts": "push"})
    assert changed.status_code == 200 and changed.get_json()["preferences"]["crisis_alerts"] == "push"


def test_a_promoted_member_gets_the_default_and_a_demoted_one_no_alerts(app, api, staff, member):
    give_email(app, member, "sam@clinic.test")
    api.as_(member).patch("/me/preferences", json={"crisis_alerts": "off", "quiet_mode": True})
    clinic = api.as_(staff)
    clinic.put(f"/users/{member.id}/role", json={"role": "moderator"})
    assert api.as_(member).get("/me/preferences").get_json()["preferences"]["crisis_alerts"] == "email"
    clinic.put(f"/users/{member.id}/role", json={"role": "member"})
    assert api.as_(member).get("/me/preferences").get_json()["preferences"]["crisis_alerts"] == "off"


def chosen_alerts(page: str) -> str | None:
    found = re.search(r'<input[^>]*\bchecked\b[^>]*name="crisis_alerts"[^>]*value="(\w+)"', page)
    return found.group(1) if found else None


def test_the_preferences_page_offers_alerts_to_moderators_only(app, browser_as, member, on_call):
    members_page = browser_as(member).get("/account/preferences").get_data(as_text=True)
    assert "On-call alerts" not in members_page and 'name="crisis_alerts"' not in members_page
    assert "push.js" not in members_page

    mod = browser_as(on_call)
    page = mod.get("/account/preferences").get_data(as_text=True)
    assert chosen_alerts(page) == "email"
    assert "Turn on alerts on this device" in page and "needs JavaScript" in page and "js/push.js" in page
    with app.app_context():
        from forum.oncall import devices

        assert f'data-push-key="{devices.public_key()}"' in page
    saved = mod.post("/account/preferences", data={"content_warnings": "collapsed", "text_size": "normal",
                                                   "crisis_alerts": "both"})
    assert saved.status_code == 302
    assert chosen_alerts(mod.get("/account/preferences").get_data(as_text=True)) == "both"


def test_the_page_explains_why_email_alerts_cant_be_chosen(app, browser_as, moderator):
    page = browser_as(moderator)
    answer = page.post("/account/preferences", data={"content_warnings": "collapsed", "text_size": "normal",
                                                      "crisis_alerts": "email"})
    assert answer.status_code == 200
    assert 'id="crisis-alerts-error">Your account has no email address: choose push' in answer.get_data(as_text=True)


# --- devices -------------------------------------------------------------------------------

def test_only_moderators_add_devices_and_bad_subscriptions_are_explained(app, api, member, moderator):
    browser = Browser("https://push.example.test/abc")
    assert subscribe(api, member, browser).status_code == 403
    mod = api.as_(moderator)
    bad = mod.post("/me/push-subscriptions", json={"endpoint": "ftp://push.example.test/x",
                                                   "keys": {"p256dh": "not a key", "auth": "c2hvcnQ"}})
    assert bad.status_code == 422
    assert set(bad.get_json()["error"]["fields"]) == {"endpoint", "keys.p256dh", "keys.auth"}
    assert mod.post("/me/push-subscriptions", json={"endpoint": "https://push.example.test/x"}).status_code == 422
    assert mod.post("/me/push-subscriptions", json=["nope"]).status_code == 400
    long_label = {**browser.subscription, "label": "x" * 65}
    assert mod.post("/me/push-subscriptions", json=long_label).status_code == 422


@pytest.mark.app_config(HEARTH_PUSH_ALLOW_HTTP=False)
def test_push_endpoints_must_be_https(api, moderator):
    answer = subscribe(api, moderator, Browser("http://127.0.0.1:9/push"))
    assert answer.status_code == 422 and "https://" in answer.get_json()["error"]["fields"]["endpoint"]


def test_listing_resubscribing_and_removing_devices(app, api, browser_as, moderator, other_member):
    mod = api.as_(moderator)
    phone = Browser("https://push.example.test/phone")
    first = subscribe(api, moderator, phone).get_json()["subscription"]
    assert first["label"] == "Firefox on Android" and first["service"] == "push.example.test"
    again = subscribe(api, moderator, phone).get_json()["subscription"]  # the same browser, once more
    listing = mod.get("/me/push-subscriptions").get_json()
    assert [item["id"] for item in listing["items"]] == [first["id"]] == [again["id"]]
    assert listing["vapid_public_key"]
    assert "endpoint" not in listing["items"][0]

    assert api.as_(other_member).delete(f"/me/push-subscriptions/{first['id']}").status_code == 404
    assert mod.delete(f"/me/push-subscriptions/{first['id']}").status_code == 204
    assert mod.get("/me/push-subscriptions").get_json()["items"] == []

    laptop = subscribe(api, moderator, Browser("https://push.example.test/laptop")).get_json()["subscription"]
    page = browser_as(moderator)
    assert "Firefox on Android" in page.get("/account/preferences").get_data(as_text=True)
    assert page.post(f"/account/alert-devices/{laptop['id']}/remove").status_code == 302
    assert "No device has alerts turned on." in page.get("/account/preferences").get_data(as_text=True)
    assert page.post(f"/account/alert-devices/{laptop['id']}/remove").status_code == 404


def test_devices_are_in_the_data_export(api, moderator):
    subscribe(api, moderator, Browser("https://push.example.test/phone"))
    exported = api.as_(moderator).get("/me/export").get_json()["alert_devices"]
    assert [(device["label"], device["service"]) for device in exported] == [("Firefox on Android",
                                                                              "push.example.test")]


def test_the_service_worker_is_served_from_the_root(client):
    answer = client.get("/service-worker.js")
    assert answer.status_code == 200 and answer.mimetype == "text/javascript"
    assert answer.headers["Cache-Control"] == "no-cache"
    assert "showNotification" in answer.get_data(as_text=True)


# --- configuration -------------------------------------------------------------------------

def test_the_vapid_key_is_made_once_and_kept_private(tmp_path):
    first = vapid.load_or_create(str(tmp_path))
    assert vapid.load_or_create(str(tmp_path)) == first
    key_file = tmp_path / vapid.FILE_NAME
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert [path.name for path in tmp_path.iterdir()] == [vapid.FILE_NAME]
    assert len(vapid.application_server_key(first)) == 87  # 65 bytes, base64url


def test_a_configured_vapid_key_is_read_in_any_usual_form():
    pem = vapid.private_key_pem(VAPID_KEY)
    assert vapid.private_key_pem(pem) == pem
    der = serialization.load_pem_private_key(pem.encode(), None).private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    assert vapid.private_key_pem(vapid.b64url_encode(der)) == pem
    with pytest.raises(RuntimeError, match="HEARTH_VAPID_PRIVATE_KEY"):
        vapid.private_key_pem("not a key")


def test_a_bad_delay_refuses_to_start(database_url):
    with pytest.raises(RuntimeError, match="HEARTH_ONCALL_AFTER_SECONDS"):
        make_app(database_url, HEARTH_ONCALL_AFTER_SECONDS=-1)


# --- email alerts --------------------------------------------------------------------------

def test_an_urgent_item_with_no_moderator_online_is_emailed_discreetly(app, inbox, on_call, make_person,
                                                                        crisis_post):
    quiet_mod = make_person("off_duty_mod", role="moderator")
    give_email(app, quiet_mod, "off@clinic.test")
    with app.app_context():
        user = db.session.get(User, quiet_mod.id)
        user.preferences = {"crisis_alerts": "off"}
        db.session.commit()
    give_email(app, make_person("just_a_member"), "member@clinic.test")
    item_id = crisis_post()

    assert check(app).first_alerts == 1

    assert len(inbox.messages) == 1
    recipients, subject, text = inbox.messages[0]
    assert recipients == ["night@clinic.test"]
    assert subject == "Hearth: an urgent item is waiting"
    assert "An urgent item is waiting in the moderation queue — open the queue: http://127.0.0.1:5000/moderation" \
        in text
    assert_discreet(subject, text)
    assert alerts_logged(app) == [{"item": item_id, "moderator": on_call.username, "via": "email", "stage": "first"}]


@pytest.mark.app_config(HEARTH_ONCALL_AFTER_SECONDS=120)
def test_the_alert_waits_for_the_configured_delay_and_goes_once(app, inbox, on_call, crisis_post, moved_clock):
    crisis_post()
    assert check(app).first_alerts == 0
    moved_clock["by"] = timedelta(seconds=119)
    check(app)
    assert inbox.messages == []
    moved_clock["by"] = timedelta(seconds=121)
    check(app)
    check(app)
    assert len(inbox.messages) == 1


@pytest.mark.app_config(HEARTH_ONCALL_AFTER_SECONDS=120)
def test_no_alert_when_a_moderator_is_online_and_claims_in_time(app, api, inbox, on_call, moderator, crisis_post,
                                                                moved_clock):
    item_id = crisis_post()
    mod = api.as_(moderator)
    live = socketio.test_client(app, auth={"token": mod.token})
    assert live.is_connected()
    moved_clock["by"] = timedelta(seconds=150)
    check(app)
    assert mod.post(f"/moderation/queue/{item_id}/claim").status_code == 200
    live.disconnect()
    moved_clock["by"] = timedelta(minutes=30)  # past the delay and the overdue time, nobody online
    check(app)
    assert inbox.messages == [] and alerts_logged(app) == []


def test_a_moderator_connected_to_another_process_counts_as_online(app, inbox, on_call, crisis_post, monkeypatch):
    """With Redis, every process sees every connection: one moderator on
    another server process is enough to hold the first alert back."""
    from forum.realtime import rooms, state
    from forum.realtime.registry import Connection, RedisRegistry

    redis_url = os.environ.get("TEST_REDIS_URL")
    if not redis_url:
        pytest.skip("TEST_REDIS_URL is not set (CI sets it)")
    prefix = f"hearth-test-{uuid.uuid4().hex}:realtime"
    other_process = RedisRegistry(redis_url, prefix)
    other_process.add(Connection("sid-elsewhere", on_call.id, on_call.username, "token:1"))
    other_process.entered("sid-elsewhere", rooms.MODERATORS)
    with app.app_context():
        monkeypatch.setattr(state(), "registry", RedisRegistry(redis_url, prefix))
    crisis_post()
    check(app)
    assert inbox.messages == []
    other_process.remove("sid-elsewhere")
    check(app)
    assert len(inbox.messages) == 1


def test_alerts_wait_on_no_one_when_the_registry_is_away(app, monkeypatch):
    from redis.exceptions import ConnectionError as RedisDown

    from forum.realtime import state

    def unreachable(room):
        raise RedisDown("gone")

    with app.app_context():
        monkeypatch.setattr(state().registry, "connections_in", unreachable)
        assert alerts.moderators_online() is False


def test_the_overdue_alert_goes_whoever_is_online(app, api, inbox, on_call, moderator, crisis_post, moved_clock):
    item_id = crisis_post()
    live = socketio.test_client(app, auth={"token": api.as_(moderator).token})
    check(app)
    assert inbox.messages == []  # a moderator is online: they see the live alert
    moved_clock["by"] = timedelta(minutes=16)
    assert check(app).newly_overdue == 1
    check(app)
    live.disconnect()
    assert [subject for _, subject, _ in inbox.messages] == ["Hearth: an urgent item is still waiting"]
    _, subject, text = inbox.messages[0]
    assert "An urgent item has waited more than 15 minutes in the moderation queue — open the queue:" in text
    assert_discreet(subject, text)
    assert alerts_logged(app) == [{"item": item_id, "moderator": on_call.username, "via": "email",
                                   "stage": "overdue"}]


def test_first_alert_then_overdue_alert_each_once(app, inbox, on_call, crisis_post, moved_clock):
    crisis_post()
    check(app)
    moved_clock["by"] = timedelta(minutes=16)
    check(app)
    check(app)
    assert [subject for _, subject, _ in inbox.messages] == [
        "Hearth: an urgent item is waiting", "Hearth: an urgent item is still waiting"]


def test_the_overdue_alert_follows_the_staff_setting(app, inbox, on_call, crisis_post, moved_clock):
    from forum.settings import service as settings

    with app.test_request_context():
        settings.update({"crisis_overdue_minutes": 5})
    crisis_post()
    check(app)
    moved_clock["by"] = timedelta(minutes=6)
    check(app)
    assert "more than 5 minutes" in inbox.messages[-1][2]
    with app.app_context():
        item = db.session.scalar(db.select(QueueItem))
        assert item.oncall_alerted_at is not None and item.overdue_notified_at is not None
        assert item.oncall_alerted_at <= clock.now()


def test_concern_items_and_claimed_items_send_no_alert(app, api, inbox, on_call, moderator, make_person,
                                                       thread_in, crisis_post):
    thread_in(make_person("sad_writer"), body="Some days I wish I could just not wake up.")
    with app.app_context():
        assert db.session.scalar(db.select(QueueItem.tier)) == "concern"
    item_id = crisis_post()
    api.as_(moderator).post(f"/moderation/queue/{item_id}/claim")
    check(app)
    assert inbox.messages == []


def test_a_restart_between_the_post_and_the_check_still_alerts_once(app, app_config, database_url, inbox, on_call,
                                                                    crisis_post):
    crisis_post()
    restarted = make_app(database_url, **app_config)  # a new process on the same database: nothing in memory
    try:
        assert check(restarted).first_alerts == 1
        assert check(app).first_alerts == 0
        assert check(restarted).first_alerts == 0
    finally:
        with restarted.app_context():
            db.engine.dispose()
    assert len(inbox.messages) == 1


def test_the_command_runs_the_same_check(app, inbox, on_call, crisis_post):
    crisis_post()
    result = app.test_cli_runner().invoke(args=["moderation", "check-overdue"])
    assert "0 crisis item(s) newly overdue. First on-call alert sent for 1 waiting item(s)." in result.output
    assert len(inbox.messages) == 1


# --- Web Push alerts -----------------------------------------------------------------------

def test_a_push_alert_is_encrypted_to_the_device_and_says_nothing_of_the_post(app, api, inbox, push_service,
                                                                            moderator, crisis_post):
    phone = Browser(push_service.endpoint("/push/phone"))
    assert subscribe(api, moderator, phone).status_code == 201
    assert api.as_(moderator).patch("/me/preferences", json={"crisis_alerts": "push"}).status_code == 200
    item_id = crisis_post()

    check(app)

    assert inbox.messages == []
    [request] = push_service.received
    headers = {name.lower(): value for name, value in request["headers"].items()}
    assert request["path"] == "/push/phone"
    assert headers["content-encoding"] == "aes128gcm" and headers["urgency"] == "high" and int(headers["ttl"]) > 0
    with app.app_context():
        from forum.oncall import devices

        assert headers["authorization"].startswith("vapid t=") and f"k={devices.public_key()}" in headers[
            "authorization"]
    assert CRISIS_BODY.encode() not in request["body"]
    message = phone.read(request["body"])
    assert message == {"title": "Hearth: an urgent item is waiting",
                       "body": "An urgent item is waiting in the moderation queue.", "url": "/moderation",
                       "tag": f"hearth-urgent-{item_id}"}
    assert_discreet(json.dumps(message))
    assert alerts_logged(app) == [{"item": item_id, "moderator": moderator.username, "via": "push", "stage": "first"}]
    with app.app_context():
        assert db.session.scalar(db.select(PushSubscription.last_used_at)) is not None


def test_both_sends_email_and_push(app, api, inbox, push_service, on_call, crisis_post):
    subscribe(api, on_call, Browser(push_service.endpoint("/push/laptop")))
    api.as_(on_call).patch("/me/preferences", json={"crisis_alerts": "both"})
    crisis_post()
    check(app)
    assert len(inbox.messages) == 1 and len(push_service.received) == 1
    assert sorted(entry["via"] for entry in alerts_logged(app)) == ["email", "push"]


def test_an_expired_subscription_is_forgotten(app, api, inbox, push_service, moderator, crisis_post):
    subscribe(api, moderator, Browser(push_service.endpoint("/push/gone/old-tablet")))
    subscribe(api, moderator, Browser(push_service.endpoint("/push/phone")))
    api.as_(moderator).patch("/me/preferences", json={"crisis_alerts": "push"})
    crisis_post()
    check(app)
    assert len(push_service.received) == 2
    with app.app_context():
        assert list(db.session.scalars(db.select(PushSubscription.endpoint))) == [
            push_service.endpoint("/push/phone")]
    assert [entry["via"] for entry in alerts_logged(app)] == ["push"]
