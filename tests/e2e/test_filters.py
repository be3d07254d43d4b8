"""Reader filters in a real browser, at a phone's width and a desktop's, light
and dark: a muted topic collapses a post (on load and live) and Show reveals
it; the composer offers a content warning with JavaScript and without."""
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.test_accessibility import violations
from tests.e2e.test_journey import sign_in
from tests.realtime.clients import PASSWORD, Community

pytestmark = pytest.mark.e2e

SHOTS = Path("/tmp/shots-filters")
# About medication, not crisis language: a crisis post is shown help, never offered a warning.
OVERDOSE = "My doctor changed my medication dosage this week and I feel foggy. Anyone else?"
SIZES = [(390, 844), (1280, 900)]


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _context(browser, live_server, width, height, scheme, **options):
    return browser.new_context(base_url=live_server.url, viewport={"width": width, "height": height},
                               color_scheme=scheme, bypass_csp=True, **options)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width, height", SIZES)
def test_a_muted_topic_collapses_a_post_and_show_reveals_it(browser, live_server, width, height, scheme):
    community = Community(live_server.url)
    _, writer = community.member("writer")
    reader_name, _ = community.member("reader")
    thread = community.thread(writer, title=f"Winter {width} {scheme}", body="How is everyone doing?")["thread"]
    first = writer.ok("POST", f"/threads/{thread['id']}/posts", {"body": OVERDOSE})["post"]
    context = _context(browser, live_server, width, height, scheme)
    try:
        page = context.new_page()
        sign_in(page, reader_name, PASSWORD)
        page.goto("/account/preferences")
        page.get_by_label("overdose and medication").check()
        page.get_by_label("Muted words and phrases (one per line)").fill("relapse")
        page.get_by_role("button", name="Save preferences").click()
        expect(page.get_by_text("Preferences saved.")).to_be_visible()
        page.locator("#filters").scroll_into_view_if_needed()
        _shot(page, f"preferences-{width}-{scheme}")

        page.goto(f"/t/{thread['id']}")
        post = page.locator(f"#post-{first['id']}")
        expect(post.get_by_text("Hidden by your filter: overdose and medication")).to_be_visible()
        expect(post.get_by_text("medication dosage")).to_be_hidden()
        assert violations(page) == []
        expect(page.locator("body")).to_have_attribute("data-live", "connected")
        # Live: a new post the filter matches arrives collapsed too.
        second = writer.ok("POST", f"/threads/{thread['id']}/posts",
                           {"body": "Another note: my meds were changed this week."})["post"]
        live = page.locator(f"#post-{second['id']}")
        expect(live.get_by_text("Hidden by your filter: overdose and medication")).to_be_visible()
        expect(live.get_by_text("meds were changed")).to_be_hidden()
        post.scroll_into_view_if_needed()
        _shot(page, f"filtered-{width}-{scheme}")
        post.get_by_text("Hidden by your filter").click()
        expect(post.get_by_text("medication dosage")).to_be_visible()
        _shot(page, f"revealed-{width}-{scheme}")
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width, height", SIZES)
def test_the_composer_offers_a_content_warning(browser, live_server, width, height, scheme):
    community = Community(live_server.url)
    writer_name, writer = community.member("writer")
    thread = community.thread(writer, title=f"Checking in {width} {scheme}")["thread"]
    context = _context(browser, live_server, width, height, scheme)
    try:
        page = context.new_page()
        sign_in(page, writer_name, PASSWORD)
        page.goto(f"/t/{thread['id']}")
        page.get_by_label("Your reply").fill(OVERDOSE)
        offer = page.get_by_role("button", name="Add a content warning: overdose and medication?")
        expect(offer).to_be_visible(timeout=10_000)
        offer.scroll_into_view_if_needed()
        assert violations(page) == []
        _shot(page, f"offer-js-{width}-{scheme}")
        offer.click()
        expect(page.get_by_label("Content warning")).to_have_value("overdose and medication")
        expect(page.get_by_label("Content warning")).to_be_focused()
        page.get_by_role("button", name="Post reply").click()
        expect(page.locator(".post").last.get_by_text("Content warning: overdose and medication")).to_be_visible()
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_without_javascript_the_offer_comes_once(browser, live_server, scheme):
    community = Community(live_server.url)
    writer_name, writer = community.member("writer")
    thread = community.thread(writer, title=f"No script {scheme}")["thread"]
    context = _context(browser, live_server, 390, 844, scheme, java_script_enabled=False)
    try:
        page = context.new_page()
        sign_in(page, writer_name, PASSWORD)
        page.goto(f"/t/{thread['id']}")
        page.get_by_label("Your reply").fill(OVERDOSE)
        page.get_by_role("button", name="Post reply").click()
        note = page.locator("#warning-offer")
        expect(note).to_contain_text("overdose and medication")
        expect(page.get_by_label("Content warning")).to_have_value("overdose and medication")
        expect(page.get_by_label("Your reply")).to_have_value(OVERDOSE)
        note.scroll_into_view_if_needed()
        _shot(page, f"offer-nojs-390-{scheme}")
        page.get_by_label("Content warning").fill("")  # declined: posting goes ahead without it
        page.get_by_role("button", name="Post reply").click()
        expect(page.get_by_text("medication dosage")).to_be_visible()
        expect(page.locator("#warning-offer")).to_have_count(0)
    finally:
        context.close()
