"""What's new, at a phone's width and a desktop's: "new" markers after
someone else posts, the jump to the first new post, markers clearing once
read, reply counts and markers following live, and times that read "just
now" with the full time on hover."""
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.test_journey import sign_in
from tests.realtime.clients import PASSWORD, Community

pytestmark = pytest.mark.e2e

SIZES = [(390, 844), (1280, 900)]


def row(page, thread_id: int):
    return page.locator(f"#thread-{thread_id}")


@pytest.mark.parametrize("width, height", SIZES)
def test_new_posts_are_marked_and_the_link_lands_on_them(new_page, live_server, width, height):
    community = Community(live_server.url)
    reader_name, _ = community.member("reader")
    _, writer = community.member("writer")
    thread = community.thread(writer, title=f"Evenings are hard {width}")["thread"]

    page = new_page()
    page.set_viewport_size({"width": width, "height": height})
    sign_in(page, reader_name, PASSWORD)
    page.goto("/c/coping")
    expect(row(page, thread["id"]).locator(".badge.unread")).to_have_text(re.compile(r"^1 new"))
    page.goto(thread["url"])  # read it once: now it has a position
    page.goto("/c/coping")
    expect(row(page, thread["id"]).locator(".badge.unread")).to_have_count(0)

    replies = [writer.ok("POST", f"/threads/{thread['id']}/posts", {"body": f"Reply number {n}."})["post"]
               for n in range(3)]
    page.goto("/c/coping")
    marker = row(page, thread["id"]).locator(".badge.unread")
    expect(marker).to_have_text(re.compile(r"^3 new"))
    expect(marker).to_contain_text("3 new posts since your last visit")  # its words for screen readers
    expect(row(page, thread["id"])).to_contain_text("3 replies")

    row(page, thread["id"]).locator(".thread-title").click()
    page.get_by_role("link", name="Jump to the first new post since your last visit").click()
    expect(page).to_have_url(re.compile(rf"#post-{replies[0]['id']}$"))
    divider = page.locator("#new-since-visit")
    expect(divider).to_be_in_viewport()
    expect(page.locator(f"#post-{replies[0]['id']}")).to_be_in_viewport()
    page.goto("/c/coping")
    expect(row(page, thread["id"]).locator(".badge.unread")).to_have_count(0)
    assert page.console_errors == [] and page.foreign_requests == []


@pytest.mark.parametrize("width, height", SIZES)
def test_lists_follow_replies_live_and_times_read_relative(new_page, live_server, width, height):
    community = Community(live_server.url)
    reader_name, _ = community.member("reader")
    _, writer = community.member("writer")
    thread = community.thread(writer, title=f"Small wins today {width}")["thread"]

    page = new_page()
    page.set_viewport_size({"width": width, "height": height})
    sign_in(page, reader_name, PASSWORD)
    page.goto(thread["url"])
    page.goto("/c/coping")
    expect(page.locator("body")).to_have_attribute("data-live", "connected")
    listed = row(page, thread["id"])
    expect(listed).to_contain_text("0 replies")
    time = listed.locator("time[data-relative]")
    expect(time).to_have_text(re.compile(r"^(just now|\d+ min ago)"))
    expect(time).to_have_attribute("title", re.compile(r"^\d{1,2} \w{3} \d{4}, \d\d:\d\d \S+$"))

    writer.ok("POST", f"/threads/{thread['id']}/posts", {"body": "A reply while you watch."})
    expect(row(page, thread["id"])).to_contain_text("1 reply")
    expect(row(page, thread["id"]).locator(".badge.unread")).to_have_text(re.compile(r"^1 new"))

    home = new_page()
    home.set_viewport_size({"width": width, "height": height})
    sign_in(home, reader_name, PASSWORD)
    expect(home.locator("body")).to_have_attribute("data-live", "connected")
    writer.ok("POST", f"/threads/{thread['id']}/posts", {"body": "And one more."})
    expect(row(home, thread["id"])).to_contain_text("2 replies")
    expect(row(home, thread["id"]).locator(".badge.unread")).to_have_text(re.compile(r"^2 new"))
    expect(row(page, thread["id"])).to_contain_text("2 replies")
    assert page.console_errors == [] and home.console_errors == []


def test_a_live_thread_page_moves_the_read_position(new_page, live_server):
    community = Community(live_server.url)
    reader_name, _ = community.member("reader")
    _, writer = community.member("writer")
    thread = community.thread(writer, title="Reading as it happens")["thread"]

    page = new_page()
    sign_in(page, reader_name, PASSWORD)
    page.goto(thread["url"])
    expect(page.locator("body")).to_have_attribute("data-live", "connected")
    with page.expect_response(lambda response: response.url.endswith(f"/threads/{thread['id']}/read")) as marked:
        reply = writer.ok("POST", f"/threads/{thread['id']}/posts", {"body": "Seen live."})["post"]
        expect(page.locator(f"#post-{reply['id']}")).to_be_visible()
    assert marked.value.ok
    page.goto("/c/coping")
    expect(row(page, thread["id"]).locator(".badge.unread")).to_have_count(0)
    assert page.console_errors == []
