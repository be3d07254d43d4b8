"""Anonymous posts at a phone's width: a member posts as "Anonymous member",
another member sees nobody named, and a moderator finds out who wrote it
through "Who wrote this?", which the moderation log records."""
import re
import time

import pytest
from playwright.sync_api import expect

from tests.e2e.test_accessibility import AXE, RULES
from tests.e2e.test_journey import sign_in
from tests.live import STAFF_NAME, STAFF_PASSWORD
from tests.realtime.clients import PASSWORD, Community

pytestmark = pytest.mark.e2e

SHOTS = "/tmp/shots-anonymous"
PHONE = {"width": 390, "height": 844}


def audit(page) -> list[str]:
    """tests/e2e/test_accessibility.py's axe audit, on a page that keeps its
    Content Security Policy (evaluated scripts are not subject to it)."""
    page.evaluate(AXE.read_text())
    result = page.evaluate("options => axe.run(document, options)", RULES)
    return [f"{v['id']}: {v['help']} — {[n['target'] for n in v['nodes']][:3]}" for v in result["violations"]]


def shoot(page, name: str) -> None:
    """Screenshots in light and dark mode, each audited by axe."""
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        page.screenshot(path=f"{SHOTS}/{name}-{page.viewport_size['width']}-{scheme}.png", full_page=True)
        assert audit(page) == [], (name, scheme)
    page.emulate_media(color_scheme="light")


@pytest.mark.parametrize("viewport", [PHONE, {"width": 1280, "height": 900}])
def test_post_anonymously_read_it_and_trace_it(new_page, live_server, viewport):
    import os

    os.makedirs(SHOTS, exist_ok=True)
    community = Community(live_server.url)
    name = f"Said quietly {int(time.time() * 1000) % 10**8}"
    slug = community.staff.ok("POST", "/categories", {"name": name, "allow_anonymous": True})["category"]["slug"]
    writer_name, _ = community.member("quiet")
    reader_name, reader_api = community.member("reader")
    thread = community.thread(reader_api, title="Anyone else keep it from family?", category=slug)["thread"]

    # The reader has the thread open: the reply arrives live, naming nobody.
    reader = new_page()
    reader.set_viewport_size(viewport)
    sign_in(reader, reader_name, PASSWORD)
    reader.goto(f"/t/{thread['id']}")
    expect(reader.locator("body")).to_have_attribute("data-live", "connected")

    writer = new_page()
    writer.set_viewport_size(viewport)
    sign_in(writer, writer_name, PASSWORD)
    writer.goto(f"/t/{thread['id']}")
    writer.get_by_label("Your reply").fill("I haven't told mine either. It's lonely.")
    box = writer.get_by_label("Post as “Anonymous member”")
    expect(writer.locator("#anonymous-help")).to_contain_text("Moderators can still find out who wrote it")
    box.check()
    shoot(writer, "composer")
    writer.get_by_role("button", name="Post reply").click()
    expect(writer.get_by_text("Thanks: your post is waiting")).to_be_visible()
    mine = writer.locator("article.post").last
    expect(mine).to_contain_text("You posted this anonymously")
    expect(mine.locator(".post-header")).to_contain_text("Anonymous member")
    shoot(writer, "mine")

    post_id = int(mine.get_attribute("data-post-id"))
    items = community.staff.ok("GET", "/moderation/queue?limit=100")["items"]
    item = next(found for found in items if found["post"] and found["post"]["id"] == post_id)
    community.staff.ok("POST", f"/moderation/queue/{item['id']}/resolve", {"action": "approve", "reason": "Fine"})

    arrived = reader.locator(f"#post-{post_id}")
    expect(arrived).to_contain_text("I haven't told mine either")
    expect(arrived.locator(".post-header")).to_contain_text("Anonymous member")
    reader.reload()
    expect(reader.locator(f"#post-{post_id} .post-header")).to_contain_text("Anonymous member")
    assert writer_name not in reader.content()
    shoot(reader, "reader")

    moderator = new_page()
    moderator.set_viewport_size(viewport)
    sign_in(moderator, STAFF_NAME, STAFF_PASSWORD)
    moderator.goto(f"/t/{thread['id']}")
    post = moderator.locator(f"#post-{post_id}")
    expect(post.locator(".post-header")).to_contain_text("Anonymous member")
    assert writer_name not in moderator.content()
    post.get_by_role("link", name="Who wrote this?").click()
    expect(moderator.get_by_text("recorded in the moderation log")).to_be_visible()
    moderator.get_by_label("Why you need to know").fill("Checking in after a hard post")
    moderator.get_by_role("button", name="Show who wrote it").click()
    expect(moderator.locator(".reveal-result")).to_contain_text(writer_name)
    shoot(moderator, "revealed")
    moderator.goto("/moderation/log?action=anonymous_author_revealed")
    entry = moderator.locator("tr", has_text="Checking in after a hard post").first  # the newest: this run's
    expect(entry).to_contain_text(re.compile(r"anonymous post in .*who wrote it\?"))
    expect(entry).not_to_contain_text(writer_name)
    shoot(moderator, "log")
    for page in (reader, writer, moderator):
        assert page.console_errors == [] and page.foreign_requests == []
