"""End to end in Chromium, on a phone and on a desktop: after a crisis post
the writer lands on the help under it, in view and focused, with tap-to-call
and tap-to-text links; it is still there after a reload and closes without
one. Without JavaScript the anchor still brings it into view.

Screenshots go to /tmp (crisis-panel-*.png) for a person to look at."""
import pytest
from playwright.sync_api import expect

from tests.e2e.test_accessibility import violations
from tests.e2e.test_journey import sign_in
from tests.realtime.clients import PASSWORD, Community

pytestmark = pytest.mark.e2e

CRISIS = "I don't want to be here anymore. I have the pills and I'm going to end it tonight."
PHONE, DESKTOP = {"width": 390, "height": 844}, {"width": 1280, "height": 900}


@pytest.fixture
def long_thread(live_server):
    """A thread with a dozen replies, so a new reply lands far down the page;
    and a member to write in it."""
    community = Community(live_server.url)
    _, opener = community.member("opener")
    thread = community.thread(opener, title="Checking in this week", body="How is everyone holding up?")["thread"]
    for number in range(12):
        opener.ok("POST", f"/threads/{thread['id']}/posts", {"body": f"Update {number}: a quiet day, some rest.\n\n"
                                                                     "Walked the dog twice and slept a little."})
    writer_name, _ = community.member("writer")
    return thread, writer_name


def send_and_land_on_help(page, button: str):
    """Send the form with this button; the writer lands on the help under their post."""
    page.get_by_role("button", name=button).click()
    page.wait_for_url("**#crisis-help")
    return page.locator("#crisis-help")


def in_viewport(page, locator) -> bool:
    box = locator.bounding_box()
    size = page.viewport_size
    return box is not None and box["y"] < size["height"] and box["y"] + box["height"] > 0 \
        and box["x"] < size["width"] and box["x"] + box["width"] > 0


def focus_is_in(page, selector: str) -> bool:
    return page.evaluate("selector => document.querySelector(selector)?.contains(document.activeElement) ?? false",
                         selector)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_crisis_reply_lands_on_the_help_under_it(new_page, long_thread, viewport):
    thread, writer_name = long_thread
    page = new_page()
    page.set_viewport_size(viewport)
    sign_in(page, writer_name, PASSWORD)
    page.goto(thread["url"])
    page.get_by_label("Your reply").fill(CRISIS)
    hint = page.locator("#composer-crisis")  # the composer's live check, before posting
    expect(hint.get_by_role("link", name="Call 988")).to_have_attribute("href", "tel:988")
    hint.screenshot(path=f"/tmp/composer-hint-{viewport['width']}.png")
    panel = send_and_land_on_help(page, "Post reply")
    expect(panel).to_be_focused()
    assert focus_is_in(page, "#crisis-help") and in_viewport(page, panel)
    expect(panel.get_by_role("heading", name="You're not alone")).to_be_visible()
    # Directly under the writer's own reply.
    previous = panel.evaluate("node => node.previousElementSibling.querySelector('.post-body').textContent")
    assert "want to be here anymore" in previous
    expect(panel.get_by_role("link", name="Call 988")).to_have_attribute("href", "tel:988")
    expect(panel.get_by_role("link", name="Text 988")).to_have_attribute("href", "sms:988")
    expect(panel.get_by_role("link", name="Text HOME to 741741")).to_have_attribute("href", "sms:741741?&body=HOME")
    expect(panel.get_by_role("link", name="Call 911")).to_have_attribute("href", "tel:911")
    page.screenshot(path=f"/tmp/crisis-panel-{viewport['width']}.png")
    panel.screenshot(path=f"/tmp/crisis-panel-{viewport['width']}-whole.png")
    page.locator("#help-now").screenshot(path=f"/tmp/help-now-{viewport['width']}.png")

    page.reload()
    expect(panel).to_be_visible()
    expect(panel).to_be_focused()
    assert in_viewport(page, panel)

    page.get_by_role("button", name="Close this for now").click()
    expect(panel).to_have_count(0)
    expect(page.locator("#live-status")).to_contain_text("Closed.")
    assert focus_is_in(page, "#posts")  # back on the writer's post
    page.reload()
    expect(page.locator("#crisis-help")).to_have_count(0)
    assert page.console_errors == [] and page.foreign_requests == []


def test_a_new_crisis_thread_shows_the_safety_plan_first(new_page, live_server):
    community = Community(live_server.url)
    writer_name, writer = community.member("planner")
    writer.ok("PUT", "/me/safety-plan", {"warning_signs": "Not sleeping. Skipping meals.",
                                         "people_to_ask": "My sister Ana: 555-0101.",
                                         "reasons_for_living": "Biscuit, my dog, and my niece."})
    page = new_page()
    page.set_viewport_size(PHONE)
    sign_in(page, writer_name, PASSWORD)
    page.goto("/c/coping/new")
    page.get_by_label("Title").fill("Tonight")
    page.get_by_label("Your post").fill(CRISIS)
    panel = send_and_land_on_help(page, "Post thread")
    expect(panel).to_be_focused()
    assert in_viewport(page, panel)
    plan = panel.locator("details.safety-plan-summary")
    expect(plan).to_have_attribute("open", "")
    expect(plan).to_contain_text("My sister Ana: 555-0101.")
    assert plan.bounding_box()["y"] < panel.locator(".resource-list").bounding_box()["y"]
    panel.screenshot(path="/tmp/crisis-panel-390-plan.png")
    assert page.console_errors == [] and page.foreign_requests == []


def test_the_panel_and_the_safety_plan_page_pass_an_audit(browser, live_server):
    community = Community(live_server.url)
    writer_name, writer = community.member("audited")
    writer.ok("PUT", "/me/safety-plan", {"coping_strategies": "A shower, then tea."})
    thread = community.thread(writer, title="Hard night", body=CRISIS)["thread"]
    for scheme in ("light", "dark"):
        context = browser.new_context(base_url=live_server.url, color_scheme=scheme, bypass_csp=True,
                                      viewport=PHONE)
        page = context.new_page()
        try:
            sign_in(page, writer_name, PASSWORD)
            page.goto(thread["url"] + "#crisis-help")
            expect(page.locator("#crisis-help")).to_be_visible()
            assert violations(page) == [], scheme
            page.goto("/account/safety-plan")
            assert violations(page) == [], scheme
            if scheme == "dark":
                page.locator("main").screenshot(path="/tmp/safety-plan-390-dark.png")
        finally:
            context.close()


def test_without_javascript_the_anchor_brings_it_into_view_and_the_form_closes_it(browser, live_server,
                                                                                     long_thread):
    thread, writer_name = long_thread
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    try:
        sign_in(page, writer_name, PASSWORD)
        page.goto(thread["url"])
        page.get_by_label("Your reply").fill(CRISIS)
        panel = send_and_land_on_help(page, "Post reply")
        expect(panel).to_be_visible()
        assert in_viewport(page, panel)
        page.get_by_role("button", name="Close this for now").click()
        page.wait_for_url("**#post-*")
        expect(page.locator("#crisis-help")).to_have_count(0)
        expect(page.get_by_text("Help is always there under")).to_be_visible()
    finally:
        context.close()
