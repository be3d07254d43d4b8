"""Categories, threads, posts: writing, reading, editing, withdrawing, reacting."""
from datetime import timedelta

import pytest

from forum import clock
from forum.community.models import Post, Thread
from forum.extensions import db


@pytest.fixture
def signed_in(client, auth, member):
    auth.login(member)
    return client


def test_default_categories_are_seeded(signed_in):
    page = signed_in.get("/").get_data(as_text=True)
    for name in ["Announcements", "Introductions", "Treatment journeys", "Coping day to day", "Wins and gratitude",
                 "Caregivers and loved ones", "Off topic"]:
        assert name in page


def test_start_a_thread_and_reply(signed_in, app):
    response = signed_in.post("/c/introductions/new", data={"title": "Hello all", "body": "I'm **new** here."})
    assert response.status_code == 302
    thread_url = response.headers["Location"]
    page = signed_in.get(thread_url).get_data(as_text=True)
    assert "Hello all" in page and "<strong>new</strong>" in page
    response = signed_in.post(thread_url + "/reply", data={"body": "A reply of mine."})
    assert response.status_code == 302 and "#post-" in response.headers["Location"]
    assert "A reply of mine." in signed_in.get(thread_url).get_data(as_text=True)
    category_page = signed_in.get("/c/introductions").get_data(as_text=True)
    assert "Hello all" in category_page and "1 reply" in category_page


def test_thread_form_errors_keep_the_text(signed_in):
    response = signed_in.post("/c/coping/new", data={"title": "x", "body": "My long careful words."})
    page = response.get_data(as_text=True)
    assert "Titles are 3 to 160 characters." in page and "My long careful words." in page


def test_reply_errors_keep_the_text(signed_in, thread_in, member):
    thread_id, _ = thread_in(member)
    response = signed_in.post(f"/t/{thread_id}/reply", data={"body": "x" * 20_001})
    assert response.status_code == 422
    assert "at most 20,000 characters" in response.get_data(as_text=True)


def test_only_staff_start_threads_in_announcements(client, auth, member, staff):
    auth.login(member)
    assert client.get("/c/announcements/new").status_code == 403
    assert client.post("/c/announcements/new", data={"title": "Hi there", "body": "x"}).status_code == 403
    assert "Only staff start threads here." in client.get("/c/announcements").get_data(as_text=True)
    auth.logout()
    auth.login(staff)
    assert client.post("/c/announcements/new", data={"title": "Clinic news", "body": "Hello"}).status_code == 302


def test_quote_prefills_the_reply(signed_in, thread_in, other_member):
    thread_id, post_id = thread_in(other_member, body="Integration helped me.")
    page = signed_in.get(f"/t/{thread_id}?quote={post_id}").get_data(as_text=True)
    assert "&gt; **@river_member** wrote:" in page and "&gt; Integration helped me." in page


def test_edit_keeps_history_and_marks_edited(signed_in, thread_in, member, app):
    thread_id, post_id = thread_in(member, body="First words.")
    signed_in.post(f"/p/{post_id}/edit", data={"body": "Better words.", "content_warning": ""})
    page = signed_in.get(f"/t/{thread_id}").get_data(as_text=True)
    assert "Better words." in page and "First words." not in page and ">edited<" in page
    history = signed_in.get(f"/p/{post_id}/history").get_data(as_text=True)
    assert "First words." in history and "Better words." in history


def test_cannot_edit_someone_elses_post(signed_in, thread_in, other_member):
    _, post_id = thread_in(other_member)
    assert signed_in.get(f"/p/{post_id}/edit").status_code == 403
    assert signed_in.post(f"/p/{post_id}/edit", data={"body": "hijacked"}).status_code == 403


def test_withdraw_leaves_a_placeholder(app, client, auth, member, other_member, thread_in):
    thread_id, post_id = thread_in(member, body="Something I regret.")
    auth.login(member)
    client.post(f"/p/{post_id}/withdraw")
    auth.logout()
    auth.login(other_member)
    page = client.get(f"/t/{thread_id}").get_data(as_text=True)
    assert "withdrawn by its author" in page and "Something I regret." not in page


def test_moderator_removes_with_a_reason_and_it_is_logged(app, client, auth, member, moderator, thread_in):
    from forum.audit.models import LogEntry

    thread_id, post_id = thread_in(member, body="Selling something.")
    auth.login(moderator)
    page = client.post(f"/p/{post_id}/remove", data={"reason": ""}).get_data(as_text=True)
    assert "Give a reason" in page
    client.post(f"/p/{post_id}/remove", data={"reason": "No sourcing (rule 3)."})
    with app.app_context():
        entry = db.session.scalar(db.select(LogEntry))
        assert (entry.action, entry.target_id, entry.reason, entry.actor_name) == (
            "post_removed", post_id, "No sourcing (rule 3).", moderator.username)
    # The moderator still sees the text; the author is shown the placeholder with their text.
    assert "Selling something." in client.get(f"/t/{thread_id}").get_data(as_text=True)


def test_reactions_toggle_one_of_each_kind(app, signed_in, thread_in, other_member):
    thread_id, post_id = thread_in(other_member)
    signed_in.post(f"/p/{post_id}/react/support")
    signed_in.post(f"/p/{post_id}/react/support")
    signed_in.post(f"/p/{post_id}/react/hope")
    page = signed_in.get(f"/t/{thread_id}").get_data(as_text=True)
    # No count until there is one: "Sending support", not "Sending support 0".
    assert 'aria-pressed="false">\n                  Sending support <span class="count" hidden></span>' in page
    assert 'aria-pressed="true">\n                  Hope <span class="count">1</span>' in page
    assert signed_in.post(f"/p/{post_id}/react/dislike").status_code == 404


def test_no_reacting_to_ones_own_post(signed_in, thread_in, member):
    _, post_id = thread_in(member)
    assert signed_in.post(f"/p/{post_id}/react/support").status_code == 403


def test_content_warning_collapses_the_post(signed_in, thread_in, other_member):
    thread_id, _ = thread_in(other_member, body="A heavy story.", content_warning="self-harm mention")
    page = signed_in.get(f"/t/{thread_id}").get_data(as_text=True)
    details = page.split('<details class="content-warning">')[1].split("</details>")[0]
    assert "Content warning: self-harm mention" in details and "A heavy story." in details


def test_long_threads_page_by_position(app, signed_in, thread_in, member, other_member):
    from forum.accounts.models import User
    from forum.community import services

    thread_id, _ = thread_in(member)
    with app.app_context():
        author = db.session.get(User, other_member.id)
        thread = db.session.get(Thread, thread_id)
        for number in range(2, 46):
            services.reply(author, thread, f"Reply number {number}.")
    last = signed_in.get(f"/t/{thread_id}?page=3").get_data(as_text=True)
    assert "Reply number 45." in last and "Reply number 41." in last and "Reply number 40." not in last
    assert 'aria-current="page">3<' in last
    first = signed_in.get(f"/t/{thread_id}").get_data(as_text=True)
    assert "Reply number 20." in first and "Reply number 21." not in first
    # Out-of-range pages clamp instead of failing.
    assert signed_in.get(f"/t/{thread_id}?page=999").status_code == 200


def test_post_permalink_finds_its_page(app, signed_in, thread_in, member):
    from forum.accounts.models import User
    from forum.community import services

    thread_id, _ = thread_in(member)
    with app.app_context():
        author, thread = db.session.get(User, member.id), db.session.get(Thread, thread_id)
        posts = [services.reply(author, thread, f"Reply {n}").post.id for n in range(25)]
    response = signed_in.get(f"/p/{posts[-1]}")
    assert response.headers["Location"] == f"/t/{thread_id}?page=2#post-{posts[-1]}"


def test_category_lists_pinned_first_then_by_activity(app, signed_in, thread_in, member):
    older, _ = thread_in(member, title="Older thread")
    newer, _ = thread_in(member, title="Newer thread")
    pinned, _ = thread_in(member, title="Pinned thread")
    elsewhere, _ = thread_in(member, slug="off-topic", title="Global notice")
    expired, _ = thread_in(member, title="Expired pin")
    with app.app_context():
        now = clock.now()
        for thread_id, minutes in [(older, 30), (newer, 20), (pinned, 60), (elsewhere, 90)]:
            db.session.get(Thread, thread_id).last_post_at = now - timedelta(minutes=minutes)
        db.session.get(Thread, pinned).pinned_scope = "category"
        db.session.get(Thread, elsewhere).pinned_scope = "global"
        db.session.get(Thread, expired).pinned_scope = "category"
        db.session.get(Thread, expired).pinned_until = now - timedelta(minutes=1)
        db.session.get(Thread, expired).last_post_at = now - timedelta(minutes=100)
        db.session.commit()
    page = signed_in.get("/c/coping").get_data(as_text=True)
    order = [page.index(title) for title in ["Pinned thread", "Global notice", "Newer thread", "Older thread",
                                             "Expired pin"]]
    assert order == sorted(order)


def test_locked_thread_refuses_replies_but_not_moderators(app, client, auth, member, moderator, thread_in):
    thread_id, _ = thread_in(member)
    with app.app_context():
        db.session.get(Thread, thread_id).locked = True
        db.session.commit()
    auth.login(member)
    assert "This thread is locked." in client.get(f"/t/{thread_id}").get_data(as_text=True)
    assert client.post(f"/t/{thread_id}/reply", data={"body": "Hello?"}).status_code == 409
    auth.logout()
    auth.login(moderator)
    assert client.post(f"/t/{thread_id}/reply", data={"body": "Locking this for now."}).status_code == 302


def test_concurrent_positions_are_unique(app, thread_in, member):
    from forum.accounts.models import User
    from forum.community import services

    thread_id, _ = thread_in(member)
    with app.app_context():
        author, thread = db.session.get(User, member.id), db.session.get(Thread, thread_id)
        for number in range(5):
            services.reply(author, thread, f"Reply {number}")
        positions = db.session.scalars(db.select(Post.position).where(Post.thread_id == thread_id)).all()
        assert sorted(positions) == list(range(1, 7))
        assert db.session.get(Thread, thread_id).reply_count == 5
