"""ETags and 304s on thread and category pages; caches that follow every change."""
import os
import time
import uuid

import pytest

from forum import caching
from forum.accounts import services as accounts
from forum.accounts.models import User
from forum.community import queries
from forum.extensions import db
from forum.moderation import sanctions
from forum.realtime import state
from forum.settings import service as settings
from forum.staff import categories
from tests.conftest import make_app


def _revalidate(client, path: str):
    """Load the page, then ask again with its ETag: the second answer."""
    first = client.get(path)
    assert first.status_code == 200 and first.headers["ETag"]
    assert first.headers["Cache-Control"] == "private, no-cache" and "Cookie" in first.headers["Vary"]
    return first, client.get(path, headers={"If-None-Match": first.headers["ETag"]})


def _settled(client, path: str) -> str:
    """The page's tag once opening it changed nothing (the read position moved on the first visit)."""
    client.get(path)
    return client.get(path).headers["ETag"]


def test_an_unchanged_thread_page_answers_304_without_a_body(client, auth, member, other_member, thread_in):
    thread_id, _ = thread_in(other_member, title="Quiet thread")
    auth.login(member, remember=True)
    client.get(f"/t/{thread_id}")  # the first visit moves the read position
    _, again = _revalidate(client, f"/t/{thread_id}")
    assert again.status_code == 304 and again.data == b""


def test_a_reply_a_reaction_and_an_edit_each_change_the_thread_page(client, auth, api, member, other_member,
                                                                    thread_in):
    thread_id, post_id = thread_in(other_member, title="Changing thread")
    writer = api.as_(other_member)
    auth.login(member, remember=True)
    changes = [
        lambda: writer.post(f"/threads/{thread_id}/posts", json={"body": "A new reply."}),
        lambda: api.as_(member).put(f"/posts/{post_id}/reactions/support"),
        lambda: writer.patch(f"/posts/{post_id}", json={"body": "Edited opening words."}),
    ]
    for change in changes:
        tag = _settled(client, f"/t/{thread_id}")
        assert change().status_code in {200, 201}
        again = client.get(f"/t/{thread_id}", headers={"If-None-Match": tag})
        assert again.status_code == 200 and again.headers["ETag"] != tag


def test_the_viewers_own_changes_change_the_tag(client, auth, api, member, other_member, thread_in):
    thread_id, _ = thread_in(other_member, title="Personal thread")
    auth.login(member, remember=True)
    mine = api.as_(member)
    for change in (lambda: mine.patch("/me/preferences", json={"text_size": "large"}),
                   lambda: mine.put(f"/drafts/thread/{thread_id}", json={"body": "Half a thought"}),
                   lambda: mine.put(f"/users/{other_member.username}/block")):
        tag = _settled(client, f"/t/{thread_id}")
        assert change().status_code in {200, 201, 204}
        assert client.get(f"/t/{thread_id}", headers={"If-None-Match": tag}).status_code == 200


def test_without_remember_me_pages_are_never_stored(client, auth, member, other_member, thread_in):
    thread_id, _ = thread_in(other_member, title="Not remembered")
    auth.login(member)
    for path in (f"/t/{thread_id}", "/c/coping"):
        response = client.get(path)
        assert "ETag" not in response.headers and "no-store" in response.headers["Cache-Control"]


def test_a_weakened_tag_still_matches(client, auth, member, other_member, thread_in):
    """A proxy that compresses pages sends W/"..." back."""
    thread_id, _ = thread_in(other_member, title="Through a proxy")
    auth.login(member, remember=True)
    tag = _settled(client, f"/t/{thread_id}")
    assert client.get(f"/t/{thread_id}", headers={"If-None-Match": "W/" + tag}).status_code == 304


def test_a_page_that_showed_a_message_is_not_kept(client, auth, member, other_member, thread_in):
    thread_id, _ = thread_in(other_member, title="Saved draft")
    auth.login(member, remember=True)
    client.get(f"/t/{thread_id}")
    with client.session_transaction() as session:
        session["_flashes"] = [("info", "Draft saved.")]
    shown = client.get(f"/t/{thread_id}")
    assert "Draft saved." in shown.get_data(as_text=True) and "ETag" not in shown.headers
    assert "Draft saved." not in client.get(f"/t/{thread_id}").get_data(as_text=True)


def test_moving_a_thread_changes_both_category_pages(client, auth, api, member, moderator, thread_in):
    thread_id, _ = thread_in(member, slug="coping", title="Moving house")
    auth.login(member, remember=True)
    tags = {slug: _settled(client, f"/c/{slug}") for slug in ("coping", "wins")}
    moved = api.as_(moderator).post(f"/threads/{thread_id}/move", json={"category": "wins", "reason": "Fits better"})
    assert moved.status_code == 200
    for slug, tag in tags.items():
        assert client.get(f"/c/{slug}", headers={"If-None-Match": tag}).status_code == 200, slug


def test_editing_a_category_changes_its_threads_pages(app, client, auth, member, staff, thread_in):
    thread_id, _ = thread_in(member, slug="wins", title="Under a renamed category")
    auth.login(member, remember=True)
    tag = _settled(client, f"/t/{thread_id}")
    with app.app_context():
        categories.update(db.session.get(User, staff.id), queries.category("wins"), {"name": "Good news"})
    fresh = client.get(f"/t/{thread_id}", headers={"If-None-Match": tag})
    assert fresh.status_code == 200 and "Good news" in fresh.get_data(as_text=True)


def test_a_message_waiting_to_be_shown_is_never_answered_with_304(client, auth, member, other_member, thread_in):
    thread_id, _ = thread_in(other_member, title="Flashing thread")
    auth.login(member, remember=True)
    tag = _settled(client, f"/t/{thread_id}")
    with client.session_transaction() as session:
        session["_flashes"] = [("info", "Saved.")]
    response = client.get(f"/t/{thread_id}", headers={"If-None-Match": tag})
    assert response.status_code == 200 and "Saved." in response.get_data(as_text=True)


def test_an_unchanged_category_page_answers_304_until_a_thread_starts(client, auth, api, member, other_member,
                                                                     thread_in):
    thread_in(other_member, slug="wins", title="A small win")
    auth.login(member, remember=True)
    client.get("/c/wins")  # the first page of a session also stores its CSRF secret
    first, again = _revalidate(client, "/c/wins")
    assert again.status_code == 304
    thread_in(other_member, slug="wins", title="Another small win")
    fresh = client.get("/c/wins", headers={"If-None-Match": first.headers["ETag"]})
    assert fresh.status_code == 200 and "Another small win" in fresh.get_data(as_text=True)


def test_reading_a_thread_changes_its_new_badge_on_the_category_page(client, auth, api, member, other_member,
                                                                    thread_in):
    thread_id, _ = thread_in(other_member, slug="wins", title="Unread win")
    auth.login(member, remember=True)
    tag = _settled(client, "/c/wins")
    client.get(f"/t/{thread_id}")
    assert client.get("/c/wins", headers={"If-None-Match": tag}).status_code == 200


def test_a_global_pin_elsewhere_changes_the_category_page(client, auth, api, member, staff, thread_in):
    elsewhere, _ = thread_in(staff, slug="coping", title="Read this first")
    auth.login(member, remember=True)
    tag = _settled(client, "/c/wins")
    assert api.as_(staff).put(f"/threads/{elsewhere}/pin", json={"scope": "global"}).status_code == 200
    fresh = client.get("/c/wins", headers={"If-None-Match": tag})
    assert fresh.status_code == 200 and "Read this first" in fresh.get_data(as_text=True)


def test_a_revoked_session_is_refused_on_the_very_next_request(app, client, auth, member, other_member, thread_in):
    thread_id, _ = thread_in(other_member, title="Revoked reader")
    auth.login(member, remember=True)
    tag = _settled(client, f"/t/{thread_id}")
    with app.app_context():  # as a password change does, from another device
        accounts.set_password(db.session.get(User, member.id), "a brand new passphrase 42")
        db.session.commit()
    response = client.get(f"/t/{thread_id}", headers={"If-None-Match": tag})
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]


def test_every_way_out_of_a_session_clears_the_pages_the_browser_kept(client, auth, member):
    auth.login(member, remember=True)
    assert client.post("/sign-out").headers["Clear-Site-Data"] == '"cache"'
    auth.login(member, remember=True)
    deleted = client.post("/account/data", data={"password": member.password, "confirm": "y"})
    assert deleted.status_code == 302 and deleted.headers.get("Clear-Site-Data") == '"cache"'


def test_a_ban_and_a_role_change_hold_on_the_very_next_request(app, client, auth, member, moderator, staff,
                                                               thread_in):
    thread_id, _ = thread_in(member, title="Standing thread")
    auth.login(moderator, remember=True)
    tag = _settled(client, f"/t/{thread_id}")
    assert "Moderation tools" in client.get(f"/t/{thread_id}").get_data(as_text=True)
    with app.app_context():
        db.session.get(User, moderator.id).role = "member"
        db.session.commit()
    demoted = client.get(f"/t/{thread_id}", headers={"If-None-Match": tag})
    assert demoted.status_code == 200 and "Moderation tools" not in demoted.get_data(as_text=True)
    with app.app_context():
        sanctions.impose(db.session.get(User, staff.id), moderator.id, "ban", "Banned for the test.")
    assert client.get(f"/t/{thread_id}", headers={"If-None-Match": demoted.headers["ETag"]}).status_code in {
        302, 403}


def test_a_settings_change_shows_at_once_though_settings_are_cached(app, client, auth, member):
    auth.login(member, remember=True)
    assert "Hearth" in client.get("/").get_data(as_text=True)
    with app.app_context():
        settings.update({"community_name": "Willow Room"})
    assert "Willow Room" in client.get("/").get_data(as_text=True)


@pytest.fixture
def second_process(database_url, app_config, app):
    """Another server process on the same database and Redis, as `gunicorn --workers 2` runs."""
    redis_url = os.environ.get("TEST_REDIS_URL")
    if not redis_url:
        pytest.skip("TEST_REDIS_URL is not set (CI sets it)")
    options = {**app_config, "REDIS_URL": redis_url, "HEARTH_REALTIME_PREFIX": f"hearth-test-{uuid.uuid4().hex[:8]}"}
    first, second = make_app(database_url, **options), make_app(database_url, **options)
    for process in (first, second):
        with process.app_context():
            state().start_listening()
    yield first, second
    for process in (first, second):
        with process.app_context():
            db.engine.dispose()


def test_a_change_in_one_process_reaches_the_other_processs_cache(second_process):
    first, second = second_process
    with second.app_context():
        assert settings.current()["community_name"] == "Hearth"  # now cached in the second process
    with first.app_context():
        settings.update({"community_name": "Willow Room"})
    deadline = time.monotonic() + 5  # well before the cache's own minute runs out
    while time.monotonic() < deadline:
        with second.app_context():
            if settings.current()["community_name"] == "Willow Room":
                return
        time.sleep(0.05)
    pytest.fail("the second process kept the old settings")


def test_a_value_loaded_while_its_data_changed_is_not_kept(app):
    region = caching.Region("test_racing_load", seconds=60)
    with app.app_context():
        def load():
            region.forget("key")  # the data changes while it is being read
            return "stale"
        assert region.get("key", load) == "stale"
        assert region.get("key", lambda: "fresh") == "fresh"
