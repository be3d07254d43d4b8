"""Writing is safe, and messages appear where the member acted, at a phone's
width and a desktop's: Quote inserts without a reload and keeps what was
typed, a draft survives a reload and goes when posted, a withdrawal can be
undone, a flag's thank-you and a refused reply's error show in view."""
import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.test_journey import sign_in
from tests.realtime.clients import PASSWORD, Community

pytestmark = pytest.mark.e2e

SHOTS = Path(os.environ.get("HEARTH_SHOTS", "/tmp/shots-writing"))
SIZES = [(390, 844), (1280, 900)]
LONG = "\n\n".join(["Some days are heavier than others, and I keep a list of small things that help."] * 12)


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


def _member_page(new_page, community, prefix, width, height, dark=False):
    name, api = community.member(prefix)
    page = new_page()
    page.set_viewport_size({"width": width, "height": height})
    if dark:
        page.emulate_media(color_scheme="dark")
    sign_in(page, name, PASSWORD)
    return name, api, page


def _draft(page, thread_id):
    return page.evaluate("id => fetch('/api/v1/drafts/thread/' + id).then(r => r.json())", thread_id)["draft"]


@pytest.mark.parametrize("width, height", SIZES)
def test_quote_keeps_the_text_drafts_survive_and_withdraw_undoes(new_page, live_server, width, height):
    community = Community(live_server.url)
    author_name, author = community.member("opener")
    thread = community.thread(author, title=f"Small things that help {width}", body=LONG)
    thread_id, opening_id = thread["thread"]["id"], thread["post"]["id"]
    _, _, page = _member_page(new_page, community, "replier", width, height, dark=width > 500)
    page.goto(f"/t/{thread_id}")
    expect(page.locator("body")).to_have_attribute("data-live", "connected")

    box = page.locator("#body")
    box.fill("My own words first.")
    page.evaluate("window.stillHere = true")
    page.locator(f"#post-{opening_id}").get_by_role("button", name="Quote this post").click()
    expect(box).to_have_value(re.compile(rf"^My own words first\.\n\n> \*\*@{author_name}\*\* wrote:\n>\n> Some"))
    assert page.evaluate("window.stillHere") is True  # no navigation
    expect(box).to_be_focused()
    expect(box).to_be_in_viewport()
    expect(page.locator("#live-status")).to_have_text("Quote added to your reply.")
    box.press("End")
    box.type("Thank you for this.")
    expect(page.locator("[data-draft-status]")).to_have_text("Draft saved")
    expect(page.get_by_role("button", name="Discard draft")).to_be_visible()
    _shot(page, f"quote-draft-{width}")

    page.reload()
    expect(box).to_have_value(re.compile(r"My own words first\.[\s\S]*Thank you for this\.$"))
    expect(page.locator("[data-draft-status]")).to_contain_text("Draft saved")

    page.get_by_role("button", name="Post reply").click()
    expect(page).to_have_url(re.compile(r"#post-\d+$"))
    expect(box).to_have_value("")
    assert _draft(page, thread_id) is None
    mine = page.locator("article.post").last
    expect(mine).to_contain_text("Thank you for this.")

    # Withdraw sits apart from Edit; withdrawn at once, with Undo next to the post.
    mine.get_by_role("button", name="Withdraw this post").click()
    message = page.locator(".placed-message", has_text="Your post was withdrawn.")
    expect(message).to_be_in_viewport()
    expect(message).to_be_focused()
    expect(page.locator("article.post").last).to_contain_text("withdrawn by its author")
    _shot(page, f"withdrawn-{width}")
    message.get_by_role("button", name="Undo").click()
    expect(page.locator(".placed-message", has_text="Your post is back.")).to_be_in_viewport()
    expect(page.locator("article.post").last).to_contain_text("Thank you for this.")
    assert page.console_errors == [] and page.foreign_requests == []


@pytest.mark.parametrize("width, height", SIZES)
def test_a_flags_thank_you_shows_next_to_the_post(new_page, live_server, width, height):
    community = Community(live_server.url)
    _, author = community.member("writer")
    thread = community.thread(author, title=f"A long evening {width}", body=LONG)
    reply = community.staff.ok("POST", f"/threads/{thread['thread']['id']}/posts", {"body": LONG})["post"]
    _, _, page = _member_page(new_page, community, "flagger", width, height, dark=width < 500)
    page.goto(f"/t/{thread['thread']['id']}")
    page.locator(f"#post-{reply['id']}").get_by_role("link", name="Flag this post").click()
    expect(page.locator(".post-preview")).to_contain_text("Some days are heavier")
    page.get_by_role("button", name="Send to moderators").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()  # no reason chosen: the summary says so, and links to the choices
    summary.get_by_role("link").click()
    expect(page.locator("#reason-0")).to_be_focused()
    _shot(page, f"flag-page-{width}")
    page.get_by_label("Spam").check()
    page.get_by_role("button", name="Send to moderators").click()
    thanks = page.locator(f"#message-post-{reply['id']}")
    expect(thanks).to_contain_text("Thank you. A moderator will look at this post")
    expect(thanks).to_be_in_viewport()
    _shot(page, f"flag-thanks-{width}")
    page.goto("/account/reports")
    expect(page.locator(".flagged-item").first).to_contain_text("Spam")
    expect(page.locator(".flagged-item").first).to_contain_text("Some days are heavier")
    _shot(page, f"reports-{width}")


@pytest.mark.parametrize("width, height", SIZES)
def test_a_refused_reply_shows_its_error_at_the_reply_box(new_page, live_server, width, height):
    community = Community(live_server.url)
    _, author = community.member("host")
    thread = community.thread(author, title=f"Where to find help {width}", body=LONG)
    _, _, page = _member_page(new_page, community, "asker", width, height)
    page.goto(f"/t/{thread['thread']['id']}")
    words = "Long careful words that took a while. DM me for k"
    page.locator("#body").fill(words)
    page.get_by_role("button", name="Post reply").click()
    summary = page.locator("#reply .error-summary")
    expect(summary).to_contain_text("no sourcing")
    expect(summary).to_be_in_viewport()
    expect(summary).to_be_focused()
    expect(page.locator("#body")).to_have_value(words)
    _shot(page, f"refused-{width}")
