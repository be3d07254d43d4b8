"""A member writes in crisis; a moderator claims the item and checks in,
starting from a template; the member reads the moderator's words (in their
notifications and the conversation) and answers; the moderator sees the
answer arrive on the item page without reloading."""
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.test_accessibility import violations
from tests.e2e.test_journey import sign_in
from tests.live import STAFF_NAME, STAFF_PASSWORD
from tests.realtime.clients import PASSWORD, Community

pytestmark = pytest.mark.e2e

TITLE = "Cannot do this anymore"
CRISIS = "I have the pills saved up and I'm going to end it tonight."
ANSWER = "Thank you for writing. I called my sister and I'm safe for tonight."


def test_check_in_with_a_template_and_the_member_answers(new_page, live_server):
    community = Community(live_server.url)
    member_name, _ = community.member("care")

    member = new_page()
    sign_in(member, member_name, PASSWORD)
    member.goto("/c/coping/new")
    member.get_by_label("Title").fill(TITLE)
    member.get_by_label("Your post").fill(CRISIS)
    member.get_by_role("button", name="Post thread").click()
    expect(member.get_by_role("heading", name=TITLE)).to_be_visible()
    expect(member.locator("body")).to_have_attribute("data-live", "connected")

    moderator = new_page()
    sign_in(moderator, STAFF_NAME, STAFF_PASSWORD)
    moderator.goto("/moderation")
    moderator.locator(".queue-item", has_text=TITLE).locator("a", has_text=TITLE).click()
    moderator.get_by_role("button", name="Claim").click()
    expect(moderator.get_by_text(f"Claimed by {STAFF_NAME}")).to_be_visible()
    item_url = moderator.url
    moderator.get_by_label("Checked in").check()
    moderator.get_by_label("Reason").fill("Urgent post; wrote to them at once.")
    moderator.get_by_label("Start from a template").select_option(label="Checking in after a hard post")
    message = moderator.get_by_label("Message to the member")
    expect(message).to_have_value(re.compile("how are you doing right now"))
    message.press("End")
    message.type(" I'm glad you wrote.")
    words = message.input_value()
    moderator.get_by_role("button", name="Resolve").click()
    expect(moderator.get_by_text("Resolved and logged.")).to_be_visible()

    # The member hears at once, in the moderator's words, and answers in the conversation.
    expect(member.locator("#unread-badge")).to_be_visible()
    member.get_by_role("link", name=re.compile("Notifications")).click()
    told = member.get_by_role("button", name=re.compile("The moderation team wrote to you"))
    expect(told).to_contain_text("how are you doing right now")
    told.click()
    expect(member.get_by_role("heading", name="Your conversation with the moderators")).to_be_visible()
    expect(member.locator("#care-messages")).to_contain_text(words.split("\n")[0][:60])
    expect(member.locator("#care-messages")).to_contain_text("The moderation team")

    moderator.goto(item_url)
    expect(moderator.locator("body")).to_have_attribute("data-live", "connected")
    expect(moderator.locator("#care-messages")).to_contain_text("I'm glad you wrote.")
    member.get_by_label("Your message").fill(ANSWER)
    member.get_by_role("button", name="Send").click()
    expect(member.locator("#care-messages")).to_contain_text(ANSWER)
    expect(moderator.locator("#care-messages")).to_contain_text(ANSWER)  # live, no reload

    # The answer came back to the queue, where nobody's words wait unseen.
    waiting = [item for item in community.staff.ok("GET", "/moderation/queue")["items"]
               if item["member"] and item["member"]["username"] == member_name]
    assert [item["kind"] for item in waiting] == ["concern"]
    community.staff.ok("POST", f"/moderation/queue/{waiting[0]['id']}/resolve",
                       {"action": "no_action_needed", "reason": "Read their answer; they are safe tonight."})
    for page in (member, moderator):
        assert page.console_errors == [] and page.foreign_requests == []


def test_care_pages_pass_the_audit(browser, live_server):
    community = Community(live_server.url)
    member_name, member_api = community.member("audited")
    started = member_api.ok("POST", "/me/conversations", {"about": "me", "body": "Could someone check in?"})
    item = next(item for item in community.staff.ok("GET", "/moderation/queue")["items"]
                if item["conversation_id"] == started["conversation"]["id"])
    community.staff.ok("POST", f"/moderation/queue/{item['id']}/messages", {"body": "We're here. How are you?"})
    context = browser.new_context(base_url=live_server.url, bypass_csp=True)
    page = context.new_page()
    try:
        sign_in(page, member_name, PASSWORD)
        for path in ("/talk", f"/talk/{started['conversation']['id']}"):
            page.goto(path)
            assert violations(page) == [], path
        page.context.clear_cookies()
        sign_in(page, STAFF_NAME, STAFF_PASSWORD)
        for path in (f"/moderation/items/{item['id']}", "/staff/care-messages", "/moderation"):
            page.goto(path)
            assert violations(page) == [], path
    finally:
        context.close()
        community.staff.ok("POST", f"/moderation/queue/{item['id']}/resolve",
                           {"action": "no_action_needed", "reason": "Audit done."})
