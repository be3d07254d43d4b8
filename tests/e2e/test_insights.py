"""Insights in a real browser: charts drawn, nothing loaded from elsewhere,
no script errors, the figures one click away, in light and dark mode."""
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.test_journey import sign_in
from tests.live import STAFF_NAME, STAFF_PASSWORD
from tests.realtime.clients import PASSWORD, Community

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def activity(live_server):
    community = Community(live_server.url)
    _, writer = community.member("insight_writer")
    _, reader = community.member("insight_reader")
    thread = community.thread(writer, title="Charted thread", body="Hello everyone.")
    reader.ok("POST", f"/threads/{thread['thread']['id']}/posts", {"body": "Hello back."})
    crisis = community.thread(writer, title="Rough night for insights", body="im going to end it tonight")
    items = community.staff.ok("GET", "/moderation/queue")["items"]
    item = next(item["id"] for item in items if item["thread"]["id"] == crisis["thread"]["id"])
    community.staff.ok("POST", f"/moderation/queue/{item}/claim")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_insights_page_draws_its_charts(new_page, activity, scheme, tmp_path):
    page = new_page()
    page.emulate_media(color_scheme=scheme)
    sign_in(page, STAFF_NAME, STAFF_PASSWORD)
    menu = page.get_by_role("navigation", name="Main")
    menu.get_by_text("Moderation tools").click()
    menu.get_by_role("link", name="Insights", exact=True).click()
    expect(page.get_by_role("heading", name="Insights", level=1)).to_be_visible()
    for title in ["New threads, replies and members posting, per day",
                  "Time from an urgent crisis post to a moderator picking it up, per week",
                  "Moderator actions by hour of day (community time)",
                  "Minutes from an urgent crisis post to a moderator claiming it, by hour of day (community time)"]:
        figure = page.locator("figure.chart", has=page.get_by_role("heading", name=title))
        expect(figure.get_by_role("img")).to_be_visible()
    expect(page.locator("#chart-activity .chart-line")).to_have_count(3)
    expect(page.locator("#chart-crisis-pickup .chart-dot").first).to_be_visible()
    # Minutes to claim per hour, against the target and the moderated hours (claimed at once: a 0-minute bar).
    expect(page.locator("#chart-crisis-claims .chart-goal")).to_have_count(1)
    expect(page.locator("#chart-crisis-claims .chart-band").first).to_be_attached()
    expect(page.locator("#chart-crisis-claims-summary")).to_contain_text(
        re.compile(r"\d+ of \d+ urgent crisis posts \(\d+%\) were claimed within the 15-minute target|"
                   r"No urgent crisis post has waited past"))
    # Other modules share this server: their crisis posts count too.
    expect(page.locator("#chart-crisis-summary")).to_contain_text(re.compile(r"\d+ crisis posts? reached the queue"))

    table = page.locator("#chart-activity table")
    expect(table).to_be_hidden()
    page.locator("#chart-activity summary").click()
    expect(table.get_by_role("columnheader", name="Members posting")).to_be_visible()

    page.get_by_role("radio", name="Last 90 days").check()
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(r"days=90"))
    expect(page.get_by_role("radio", name="Last 90 days")).to_be_checked()
    shot = tmp_path / f"insights-{scheme}.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 20_000
    assert page.console_errors == [] and page.foreign_requests == []


def test_staff_home_shows_this_week_s_crisis_response(new_page, activity):
    page = new_page()
    sign_in(page, STAFF_NAME, STAFF_PASSWORD)
    section = page.get_by_role("region", name="Urgent crisis posts this week")
    expect(section).to_contain_text("Longest wait:")
    section.get_by_role("link", name="By hour of day, in Insights").click()
    expect(page.locator("#chart-crisis-claims")).to_be_visible()
    assert page.console_errors == [] and page.foreign_requests == []


def test_members_and_moderators_are_turned_away(new_page, live_server, activity):
    community = Community(live_server.url)
    name, _ = community.member("curious")
    page = new_page()
    sign_in(page, name, PASSWORD)
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Insights", exact=True)
           ).to_have_count(0)
    response = page.goto("/staff/insights")
    assert response.status == 403
