"""Triage at a glance, at a phone's width and a desktop's: the menu and tab
count open items live, the crisis alert lists every waiting crisis item until
it is claimed or closed, and a moderator claims from the list."""
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.test_journey import sign_in
from tests.live import STAFF_NAME, STAFF_PASSWORD
from tests.realtime.clients import Community

pytestmark = pytest.mark.e2e

URGENT = "I have the pills and I'm going to end it tonight."


@pytest.mark.parametrize("width, height", [(390, 844), (1280, 900)])
def test_counts_alert_and_claim_from_the_list(new_page, live_server, width, height, tmp_path):
    community = Community(live_server.url)
    _, writer = community.member("writer")
    moderator = new_page()
    moderator.set_viewport_size({"width": width, "height": height})
    sign_in(moderator, STAFF_NAME, STAFF_PASSWORD)
    moderator.goto("/moderation")
    expect(moderator.locator("body")).to_have_attribute("data-live", "connected")
    before = moderator.locator("#queue-count").text_content() or ""
    opened = int(re.match(r"\s*(\d+)", before).group(1)) if before.strip() else 0

    first = community.thread(writer, title=f"Night one {width}", body=URGENT)["thread"]
    second = community.thread(writer, title=f"Night two {width}", body=URGENT)["thread"]
    expect(moderator.locator("#queue-count")).to_contain_text(f"{opened + 2} open")
    expect(moderator).to_have_title(re.compile(rf"^\({opened + 2}\) "))
    alert = moderator.locator("#moderator-alert")
    expect(alert).to_contain_text(first["title"])
    expect(alert).to_contain_text(second["title"])
    row = moderator.locator(".queue-item", has_text=first["title"])
    expect(row).to_contain_text("waiting")
    expect(row.locator(".badge.crisis")).to_be_visible()
    moderator.screenshot(path=str(tmp_path / f"queue-{width}.png"), full_page=False)

    row.get_by_role("button", name="Claim").click()
    expect(moderator).to_have_url(re.compile(r"/moderation$"))
    expect(moderator.locator(".queue-item", has_text=first["title"])).to_contain_text("claimed by")
    expect(alert).not_to_contain_text(first["title"])
    expect(alert).to_contain_text(second["title"])

    moderator.get_by_role("button", name="Close").click()
    expect(alert).to_be_hidden()
    moderator.goto("/")  # closed stays closed on other pages, until a new crisis item arrives
    expect(moderator.locator("body")).to_have_attribute("data-live", "connected")
    expect(moderator.locator("#moderator-alert")).to_be_hidden()
    third = community.thread(writer, title=f"Night three {width}", body=URGENT)["thread"]
    expect(moderator.locator("#moderator-alert")).to_contain_text(third["title"])
    assert moderator.console_errors == [] and moderator.foreign_requests == []
