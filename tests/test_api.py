import re

"""The JSON API as shared/api-v1 describes it."""
import pytest

from forum.accounts.models import User
from forum.community.models import Thread
from forum.extensions import db
from tests.conftest import ANSWERS, PASSWORD


def error_code(response):
    body = response.get_json()
    assert set(body) == {"error"} and body["error"]["message"], body
    return body["error"]["code"]


# --- accounts -------------------------------------------------------------------

def test_register_is_pending_by_default(api):
    response = api.post("/users", json={"username": "new_person", "password": PASSWORD, "answers": ANSWERS})
    assert response.status_code == 201
    user = response.get_json()["user"]
    assert user["status"] == "pending" and user["role"] == "member" and user["username"] == "new_person"
    assert set(user) >= {"id", "username", "display_name", "role", "status", "created_at"}
    assert user["created_at"].endswith("Z")


def test_register_validation_and_conflicts(api):
    response = api.post("/users", json={"username": "a!", "password": "short", "answers": []})
    assert response.status_code == 422 and error_code(response) == "validation_failed"
    assert set(response.get_json()["error"]["fields"]) >= {"username", "password", "answers.0"}
    api.post("/users", json={"username": "Taken_Name", "password": PASSWORD, "answers": ANSWERS})
    clash = api.post("/users", json={"username": "taken_name", "password": PASSWORD, "answers": ANSWERS})
    assert clash.status_code == 409 and error_code(clash) == "username_taken"
    wrong_type = api.post("/users", json={"username": 5, "password": PASSWORD})
    assert wrong_type.status_code == 422 and "username" in wrong_type.get_json()["error"]["fields"]


def test_pending_member_can_authenticate_but_not_read(api):
    api.post("/users", json={"username": "new_person", "password": PASSWORD, "answers": ANSWERS})
    token = api.post("/tokens", json={"username": "new_person", "password": PASSWORD})
    assert token.status_code == 201
    pending = type(api)(api.client, token.get_json()["token"])
    assert pending.get("/me").get_json()["user"]["status"] == "pending"
    response = pending.get("/categories")
    assert response.status_code == 403 and error_code(response) == "pending_approval"


def test_token_errors_do_not_reveal_accounts(api, member):
    wrong = api.post("/tokens", json={"username": member.username, "password": "wrong password!"})
    unknown = api.post("/tokens", json={"username": "no_such_person", "password": "wrong password!"})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.get_json() == unknown.get_json()


def test_revoke_current_token(api, member):
    caller = api.as_(member)
    assert caller.delete("/tokens/current").status_code == 204
    assert caller.get("/me").status_code == 401


def test_no_credentials_is_401_and_bad_token_is_401(api):
    assert api.get("/me").status_code == 401
    assert type(api)(api.client, "hth_not-a-real-token").get("/categories").status_code == 401


def test_profiles(api, member, other_member):
    caller = api.as_(member)
    profile = caller.get(f"/users/{other_member.username}").get_json()["user"]
    assert profile["username"] == other_member.username and "email" not in profile and "status" not in profile
    assert caller.get("/users/nobody_at_all").status_code == 404


def test_membership_decisions(api, moderator, member):
    api.post("/users", json={"username": "applicant", "password": PASSWORD, "answers": ANSWERS})
    mod = api.as_(moderator)
    pending = mod.get("/membership/pending").get_json()["items"]
    assert [item["user"]["username"] for item in pending] == ["applicant"]
    assert pending[0]["answers"][0]["answer"] == ANSWERS[0]
    user_id = pending[0]["user"]["id"]
    assert api.as_(member).post(f"/users/{user_id}/approve", json={}).status_code == 403
    approved = mod.post(f"/users/{user_id}/approve", json={"reason": "Welcome"})
    assert approved.status_code == 200 and approved.get_json()["user"]["status"] == "active"
    again = mod.post(f"/users/{user_id}/reject", json={})
    assert again.status_code == 409 and error_code(again) == "not_pending"


def test_roles(api, staff, moderator, member):
    boss = api.as_(staff)
    assert boss.put(f"/users/{member.id}/role", json={"role": "moderator"}).get_json()["user"]["role"] == "moderator"
    assert boss.put(f"/users/{member.id}/role", json={"role": "king"}).status_code == 422
    assert api.as_(moderator).put(f"/users/{member.id}/role", json={"role": "staff"}).status_code == 403
    last = boss.put(f"/users/{staff.id}/role", json={"role": "member"})
    assert last.status_code == 409 and error_code(last) == "last_staff"


# --- community -------------------------------------------------------------------

def test_categories(api, member):
    items = api.as_(member).get("/categories").get_json()["items"]
    announcements = next(item for item in items if item["slug"] == "announcements")
    assert announcements["posting"] == "staff" and announcements["thread_count"] == 0
    assert {"slug", "name", "description", "posting", "thread_count"} <= set(announcements)


def test_thread_lifecycle(api, member, other_member):
    sam, river = api.as_(member), api.as_(other_member)
    created = sam.post("/categories/coping/threads", json={"title": "Small routines", "body": "What helps *you*?"})
    assert created.status_code == 201
    body = created.get_json()
    thread, first = body["thread"], body["post"]
    assert body["notices"] == []
    assert thread["url"] == f"/t/{thread['id']}" and thread["category"] == "coping" and thread["reply_count"] == 0
    assert first["html"] == "<p>What helps <em>you</em>?</p>\n" and first["body"] == "What helps *you*?"

    reply = river.post(f"/threads/{thread['id']}/posts", json={"body": "Walks.", "content_warning": ""})
    assert reply.status_code == 201
    reply_id = reply.get_json()["post"]["id"]

    listing = river.get("/categories/coping/threads").get_json()
    assert listing["next"] is None
    row = listing["items"][0]
    assert row["title"] == "Small routines" and row["reply_count"] == 1 and row["pinned"] is False
    assert row["author"] == {"username": member.username, "display_name": member.username}

    posts = river.get(f"/threads/{thread['id']}/posts").get_json()["items"]
    assert [post["id"] for post in posts] == [first["id"], reply_id]
    assert river.get(f"/threads/{thread['id']}/posts?after={first['id']}").get_json()["items"][0]["id"] == reply_id

    edited = river.patch(f"/posts/{reply_id}", json={"body": "Long walks."})
    assert edited.status_code == 200 and edited.get_json()["post"]["edited_at"] is not None
    assert sam.patch(f"/posts/{reply_id}", json={"body": "Mine now"}).status_code == 403

    reacted = sam.put(f"/posts/{reply_id}/reactions/support")
    assert reacted.get_json()["post"]["reactions"] == {"support": 1}
    assert reacted.get_json()["post"]["my_reactions"] == ["support"]
    assert sam.put(f"/posts/{reply_id}/reactions/support").get_json()["post"]["reactions"] == {"support": 1}
    assert sam.delete(f"/posts/{reply_id}/reactions/support").get_json()["post"]["reactions"] == {}
    assert sam.put(f"/posts/{reply_id}/reactions/dislike").status_code == 404

    withdrawn = river.delete(f"/posts/{reply_id}")
    assert withdrawn.status_code == 200 and withdrawn.get_json()["post"]["status"] == "withdrawn"
    seen_by_sam = sam.get(f"/posts/{reply_id}").get_json()["post"]
    assert seen_by_sam["status"] == "withdrawn" and seen_by_sam["html"] == "" and seen_by_sam["body"] == ""


def test_cursor_paging(api, member):
    sam = api.as_(member)
    thread_id = sam.post("/categories/coping/threads", json={"title": "Counting", "body": "0"}).get_json()["thread"]["id"]
    for number in range(1, 6):
        sam.post(f"/threads/{thread_id}/posts", json={"body": str(number)})
    page = sam.get(f"/threads/{thread_id}/posts?limit=2").get_json()
    assert [post["body"] for post in page["items"]] == ["0", "1"]
    page = sam.get(f"/threads/{thread_id}/posts?limit=2&after={page['next']}").get_json()
    assert [post["body"] for post in page["items"]] == ["2", "3"]
    page = sam.get(f"/threads/{thread_id}/posts?limit=2&after={page['next']}").get_json()
    assert [post["body"] for post in page["items"]] == ["4", "5"] and page["next"] is None
    for query in ["limit=0", "limit=101", "limit=abc", "after=-1"]:
        assert sam.get(f"/threads/{thread_id}/posts?{query}").status_code == 422


def test_thread_list_paging(api, member):
    sam = api.as_(member)
    for number in range(5):
        sam.post("/categories/coping/threads", json={"title": f"Thread {number}", "body": "x"})
    first = sam.get("/categories/coping/threads?limit=3").get_json()
    second = sam.get(f"/categories/coping/threads?limit=3&after={first['next']}").get_json()
    titles = [row["title"] for row in first["items"] + second["items"]]
    assert titles == [f"Thread {number}" for number in (4, 3, 2, 1, 0)] and second["next"] is None


def test_moderator_removal_needs_a_reason(api, member, moderator):
    sam, mod = api.as_(member), api.as_(moderator)
    post_id = sam.post("/categories/coping/threads", json={"title": "Hmm", "body": "Off-colour"}).get_json()["post"]["id"]
    missing = mod.delete(f"/posts/{post_id}")
    assert missing.status_code == 422 and "reason" in missing.get_json()["error"]["fields"]
    removed = mod.delete(f"/posts/{post_id}", json={"reason": "Sourcing"})
    assert removed.get_json()["post"]["status"] == "removed" and removed.get_json()["post"]["body"] == "Off-colour"
    # The author still sees their own text; other members only the placeholder.
    assert sam.get(f"/posts/{post_id}").get_json()["post"]["body"] == "Off-colour"


def test_staff_only_category_and_locked_thread_and_muted_member(app, api, member, make_person, staff):
    sam = api.as_(member)
    refused = sam.post("/categories/announcements/threads", json={"title": "Hello there", "body": "x"})
    assert refused.status_code == 403 and error_code(refused) == "staff_only"
    thread_id = sam.post("/categories/coping/threads", json={"title": "Hello there", "body": "x"}).get_json()["thread"]["id"]
    with app.app_context():
        db.session.get(Thread, thread_id).locked = True
        db.session.commit()
    locked = sam.post(f"/threads/{thread_id}/posts", json={"body": "hello?"})
    assert locked.status_code == 409 and error_code(locked) == "thread_locked"
    quiet = api.as_(make_person("quiet_one"))
    with app.app_context():
        db.session.scalar(db.select(User).where(User.username == "quiet_one")).status = "muted"
        db.session.commit()
    assert quiet.get("/categories").status_code == 200
    muted = quiet.post("/categories/coping/threads", json={"title": "Hello there", "body": "x"})
    assert muted.status_code == 403 and error_code(muted) == "muted"


def test_unknown_things_are_404_json(api, member):
    sam = api.as_(member)
    for path in ["/threads/999999", "/threads/999999/posts", "/posts/999999", "/categories/nope/threads",
                 "/no/such/endpoint"]:
        response = sam.get(path)
        assert response.status_code == 404 and response.is_json, path
        assert error_code(response) in {"not_found"}


@pytest.mark.parametrize("payload", [b"{not json", b"[1, 2]", b'"text"', b"\xff\xfe\x00", b'{"title": "\x00"}'])
def test_malformed_bodies_get_clear_4xx(api, member, payload):
    response = api.as_(member).post("/categories/coping/threads", data=payload,
                                     content_type="application/json")
    assert 400 <= response.status_code < 500 and response.is_json


def test_oversized_requests_get_413_json(api, member):
    response = api.as_(member).post("/categories/coping/threads",
                                    json={"title": "Big", "body": "x" * (300 * 1024)})
    assert response.status_code == 413 and error_code(response) == "too_large"


def test_too_long_fields_get_422(api, member):
    sam = api.as_(member)
    response = sam.post("/categories/coping/threads", json={"title": "t" * 161, "body": "b" * 20_001,
                                                             "content_warning": "c" * 121})
    assert response.status_code == 422
    assert set(response.get_json()["error"]["fields"]) == {"title", "body", "content_warning"}


def test_wrong_method_is_405_json(api, member):
    response = api.as_(member).client.put("/api/v1/categories")
    assert response.status_code == 405 and response.is_json


def test_openapi_documents_every_api_route(app, client):
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"].startswith("3.")
    documented = {(path, method) for path, operations in document["paths"].items() for method in operations}
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/"):
            continue
        path = rule.rule.removeprefix("/api/v1")
        for converter in ["<int:user_id>", "<int:thread_id>", "<int:post_id>", "<int:sanction_id>", "<int:item_id>",
                          "<int:rule_id>", "<int:announcement_id>", "<int:conversation_id>", "<int:subscription_id>",
                          "<slug>", "<username>", "<kind>"]:
            name = converter.strip("<>").split(":")[-1]
            path = path.replace(converter, "{" + name + "}")
        methods = {method.lower() for method in rule.methods} - {"head", "options"}
        for method in methods:
            choices = re.search(r"<any\(([^)]*)\):\w+>", path)
            if choices:
                for choice in choices.group(1).split(", "):
                    assert (path.replace(choices.group(0), choice), method) in documented, (path, choice)
            else:
                assert (path, method) in documented, (path, method)


def test_openapi_is_a_valid_document(client):
    from openapi_spec_validator import validate

    validate(client.get("/api/v1/openapi.json").get_json())


def test_a_bearer_token_speaks_for_itself_even_beside_a_session(client, auth, api, member, moderator):
    auth.login(member)
    as_moderator = api.as_(moderator)
    assert as_moderator.get("/me").get_json()["user"]["username"] == moderator.username
    assert client.get("/api/v1/me").get_json()["user"]["username"] == member.username
