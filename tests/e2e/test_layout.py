"""Every page on a phone: nothing scrolls sideways at 360 px and every link,
button and form control is big enough to tap, for every kind of visitor; the
header is one row on a wide screen and a keyboard-operable menu on a phone."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.conftest import make_app
from tests.e2e.test_journey import sign_in
from tests.live import STAFF_NAME, STAFF_PASSWORD
from tests.realtime.clients import PASSWORD, Community
from tests.routes import fill, get_rules

pytestmark = pytest.mark.e2e

PHONE = {"width": 360, "height": 780}
ROLES = ["anonymous", "pending", "member", "moderator", "staff"]
# Routes that answer with something other than a page: data, downloads, fragments, redirects.
NOT_PAGES = {"pages.healthz", "oncall.service_worker", "accounts.export_data", "insights.chart_csv",
             "community.post_fragment", "community.post"}
QUERIES = {"search.search_page": "?q=words"}
LONG_WORD = "Pneumonoultramicroscopicsilicovolcanoconiosis" * 3
BODY = (f"Some **words** with a long one: {LONG_WORD} and an address "
        f"https://example.org/{'a-very-long-path-segment/' * 6}\n\n"
        "```\n" + "a line of code that is much wider than any phone " * 3 + "\n```\n\n> quoted words")

# The page is no wider than the window; if it is, which element sticks out furthest.
OVERFLOW = """() => {
  const width = window.innerWidth;
  if (document.documentElement.scrollWidth <= width) { return null; }
  let widest = null, right = width;
  const clipped = (el) => {
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== 'visible') { return true; }
    }
    return false;
  };
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.right > right + 0.5 && !clipped(el)) { right = box.right; widest = el; }
  }
  const label = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + (typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  const wide = `${document.documentElement.scrollWidth} px wide`;
  if (widest) { return `${wide}, widest ${label(widest)} reaching ${Math.round(right)} px`; }
  // Nothing sticks out by its box: then some element's own content (text in a flex row) spills out of it.
  const spilling = [...document.body.querySelectorAll('*')].filter((el) => el.clientWidth > 0
    && el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX === 'visible');
  return spilling.length ? `${wide}, the content of ${label(spilling[spilling.length - 1])} spills out of it` : wide;
}"""

# Targets under 24 x 24 px (WCAG 2.2, 2.5.8), and primary buttons under 44 px
# tall. A link inside a sentence (a paragraph with other words in it, or
# anything in a post's text) is exempt, as WCAG allows.
SMALL_TARGETS = """() => {
  const found = [];
  const describe = (el, box) => `${el.tagName.toLowerCase()} "${(el.textContent || el.value || el.name || '')
    .trim().replace(/\\s+/g, ' ').slice(0, 30)}" ${Math.round(box.width)}x${Math.round(box.height)}`;
  for (const el of document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary')) {
    if (!el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})) { continue; }
    const box = el.getBoundingClientRect();
    if (box.width <= 1 || box.height <= 1 || box.right <= 0 || box.bottom <= 0) { continue; }
    if (el.closest('.prose')) { continue; }
    const sentence = el.parentElement.closest('p, blockquote, .help');
    const words = (node) => node.textContent.replace(/\\s+/g, ' ').trim();
    if (sentence && words(sentence).length > words(el).length + 3) { continue; }
    if (box.width < 23.9 || box.height < 23.9) { found.push(describe(el, box)); }
    else if (el.matches('.button:not(.small)') && box.height < 43.9) { found.push(describe(el, box) + ' (a primary action)'); }
  }
  return found;
}"""


@pytest.fixture(scope="module")
def world(live_server):
    """A small community with one of everything a page can show, and a visitor of each kind."""
    community = Community(live_server.url)
    writer_name, writer = community.member("writer")
    _, reader = community.member("reader")
    thread = community.thread(writer, title=f"A long title {LONG_WORD[:100]}", body=BODY)["thread"]
    reply = reader.ok("POST", f"/threads/{thread['id']}/posts", {"body": "A reply.\n\n> quoted"})["post"]
    community.thread(writer, title="Hard night", body="i want to die tonight, I have the pills")
    notice = community.staff.ok("POST", "/announcements", {"title": "Layout notice", "body": f"Hello {LONG_WORD}."})
    item = community.staff.ok("GET", "/moderation/queue")["items"][0]["id"]
    conversation = writer.ok("POST", "/me/conversations", {"about": "me", "body": "Could someone check in?"})
    moderator_name, moderator = community.member("moderator")
    moderator_id = moderator.ok("GET", "/me")["user"]["id"]
    community.staff.ok("PUT", f"/users/{moderator_id}/role", {"role": "moderator", "reason": "Helps out"})
    pending_name, _ = community.member("pending", approve=False)
    member_name, _ = community.member("member")
    ids = {"thread": thread["id"], "post": reply["id"], "category": "coping", "item": item,
           "author": writer.ok("GET", "/me")["user"]["id"], "author_name": writer_name, "chart": "activity",
           "conversation": conversation["conversation"]["id"]}
    people = {"pending": pending_name, "member": member_name, "moderator": moderator_name}
    yield {"ids": ids, "people": people}
    community.staff.ok("DELETE", f"/announcements/{notice['announcement']['id']}")  # other tests' pages stay as they were


@pytest.fixture(scope="module")
def page_paths(database_url, world):
    """Every page in the app's URL map, filled in with the world's ids."""
    app = make_app(database_url)
    paths = [fill(rule.rule, world["ids"]) + QUERIES.get(rule.endpoint, "")
             for rule in get_rules(app) if rule.endpoint not in NOT_PAGES and not rule.endpoint.startswith("api.")]
    return sorted(set(paths))


def signed_in_page(browser, live_server, world, role, **options):
    context = browser.new_context(base_url=live_server.url, **options)
    page = context.new_page()
    if role == "staff":
        sign_in(page, STAFF_NAME, STAFF_PASSWORD)
    elif role != "anonymous":
        sign_in(page, world["people"][role], PASSWORD)
    return page


@pytest.mark.parametrize("role", ROLES)
def test_every_page_fits_a_phone_and_is_easy_to_tap(browser, live_server, world, page_paths, role):
    page = signed_in_page(browser, live_server, world, role, viewport=PHONE)
    problems, seen = [], set()
    try:
        for path in page_paths:
            page.goto(path)
            shown = page.url.removeprefix(live_server.url)
            if shown in seen:  # redirected to a page already checked (sign in, waiting)
                continue
            seen.add(shown)
            overflow = page.evaluate(OVERFLOW)
            if overflow:
                problems.append(f"{shown} scrolls sideways: {overflow}")
            small = page.evaluate(SMALL_TARGETS)
            if small:
                problems.append(f"{shown} has small targets: {'; '.join(small[:8])}")
    finally:
        page.context.close()
    assert len(seen) >= 3
    assert problems == [], f"as {role} at {PHONE['width']} px:\n" + "\n".join(problems)


@pytest.mark.parametrize("role", ROLES)
def test_the_header_is_one_row_on_a_wide_screen(browser, live_server, world, role):
    page = signed_in_page(browser, live_server, world, role, viewport={"width": 1280, "height": 900})
    try:
        page.goto("/")
        header = page.locator(".site-header").bounding_box()
        assert header["height"] < 80, header
        expect(page.get_by_role("button", name="Menu")).to_be_hidden()
        expect(page.get_by_role("link", name="Need help now?").first).to_be_visible()
        if role in ("moderator", "staff"):
            tools = page.locator(".tools-menu")
            expect(tools.get_by_role("link", name="Moderation queue")).to_be_hidden()
            tools.locator("summary").click()
            expect(tools.get_by_role("link", name="Moderation queue")).to_be_visible()
            assert page.locator(".site-header").bounding_box()["height"] == header["height"]
            page.keyboard.press("Escape")
            expect(tools.get_by_role("link", name="Moderation queue")).to_be_hidden()
            expect(tools.locator("summary")).to_be_focused()
    finally:
        page.context.close()


def test_the_phone_menu_works_by_keyboard(browser, live_server, world):
    page = signed_in_page(browser, live_server, world, "staff", viewport={"width": 390, "height": 844})
    try:
        page.goto("/")
        menu = page.get_by_role("button", name="Menu")
        nav = page.get_by_role("navigation", name="Main")
        # Closed, the bar still offers help, notifications and a sign that the queue has open items.
        expect(nav).to_be_hidden()
        expect(page.get_by_role("link", name="Need help now?").first).to_be_visible()
        expect(page.locator("#notifications-link")).to_be_visible()
        expect(page.locator(".menu-queue-dot")).to_be_visible()
        assert page.locator(".site-header").bounding_box()["height"] < 70

        menu.focus()
        page.keyboard.press("Enter")
        expect(menu).to_have_attribute("aria-expanded", "true")
        expect(nav).to_be_visible()
        page.keyboard.press("Tab")
        expect(nav.get_by_role("link", name="Home")).to_be_focused()
        page.keyboard.press("Escape")
        expect(nav).to_be_hidden()
        expect(menu).to_be_focused()
        expect(menu).to_have_attribute("aria-expanded", "false")

        page.keyboard.press("Space")
        expect(nav).to_be_visible()
        tools = nav.locator(".tools-menu summary")
        tools.focus()
        page.keyboard.press("Enter")
        expect(page.locator("#queue-count")).to_be_visible()
        expect(page.locator("#queue-count")).to_contain_text("open")
        page.keyboard.press("Tab")
        expect(nav.get_by_role("link", name="Moderation queue")).to_be_focused()
        page.keyboard.press("Escape")  # the group closes first, then the menu
        expect(tools).to_be_focused()
        expect(nav.get_by_role("link", name="Moderation queue")).to_be_hidden()
        page.keyboard.press("Escape")
        expect(nav).to_be_hidden()
        expect(menu).to_be_focused()

        menu.click()
        nav.locator(".tools-menu summary").click()
        nav.get_by_role("link", name="Moderation queue").click()
        expect(page).to_have_url(f"{live_server.url}/moderation")
        expect(nav).to_be_hidden()
    finally:
        page.context.close()


def test_without_javascript_the_navigation_shows(browser, live_server, world):
    page = signed_in_page(browser, live_server, world, "staff", viewport={"width": 390, "height": 844},
                          java_script_enabled=False)
    try:
        page.goto("/")
        nav = page.get_by_role("navigation", name="Main")
        expect(nav).to_be_visible()
        expect(page.get_by_role("button", name="Menu")).to_be_hidden()
        nav.locator(".tools-menu summary").click()  # <details> opens without a script
        nav.get_by_role("link", name="Applicants").click()
        expect(page.get_by_role("heading", name="Applicants", level=1)).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        page.context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_open_menus_pass_an_audit(browser, live_server, world, scheme):
    from tests.e2e.test_accessibility import violations

    page = signed_in_page(browser, live_server, world, "staff", viewport={"width": 390, "height": 844},
                          color_scheme=scheme, bypass_csp=True)
    try:
        page.goto("/")
        page.get_by_role("button", name="Menu").click()
        for group in (".tools-menu", ".account-menu"):
            page.locator(f"{group} summary").click()
            expect(page.locator(f"{group} .nav-menu-list")).to_be_visible()
            assert violations(page) == [], group
        page.set_viewport_size({"width": 1280, "height": 900})
        page.locator(".tools-menu summary").click()
        expect(page.locator(".tools-menu .nav-menu-list")).to_be_visible()
        assert violations(page) == [], "wide"
    finally:
        page.context.close()
