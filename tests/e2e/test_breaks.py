"""Taking a break on a phone: a member starts a one-day break, finds the gentle
page with help on it wherever they go in the community, and ends it. The
pages are audited and photographed in light and dark."""
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.test_accessibility import violations
from tests.e2e.test_journey import sign_in
from tests.realtime.clients import PASSWORD, Community

pytestmark = pytest.mark.e2e

SHOTS = Path("/tmp/shots-breaks")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_one_day_break_and_its_end(browser, live_server, scheme):
    community = Community(live_server.url)
    name, _ = community.member("resting")
    # bypass_csp lets the audit script in; nothing else on the page changes.
    context = browser.new_context(base_url=live_server.url, color_scheme=scheme, bypass_csp=True,
                                  viewport={"width": 390, "height": 844})
    page = context.new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    SHOTS.mkdir(exist_ok=True)
    try:
        sign_in(page, name, PASSWORD)
        page.goto("/account/preferences")
        expect(page.get_by_label(re.compile(r"^Quiet from \("))).to_have_attribute("type", "time")
        page.locator("#quiet-hours").screenshot(path=str(SHOTS / f"quiet-hours-390-{scheme}.png"))
        page.locator("#take-a-break").get_by_role("link", name="Take a break").click()
        expect(page.get_by_role("heading", name="Take a break", level=1)).to_be_visible()
        assert violations(page) == []
        page.screenshot(path=str(SHOTS / f"take-break-390-{scheme}.png"), full_page=True)
        page.get_by_label("1 day").check()
        page.get_by_role("button", name="Start my break").click()

        main = page.locator("main")
        expect(main.get_by_role("heading", name="You're taking a break", level=1)).to_be_visible()
        expect(main.get_by_role("link", name="Your safety plan")).to_have_attribute("href", "/account/safety-plan")
        expect(main.get_by_role("link", name="Call 988").first).to_have_attribute("href", "tel:988")
        assert violations(page) == []
        page.screenshot(path=str(SHOTS / f"on-break-390-{scheme}.png"), full_page=True)

        page.goto("/c/coping")  # anywhere in the community: the same gentle page
        expect(main.get_by_role("heading", name="You're taking a break", level=1)).to_be_visible()
        main.get_by_role("link", name="Your safety plan").click()
        expect(page.get_by_role("heading", name="Your safety plan", level=1)).to_be_visible()
        page.goto("/")
        page.set_viewport_size({"width": 1280, "height": 900})
        page.screenshot(path=str(SHOTS / f"on-break-1280-{scheme}.png"), full_page=True)
        page.set_viewport_size({"width": 390, "height": 844})

        page.get_by_role("button", name="End my break").click()
        expect(page.get_by_text("Welcome back. Your break has ended.")).to_be_visible()
        expect(main.get_by_role("heading", name="You're taking a break")).to_have_count(0)
        assert errors == []
    finally:
        context.close()
