"""On-call alerts off the site: moderators and staff choose how alerts reach
them and which devices get them by Web Push."""
from __future__ import annotations

import os
import re
import stat

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from forum.accounts.models import User
from forum.extensions import db
from forum.oncall import vapid
from tests.conftest import make_app

def _raw_private_key() -> str:
    """A VAPID key as web-push tools print it: the base64url 32-byte scalar."""
    number = ec.generate_private_key(ec.SECP256R1()).private_numbers().private_value
    return vapid.b64url_encode(number.to_bytes(32, "big"))


VAPID_KEY = _raw_private_key()


# --- a browser, as the push service's other end --------------------------------------------

class Browser:
    """What a browser keeps for a push subscription: an ECDH key pair and an
    auth secret."""

    def __init__(self, endpoint: str):
        self.private_key = ec.generate_private_key(ec.SECP256R1())
        self.auth = os.urandom(16)
        public = self.private_key.public_key().public_bytes(serialization.Encoding.X962,
                                                            serialization.PublicFormat.UncompressedPoint)
        self.subscription = {"endpoint": endpoint, "keys": {"p256dh": vapid.b64url_encode(public),
                                                            "auth": vapid.b64url_encode(self.auth)},
                             "label": "Firefox on Android"}


@pytest.fixture
def app_config(request):
    marker = request.node.get_closest_marker("app_config")
    return {"HEARTH_VAPID_PRIVATE_KEY": VAPID_KEY, "HEARTH_PUSH_ALLOW_HTTP": True,
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


def subscribe(api, person, browser: Browser):
    return api.as_(person).post("/me/push-subscriptions", json=browser.subscription)


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
