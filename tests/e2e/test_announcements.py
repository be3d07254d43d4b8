"""Staff post an announcement; an open member page shows it without reload; the
member dismisses it and it stays dismissed."""
import pytest
from playwright.sync_api import expect

from tests.e2e.test_journey import sign_in
from tests.live import STAFF_NAME, STAFF_PASSWORD
from tests.realtime.clients import PASSWORD, Community

pytestmark = pytest.mark.e2e


def test_announcement_arrives_live_and_stays_dismissed(new_page, live_server):
    member_name, _ = Community(live_server.url).member("listener")
    member = new_page()
    sign_in(member, member_name, PASSWORD)
    member.goto("/c/wins")
    expect(member.locator("body")).to_have_attribute("data-live", "connected")
    member.evaluate("window.__noReload = true")

    staff = new_page()
    sign_in(staff, STAFF_NAME, STAFF_PASSWORD)
    staff.goto("/announcements")
    staff.get_by_label("Title").fill("Group session moved")
    staff.get_by_label("Announcement (Markdown)").fill("This week's group meets **Thursday**.")
    staff.get_by_role("button", name="Post to everyone").click()
    expect(staff.get_by_text("Announcement posted.")).to_be_visible()

    banner = member.locator(".announcement-banner", has_text="Group session moved")
    expect(banner).to_be_visible()
    expect(banner.locator("strong")).to_have_text("Thursday")
    assert member.evaluate("window.__noReload") is True
    banner.get_by_role("button", name="Dismiss").click()
    expect(banner).to_have_count(0)
    member.reload()
    expect(member.locator(".announcement-banner", has_text="Group session moved")).to_have_count(0)
    member.goto("/announcements")
    expect(member.get_by_role("heading", name="Group session moved")).to_be_visible()
    assert member.console_errors == [] and member.foreign_requests == []
