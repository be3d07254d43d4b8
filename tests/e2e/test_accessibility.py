"""Every page passes an automated axe-core audit, in light and dark mode."""
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.test_journey import sign_in
from tests.live import STAFF_NAME, STAFF_PASSWORD
from tests.realtime.clients import Community
from tests.routes import fill

pytestmark = pytest.mark.e2e

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
RULES = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}}


def violations(page) -> list[str]:
    # The audit script is injected by the test; the context bypasses CSP for it alone.
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("options => axe.run(document, options)", RULES)
    return [f"{v['id']}: {v['help']} — {[n['target'] for n in v['nodes']][:3]}" for v in result["violations"]]


@pytest.fixture(scope="module")
def site(live_server):
    """A little community to audit: a thread with replies, a crisis item, an announcement."""
    community = Community(live_server.url)
    _, writer = community.member("writer")
    _, reader = community.member("reader")
    thread = community.thread(writer, title="Audited thread", body="Some **words** and a [link](https://example.org).")
    reader.ok("POST", f"/threads/{thread['thread']['id']}/posts", {"body": "A reply with a quote.\n\n> quoted"})
    community.thread(writer, title="Hard night", body="i want to die")
    community.staff.ok("POST", "/announcements", {"title": "Audit notice", "body": "Hello."})
    item_id = community.staff.ok("GET", "/moderation/queue")["items"][0]["id"]
    member_id = reader.ok("GET", "/me")["user"]["id"]
    return {"thread": thread["thread"]["id"], "item": item_id, "member": member_id}


PUBLIC = ["/", "/rules", "/help", "/privacy", "/sign-in", "/apply", "/forgot-password", "/reset-password?token=x"]
STAFF_PAGES = ["/", "/c/coping", "/c/treatment-journeys", "/t/{thread}", "/c/coping/new", "/search?q=words",
               "/notifications", "/announcements", "/account", "/account/preferences", "/account/data",
               "/account/standing", "/moderation", "/moderation/items/{item}", "/moderation/log",
               "/membership/applicants", "/staff/members", "/staff/settings", "/staff/categories",
               "/staff/watched-words", "/t/{thread}/moderate", "/u/e2e_staff", "/staff/insights",
               "/staff/insights?days=90", "/t/{thread}/pin", "/moderation/log?member=nobody_here&since=soon",
               "/account/break", "/moderation/members/{member}", "/moderation/members/{member}/memorial",
               "/moderation/members/{member}/close"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_public_pages(browser, live_server, scheme):
    context = browser.new_context(base_url=live_server.url, color_scheme=scheme, bypass_csp=True)
    page = context.new_page()
    try:
        for path in PUBLIC:
            page.goto(path)
            assert violations(page) == [], path
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_signed_in_pages(browser, live_server, site, scheme):
    context = browser.new_context(base_url=live_server.url, color_scheme=scheme, bypass_csp=True)
    page = context.new_page()
    try:
        sign_in(page, STAFF_NAME, STAFF_PASSWORD)
        for template in STAFF_PAGES:
            path = fill(template, site)
            page.goto(path)
            expect(page.locator("main")).to_be_visible()
            assert violations(page) == [], path
    finally:
        context.close()


def test_keyboard_only_flag_and_queue(new_page, live_server, site):
    community = Community(live_server.url)
    name, _ = community.member("keyboard")
    from tests.realtime.clients import PASSWORD

    page = new_page()
    sign_in(page, name, PASSWORD)
    page.goto(f"/t/{site['thread']}")
    flag_link = page.locator("article.post").first.get_by_role("link", name="Flag")
    flag_link.focus()
    page.keyboard.press("Enter")
    page.get_by_label("Spam").focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")  # the note
    page.keyboard.type("Checking with the keyboard only.")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_text("A moderator will look at this post")).to_be_visible()
    # Focus is visible: the focused element draws an outline. (Right after a
    # page load, under load, the first Tab can land before the page takes focus.)
    for _ in range(3):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement !== document.body"):
            break
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
