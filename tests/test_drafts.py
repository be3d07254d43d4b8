"""Drafts: what a member is writing is kept for them alone, on the server,
until they post it, discard it or leave it for 30 days."""
from datetime import timedelta

import pytest

from forum.community.models import Draft
from forum.extensions import db
from tests.conftest import PASSWORD


@pytest.fixture
def writer(api, member):
    return api.as_(member)


def _draft(app, **where):
    with app.app_context():
        return db.session.scalar(db.select(Draft).filter_by(**where))


def test_a_reply_draft_is_saved_restored_and_cleared_by_posting(app, client, auth, writer, member, thread_in):
    thread_id, _ = thread_in(member)
    saved = writer.put(f"/drafts/thread/{thread_id}", json={"body": "Half a thought,\n\nstill going ",
                                                             "content_warning": "grief"})
    assert saved.status_code == 200
    draft = saved.get_json()["draft"]
    assert draft["kind"] == "thread" and draft["thread_id"] == thread_id
    assert draft["body"] == "Half a thought,\n\nstill going "  # kept as typed, trailing space too
    assert writer.get(f"/drafts/thread/{thread_id}").get_json()["draft"]["content_warning"] == "grief"
    # The page renders it into the reply box: on another device too.
    auth.login(member)
    page = client.get(f"/t/{thread_id}").get_data(as_text=True)
    assert "Half a thought," in page and 'value="grief"' in page and "Draft saved" in page
    assert client.post(f"/t/{thread_id}/reply", data={"body": "Half a thought, finished."}).status_code == 302
    assert writer.get(f"/drafts/thread/{thread_id}").get_json()["draft"] is None
    assert _draft(app, thread_id=thread_id) is None


def test_a_refused_reply_keeps_its_draft(writer, member, thread_in):
    thread_id, _ = thread_in(member)
    writer.put(f"/drafts/thread/{thread_id}", json={"body": "DM me for k"})
    assert writer.post(f"/threads/{thread_id}/posts", json={"body": "DM me for k"}).status_code == 422
    assert writer.get(f"/drafts/thread/{thread_id}").get_json()["draft"]["body"] == "DM me for k"


def test_drafts_are_per_thread_and_per_category(app, client, auth, writer, member, thread_in):
    first, _ = thread_in(member)
    second, _ = thread_in(member, title="Another week")
    writer.put(f"/drafts/thread/{first}", json={"body": "For the first"})
    writer.put(f"/drafts/thread/{second}", json={"body": "For the second"})
    writer.put("/drafts/category/coping", json={"title": "A new one", "body": "Coping words"})
    writer.put("/drafts/category/off-topic", json={"title": "Other", "body": "Off topic words"})
    assert writer.get(f"/drafts/thread/{first}").get_json()["draft"]["body"] == "For the first"
    assert writer.get(f"/drafts/thread/{second}").get_json()["draft"]["body"] == "For the second"
    assert writer.get("/drafts/category/coping").get_json()["draft"]["title"] == "A new one"
    auth.login(member)
    page = client.get("/c/coping/new").get_data(as_text=True)
    assert 'value="A new one"' in page and "Coping words" in page and "Off topic words" not in page
    # Starting the thread clears that category's draft only.
    assert client.post("/c/coping/new", data={"title": "A new one", "body": "Coping words"}).status_code == 302
    assert writer.get("/drafts/category/coping").get_json()["draft"] is None
    assert writer.get("/drafts/category/off-topic").get_json()["draft"]["body"] == "Off topic words"
    assert writer.get(f"/drafts/thread/{first}").get_json()["draft"]["body"] == "For the first"


def test_saving_empty_text_or_deleting_discards(writer, member, thread_in):
    thread_id, _ = thread_in(member)
    writer.put(f"/drafts/thread/{thread_id}", json={"body": "Something"})
    assert writer.put(f"/drafts/thread/{thread_id}", json={"body": "  \n"}).get_json() == {"draft": None}
    writer.put(f"/drafts/thread/{thread_id}", json={"body": "Something"})
    assert writer.delete(f"/drafts/thread/{thread_id}").status_code == 204
    assert writer.get(f"/drafts/thread/{thread_id}").get_json()["draft"] is None
    assert writer.delete(f"/drafts/thread/{thread_id}").status_code == 204  # nothing there: still fine


@pytest.mark.parametrize("body, field", [
    ({"body": "x" * 20_001}, "body"),
    ({"body": "ok", "content_warning": "c" * 121}, "content_warning"),
    ({"body": "ok", "title": "t" * 161}, "title"),
    ({"body": 5}, "body"),
    ({}, "body"),
])
def test_drafts_are_size_limited_like_posts(writer, member, body, field):
    response = writer.put("/drafts/category/coping", json=body)
    assert response.status_code == 422 and field in response.get_json()["error"]["fields"]
    assert writer.get("/drafts/category/coping").get_json()["draft"] is None


def test_another_member_can_neither_read_nor_overwrite_a_draft(app, api, client, auth, member, other_member,
                                                               moderator, thread_in):
    thread_id, _ = thread_in(member)
    api.as_(member).put(f"/drafts/thread/{thread_id}", json={"body": "Only mine"})
    for someone in (other_member, moderator):
        reader = api.as_(someone)
        assert reader.get(f"/drafts/thread/{thread_id}").get_json()["draft"] is None
        reader.put(f"/drafts/thread/{thread_id}", json={"body": "Theirs"})
        reader.delete(f"/drafts/thread/{thread_id}")
        auth.login(someone)
        assert "Only mine" not in client.get(f"/t/{thread_id}").get_data(as_text=True)
        auth.logout()
    assert api.as_(member).get(f"/drafts/thread/{thread_id}").get_json()["draft"]["body"] == "Only mine"
    # Nor does search find it.
    assert api.as_(moderator).get("/search?q=Only%20mine").get_json()["items"] == []


def test_a_muted_member_saves_no_draft_but_may_discard(api, make_person, member, thread_in):
    thread_id, _ = thread_in(member)
    muted = api.as_(make_person("quiet_one", status="muted"))
    assert muted.put(f"/drafts/thread/{thread_id}", json={"body": "x"}).status_code == 403
    assert muted.delete(f"/drafts/thread/{thread_id}").status_code == 204


def test_drafts_are_in_the_export_and_go_with_the_account(app, api, member, thread_in):
    thread_id, _ = thread_in(member)
    writer = api.as_(member)
    writer.put(f"/drafts/thread/{thread_id}", json={"body": "Private words"})
    writer.put("/drafts/category/coping", json={"title": "Maybe", "body": "More private words"})
    exported = writer.get("/me/export").get_json()
    assert sorted(d["body"] for d in exported["drafts"]) == ["More private words", "Private words"]
    assert {d["kind"] for d in exported["drafts"]} == {"thread", "category"}
    assert writer.delete("/me", json={"password": PASSWORD}).status_code in {200, 204}
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Draft)) == 0


def test_drafts_are_forgotten_after_30_days(app, writer, member, thread_in, moved_clock):
    thread_id, _ = thread_in(member)
    writer.put(f"/drafts/thread/{thread_id}", json={"body": "Left alone"})
    moved_clock["by"] = timedelta(days=29)
    assert writer.get(f"/drafts/thread/{thread_id}").get_json()["draft"]["body"] == "Left alone"
    moved_clock["by"] = timedelta(days=31)
    assert writer.get(f"/drafts/thread/{thread_id}").get_json()["draft"] is None
    # The next save anywhere removes it for good.
    writer.put("/drafts/category/coping", json={"body": "New"})
    assert _draft(app, thread_id=thread_id) is None


def test_a_cookie_session_needs_the_csrf_header(app, member, thread_in):
    thread_id, _ = thread_in(member)
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        browser = app.test_client()
        page = browser.get("/sign-in").get_data(as_text=True)
        token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
        browser.post("/sign-in", data={"username": member.username, "password": PASSWORD, "csrf_token": token})
        refused = browser.put(f"/api/v1/drafts/thread/{thread_id}", json={"body": "x"})
        assert refused.status_code == 400
        thread_page = browser.get(f"/t/{thread_id}").get_data(as_text=True)
        header = thread_page.split('name="csrf-token" content="')[1].split('"')[0]
        allowed = browser.put(f"/api/v1/drafts/thread/{thread_id}", json={"body": "x"},
                              headers={"X-CSRFToken": header})
        assert allowed.status_code == 200
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_without_javascript_the_reply_box_is_saved_discarded_and_quoted(app, client, auth, member, other_member,
                                                                         thread_in):
    thread_id, post_id = thread_in(other_member, body="Breathing helps me.")
    auth.login(member)
    saved = client.post(f"/t/{thread_id}/draft", data={"body": "My words so far", "draft": "save"})
    assert saved.status_code == 302 and saved.headers["Location"].endswith("#reply")
    # Quote posts the box: what was typed stays, the quote follows it.
    quoted = client.post(f"/t/{thread_id}/draft", data={"body": "My words, more of them", "quote": str(post_id)})
    assert quoted.headers["Location"].endswith("#reply")
    page = client.get(quoted.headers["Location"]).get_data(as_text=True)
    assert "My words, more of them\n\n&gt; **@river_member** wrote:" in page
    assert "Quote added to your reply." in page.split('id="reply-form"')[1]  # next to the reply box
    discarded = client.post(f"/t/{thread_id}/draft", data={"body": "whatever", "draft": "discard"})
    assert discarded.headers["Location"].endswith("#reply")
    assert _draft(app, thread_id=thread_id) is None


def test_a_quote_link_adds_to_the_stored_draft(client, auth, writer, member, other_member, thread_in):
    thread_id, post_id = thread_in(other_member, body="Breathing helps me.")
    writer.put(f"/drafts/thread/{thread_id}", json={"body": "Started on my phone"})
    auth.login(member)
    page = client.get(f"/t/{thread_id}?quote={post_id}").get_data(as_text=True)
    assert "Started on my phone\n\n&gt; **@river_member** wrote:\n&gt;\n&gt; Breathing helps me." in page
    assert client.get(f"/p/{post_id}/quote").get_data(as_text=True).startswith("> **@river_member** wrote:")


def test_two_saves_racing_to_add_a_draft_leave_one(app, writer, member, thread_in, monkeypatch):
    """An autosave and a Save click that both find no draft: the second updates the first's."""
    from forum.community import drafts

    thread_id, _ = thread_in(member)
    first_write = drafts._write

    def raced(user, thread, category, values):
        monkeypatch.setattr(drafts, "_write", first_write)
        with db.engine.begin() as other:  # the other request's insert lands first
            other.execute(db.insert(Draft).values(user_id=user.id, thread_id=thread.id, body="autosaved",
                                                  title="", content_warning="", updated_at=drafts.clock.now()))
        return first_write(user, thread, category, values)

    monkeypatch.setattr(drafts, "_write", raced)
    saved = writer.put(f"/drafts/thread/{thread_id}", json={"body": "clicked Save"})
    assert saved.status_code == 200 and saved.get_json()["draft"]["body"] == "clicked Save"
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Draft)) == 1
