"""Read positions: what is new to a member, the markers in lists, the divider
in a thread, and the API live pages use to move the position on."""
import re
from datetime import timedelta

import pytest

from forum import events
from forum.accounts.models import User
from forum.community import reading, services
from forum.community import status as post_status
from forum.community.models import Post, ReadPosition, Thread
from forum.extensions import db
from forum.staff import pins


def reply_as(app, person, thread_id: int, body: str = "A reply.") -> int:
    with app.app_context():
        written = services.reply(db.session.get(User, person.id), db.session.get(Thread, thread_id), body)
        return written.post.id


def readings_of(app, person, *thread_ids) -> dict:
    with app.app_context():
        viewer = db.session.get(User, person.id)
        threads = [db.session.get(Thread, thread_id) for thread_id in thread_ids]
        return reading.for_threads(viewer, threads)


def position_of(app, person, thread_id: int):
    with app.app_context():
        row = db.session.get(ReadPosition, (person.id, thread_id))
        return row.last_read_post_id if row else None


def hide(app, post_id: int) -> None:
    with app.app_context():
        post_status.change(db.session.get(Post, post_id), "hidden", "Under review.")
        events.commit()


@pytest.fixture
def later(moved_clock):
    """Move the clock on a little, so what happens next is clearly newer."""
    def move(seconds: int = 5):
        moved_clock["by"] += timedelta(seconds=seconds)
    return move


# --- The rules --------------------------------------------------------------------------------

def test_a_thread_started_after_joining_is_new_until_opened(app, client, auth, member, other_member, thread_in,
                                                            later):
    later()
    thread_id, first = thread_in(other_member)
    reply_as(app, other_member, thread_id)
    state = readings_of(app, member, thread_id)[thread_id]
    assert (state.unread, state.first_unread_post_id, state.opened) == (2, first, False)
    auth.login(member)
    assert client.get(f"/t/{thread_id}").status_code == 200
    assert readings_of(app, member, thread_id)[thread_id].unread == 0


def test_threads_from_before_joining_are_not_new(app, make_person, other_member, thread_in, later):
    thread_id, _ = thread_in(other_member)
    reply_as(app, other_member, thread_id)
    later()
    newcomer = make_person("newcomer")
    assert readings_of(app, newcomer, thread_id)[thread_id].unread == 0
    later()
    reply_as(app, other_member, thread_id, "Welcome, everyone new.")
    assert readings_of(app, newcomer, thread_id)[thread_id].unread == 1


def test_own_posts_are_never_new(app, member, thread_in, later):
    later()
    thread_id, _ = thread_in(member)
    reply_as(app, member, thread_id)
    assert readings_of(app, member, thread_id)[thread_id].unread == 0


def test_counts_are_per_thread(app, member, other_member, make_person, thread_in, later):
    third = make_person("third_one")
    later()
    quiet, _ = thread_in(other_member, title="Quiet thread")
    busy, _ = thread_in(member, title="Busy thread")
    for number in range(3):
        reply_as(app, other_member if number % 2 else third, busy, f"Reply {number}")
    states = readings_of(app, member, quiet, busy)
    assert states[quiet].unread == 1 and states[busy].unread == 3
    assert readings_of(app, other_member, quiet, busy)[busy].unread == 3  # the opening post and third's two


def test_a_hidden_post_is_not_news(app, member, other_member, thread_in, later):
    later()
    thread_id, _ = thread_in(member)
    kept = reply_as(app, other_member, thread_id, "Kept.")
    hidden = reply_as(app, other_member, thread_id, "Hidden.")
    hide(app, hidden)
    state = readings_of(app, member, thread_id)[thread_id]
    assert (state.unread, state.first_unread_post_id) == (1, kept)


def test_positions_only_move_forward(app, api, member, other_member, thread_in, later):
    later()
    thread_id, first = thread_in(member)
    second = reply_as(app, other_member, thread_id)
    third = reply_as(app, other_member, thread_id)
    caller = api.as_(member)
    body = caller.put(f"/threads/{thread_id}/read", json={"post_id": third}).get_json()
    assert body["thread"]["last_read_post_id"] == third and body["thread"]["unread"] == 0
    assert caller.put(f"/threads/{thread_id}/read", json={"post_id": second}).status_code == 200
    assert position_of(app, member, thread_id) == third
    assert first < second < third


def test_reading_an_early_page_keeps_the_later_position(app, client, auth, member, other_member, thread_in, later):
    app.config["HEARTH_POSTS_PER_PAGE"] = 2
    later()
    thread_id, _ = thread_in(other_member)
    ids = [reply_as(app, other_member, thread_id, f"Reply {n}") for n in range(3)]
    auth.login(member)
    client.get(f"/t/{thread_id}?page=2")
    assert position_of(app, member, thread_id) == ids[2]
    client.get(f"/t/{thread_id}?page=1")
    assert position_of(app, member, thread_id) == ids[2]


# --- Pages ------------------------------------------------------------------------------------

def test_category_page_marks_new_posts_and_clears_after_reading(app, client, auth, member, other_member,
                                                                thread_in, later):
    later()
    thread_id, _ = thread_in(member, title="My thread")
    auth.login(member)
    client.get(f"/t/{thread_id}")
    reply_as(app, other_member, thread_id, "First answer.")
    second = reply_as(app, other_member, thread_id, "Second answer.")
    del second
    page = client.get("/c/coping").get_data(as_text=True)
    row = re.search(rf'<li id="thread-{thread_id}".*?</li>', page, re.S).group(0)
    assert "has-unread" in row
    assert re.search(r'class="badge unread"[^>]*>2 new<span class="visually-hidden"> posts since your last visit',
                     row)
    client.get(f"/t/{thread_id}")
    row = re.search(rf'<li id="thread-{thread_id}".*?</li>', client.get("/c/coping").get_data(as_text=True), re.S)
    assert "badge unread" not in row.group(0)


def test_thread_page_shows_the_divider_and_a_jump_link(app, client, auth, member, other_member, thread_in, later):
    later()
    thread_id, _ = thread_in(member)
    auth.login(member)
    first_visit = client.get(f"/t/{thread_id}").get_data(as_text=True)
    assert "new-since-visit" not in first_visit and "Jump to the first new post" not in first_visit
    new_post = reply_as(app, other_member, thread_id)
    page = client.get(f"/t/{thread_id}").get_data(as_text=True)
    assert f'href="#post-{new_post}">Jump to the first new post' in page
    divider = page.index('id="new-since-visit"')
    assert divider < page.index(f'id="post-{new_post}"')
    assert "new-since-visit" not in client.get(f"/t/{thread_id}").get_data(as_text=True)


def test_the_jump_link_leads_to_another_page_when_the_news_is_there(app, client, auth, member, other_member,
                                                                    thread_in, later):
    app.config["HEARTH_POSTS_PER_PAGE"] = 2
    later()
    thread_id, _ = thread_in(member)
    reply_as(app, member, thread_id, "My own follow-up.")
    auth.login(member)
    client.get(f"/t/{thread_id}")  # page 1: both posts
    new_posts = [reply_as(app, other_member, thread_id, f"Reply {n}") for n in range(3)]
    page = client.get(f"/t/{thread_id}").get_data(as_text=True)
    assert f'href="/p/{new_posts[0]}">Jump to the first new post' in page
    assert 'id="new-since-visit"' not in page  # the news is on page 2
    assert client.get(f"/p/{new_posts[0]}").headers["Location"].endswith(f"page=2#post-{new_posts[0]}")
    there = client.get(f"/t/{thread_id}?page=2").get_data(as_text=True)
    assert f'href="#post-{new_posts[0]}">Jump' in there
    assert there.index('id="new-since-visit"') < there.index(f'id="post-{new_posts[0]}"')


def test_home_page_marks_new_threads(app, client, auth, member, other_member, thread_in, later):
    later()
    thread_id, _ = thread_in(other_member, title="Fresh news")
    auth.login(member)
    row = re.search(rf'<li id="thread-{thread_id}".*?</li>', client.get("/").get_data(as_text=True), re.S).group(0)
    assert ">1 new<span class=\"visually-hidden\"> post</span>" in row


def test_a_global_pin_shows_once_on_the_home_page(app, client, auth, member, staff, thread_in):
    pinned_id, _ = thread_in(member, title="Read this first")
    other_id, _ = thread_in(member, title="Everyday thread")
    with app.app_context():
        pins.pin(db.session.get(User, staff.id), db.session.get(Thread, pinned_id), "global")
    auth.login(member)
    page = client.get("/").get_data(as_text=True)
    assert page.count(f'id="thread-{pinned_id}"') == 1
    assert page.index(f'id="thread-{pinned_id}"') < page.index('id="recent-activity"')
    assert page.count(f'id="thread-{other_id}"') == 1


# --- API --------------------------------------------------------------------------------------

def test_thread_objects_carry_the_callers_reading(app, api, member, other_member, thread_in, later):
    later()
    thread_id, first = thread_in(other_member)
    caller = api.as_(member)
    listed = next(t for t in caller.get("/categories/coping/threads").get_json()["items"] if t["id"] == thread_id)
    assert (listed["unread"], listed["last_read_post_id"], listed["first_unread_post_id"]) == (1, None, first)
    single = caller.get(f"/threads/{thread_id}").get_json()["thread"]
    assert single["unread"] == 1


@pytest.mark.parametrize("body, status", [
    ({"post_id": "1"}, 422), ({"post_id": True}, 422), ({}, 422), ({"post_id": 0}, 422), ({"post_id": 10**6}, 404),
])
def test_marking_read_refuses_bad_input(app, api, member, thread_in, body, status):
    thread_id, _ = thread_in(member)
    response = api.as_(member).put(f"/threads/{thread_id}/read", json=body)
    assert response.status_code == status and response.get_json()["error"]["code"]


def test_marking_read_takes_only_a_post_of_that_thread(app, api, member, thread_in):
    thread_id, _ = thread_in(member, title="One thread")
    _, elsewhere = thread_in(member, title="Another thread")
    response = api.as_(member).put(f"/threads/{thread_id}/read", json={"post_id": elsewhere})
    assert response.status_code == 404
    assert position_of(app, member, thread_id) is None


def test_marking_read_needs_a_readable_thread(app, api, member, other_member, thread_in):
    thread_id, first = thread_in(other_member)
    hide(app, first)  # a hidden opening post hides the thread from other members
    assert api.as_(member).put(f"/threads/{thread_id}/read", json={"post_id": first}).status_code == 404


def test_a_browser_marks_read_with_its_csrf_token(app, client, auth, member, other_member, thread_in):
    thread_id, first = thread_in(other_member)
    auth.login(member)
    page = client.get("/").get_data(as_text=True)
    token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    response = client.put(f"/api/v1/threads/{thread_id}/read", json={"post_id": first},
                          headers={"X-CSRFToken": token})
    assert response.status_code == 200


# --- Member data ------------------------------------------------------------------------------

def test_read_positions_are_exported_and_go_with_the_account(app, api, client, auth, member, other_member,
                                                             thread_in):
    thread_id, first = thread_in(other_member)
    auth.login(member)
    client.get(f"/t/{thread_id}")
    exported = api.as_(member).get("/me/export").get_json()["read_positions"]
    assert [(row["thread_id"], row["last_read_post_id"]) for row in exported] == [(thread_id, first)]
    assert api.as_(member).delete("/me", json={"password": member.password}).status_code == 204
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(ReadPosition)) == 0


def test_read_positions_go_with_the_thread(app, client, auth, member, other_member, thread_in):
    thread_id, _ = thread_in(other_member)
    auth.login(member)
    client.get(f"/t/{thread_id}")
    with app.app_context():
        db.session.execute(db.delete(Thread).where(Thread.id == thread_id))
        db.session.commit()
        assert db.session.scalar(db.select(db.func.count()).select_from(ReadPosition)) == 0
