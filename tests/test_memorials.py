"""Memorials for a member who died, as the #chatsafe guidance asks: staff open
them from a template, pinned for a limited time with help at the top; every
member's reply waits for a moderator; notifications and emails never name the
person; staff tick a checklist that is logged; the account can be closed with
its posts kept."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest

from forum import clock
from forum.accounts.models import User
from forum.audit.models import LogEntry
from forum.community.models import Post, Thread
from forum.extensions import db
from forum.memorials import service
from forum.memorials.models import Memorial, MemorialCheck
from forum.moderation.models import QueueItem
from forum.notifications.models import Notification
from tests.conftest import Api
from tests.outside import inbox  # noqa: F401  (fixture)

# The deceased member's pseudonym: it must never reach a notification or an email.
NAME = "Juniper"


@pytest.fixture
def deceased(make_person, app):
    person = make_person("juniper_member")
    with app.app_context():
        db.session.get(User, person.id).display_name = NAME
        db.session.commit()
    return person


def open_memorial(browser, user_id: int, **fields):
    """Staff open a memorial through the page, with the template's words unless told otherwise."""
    page = browser.get(f"/moderation/members/{user_id}/memorial").get_data(as_text=True)
    form = {"title": re.search(r'name="title"[^>]*value="([^"]*)"', page).group(1),
            "body": re.search(r'<textarea[^>]*name="body"[^>]*>\s*([^<]*)</textarea>', page).group(1),
            "category": "announcements", "until_preset": "default", "until": ""}
    form.update(fields)
    return browser.post(f"/moderation/members/{user_id}/memorial", data=form)


@pytest.fixture
def memorial(app, browser_as, staff, deceased) -> dict:
    response = open_memorial(browser_as(staff), deceased.id)
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        found = db.session.scalar(db.select(Memorial).where(Memorial.member_id == deceased.id))
        return {"id": found.id, "thread": found.thread_id}


def test_the_form_starts_from_the_template_with_the_members_name(browser_as, staff, deceased):
    page = browser_as(staff).get(f"/moderation/members/{deceased.id}/memorial").get_data(as_text=True)
    assert f'value="Remembering {NAME}"' in page
    assert f"{NAME}, a member of our community, has died" in page
    assert "30 days" in page and "Please don&#39;t guess or share how they died" in page


def test_staff_open_a_memorial_pinned_everywhere_for_30_days(app, memorial, staff, deceased, moved_clock):
    with app.app_context():
        thread = db.session.get(Thread, memorial["thread"])
        assert thread.title == f"Remembering {NAME}" and thread.category.slug == "announcements"
        assert thread.pinned_scope == "global"
        assert abs(thread.pinned_until - (clock.now() + timedelta(days=30))) < timedelta(minutes=1)
        opened = db.session.scalar(db.select(LogEntry).where(LogEntry.action == "memorial_opened"))
        assert opened.actor_id == staff.id and opened.target_id == deceased.id
        # Staff's own opening words are no crisis: nothing waits in the queue about them.
        assert db.session.scalar(db.select(db.func.count()).select_from(QueueItem)) == 0
        from forum.community import queries
        assert queries.is_pinned(thread)
        moved_clock["by"] = timedelta(days=30, minutes=1)
        assert not queries.is_pinned(thread)


def test_a_pin_of_a_week_or_a_chosen_date(app, browser_as, staff, deceased):
    open_memorial(browser_as(staff), deceased.id, until_preset="1w")
    with app.app_context():
        thread = db.session.scalar(db.select(Thread).join(Memorial, Memorial.thread_id == Thread.id))
        assert abs(thread.pinned_until - (clock.now() + timedelta(weeks=1))) < timedelta(minutes=1)


def test_a_past_date_or_an_empty_title_is_refused_on_the_form(app, browser_as, staff, deceased):
    browser = browser_as(staff)
    response = open_memorial(browser, deceased.id, until_preset="at", until="2001-01-01T10:00")
    assert response.status_code == 422 and "Choose a time in the future" in response.get_data(as_text=True)
    response = open_memorial(browser, deceased.id, title="")
    assert response.status_code == 422 and "Titles are" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Memorial)) == 0


def test_crisis_resources_and_support_are_at_the_top(browser_as, memorial, member):
    page = browser_as(member).get(f"/t/{memorial['thread']}").get_data(as_text=True)
    help_at, posts_at = page.index('id="memorial-help"'), page.index('id="posts"')
    assert help_at < posts_at
    assert "988 Suicide &amp; Crisis Lifeline" in page[help_at:posts_at]
    assert "talk to a moderator" in page[help_at:posts_at]
    assert "Staff checklist" not in page  # staff only


def test_every_members_reply_waits_for_review_through_the_api(app, api, memorial, member):
    response = api.as_(member).post(f"/threads/{memorial['thread']}/posts", json={"body": "I'll miss you."})
    assert response.status_code == 202  # accepted, waiting for review
    assert response.get_json()["post"]["status"] == "pending"
    with app.app_context():
        post = db.session.get(Post, response.get_json()["post"]["id"])
        assert post.moderation_note == service.HELD_NOTE
        item = db.session.scalar(db.select(QueueItem).where(QueueItem.post_id == post.id))
        assert item.kind == "held"
        assert [signal["note"] for signal in item.signals] == [
            "memorial thread: check for method details and glorification"]


def test_every_members_reply_waits_for_review_through_the_form(app, browser_as, memorial, member):
    browser = browser_as(member)
    browser.post(f"/t/{memorial['thread']}/reply", data={"body": "Thank you for everything."})
    with app.app_context():
        post = db.session.scalar(db.select(Post).where(Post.thread_id == memorial["thread"], Post.position == 2))
        assert post.status == "pending"
    # Other members don't see it until a moderator approves it.
    assert "Thank you for everything" not in browser_as_other(app, memorial)


def browser_as_other(app, memorial) -> str:
    from tests.conftest import Person, signed_in_browser

    with app.app_context():
        from forum.accounts import services as accounts
        user = accounts.create_account("another_reader", "correct horse battery staple")
        person = Person(user.id, user.username, "member", "active", "correct horse battery staple")
    return signed_in_browser(app, person).get(f"/t/{memorial['thread']}").get_data(as_text=True)


def test_an_edit_of_an_approved_reply_waits_again(app, api, memorial, member, moderator):
    mine = api.as_(member)
    post_id = mine.post(f"/threads/{memorial['thread']}/posts", json={"body": "Kind words."}).get_json()["post"]["id"]
    moderators = Api(app.test_client()).as_(moderator)
    item = moderators.get("/moderation/queue").get_json()["items"][0]["id"]
    moderators.post(f"/moderation/queue/{item}/resolve", json={"action": "approve", "reason": "Kind."})
    mine.patch(f"/posts/{post_id}", json={"body": "Kind words, and more."})
    with app.app_context():
        assert db.session.get(Post, post_id).status == "pending"


def test_moderators_and_staff_reply_directly(app, memorial, moderator):
    response = Api(app.test_client()).as_(moderator).post(f"/threads/{memorial['thread']}/posts",
                                                          json={"body": "We're here for you all."})
    assert response.get_json()["post"]["status"] == "visible"


def test_other_threads_are_not_held(api, thread_in, member, other_member):
    thread_id, _ = thread_in(other_member)
    response = api.as_(member).post(f"/threads/{thread_id}/posts", json={"body": "Hello."})
    assert response.get_json()["post"]["status"] == "visible"


@pytest.mark.parametrize("who", ["member", "moderator"])
def test_staff_only_actions_are_refused_to_others(app, browser_as, memorial, deceased, member, moderator, who):
    browser = browser_as({"member": member, "moderator": moderator}[who])
    assert browser.get(f"/moderation/members/{deceased.id}/memorial").status_code == 403
    assert browser.post(f"/moderation/members/{deceased.id}/memorial",
                        data={"title": "x", "body": "y"}).status_code == 403
    assert browser.post(f"/memorials/{memorial['id']}/checklist",
                        data={"item": "moderators_informed", "done": "1"}).status_code == 403
    assert browser.get(f"/moderation/members/{deceased.id}/close").status_code == 403
    assert browser.post(f"/moderation/members/{deceased.id}/close",
                        data={"reason": "x"}).status_code == 403
    assert "Staff checklist" not in browser.get(f"/t/{memorial['thread']}").get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(MemorialCheck)) == 0
        assert db.session.get(User, deceased.id).status == "active"


def test_notifications_and_emails_never_name_the_person(app, api, inbox, memorial, member, other_member,  # noqa: F811
                                                        moderator, staff):
    app.config.update(HEARTH_SMTP_HOST="127.0.0.1", HEARTH_SMTP_PORT=inbox.port)
    watcher = api.as_(other_member)
    with app.app_context():
        db.session.get(User, other_member.id).email = "river@clinic.test"
        db.session.commit()
    watcher.patch("/me/preferences", json={"email_notifications": True})
    with app.app_context():
        from forum.notifications import service as notifications
        notifications.set_thread_level(db.session.get(User, other_member.id),
                                       db.session.get(Thread, memorial["thread"]), "watch")
    Api(app.test_client()).as_(member).post(
        f"/threads/{memorial['thread']}/posts",
        json={"body": f"{NAME} was so kind to me. @{other_member.username} remember the garden?"})
    moderators = Api(app.test_client()).as_(moderator)
    item = moderators.get("/moderation/queue").get_json()["items"][0]["id"]
    moderators.post(f"/moderation/queue/{item}/resolve", json={"action": "approve", "reason": "Kind memories."})
    # Staff write directly: a reply the watcher hears of too.
    Api(app.test_client()).as_(staff).post(f"/threads/{memorial['thread']}/posts",
                                           json={"body": f"Thank you all for remembering {NAME}."})
    listed = watcher.get("/notifications").get_json()["items"]
    assert listed, "the watcher is told"
    for notification in listed:
        assert NAME not in str(notification) and notification["excerpt"] == ""
        assert "memorial thread" in notification["text"]
    with app.app_context():
        assert not db.session.scalar(db.select(Notification).where(Notification.excerpt.contains(NAME)))
    assert inbox.messages
    for _, subject, text in inbox.messages:
        assert NAME not in subject and NAME not in text
        assert "Remembering" not in subject + text and "memorial thread" in subject


def test_checklist_ticks_are_kept_with_who_and_when_and_logged(app, browser_as, memorial, staff, member,
                                                               other_member, thread_in, deceased):
    # River replied in Juniper's thread lately: they are among the people who talked with them most.
    thread_id, _ = thread_in(deceased)
    Api(app.test_client()).as_(other_member).post(f"/threads/{thread_id}/posts", json={"body": "Same here."})
    browser = browser_as(staff)
    page = browser.get(f"/t/{memorial['thread']}").get_data(as_text=True)
    assert "Staff checklist" in page and other_member.username in page.split("Who talked with them most")[1]
    response = browser.post(f"/memorials/{memorial['id']}/checklist",
                            data={"item": "moderators_informed", "done": "1"})
    assert response.status_code == 302 and response.headers["Location"].endswith("#memorial-checklist")
    page = browser.get(f"/t/{memorial['thread']}").get_data(as_text=True)
    assert f"Done by {staff.username}" in page
    browser.post(f"/memorials/{memorial['id']}/checklist",
                 data={"item": "moderators_informed", "done": "0"})
    browser.post(f"/memorials/{memorial['id']}/checklist",
                 data={"item": "not_an_item", "done": "1"})
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(MemorialCheck)) == 0
        actions = list(db.session.scalars(db.select(LogEntry.action).where(LogEntry.action.like("memorial_check%"))
                                          .order_by(LogEntry.id)))
        assert actions == ["memorial_check_done", "memorial_check_undone"]
    log_page = browser.get("/moderation/log").get_data(as_text=True)
    assert "Memorial checklist: item done" in log_page and "Memorial opened" in log_page


def test_closing_the_account_ends_sign_in_and_tokens_and_keeps_the_posts(app, browser_as, staff, deceased, member,
                                                                         thread_in):
    thread_id, post_id = thread_in(deceased, body="What helped me this week.")
    token_api = Api(app.test_client()).as_(deceased)
    their_browser = browser_as(deceased)
    assert token_api.get("/me").status_code == 200
    staff_browser = browser_as(staff)
    standing = staff_browser.get(f"/moderation/members/{deceased.id}").get_data(as_text=True)
    assert "Close the account, keeping their posts" in standing
    response = staff_browser.post(f"/moderation/members/{deceased.id}/close",
                                  data={"reason": "The family let the clinic know."})
    assert response.status_code == 302
    assert token_api.get("/me").status_code == 401
    assert their_browser.get("/").status_code in (302, 401) or "Sign in" in their_browser.get("/").get_data(as_text=True)
    refused = Api(app.test_client()).client.post("/api/v1/tokens", json={"username": deceased.username,
                                                                         "password": deceased.password})
    assert refused.status_code == 403 and "closed" in refused.get_json()["error"]["message"]
    assert "banned" not in refused.get_json()["error"]["message"]
    page = browser_as(member).get(f"/t/{thread_id}").get_data(as_text=True)
    assert "What helped me this week." in page and NAME in page
    with app.app_context():
        assert db.session.get(Post, post_id).author_id == deceased.id
        entry = db.session.scalar(db.select(LogEntry).where(LogEntry.action == "account_closed"))
        assert entry.target_id == deceased.id and entry.reason == "The family let the clinic know."
    standing = staff_browser.get(f"/moderation/members/{deceased.id}").get_data(as_text=True)
    assert "The account is closed" in standing and "banned" not in standing.lower()
    assert "Account closed" in staff_browser.get("/moderation/log").get_data(as_text=True)


def test_closing_needs_a_reason(app, browser_as, staff, deceased):
    browser = browser_as(staff)
    response = browser.post(f"/moderation/members/{deceased.id}/close",
                            data={"reason": ""})
    assert response.status_code == 422 and "Give a reason" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(User, deceased.id).status == "active"


def test_one_memorial_per_member(app, browser_as, memorial, staff, deceased):
    response = browser_as(staff).get(f"/moderation/members/{deceased.id}/memorial")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/t/{memorial['thread']}")


def test_ticks_are_in_the_export_and_leave_with_the_account(app, browser_as, memorial, staff, make_person):
    browser = browser_as(staff)
    browser.post(f"/memorials/{memorial['id']}/checklist", data={"item": "support_offered", "done": "1"})
    exported = Api(app.test_client()).as_(staff).get("/me/export").get_json()
    assert exported["memorial_checks"] == [{"thread_id": memorial["thread"], "item": "support_offered",
                                            "done_at": exported["memorial_checks"][0]["done_at"]}]
    make_person("another_staff", role="staff")  # the last staff account can't leave
    with app.app_context():
        from forum.accounts import data_rights
        data_rights.delete_account(db.session.get(User, staff.id), staff.password)
        check = db.session.scalar(db.select(MemorialCheck))
        assert check.done_by_id is None


def test_a_closed_account_is_not_sanctioned(app, api, moderator, member):
    with app.app_context():
        db.session.get(User, member.id).status = "closed"
        db.session.commit()
    refused = api.as_(moderator).post(f"/users/{member.id}/sanctions", json={"kind": "mute", "reason": "x"})
    assert refused.status_code == 409 and refused.get_json()["error"]["code"] == "account_closed"


def test_nothing_reaches_a_remembered_members_mailbox(app, api, staff, member, other_member, thread_in):
    memorial_thread, _ = thread_in(staff, title="Remembering them")
    elsewhere, _ = thread_in(member, title="Their own thread")
    with app.app_context():
        db.session.add(service.Memorial(thread_id=memorial_thread, member_id=member.id, opened_by_id=staff.id))
        db.session.commit()
    reply = api.as_(other_member).post(f"/threads/{elsewhere}/posts", json={"body": f"@{member.username} miss you"})
    assert reply.status_code == 201
    assert api.as_(member).get("/notifications").get_json()["items"] == []
