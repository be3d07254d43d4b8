"""A memorial, as staff and a member meet it on a phone and a desktop: staff
open it from the member's standing page with the template's words, it is
pinned with the crisis resources at its top, and a member's reply waits for a
moderator."""
import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.test_journey import sign_in
from tests.live import STAFF_NAME, STAFF_PASSWORD
from tests.realtime.clients import PASSWORD, Community

pytestmark = pytest.mark.e2e

SHOTS = Path(os.environ.get("HEARTH_SHOTS", "/tmp/shots-memorials"))


@pytest.mark.parametrize("width, height", [(390, 844), (1280, 900)])
def test_staff_open_a_memorial_and_a_members_reply_waits(new_page, live_server, width, height):
    SHOTS.mkdir(parents=True, exist_ok=True)
    community = Community(live_server.url)
    remembered, their_api = community.member("remembered")
    member_id = their_api.ok("GET", "/me")["user"]["id"]
    reader_name, _ = community.member("reader")

    staff = new_page()
    staff.set_viewport_size({"width": width, "height": height})
    sign_in(staff, STAFF_NAME, STAFF_PASSWORD)
    staff.goto(f"/moderation/members/{member_id}")
    staff.get_by_role("link", name="Open a memorial").click()
    expect(staff.get_by_label("Title")).to_have_value(f"Remembering {remembered}")
    expect(staff.get_by_label("Opening words (Markdown)")).to_contain_text("a member of our community, has died")
    expect(staff.get_by_label("30 days")).to_be_checked()
    staff.screenshot(path=str(SHOTS / f"open-{width}-light.png"), full_page=True)
    staff.get_by_role("button", name="Open the memorial").click()

    expect(staff.locator("h1")).to_have_text(f"Remembering {remembered}")
    expect(staff.locator("#thread-meta .badge.pin")).to_be_visible()
    expect(staff.locator("#memorial-help")).to_contain_text("988")
    expect(staff.locator("#memorial-checklist")).to_contain_text("Tell the moderators")
    staff.get_by_role("button", name="Tell the moderators").click()
    expect(staff.locator("#memorial-checklist")).to_contain_text(f"Done by {STAFF_NAME}")
    staff.screenshot(path=str(SHOTS / f"thread-staff-{width}-light.png"), full_page=True)
    staff.emulate_media(color_scheme="dark")
    staff.screenshot(path=str(SHOTS / f"thread-staff-{width}-dark.png"), full_page=True)

    member = new_page()
    member.set_viewport_size({"width": width, "height": height})
    sign_in(member, reader_name, PASSWORD)
    row = member.locator(".thread-row", has_text=f"Remembering {remembered}")
    expect(row.locator(".badge.pin")).to_contain_text("everywhere")
    row.locator(".thread-title").click()
    help_box = member.locator("#memorial-help")
    expect(help_box).to_be_visible()
    assert help_box.bounding_box()["y"] < member.locator("#posts").bounding_box()["y"]
    expect(member.locator("#memorial-checklist")).to_have_count(0)
    member.get_by_label("Your reply").fill("They always made me laugh. I'll miss them.")
    member.get_by_role("button", name="Post reply").click()
    expect(member.locator("body")).to_contain_text("waiting for a moderator")
    member.screenshot(path=str(SHOTS / f"thread-member-{width}-light.png"), full_page=True)
    member.emulate_media(color_scheme="dark")
    member.screenshot(path=str(SHOTS / f"thread-member-{width}-dark.png"), full_page=True)

    others = new_page()
    sign_in(others, STAFF_NAME, STAFF_PASSWORD)
    others.goto("/moderation")
    item = others.locator(".queue-item", has_text=f"Remembering {remembered}")
    expect(item).to_contain_text("memorial")
    others.goto(item.locator("a[href*='/moderation/items/']").first.get_attribute("href"))
    expect(others.locator("body")).to_contain_text("memorial thread: check for method details and glorification")
    assert staff.console_errors == [] and member.console_errors == []
    assert staff.foreign_requests == [] and member.foreign_requests == []
