"""Help where the writer is looking: after a crisis post the panel sits under
that post for its writer alone, for a day, until they close it."""
import re
from datetime import timedelta

import pytest

from forum import clock
from forum.extensions import db
from forum.safety.models import CrisisPanel

CRISIS = "I don't want to be here anymore. I have the pills and I'm going to end it tonight."
PANEL = 'id="crisis-help"'


def panel_of(page: str) -> str:
    start = page.index('<section id="crisis-help"')
    return page[start:page.index("</section>", start)]


def start_crisis_thread(client, body: str = CRISIS):
    return client.post("/c/coping/new", data={"title": "Tonight", "body": body})


def thread_page(client, location: str) -> str:
    return client.get(location.split("#")[0]).get_data(as_text=True)


@pytest.fixture
def writer(browser_as, member):
    return browser_as(member)


def test_after_a_crisis_thread_the_page_opens_on_the_panel_under_the_post(app, writer):
    response = start_crisis_thread(writer)
    assert response.status_code == 302 and response.headers["Location"].endswith("#crisis-help")
    page = thread_page(writer, response.headers["Location"])
    with app.app_context():
        post_id = db.session.scalar(db.select(CrisisPanel.post_id))
    # Directly under the writer's post: the first thing after its article.
    after_post = page[page.index(f'id="post-{post_id}"'):]
    assert re.match(r'(?s).*?</article>\s*<section id="crisis-help"', after_post)
    opening = re.search(r'<section id="crisis-help"[^>]*>', page).group(0)
    assert 'tabindex="-1"' in opening and 'role="status"' in opening
    assert 'aria-labelledby="crisis-help-heading"' in opening and 'aria-describedby="crisis-help-message"' in opening
    assert "js/crisis-help.js" in page
    panel = panel_of(page)
    assert "People here care about you, and a moderator will see your post." in panel
    assert 'href="tel:988"' in panel and 'href="sms:741741?&amp;body=HOME"' in panel
    assert 'href="https://988lifeline.org/chat/"' in panel


def test_after_a_crisis_reply_it_sits_under_the_reply(app, writer, other_member, thread_in):
    thread_id, first_post = thread_in(other_member, body="How is everyone doing this week?")
    response = writer.post(f"/t/{thread_id}/reply", data={"body": CRISIS})
    assert response.headers["Location"].endswith(f"/t/{thread_id}#crisis-help")
    page = thread_page(writer, response.headers["Location"])
    just_before = page[page.rindex('<article class="post', 0, page.index(PANEL)):page.index(PANEL)]
    assert "want to be here anymore" in just_before and f'id="post-{first_post}"' not in just_before


def test_ordinary_posts_bring_no_panel(writer):
    response = writer.post("/c/coping/new", data={"title": "A good day", "body": "Made pancakes this morning."})
    assert "#" not in response.headers["Location"]
    assert PANEL not in thread_page(writer, response.headers["Location"])


def test_it_stays_for_its_writer_for_a_day(writer, moved_clock):
    location = start_crisis_thread(writer).headers["Location"]
    moved_clock["by"] = timedelta(hours=23, minutes=50)
    assert PANEL in thread_page(writer, location)
    moved_clock["by"] = timedelta(hours=24, minutes=1)
    assert PANEL not in thread_page(writer, location)


def test_nobody_else_sees_it(writer, browser_as, other_member, moderator, staff):
    location = start_crisis_thread(writer).headers["Location"]
    for person in (other_member, moderator, staff):
        page = thread_page(browser_as(person), location)
        assert "want to be here anymore" in page and PANEL not in page, person.username


def test_closing_it_works_without_javascript_and_a_new_crisis_post_brings_it_back(app, writer):
    location = start_crisis_thread(writer).headers["Location"]
    thread_id = int(re.search(r"/t/(\d+)", location).group(1))
    closed = writer.post(f"/t/{thread_id}/crisis-help/dismiss")
    assert closed.status_code == 302 and re.search(r"#post-\d+$", closed.headers["Location"])
    page = thread_page(writer, closed.headers["Location"])
    assert PANEL not in page and "Help is always there under" in page
    writer.post(f"/t/{thread_id}/reply", data={"body": "i want to die, i can't keep going"})
    assert PANEL in thread_page(writer, location)


def test_closing_someone_elses_thread_changes_nothing_of_theirs(app, writer, browser_as, other_member):
    location = start_crisis_thread(writer).headers["Location"]
    thread_id = int(re.search(r"/t/(\d+)", location).group(1))
    assert browser_as(other_member).post(f"/t/{thread_id}/crisis-help/dismiss").status_code == 302
    assert PANEL in thread_page(writer, location)


def test_it_says_when_moderators_are_usually_around(writer, moved_clock):
    now = clock.now()
    sunday_night = (now + timedelta(days=(6 - now.weekday()) % 7)).replace(hour=8, minute=0)  # 03:00 or 04:00 NY
    moved_clock["by"] = sunday_night - now
    panel = panel_of(thread_page(writer, start_crisis_thread(writer).headers["Location"]))
    assert "Moderators are usually around on weekdays from 09:00 to 17:00 (America/New York)" in panel
    moved_clock["by"] = sunday_night + timedelta(days=2, hours=8) - now  # Tuesday, 11:00 or 12:00 in New York
    location = start_crisis_thread(writer).headers["Location"]
    assert "Moderators are usually around" not in panel_of(thread_page(writer, location))


def test_the_writers_safety_plan_comes_first(writer):
    writer.post("/account/safety-plan", data={"people_to_ask": "My sister, 555-0101.", "warning_signs": ""})
    panel = panel_of(thread_page(writer, start_crisis_thread(writer).headers["Location"]))
    plan = panel.index('<details class="safety-plan-summary" open>')
    assert plan < panel.index("My sister, 555-0101.") < panel.index('class="resource-list"')
    assert "Warning signs" not in panel  # only the parts they wrote


def test_without_a_plan_it_offers_to_write_one(writer, browser_as, moderator):
    panel = panel_of(thread_page(writer, start_crisis_thread(writer).headers["Location"]))
    assert "safety-plan-summary" not in panel and 'href="/account/safety-plan"' in panel
    moderator_panel = panel_of(thread_page(browser_as(moderator),
                                           start_crisis_thread(browser_as(moderator)).headers["Location"]))
    assert "/account/safety-plan" not in moderator_panel  # their account keeps no plan


def test_a_crisis_post_from_the_api_shows_the_panel_on_the_page(api, member, writer):
    thread = api.as_(member).post("/categories/coping/threads", json={"title": "Tonight", "body": CRISIS}).get_json()
    assert PANEL in thread_page(writer, thread["thread"]["url"])


def test_editing_a_post_into_crisis_language_lands_on_the_panel(writer, thread_in, member):
    thread_id, post_id = thread_in(member, body="Just checking in.")
    response = writer.post(f"/p/{post_id}/edit", data={"body": CRISIS})
    assert response.headers["Location"].endswith("#crisis-help")
    assert PANEL in thread_page(writer, response.headers["Location"])


@pytest.mark.app_config(HEARTH_POSTS_PER_PAGE=2)
def test_on_another_page_of_the_thread_it_shows_above_the_posts(writer, thread_in, other_member):
    location = start_crisis_thread(writer).headers["Location"]
    thread_id = int(re.search(r"/t/(\d+)", location).group(1))
    for n in range(3):
        writer.post(f"/t/{thread_id}/reply", data={"body": f"Reply number {n}"})
    page = writer.get(f"/t/{thread_id}?page=2").get_data(as_text=True)
    assert page.index(PANEL) < page.index('id="posts"')


def test_the_export_lists_the_panels(writer, api, member):
    start_crisis_thread(writer)
    panels = api.as_(member).get("/me/export").get_json()["crisis_panels"]
    assert len(panels) == 1 and panels[0]["shown_from"] and panels[0]["closed_at"] is None


def test_panels_past_their_day_are_cleared_out(app, writer, moved_clock):
    start_crisis_thread(writer)
    moved_clock["by"] = timedelta(days=2)
    start_crisis_thread(writer, body="i want to die")
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(CrisisPanel)) == 1


def test_the_panel_promises_a_moderator_only_when_one_will_see_the_post(app, writer):
    from forum.settings import service as settings

    with app.app_context():
        settings.update({"crisis_concern_to_queue": False})
    response = start_crisis_thread(writer, "Lately I keep thinking everyone would be better off without me.")
    panel = panel_of(thread_page(writer, response.headers["Location"]))
    assert "a moderator will see your post" not in panel
    assert 'href="/talk"' in panel and 'href="tel:988"' in panel
