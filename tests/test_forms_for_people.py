"""Forms staff and moderators fill in as people, not scripts: ends chosen with a
preset or a date and time on the community's clock, moderated days as
checkboxes, and a resolve form that offers only what applies."""
from __future__ import annotations

import html
from datetime import datetime, timedelta

import pytest

from forum import clock
from forum.accounts.models import User
from forum.community.models import Thread
from forum.errors import InvalidInput
from forum.extensions import db
from forum.moderation.models import Sanction
from forum.settings.models import CommunitySetting
from tests.test_staff import settings_form

NEW_YORK = "America/New_York"


# --- local time → UTC ------------------------------------------------------------------

@pytest.mark.parametrize("local, utc", [
    ("2026-01-15T09:00", datetime(2026, 1, 15, 14, 0)),   # winter: UTC-5
    ("2026-07-15T09:00", datetime(2026, 7, 15, 13, 0)),   # summer: UTC-4
    ("2026-03-08T01:30", datetime(2026, 3, 8, 6, 30)),    # the last half hour of winter time
    ("2026-03-08T03:30", datetime(2026, 3, 8, 7, 30)),    # the first of summer time
    ("2026-03-08T02:30", datetime(2026, 3, 8, 7, 30)),    # skipped by the clocks: the hour after
    ("2026-11-01T01:30", datetime(2026, 11, 1, 5, 30)),   # repeated: its first, summer-time passing
    ("2026-11-01T02:30", datetime(2026, 11, 1, 7, 30)),
    ("2026-12-31T18:00:00Z", datetime(2026, 12, 31, 18, 0)),  # an offset of its own is taken as given
])
def test_local_times_become_utc_across_daylight_saving(local, utc):
    assert clock.local_to_utc(local, NEW_YORK, "until") == utc


def test_local_times_in_other_zones_and_empty():
    assert clock.local_to_utc("2026-07-01T09:00", "Europe/London", "until") == datetime(2026, 7, 1, 8, 0)
    assert clock.local_to_utc("2026-07-01T09:00", "UTC", "until") == datetime(2026, 7, 1, 9, 0)
    assert clock.local_to_utc("", NEW_YORK, "until") is None and clock.local_to_utc(None, NEW_YORK, "x") is None


@pytest.mark.parametrize("value", ["next friday", "2026-13-01T09:00", "9999-12-31T23:59", "\u202e"])
def test_garbled_local_times_are_a_clear_error(value):
    with pytest.raises(InvalidInput) as raised:
        clock.local_to_utc(value, NEW_YORK, "until")
    assert raised.value.fields == {"until": "Choose a date and a time, such as 2026-12-31 18:00."}


def test_day_bounds_follow_the_zone():
    assert clock.local_day_start("2026-03-08", NEW_YORK) == datetime(2026, 3, 8, 5, 0)
    assert clock.local_day_start("2026-03-08", NEW_YORK, next_day=True) == datetime(2026, 3, 9, 4, 0)
    with pytest.raises(ValueError):
        clock.local_day_start("yesterday", NEW_YORK)


def test_presets_count_from_now(moved_clock):
    now = clock.now()
    moved_clock["by"] = timedelta(0)
    assert abs(clock.chosen_end("3d", "", NEW_YORK, "until") - (now + timedelta(days=3))) < timedelta(seconds=5)
    assert abs(clock.chosen_end("1w", "2030-01-01T00:00", NEW_YORK, "until") - (now + timedelta(weeks=1))) \
        < timedelta(seconds=5)  # a duration chosen wins over a typed date
    assert clock.chosen_end("none", "", NEW_YORK, "until") is None
    assert clock.chosen_end("none", "2030-01-01T00:00", NEW_YORK, "until") == datetime(2030, 1, 1, 5, 0)
    assert clock.chosen_end("at", "2030-01-01T00:00", NEW_YORK, "until") == datetime(2030, 1, 1, 5, 0)
    with pytest.raises(InvalidInput):
        clock.chosen_end("at", "", NEW_YORK, "until")
    with pytest.raises(InvalidInput):
        clock.chosen_end("forever", "", NEW_YORK, "until")


def test_zone_labels():
    assert clock.zone_label(NEW_YORK) == "New York time"
    assert clock.zone_label("America/Argentina/Buenos_Aires") == "Buenos Aires time"
    assert clock.zone_label("UTC") == "UTC"


# --- the forms -------------------------------------------------------------------------

def _sanctions(app, member) -> list[Sanction]:
    with app.app_context():
        return list(db.session.scalars(db.select(Sanction).where(Sanction.user_id == member.id)))


def test_the_sanction_form_names_the_zone_and_offers_presets(client, auth, moderator, member):
    auth.login(moderator)
    page = client.get(f"/moderation/members/{member.id}").get_data(as_text=True)
    assert "(times in New York time)" in page and 'type="datetime-local"' in page
    for label in ("1 day", "3 days", "1 week", "Until lifted", "On a date and time"):
        assert label in page


def test_a_preset_sanction_in_two_choices(app, client, auth, moderator, member):
    auth.login(moderator)
    response = client.post(f"/moderation/members/{member.id}",
                           data={"kind": "mute", "reason": "Cooling off", "until_preset": "3d", "until": ""})
    assert response.status_code == 302
    (sanction,) = _sanctions(app, member)
    assert abs(sanction.until - (clock.now() + timedelta(days=3))) < timedelta(minutes=1)


def test_a_date_and_time_is_read_on_the_community_clock(app, client, auth, moderator, member):
    auth.login(moderator)
    client.post(f"/moderation/members/{member.id}",
                data={"kind": "suspend", "reason": "Pause", "until_preset": "at", "until": "2030-07-04T09:30"})
    (sanction,) = _sanctions(app, member)
    assert sanction.until == datetime(2030, 7, 4, 13, 30)


def test_a_past_time_is_refused_and_the_form_kept(app, client, auth, moderator, member):
    auth.login(moderator)
    response = client.post(f"/moderation/members/{member.id}",
                           data={"kind": "mute", "reason": "Please stop and breathe", "until_preset": "at",
                                 "until": "2020-01-01T09:00"})
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code in (200, 422)
    assert "Choose a time in the future." in page
    assert 'value="2020-01-01T09:00"' in page and "Please stop and breathe" in page
    assert '<option selected value="mute">' in page
    assert 'aria-invalid="true"' in page
    assert _sanctions(app, member) == []


def test_a_warning_with_a_duration_is_explained(app, client, auth, moderator, member):
    auth.login(moderator)
    page = client.post(f"/moderation/members/{member.id}",
                       data={"kind": "warn", "reason": "Be kind", "until_preset": "1d"}).get_data(as_text=True)
    assert "A warn has no end date." in page and _sanctions(app, member) == []


def test_pins_and_announcements_take_presets(app, client, auth, staff, member, thread_in):
    thread_id, _ = thread_in(member)
    auth.login(staff)
    assert "Until unpinned" in client.get(f"/t/{thread_id}/pin").get_data(as_text=True)
    client.post(f"/t/{thread_id}/pin", data={"scope": "global", "until_preset": "1w"})
    with app.app_context():
        until = db.session.get(Thread, thread_id).pinned_until
    assert abs(until - (clock.now() + timedelta(weeks=1))) < timedelta(minutes=1)

    assert "Until withdrawn" in client.get("/announcements").get_data(as_text=True)
    past = client.post("/announcements/new", data={"title": "Garden day", "body": "Come along.",
                                                   "expires_at_preset": "at", "expires_at": "2001-05-01T10:00"})
    page = html.unescape(past.get_data(as_text=True))
    assert past.status_code == 422 and "Choose a time in the future." in page and "Garden day" in page
    done = client.post("/announcements/new", data={"title": "Garden day", "body": "Come along.",
                                                   "expires_at_preset": "1d"})
    assert done.status_code == 302


def test_the_api_still_takes_iso_8601(api, moderator, member):
    until = (clock.now() + timedelta(days=2)).isoformat() + "Z"
    created = api.as_(moderator).post(f"/users/{member.id}/sanctions",
                                      json={"kind": "mute", "reason": "x", "until": until})
    assert created.status_code == 201
    bad = api.as_(moderator).post(f"/users/{member.id}/sanctions",
                                  json={"kind": "mute", "reason": "x", "until": "next friday"})
    assert bad.status_code == 422 and "ISO 8601" in bad.get_json()["error"]["fields"]["until"]


# --- moderated days ----------------------------------------------------------------------

def test_moderated_days_are_checkboxes_that_round_trip(app, client, auth, staff):
    auth.login(staff)
    page = client.get("/staff/settings").get_data(as_text=True)
    assert "<legend>Moderated days</legend>" in page
    for number, day in enumerate(("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")):
        assert f'<input checked id="hours_days-{number}" name="hours_days" type="checkbox" value="{number}"> {day}' \
            in page
    assert '<input id="hours_days-5" name="hours_days" type="checkbox" value="5"> Saturday' in page
    response = client.post("/staff/settings", data=settings_form(hours_days=["5", "6", "0"]))
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(CommunitySetting, "moderated_hours").value["days"] == [0, 5, 6]
    page = client.get("/staff/settings").get_data(as_text=True)
    assert 'checked id="hours_days-5"' in page and 'checked id="hours_days-0"' in page
    assert 'checked id="hours_days-2"' not in page


def test_no_moderated_days_is_allowed_and_a_forged_day_is_refused(app, client, auth, staff):
    auth.login(staff)
    assert client.post("/staff/settings", data={**settings_form(), "hours_days": []}).status_code == 302
    with app.app_context():
        assert db.session.get(CommunitySetting, "moderated_hours").value["days"] == []
    page = client.post("/staff/settings", data=settings_form(hours_days=["7"])).get_data(as_text=True)
    assert "Choose days from Monday to Sunday." in page


# --- resolving an item -------------------------------------------------------------------

def _item_for(api, moderator, post_id) -> int:
    items = api.as_(moderator).get("/moderation/queue").get_json()["items"]
    return next(item["id"] for item in items if item["post"] and item["post"]["id"] == post_id)


def _set_status(app, post_id: int, status: str) -> None:
    from forum.community.models import Post

    with app.app_context():
        db.session.get(Post, post_id).status = status
        db.session.commit()


@pytest.mark.parametrize("status, offered, refused", [
    ("pending", ["approve", "reject"], ["dismiss", "hide", "remove"]),
    ("visible", ["dismiss", "hide", "remove"], ["approve", "reject"]),
    ("hidden", ["dismiss", "hide", "remove"], ["approve", "reject"]),
    ("removed", ["dismiss", "remove"], ["hide", "approve"]),
    ("withdrawn", ["remove"], ["dismiss", "hide", "approve"]),
])
def test_resolve_offers_what_applies_to_the_post_and_refuses_the_rest(app, client, auth, api, moderator,
                                                                      member, other_member, thread_in, status,
                                                                      offered, refused):
    _, post_id = thread_in(member)
    api.as_(other_member).post(f"/posts/{post_id}/flags", json={"reason": "spam"})
    item_id = _item_for(api, moderator, post_id)
    _set_status(app, post_id, status)
    auth.login(moderator)
    page = client.get(f"/moderation/items/{item_id}").get_data(as_text=True)
    shown = [action for action in ("dismiss", "approve", "hide", "remove", "reject")
             if f'name="action" type="radio" value="{action}"' in page]
    assert shown == sorted(offered, key=["dismiss", "approve", "hide", "remove", "reject"].index)
    mod = api.as_(moderator)
    for action in refused:
        answer = mod.post(f"/moderation/queue/{item_id}/resolve", json={"action": action, "reason": "r"})
        assert answer.status_code == 409, (action, answer.get_json())
        assert status in answer.get_json()["error"]["message"]
    form = client.post(f"/moderation/items/{item_id}", data={"action": refused[0], "reason": "Rule 1"})
    assert status in html.unescape(form.get_data(as_text=True)) and 'class="form-errors error-summary"' in form.get_data(as_text=True)
    done = mod.post(f"/moderation/queue/{item_id}/resolve", json={"action": offered[0], "reason": "Rule 1"})
    assert done.status_code == 200


def test_a_hidden_post_is_offered_restore(app, client, auth, api, moderator, member, thread_in):
    _, post_id = thread_in(member)
    api.as_(moderator).post(f"/posts/{post_id}/flags", json={"reason": "harassment"})  # hides it at once
    item_id = _item_for(api, moderator, post_id)
    auth.login(moderator)
    page = client.get(f"/moderation/items/{item_id}").get_data(as_text=True)
    assert "Restore: show the post again" in page and "Keep it hidden" in page
    assert "Approve: publish the held post" not in page
