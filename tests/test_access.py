"""Access rules that cut across features: CSRF on every state-changing form,
tokens that speak only for their owner, and things a member can't see that
answer 404 on every surface, so their existence doesn't leak."""
from collections import defaultdict

import pytest

from forum.extensions import socketio
from forum.settings import service as settings
from tests.routes import fill, page_write_rules


@pytest.mark.app_config(WTF_CSRF_ENABLED=True)
class TestCsrfEverywhere:
    def test_every_state_changing_page_route_needs_the_token(self, app, client, auth, member):
        assert auth.login(member).status_code == 302
        checked = 0
        for rule in page_write_rules(app):
            path = fill(rule.rule, defaultdict(lambda: 1))  # any ids: the token is checked first
            response = client.post(path, data={"body": "x"})
            assert response.status_code == 400 and "came from elsewhere" in response.get_data(as_text=True), (
                rule.rule, response.status_code)
            checked += 1
        assert checked >= 25


def test_tokens_speak_only_for_their_owner(app, api, browser_as, member, other_member):
    sam, river = api.as_(member), api.as_(other_member)
    post_id = river.post("/categories/coping/threads", json={"title": "River's", "body": "mine"}).get_json()["post"]["id"]
    assert sam.patch(f"/posts/{post_id}", json={"body": "hijack"}).status_code == 403
    assert sam.get("/me").get_json()["user"]["username"] == member.username
    # Someone else's token id can't be revoked from my account page.
    with app.app_context():
        from forum.accounts.models import ApiToken
        from forum.extensions import db

        rivers_token = db.session.scalar(db.select(ApiToken.id).where(ApiToken.user_id == other_member.id))
    assert browser_as(member).post(f"/account/tokens/{rivers_token}/revoke").status_code == 404
    assert river.get("/me").status_code == 200


def test_held_threads_do_not_exist_for_other_members(app, api, browser_as, member, other_member):
    with app.test_request_context():
        settings.update({"new_member_review_count": 5})
    held = api.as_(member).post("/categories/coping/threads", json={"title": "Held back", "body": "quietly"})
    thread_id, post_id = held.get_json()["thread"]["id"], held.get_json()["post"]["id"]
    river = api.as_(other_member)
    for path in (f"/threads/{thread_id}", f"/threads/{thread_id}/posts", f"/posts/{post_id}"):
        assert river.get(path).status_code == 404, path
    assert river.post(f"/threads/{thread_id}/posts", json={"body": "hi"}).status_code == 404
    assert river.post(f"/posts/{post_id}/flags", json={"reason": "spam"}).status_code == 404
    assert river.get("/search?q=quietly").get_json()["items"] == []
    browser = browser_as(other_member)
    for path in (f"/t/{thread_id}", f"/p/{post_id}", f"/p/{post_id}/flag", f"/p/{post_id}/fragment"):
        assert browser.get(path).status_code == 404, path
    live = socketio.test_client(app, auth={"token": river.token})
    assert live.emit("join_thread", {"thread_id": thread_id}, callback=True) == {"ok": False, "error": "not_found"}
    live.disconnect()
