"""Forms for people, in a real browser at a phone's width: a moderator
sanctions with a preset in two taps, and a member sets a new password through
a link staff handed them, then finds their welcome."""
import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.test_journey import sign_in
from tests.live import STAFF_NAME, STAFF_PASSWORD
from tests.realtime.clients import Community

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
SHOTS = os.environ.get("HEARTH_SCREENSHOTS")


def _shot(page, name: str) -> None:
    """Screenshots for a person to look at, when HEARTH_SCREENSHOTS names a folder."""
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def _user_id(api) -> int:
    return api.ok("GET", "/me")["user"]["id"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_moderator_mutes_for_three_days_in_two_taps(new_page, live_server, scheme):
    community = Community(live_server.url)
    name, member = community.member("muted_soon")
    moderator = new_page()
    moderator.set_viewport_size(PHONE)
    moderator.emulate_media(color_scheme=scheme)
    sign_in(moderator, STAFF_NAME, STAFF_PASSWORD)
    moderator.goto(f"/moderation/members/{_user_id(member)}")
    ends = moderator.get_by_role("group", name=re.compile(r"How long .*times in New York time"))
    expect(ends).to_be_visible()
    moderator.get_by_label("Sanction", exact=True).select_option("mute")
    moderator.get_by_label("Reason (the member is told)").fill("Let's take a breather.")
    _shot(moderator, f"sanction-form-390-{scheme}")

    ends.get_by_text("3 days").click()  # tap one
    expect(ends.get_by_label("3 days")).to_be_checked()
    moderator.get_by_role("button", name="Apply").click()  # tap two
    expect(moderator.locator(".flash")).to_contain_text("Sanction applied and logged.")
    expect(moderator.locator("main")).to_contain_text("Status: muted until")
    _shot(moderator, f"sanction-done-390-{scheme}")
    sanction = member.ok("GET", "/me")["user"]
    assert sanction["status"] == "muted"
    width = moderator.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], width
    assert moderator.console_errors == [] and moderator.foreign_requests == []


def test_a_past_date_is_refused_and_the_form_kept(new_page, live_server):
    community = Community(live_server.url)
    _, member = community.member("not_muted")
    moderator = new_page()
    moderator.set_viewport_size(PHONE)
    sign_in(moderator, STAFF_NAME, STAFF_PASSWORD)
    moderator.goto(f"/moderation/members/{_user_id(member)}")
    moderator.get_by_label("Sanction", exact=True).select_option("suspend")
    moderator.get_by_label("Reason (the member is told)").fill("Time away.")
    moderator.get_by_label(re.compile(r"^Date and time, New York time")).fill("2020-01-01T09:00")
    expect(moderator.get_by_label("On a date and time")).to_be_checked()  # typing chose it
    moderator.get_by_role("button", name="Apply").click()
    expect(moderator.locator(".ends-field .error")).to_have_text("Choose a time in the future.")
    expect(moderator.get_by_label("Reason (the member is told)")).to_have_value("Time away.")
    _shot(moderator, "sanction-past-390")


def test_a_member_resets_their_password_through_a_staff_link(new_page, live_server):
    community = Community(live_server.url)
    name, member = community.member("forgetful")
    staff = new_page()
    staff.set_viewport_size(PHONE)
    sign_in(staff, STAFF_NAME, STAFF_PASSWORD)
    staff.goto(f"/moderation/members/{_user_id(member)}")
    staff.get_by_role("button", name="Make a reset link").click()
    link = staff.get_by_label(f"Reset link for {name}").input_value()
    assert "/reset-password?token=" in link
    link = "/" + link.split("://", 1)[1].split("/", 1)[1]  # the address is HEARTH_BASE_URL's; this server's port differs
    _shot(staff, "reset-link-issued-390")

    person = new_page()
    person.set_viewport_size(PHONE)
    person.goto(link)
    expect(person.get_by_role("heading", name="Choose a new password")).to_be_visible()
    person.get_by_label("New password").fill("short")
    person.get_by_role("button", name="Set my new password").click()
    expect(person.locator(".field .error")).to_contain_text("at least 10 characters")
    person.get_by_label("New password").fill("a fresh start for me")
    _shot(person, "reset-form-390")
    person.get_by_role("button", name="Set my new password").click()
    expect(person.locator(".flash")).to_contain_text("Your new password is set")
    expect(person.get_by_role("heading", level=1)).to_have_text(f"Welcome, {name}")
    welcome = person.locator("[data-welcome]")
    expect(welcome.get_by_role("link", name="Introduce yourself in Introductions")).to_be_visible()
    _shot(person, "welcome-390")
    assert member.call("GET", "/me").status_code == 401  # the old token ended

    welcome.get_by_role("button", name=re.compile("close the welcome")).click()
    expect(welcome).to_have_count(0)
    expect(person.get_by_role("heading", level=1)).to_be_focused()
    person.reload()
    expect(person.get_by_role("heading", level=1)).to_have_text(f"Welcome back, {name}")

    again = new_page()
    again.goto(link)
    expect(again.get_by_role("heading", name="This reset link doesn't work")).to_be_visible()
    expect(again.locator("main")).to_contain_text("already used")
    staff.goto("/moderation/log?action=password_reset_link_issued")
    expect(staff.locator("tbody")).to_contain_text(name)
    _shot(staff, "log-filtered-390")
    assert person.console_errors == [] and person.foreign_requests == []


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_new_forms_fit_the_screen(new_page, live_server, width, scheme):
    community = Community(live_server.url)
    _, writer = community.member("pinned_writer")
    thread = community.thread(writer, title=f"Pin me {width} {scheme}")["thread"]
    staff = new_page()
    staff.set_viewport_size({"width": width, "height": 900})
    staff.emulate_media(color_scheme=scheme)
    sign_in(staff, STAFF_NAME, STAFF_PASSWORD)
    for name, path in [("settings", "/staff/settings"), ("log", "/moderation/log"), ("pin", f"/t/{thread['id']}/pin"),
                       ("announcements", "/announcements")]:
        staff.goto(path)
        assert staff.evaluate("document.documentElement.scrollWidth") <= width, (path, width)
        if name == "settings":
            staff.locator(".days-field").scroll_into_view_if_needed()
        _shot(staff, f"{name}-{width}-{scheme}")
    visitor = new_page()
    visitor.set_viewport_size({"width": width, "height": 900})
    visitor.emulate_media(color_scheme=scheme)
    visitor.goto("/forgot-password")
    assert visitor.evaluate("document.documentElement.scrollWidth") <= width
    _shot(visitor, f"forgot-{width}-{scheme}")
    assert staff.console_errors == [] and visitor.console_errors == []
