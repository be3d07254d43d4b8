"""Open pages follow the rules as they change: a lock, a mute and new crisis
resources reach a member's open thread page without a reload, and a reply
being written is never lost."""
import pytest
from playwright.sync_api import expect

from tests.e2e.test_journey import sign_in
from tests.live import STAFF_NAME, STAFF_PASSWORD
from tests.realtime.clients import PASSWORD, Community

pytestmark = pytest.mark.e2e


def _open_thread(new_page, username, url):
    page = new_page()
    sign_in(page, username, PASSWORD)
    page.goto(url)
    expect(page.locator("body")).to_have_attribute("data-live", "connected")
    return page


def test_a_lock_reaches_the_open_thread_and_keeps_the_draft(new_page, live_server):
    community = Community(live_server.url)
    _, author = community.member("author")
    reader_name, _ = community.member("reader")
    thread = community.thread(author, title="Quiet evenings", body="What helps you wind down?")["thread"]
    page = _open_thread(new_page, reader_name, thread["url"])
    page.get_by_label("Your reply").fill("A warm bath and an early night.")

    community.staff.ok("POST", f"/threads/{thread['id']}/lock", {"reason": "Resting the thread"})
    expect(page.locator("#thread-meta")).to_contain_text("Locked")
    expect(page.locator("#page-changed")).to_contain_text("Moderators locked this thread")
    expect(page.get_by_role("button", name="Post reply")).to_have_count(0)
    expect(page.locator("#unsent-reply")).to_have_value("A warm bath and an early night.")

    community.staff.ok("POST", f"/threads/{thread['id']}/unlock", {"reason": "Open again"})
    expect(page.get_by_role("button", name="Post reply")).to_be_visible()
    assert page.console_errors == [] and page.foreign_requests == []


def test_a_mute_and_new_crisis_resources_reach_open_pages(new_page, live_server):
    community = Community(live_server.url)
    member_name, member = community.member("muted")
    thread = community.thread(member, title="Checking in", body="How is everyone today?")["thread"]
    page = _open_thread(new_page, member_name, thread["url"])
    member_id = member.ok("GET", "/me")["user"]["id"]

    mute = community.staff.ok("POST", f"/users/{member_id}/sanctions", {"kind": "mute", "reason": "A pause"})
    expect(page.locator("#page-changed")).to_contain_text("You're muted for now")
    expect(page.get_by_role("button", name="Post reply")).to_have_count(0)
    community.staff.ok("DELETE", f"/sanctions/{mute['sanction']['id']}", {"reason": "Over"})
    expect(page.get_by_role("button", name="Post reply")).to_be_visible()

    staff = new_page()
    sign_in(staff, STAFF_NAME, STAFF_PASSWORD)
    staff.goto("/staff/settings")
    empty_row = staff.get_by_role("group", name="Resource 5")
    empty_row.get_by_label("Name").fill("Riverside clinic line")
    empty_row.get_by_label("Number to call").fill("555-0100")
    staff.get_by_label("Why this change").fill("Clinic line added")
    staff.get_by_role("button", name="Save settings").click()
    expect(page.locator("#help-now")).to_contain_text("Riverside clinic line")
    for opened in (page, staff):
        assert opened.console_errors == [] and opened.foreign_requests == []
