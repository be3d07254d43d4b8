"""A member flags a post; the moderator's open queue shows it live; the
moderator hides it; it leaves a third reader's open thread without reload."""
import pytest
from playwright.sync_api import expect

from tests.e2e.test_journey import sign_in
from tests.live import STAFF_NAME, STAFF_PASSWORD
from tests.realtime.clients import PASSWORD, Community

pytestmark = pytest.mark.e2e


def test_flag_queue_hide_live(new_page, live_server):
    community = Community(live_server.url)
    author_name, author = community.member("author")
    flagger_name, _ = community.member("flagger")
    reader_name, _ = community.member("reader")
    thread = community.thread(author, title="Weekend plans", body="Anyone doing anything nice?")["thread"]
    _, replier = community.member("replier")
    reply = replier.ok("POST", f"/threads/{thread['id']}/posts", {"body": "Nobody cares about your weekend."})["post"]

    moderator = new_page()
    sign_in(moderator, STAFF_NAME, STAFF_PASSWORD)
    moderator.goto("/moderation")
    expect(moderator.locator("body")).to_have_attribute("data-live", "connected")

    reader = new_page()
    sign_in(reader, reader_name, PASSWORD)
    reader.goto(thread["url"])
    expect(reader.locator("body")).to_have_attribute("data-live", "connected")
    expect(reader.locator(f"#post-{reply['id']}")).to_contain_text("Nobody cares")

    flagger = new_page()
    sign_in(flagger, flagger_name, PASSWORD)
    flagger.goto(thread["url"])
    flagger.locator(f"#post-{reply['id']}").get_by_role("link", name="Flag").click()
    flagger.get_by_label("Harassment or unkindness").check()
    flagger.get_by_label("Anything moderators should know").fill("This is unkind.")
    flagger.get_by_role("button", name="Send to moderators").click()
    expect(flagger.get_by_text("A moderator will look at this post")).to_be_visible()

    item = moderator.locator(".queue-item", has_text="Weekend plans")
    expect(item).to_be_visible()
    item.get_by_role("link", name="Weekend plans").click()
    moderator.get_by_role("button", name="Claim").click()
    moderator.get_by_label("Hide the post").check()
    moderator.get_by_label("Reason").fill("Rule 1: be kind.")
    moderator.get_by_role("button", name="Resolve").click()
    expect(moderator.get_by_text("Resolved and logged.")).to_be_visible()

    expect(reader.locator(f"#post-{reply['id']}")).not_to_contain_text("Nobody cares")
    expect(reader.locator(f"#post-{reply['id']}")).to_contain_text("hidden while moderators review it")
    for page in (moderator, reader, flagger):
        assert page.console_errors == [] and page.foreign_requests == []
    assert author_name
