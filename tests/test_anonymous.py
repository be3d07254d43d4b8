"""Anonymous posts: where staff allow them, a member posts as "Anonymous
member"; no surface names them to other members, everything that keeps people
safe still applies, and moderators trace an author only through a logged reveal."""
import json
import re

import pytest

from forum.accounts.models import User
from forum.audit.models import LogEntry
from forum.community.models import Category
from forum.extensions import db
from forum.moderation.models import QueueItem
from forum.settings import service as settings
from tests.outside import inbox  # noqa: F401  (fixture)

SECRET_BODY = "Something I can't say under my own name: my family doesn't know about the treatment."
CRISIS = "I don't want to be here anymore. I have the pills and I'm going to end it tonight."


@pytest.fixture
def open_to_anonymous(app):
    """Coping day to day allows anonymous posts, published without review."""

    def configure(held: bool = False, slug: str = "coping"):
        with app.app_context():
            db.session.scalar(db.select(Category).where(Category.slug == slug)).allow_anonymous = True
            db.session.commit()
            settings.update({"anonymous_posts_held": held})

    return configure


@pytest.fixture
def writer(app, make_person):
    """The anonymous writer, with a display name distinct from their username."""
    person = make_person("wren_hidden")
    with app.app_context():
        db.session.get(User, person.id).display_name = "Juniper Quill"
        db.session.commit()
    return person


def secrets_of(person) -> list[str]:
    return [person.username, "Juniper Quill"]


def assert_no_trace(text: str, person, where: str) -> None:
    """The writer's username, display name and account id appear nowhere in `text`."""
    lowered = text.lower()
    for secret in secrets_of(person):
        assert secret.lower() not in lowered, f"{secret!r} leaks on {where}"
    for pattern in (rf"/members/{person.id}\b", rf'"(?:author_id|user_id|actor_id)":\s*{person.id}\b',
                    rf'"id":\s*{person.id},\s*"(?:username|display_name)"'):
        assert not re.search(pattern, text), f"the writer's id leaks on {where}"


def json_text(response) -> str:
    assert response.status_code < 400, (response.status_code, response.get_data(as_text=True))
    return json.dumps(response.get_json())


# --- the category setting and the writer's choice -------------------------------------------------

def test_staff_open_a_category_to_anonymous_posts(api, staff, member):
    boss = api.as_(staff)
    created = boss.post("/categories", json={"name": "Hard to say", "allow_anonymous": True}).get_json()["category"]
    assert created["allow_anonymous"] is True
    assert boss.post("/categories", json={"name": "Plain talk"}).get_json()["category"]["allow_anonymous"] is False
    response = boss.patch(f"/categories/{created['slug']}", json={"allow_anonymous": "yes"})
    assert response.status_code == 422 and "allow_anonymous" in response.get_json()["error"]["fields"]
    assert boss.patch(f"/categories/{created['slug']}", json={"allow_anonymous": False}).get_json()[
        "category"]["allow_anonymous"] is False
    assert api.as_(member).patch("/categories/coping", json={"allow_anonymous": True}).status_code == 403


def test_the_staff_category_form_sets_it(client, auth, app, staff):
    auth.login(staff)
    page = client.get("/staff/categories/coping").get_data(as_text=True)
    assert "Members may post anonymously here" in page
    client.post("/staff/categories/coping", data={"name": "Coping day to day", "description": "d",
                                                  "posting": "members", "position": 3, "allow_anonymous": "y"})
    with app.app_context():
        assert db.session.scalar(db.select(Category.allow_anonymous).where(Category.slug == "coping")) is True
    assert "Anonymous posts wait for a moderator" in client.get("/staff/settings").get_data(as_text=True)


def test_anonymous_only_where_allowed_and_as_a_plain_choice(api, client, auth, member, open_to_anonymous):
    sam = api.as_(member)
    refused = sam.post("/categories/coping/threads", json={"title": "Quietly", "body": "x", "anonymous": True})
    assert refused.status_code == 403
    assert refused.get_json()["error"] == {"code": "anonymous_not_allowed",
                                           "message": "Anonymous posts aren't allowed in this category."}
    auth.login(member)
    assert "Anonymous member" not in client.get("/c/coping/new").get_data(as_text=True)
    open_to_anonymous()
    wrong = sam.post("/categories/coping/threads", json={"title": "Quietly", "body": "x", "anonymous": "yes"})
    assert wrong.status_code == 422 and wrong.get_json()["error"]["fields"] == {"anonymous": "Use true or false."}
    page = client.get("/c/coping/new").get_data(as_text=True)
    assert "Post as “Anonymous member”" in page and 'aria-describedby="anonymous-help"' in page
    assert "Post as “Anonymous member”" not in client.get("/c/wins/new").get_data(as_text=True)


def test_anonymous_posts_wait_for_review_unless_staff_say_otherwise(api, app, member, open_to_anonymous):
    open_to_anonymous(held=True)
    sam = api.as_(member)
    held = sam.post("/categories/coping/threads", json={"title": "Quietly", "body": SECRET_BODY, "anonymous": True})
    assert held.status_code == 202 and held.get_json()["post"]["status"] == "pending"
    with app.app_context():
        item = db.session.scalar(db.select(QueueItem).where(QueueItem.post_id == held.get_json()["post"]["id"]))
        assert item.kind == "held"
    open_to_anonymous(held=False)
    published = sam.post("/categories/coping/threads", json={"title": "Again", "body": "x", "anonymous": True})
    assert published.status_code == 201 and published.get_json()["post"]["anonymous"] is True


def test_a_muted_member_cannot_post_anonymously_either(api, app, member, moderator, open_to_anonymous):
    open_to_anonymous()
    api.as_(moderator).post(f"/users/{member.id}/sanctions", json={"kind": "mute", "reason": "cool off"})
    response = api.as_(member).post("/categories/coping/threads",
                                    json={"title": "Quietly", "body": "x", "anonymous": True})
    assert response.status_code == 403 and response.get_json()["error"]["code"] == "muted"


# --- nothing names the writer to other members ------------------------------------------------------

@pytest.fixture
def smtp_inbox(app, inbox):
    app.config.update(HEARTH_SMTP_HOST="127.0.0.1", HEARTH_SMTP_PORT=inbox.port,
                      HEARTH_SMTP_FROM="community@clinic.test")
    return inbox


def test_no_surface_names_an_anonymous_writer_to_other_members(app, api, client, auth, writer, other_member,
                                                              open_to_anonymous, smtp_inbox):
    open_to_anonymous()
    wren, river = api.as_(writer), api.as_(other_member)
    with app.app_context():
        db.session.get(User, other_member.id).email = "river@clinic.test"
        db.session.commit()
    river.patch("/me/preferences", json={"email_notifications": True})
    # An anonymous thread, and an anonymous reply (mentioning River) in River's thread.
    started = wren.post("/categories/coping/threads",
                        json={"title": "Unsaid things", "body": SECRET_BODY, "anonymous": True}).get_json()
    thread_id, opening_id = started["thread"]["id"], started["post"]["id"]
    rivers = river.post("/categories/coping/threads", json={"title": "River asks", "body": "How do you cope?"})
    rivers_thread = rivers.get_json()["thread"]["id"]
    reply = wren.post(f"/threads/{rivers_thread}/posts",
                      json={"body": f"@{other_member.username} {SECRET_BODY}", "anonymous": True}).get_json()
    reply_id = reply["post"]["id"]
    wren.patch(f"/posts/{reply_id}", json={"body": "Edited: " + SECRET_BODY})
    assert reply["post"]["author"] == {"username": None, "display_name": "Anonymous member"}

    surfaces = {
        "thread API": river.get(f"/threads/{thread_id}"),
        "posts API": river.get(f"/threads/{thread_id}/posts"),
        "replies API": river.get(f"/threads/{rivers_thread}/posts"),
        "post API": river.get(f"/posts/{reply_id}"),
        "category API": river.get("/categories/coping/threads"),
        "search API": river.get("/search?q=family"),
        "search API by author": river.get(f"/search?q=family&author={writer.username}"),
        "notifications API": river.get("/notifications"),
        "profile API": river.get(f"/users/{writer.username}"),
        "export": river.get("/me/export"),
        "OpenAPI": client.get("/api/v1/openapi.json"),
    }
    for where, response in surfaces.items():
        if where == "profile API":  # the profile is theirs, of course; it only must not list the post
            assert "family" not in response.get_data(as_text=True)
            continue
        assert_no_trace(json_text(response), writer, where)
    assert surfaces["search API by author"].get_json()["items"] == []
    assert len(surfaces["search API"].get_json()["items"]) == 2
    notices = surfaces["notifications API"].get_json()["items"]
    assert {n["kind"] for n in notices} == {"mention"}  # one notice: a mention in their own thread
    assert notices[0]["actor"] == {"username": None, "display_name": "Anonymous member"}
    assert notices[0]["text"] == "Anonymous member mentioned you"

    auth.login(other_member)
    pages = {path: client.get(path).get_data(as_text=True) for path in (
        f"/t/{thread_id}", f"/t/{rivers_thread}", "/c/coping", "/", "/search?q=family", "/notifications",
        f"/p/{reply_id}/fragment", f"/p/{reply_id}/history", f"/p/{opening_id}/flag")}
    for path, page in pages.items():
        assert_no_trace(page, writer, path)
    assert "Anonymous member" in pages[f"/t/{thread_id}"] and "avatar-none" in pages[f"/t/{thread_id}"]
    assert "by" in pages["/c/coping"] and "Anonymous member" in pages["/c/coping"]
    assert "Edited:" in pages[f"/p/{reply_id}/history"]
    member_page = client.get(f"/u/{writer.username}").get_data(as_text=True)
    assert "0 published posts" in member_page and "Unsaid things" not in member_page
    quote = client.get(f"/p/{reply_id}/quote").get_data(as_text=True)
    assert quote.startswith("> **Anonymous member** wrote:") and writer.username not in quote

    assert len(smtp_inbox.messages) == 1
    _, subject, text = smtp_inbox.messages[0]
    assert_no_trace(f"{subject}\n{text}", writer, "email")
    assert "Anonymous member mentioned you" in f"{subject}\n{text}"


def test_the_writer_is_told_it_is_theirs_and_keeps_everything_an_author_has(api, client, auth, writer,
                                                                              other_member, open_to_anonymous):
    open_to_anonymous()
    wren = api.as_(writer)
    started = wren.post("/categories/coping/threads",
                        json={"title": "Unsaid things", "body": SECRET_BODY, "anonymous": True}).get_json()
    thread_id, post_id = started["thread"]["id"], started["post"]["id"]
    assert started["thread"]["author"]["display_name"] == "Anonymous member"
    api.as_(other_member).post(f"/threads/{thread_id}/posts", json={"body": "I hear you."})
    # Replies in their anonymous thread still reach them.
    assert [n["kind"] for n in wren.get("/notifications").get_json()["items"]] == ["reply"]
    auth.login(writer)
    page = client.get(f"/t/{thread_id}").get_data(as_text=True)
    assert "You posted this anonymously" in page
    assert f'href="/p/{post_id}/edit"' in page and "Withdraw" in page
    assert "Who wrote this?" not in page
    exported = wren.get("/me/export").get_json()["posts"]
    assert [(p["id"], p["anonymous"]) for p in exported] == [(post_id, True)]
    # Their own profile doesn't count it either: the count is public.
    assert "0 published posts" in client.get(f"/u/{writer.username}").get_data(as_text=True)


def test_a_member_who_blocked_the_writer_sees_the_post_collapsed_without_the_name(api, client, auth, writer,
                                                                                  other_member,
                                                                                  open_to_anonymous):
    open_to_anonymous()
    river = api.as_(other_member)
    assert river.put(f"/users/{writer.username}/block").status_code == 204
    thread_id = river.post("/categories/coping/threads", json={"title": "Ask", "body": "?"}).get_json()["thread"]["id"]
    api.as_(writer).post(f"/threads/{thread_id}/posts", json={"body": SECRET_BODY, "anonymous": True})
    posts = river.get(f"/threads/{thread_id}/posts").get_json()["items"]
    assert posts[1]["author_blocked"] is True and posts[1]["author"]["username"] is None
    # Blocked: no notification of the reply either.
    assert river.get("/notifications").get_json()["items"] == []
    auth.login(other_member)
    page = client.get(f"/t/{thread_id}").get_data(as_text=True)
    assert "A post from someone you blocked" in page
    assert_no_trace(page, writer, "the blocker's thread page")


def test_a_former_members_anonymous_post_stays_anonymous(api, client, auth, writer, other_member, moderator,
                                                         open_to_anonymous):
    open_to_anonymous()
    wren = api.as_(writer)
    started = wren.post("/categories/coping/threads", json={"title": "Unsaid things", "body": SECRET_BODY,
                                                            "anonymous": True}).get_json()
    thread_id = started["thread"]["id"]
    assert wren.delete("/me", json={"password": writer.password}).status_code == 204
    river = api.as_(other_member)
    assert river.get(f"/threads/{thread_id}").get_json()["thread"]["author"]["display_name"] == "Anonymous member"
    auth.login(other_member)
    page = client.get(f"/t/{thread_id}").get_data(as_text=True)
    assert "Anonymous member" in page and "former member" not in page
    mod = api.as_(moderator)
    assert mod.get(f"/posts/{started['post']['id']}/author").get_json()["author"] is None
    auth.logout()
    auth.login(moderator)
    assert "who wrote it?" in client.get("/moderation/log").get_data(as_text=True)


# --- safety still applies ------------------------------------------------------------------------------

def test_an_anonymous_crisis_post_is_answered_at_once(app, api, client, auth, writer, open_to_anonymous):
    open_to_anonymous(held=True)  # crisis posts are never held for anonymity review
    response = api.as_(writer).post("/categories/coping/threads",
                                    json={"title": "Tonight", "body": CRISIS, "anonymous": True})
    assert response.status_code == 201
    body = response.get_json()
    assert body["post"]["status"] == "visible" and body["notices"][0]["kind"] == "crisis_resources"
    with app.app_context():
        kinds = set(db.session.scalars(db.select(QueueItem.kind).where(QueueItem.post_id == body["post"]["id"])))
    assert kinds == {"crisis"}
    auth.login(writer)
    page = client.get(f"/t/{body['thread']['id']}").get_data(as_text=True)
    assert 'id="crisis-help"' in page and "You posted this anonymously" in page


def test_watched_words_still_block_anonymous_posts(api, writer, open_to_anonymous):
    open_to_anonymous()
    response = api.as_(writer).post("/categories/coping/threads", json={
        "title": "Help", "body": "Anyone selling ketamine? DM me", "anonymous": True})
    assert response.status_code == 422 and response.get_json()["error"]["code"] == "blocked_content"


def test_typing_in_a_category_open_to_anonymous_posts_names_nobody(app, writer, open_to_anonymous, thread_in):
    from forum.community import anonymity
    from forum.community.models import Thread

    thread_id, _ = thread_in(writer)
    with app.app_context():
        user, thread = db.session.get(User, writer.id), db.session.get(Thread, thread_id)
        assert anonymity.typist(user, thread)["username"] == writer.username
    open_to_anonymous()
    with app.app_context():
        user, thread = db.session.get(User, writer.id), db.session.get(Thread, thread_id)
        assert anonymity.typist(user, thread) == {"username": None, "display_name": "Someone"}


# --- moderators trace the writer, and the log keeps every look -----------------------------------------

def test_moderators_see_anonymous_member_until_they_ask_and_the_log_keeps_it(app, api, client, auth, writer,
                                                                             moderator, open_to_anonymous):
    open_to_anonymous(held=True)
    started = api.as_(writer).post("/categories/coping/threads", json={"title": "Unsaid things",
                                                                       "body": SECRET_BODY, "anonymous": True})
    post_id, thread_id = started.get_json()["post"]["id"], started.get_json()["thread"]["id"]
    mod = api.as_(moderator)
    queue = mod.get("/moderation/queue").get_json()["items"]
    assert queue[0]["anonymous"] is True and queue[0]["author_history"] is None
    assert_no_trace(json.dumps(queue), writer, "the queue API")
    auth.login(moderator)
    for path in ("/moderation", f"/moderation/items/{queue[0]['id']}", f"/t/{thread_id}"):
        page = client.get(path).get_data(as_text=True)
        assert_no_trace(page, writer, path)
        assert "Anonymous member" in page
        assert ("Who wrote this?" in page) == (path != "/moderation")
    # Opening the page explains; only posting it names the writer, and logs it.
    confirm = client.get(f"/moderation/posts/{post_id}/author").get_data(as_text=True)
    assert "recorded in the moderation log" in confirm and "Juniper Quill" not in confirm
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(LogEntry).where(
            LogEntry.action == "anonymous_author_revealed")) == 0
    shown = client.post(f"/moderation/posts/{post_id}/author", data={"reason": "Checking on a crisis"})
    assert "Juniper Quill" in shown.get_data(as_text=True) and f"/moderation/members/{writer.id}" in \
        shown.get_data(as_text=True)
    revealed = mod.get(f"/posts/{post_id}/author").get_json()
    assert revealed["author"]["username"] == writer.username
    with app.app_context():
        entries = db.session.scalars(db.select(LogEntry).where(
            LogEntry.action == "anonymous_author_revealed").order_by(LogEntry.id)).all()
        assert [(e.actor_name, e.target_id, e.reason) for e in entries] == [
            (moderator.username, post_id, "Checking on a crisis"), (moderator.username, post_id, "")]
        assert all("author_id" not in e.details for e in entries)  # the log says who looked, not whom they saw
    log_page = client.get("/moderation/log").get_data(as_text=True)
    assert "anonymous post</a>" in log_page and "who wrote it?" in log_page
    assert writer.username not in log_page.split("<main")[1]
    # Filtering the log by the writer doesn't list their anonymous post's other entries.
    assert "anonymous post" not in client.get(f"/moderation/log?member={writer.username}").get_data(as_text=True)


def test_only_moderators_reveal_and_only_anonymous_posts(api, client, auth, writer, other_member, moderator,
                                                         open_to_anonymous, thread_in):
    open_to_anonymous()
    post_id = api.as_(writer).post("/categories/coping/threads", json={
        "title": "Unsaid things", "body": SECRET_BODY, "anonymous": True}).get_json()["post"]["id"]
    refused = api.as_(other_member).get(f"/posts/{post_id}/author")
    assert refused.status_code == 403 and refused.get_json()["error"]["code"] == "forbidden"
    auth.login(other_member)
    assert client.post(f"/moderation/posts/{post_id}/author").status_code == 403
    _, named_post = thread_in(other_member)
    assert api.as_(moderator).get(f"/posts/{named_post}/author").status_code == 409


def test_an_approved_anonymous_post_edited_waits_for_review_again(api, app, member, moderator, open_to_anonymous):
    open_to_anonymous(held=True)
    sam = api.as_(member)
    post_id = sam.post("/categories/coping/threads",
                       json={"title": "Quietly", "body": "x", "anonymous": True}).get_json()["post"]["id"]
    with app.app_context():
        item_id = db.session.scalar(db.select(QueueItem.id).where(QueueItem.post_id == post_id))
    approved = api.as_(moderator).post(f"/moderation/queue/{item_id}/resolve", json={"action": "approve", "reason": "ok"})
    assert approved.status_code == 200
    edited = sam.patch(f"/posts/{post_id}", json={"body": "Something else entirely."})
    assert edited.status_code in (200, 202) and edited.get_json()["post"]["status"] == "pending"


def test_caring_for_an_anonymous_writer_names_nobody_to_the_team(api, app, client, auth, writer, moderator,
                                                                open_to_anonymous):
    """A care conversation about the writer's own anonymous post is no way round the logged look."""
    open_to_anonymous()
    post_id = api.as_(writer).post("/categories/coping/threads", json={
        "title": "Tonight", "body": "i want to die", "anonymous": True}).get_json()["post"]["id"]
    with app.app_context():
        item_id = db.session.scalar(db.select(QueueItem.id).where(QueueItem.post_id == post_id,
                                                                   QueueItem.kind == "crisis"))
    mod = api.as_(moderator)
    assert mod.post(f"/moderation/queue/{item_id}/messages", json={"body": "We're here."}).status_code == 201
    conversation_id = api.as_(writer).get("/me/conversations").get_json()["items"][0]["id"]
    api.as_(writer).post(f"/me/conversations/{conversation_id}/messages", json={"body": "Thank you."})
    assert_no_trace(json_text(mod.get(f"/moderation/queue/{item_id}/messages")), writer, "the team's messages API")
    auth.login(moderator)
    for path in (f"/talk/{conversation_id}", f"/moderation/items/{item_id}"):
        page = client.get(path).get_data(as_text=True)
        assert_no_trace(page.split("<main")[1], writer, path)
