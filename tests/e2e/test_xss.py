"""A thread full of script-injection attempts, rendered in a real browser:
no script runs and no request leaves the origin."""
import pytest
from playwright.sync_api import expect

from tests.e2e.test_journey import sign_in
from tests.realtime.clients import PASSWORD, Community
from tests.test_markdown import XSS_VECTORS

pytestmark = pytest.mark.e2e

CANARY_VECTORS = [
    '<img src=x onerror="window.__xss=true">',
    '<svg onload="window.__xss=true"></svg>',
    '[click me](javascript:window.__xss=true)',
    '<a href="javascript:window.__xss=true">link</a>',
    '<iframe srcdoc="<script>parent.__xss=true</script>"></iframe>',
    '<details open ontoggle="window.__xss=true">x</details>',
    '<style>@import url(https://evil.example/x.css);</style>',
    '![pixel](https://evil.example/pixel.gif)',
    '<link rel=stylesheet href=https://evil.example/x.css>',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<base href="https://evil.example/">',
    '<form action="https://evil.example"><button>go</button></form>',
]


def test_xss_attempts_stay_inert(new_page, live_server):
    community = Community(live_server.url)
    author_name, author = community.member("tester")
    reader_name, _ = community.member("reader")
    thread = community.thread(author, title="Formatting test", body="Testing how posts look.")
    for vector in CANARY_VECTORS + XSS_VECTORS:
        author.ok("POST", f"/threads/{thread['thread']['id']}/posts", {"body": f"Look: {vector}"})

    page = new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.add_init_script("window.__xss = false;")
    sign_in(page, reader_name, PASSWORD)
    for number in (1, 2):
        page.goto(f"{thread['thread']['url']}?page={number}")
        expect(page.locator("article.post").first).to_be_visible()
        for link in page.locator(".post-body a").all()[:20]:
            href = link.get_attribute("href") or ""
            assert not href.lower().startswith(("javascript:", "vbscript:", "data:")), href
        page.locator(".post-body").first.click()
        assert page.evaluate("window.__xss") is False
    assert dialogs == []
    assert page.foreign_requests == [], page.foreign_requests
    assert author_name
