"""Two people in two browsers: replies, edits, typing and presence arrive live,
and a page catches up after the server restarts."""
import pytest
from playwright.sync_api import expect

from forum.accounts.models import User
from forum.community import services
from forum.community.models import Thread
from forum.extensions import db
from tests.conftest import make_app
from tests.e2e.test_journey import sign_in
from tests.live import prepared_server
from tests.realtime.clients import PASSWORD, Community

pytestmark = pytest.mark.e2e


def open_signed_in(new_page, username):
    page = new_page()
    sign_in(page, username, PASSWORD)
    return page


def wait_until_live(page):
    expect(page.locator("body")).to_have_attribute("data-live", "connected")


def test_two_readers_see_each_other_live(new_page, live_server):
    community = Community(live_server.url)
    alex_name, alex = community.member("alex")
    blair_name, blair = community.member("blair")
    thread = community.thread(alex, title="Evenings are hardest", body="How do you wind down?")
    thread_url = thread["thread"]["url"]

    reader = open_signed_in(new_page, alex_name)
    reader.goto(thread_url)
    wait_until_live(reader)
    reader.evaluate("window.__stillTheSamePage = true")

    writer = open_signed_in(new_page, blair_name)
    writer.goto(thread_url)
    wait_until_live(writer)
    expect(reader.locator("#presence")).to_have_text("2 people are reading")

    writer.get_by_label("Your reply").press_sequentially("A warm bath", delay=20)
    expect(reader.locator("#typing")).to_have_text(f"{blair_name} is writing…")
    writer.get_by_role("button", name="Post reply").click()

    new_post = reader.locator("article.post", has_text="A warm bath")
    expect(new_post).to_be_visible()
    expect(reader.locator("#live-status")).to_have_text(f"New reply from {blair_name}.")
    assert reader.evaluate("window.__stillTheSamePage") is True
    # The inserted post works like a reloaded one: its reaction form carries this page's CSRF token.
    new_post.get_by_role("button", name="Hope").click()
    expect(reader.locator("article.post", has_text="A warm bath").get_by_role("button", name="Hope")) \
        .to_have_attribute("aria-pressed", "true")
    wait_until_live(reader)  # the reaction reloaded the page: edits reach it once it has joined again

    post_id = int(reader.locator("article.post", has_text="A warm bath").get_attribute("data-post-id"))
    blair.ok("PATCH", f"/posts/{post_id}", {"body": "A warm bath and a quiet podcast."})
    expect(reader.locator(f"#post-{post_id}")).to_contain_text("A warm bath and a quiet podcast.")
    blair.ok("DELETE", f"/posts/{post_id}")
    expect(reader.locator(f"#post-{post_id}")).to_contain_text("withdrawn by its author")

    for page in (reader, writer):
        assert page.console_errors == [] and page.foreign_requests == []


def test_new_threads_appear_on_an_open_category_page(new_page, live_server):
    community = Community(live_server.url)
    watcher_name, _ = community.member("watcher")
    _, poster = community.member("poster")
    page = open_signed_in(new_page, watcher_name)
    page.goto("/c/caregivers")
    wait_until_live(page)
    community.thread(poster, title="Supporting my partner", category="caregivers")
    expect(page.locator(".thread-row", has_text="Supporting my partner")).to_be_visible()


def test_page_catches_up_after_a_server_restart(browser, database_factory, tmp_path):
    server = prepared_server(database_factory.new_url(), tmp_path).start()
    context = browser.new_context(base_url=server.url)
    try:
        community = Community(server.url)
        name, member = community.member("steady")
        thread = community.thread(member, title="Through the night", body="Post zero.")
        page = context.new_page()
        sign_in(page, name, PASSWORD)
        page.goto(thread["thread"]["url"])
        wait_until_live(page)
        member.ok("POST", f"/threads/{thread['thread']['id']}/posts", {"body": "Before the restart."})
        expect(page.locator("article.post", has_text="Before the restart.")).to_be_visible()

        server.stop()
        expect(page.locator("body")).to_have_attribute("data-live", "disconnected")
        # Written while the server is away, by another process on the same database.
        offline = make_app(server.env["DATABASE_URL"])
        with offline.app_context():
            author = db.session.scalar(db.select(User).where(User.username == name))
            written = db.session.get(Thread, thread["thread"]["id"])
            for number in range(1, 4):
                services.reply(author, written, f"Written during the outage, number {number}.")
            db.session.remove()
            db.engine.dispose()
        server.start()

        for number in range(1, 4):
            expect(page.locator("article.post", has_text=f"during the outage, number {number}.")).to_be_visible(
                timeout=20_000)
        ids = page.locator("article.post").evaluate_all("posts => posts.map(p => p.id)")
        assert len(ids) == len(set(ids)) == 5
        member.ok("POST", f"/threads/{thread['thread']['id']}/posts", {"body": "After the restart."})
        expect(page.locator("article.post", has_text="After the restart.")).to_be_visible()
    finally:
        context.close()
        server.stop()
