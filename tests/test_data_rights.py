"""Export everything; delete the account; the database is checked afterwards."""
import pytest
from sqlalchemy import text

from forum.extensions import db


@pytest.fixture
def busy_member(api, member, other_member):
    """A member with posts, an edit, a reaction, a flag, a token, an application."""
    sam, river = api.as_(member), api.as_(other_member)
    mine = sam.post("/categories/coping/threads", json={"title": "My story", "body": "First draft."}).get_json()
    sam.patch(f"/posts/{mine['post']['id']}", json={"body": "Second draft."})
    theirs = river.post("/categories/wins/threads", json={"title": "Their win", "body": "Ran 5k."}).get_json()
    sam.put(f"/posts/{theirs['post']['id']}/reactions/hope")
    sam.post(f"/posts/{theirs['post']['id']}/flags", json={"reason": "other", "note": "Just checking"})
    river.post(f"/threads/{mine['thread']['id']}/posts", json={"body": "Thank you for sharing."})
    return sam, mine, theirs


def test_export_holds_my_data_and_nothing_more(api, member, other_member, busy_member):
    sam, mine, theirs = busy_member
    data = sam.get("/me/export").get_json()
    assert data["profile"]["username"] == member.username
    assert [post["body"] for post in data["posts"]] == ["Second draft."]
    assert data["posts"][0]["history"][0]["body"] == "First draft."
    assert data["reactions"] == [{"post_id": theirs["post"]["id"], "kind": "hope",
                                  "created_at": data["reactions"][0]["created_at"]}]
    assert data["flags"][0]["note"] == "Just checking"
    assert data["notifications"][0]["kind"] == "reply"
    assert data["settings"]["content_warnings"] == "collapsed"
    flat = str(data)
    assert "Ran 5k." not in flat and "Thank you for sharing." not in str(data["posts"])
    assert "digest" not in flat and "password" not in flat


def test_export_download_page(client, auth, member):
    auth.login(member)
    response = client.get("/account/data/export")
    assert response.is_json and "attachment" in response.headers["Content-Disposition"]


def test_delete_keeps_posts_as_former_member(app, api, member, other_member, busy_member):
    sam, mine, _ = busy_member
    assert sam.delete("/me", json={"password": "wrong password here"}).status_code == 422
    assert sam.delete("/me", json={"password": member.password}).status_code == 204
    assert sam.get("/me").status_code == 401
    post = api.as_(other_member).get(f"/posts/{mine['post']['id']}").get_json()["post"]
    assert post["body"] == "Second draft." and post["author"] == {"username": None, "display_name": "former member"}
    with app.app_context():
        assert db.session.execute(text("SELECT count(*) FROM users WHERE id = :id"), {"id": member.id}).scalar() == 0
        for table in ("api_tokens", "reactions", "applications", "notifications", "sanctions"):
            column = "user_id"
            count = db.session.execute(text(f"SELECT count(*) FROM {table} WHERE {column} = :id"),
                                       {"id": member.id}).scalar()
            assert count == 0, table
        assert db.session.execute(text("SELECT count(*) FROM flags WHERE user_id IS NULL")).scalar() == 1


def test_delete_can_erase_posts(app, api, member, other_member, busy_member):
    sam, mine, _ = busy_member
    sam.delete("/me", json={"password": member.password, "erase_posts": True})
    post = api.as_(other_member).get(f"/posts/{mine['post']['id']}").get_json()["post"]
    assert post["status"] == "withdrawn" and post["body"] == "" and post["html"] == ""
    with app.app_context():
        leftovers = db.session.execute(text("SELECT count(*) FROM posts WHERE body LIKE '%draft%'")).scalar()
        history = db.session.execute(text("SELECT count(*) FROM post_revisions")).scalar()
        assert leftovers == 0 and history == 0


def test_the_last_staff_account_stays(api, staff):
    response = api.as_(staff).delete("/me", json={"password": staff.password})
    assert response.status_code == 409 and response.get_json()["error"]["code"] == "last_staff"


def test_delete_from_the_page_signs_out_everywhere(browser_as, member):
    first, second = browser_as(member), browser_as(member)
    page = first.post("/account/data", data={"password": "not it at all"}).get_data(as_text=True)
    assert "That is not your password." in page
    assert first.post("/account/data", data={"password": member.password}).status_code == 302
    assert second.get("/c/coping").status_code == 302
    assert "Apply to join" in first.get("/").get_data(as_text=True)


def test_privacy_page_is_public(client):
    page = client.get("/privacy").get_data(as_text=True)
    assert "What we keep" in page and "argon2" in page


def test_preferences(client, auth, api, member, other_member, thread_in):
    thread_id, _ = thread_in(other_member, body="Heavy words.", content_warning="grief")
    sam = api.as_(member)
    assert sam.patch("/me/preferences", json={"text_size": "huge"}).status_code == 422
    assert sam.patch("/me/preferences", json={"unknown": True}).status_code == 422
    changed = sam.patch("/me/preferences", json={"content_warnings": "shown", "quiet_mode": True,
                                                 "text_size": "large"}).get_json()["preferences"]
    assert changed["content_warnings"] == "shown" and changed["notify"]["reply"] is True
    auth.login(member)
    page = client.get(f"/t/{thread_id}").get_data(as_text=True)
    assert '<details class="content-warning" open>' in page
    assert 'class="text-large quiet"' in page
    client.post("/account/preferences", data={"content_warnings": "collapsed", "text_size": "normal",
                                              "notify_reply": "y"})
    assert sam.get("/me/preferences").get_json()["preferences"]["notify"]["mention"] is False
