"""Every page and API read, and live connections, against every role and status.

The reads are generated from the URL map; the writes are in test_write_access."""
import pytest

from tests.routes import fill, get_rules
from tests.viewers import (
    EVERYONE, MODS, READERS, SIGNED_IN_ANY, STAFF, VIEWERS, WRITERS, api_for, refusal, session_for,
)


@pytest.mark.parametrize("kind", VIEWERS)
def test_socket_connections_by_viewer(app, world, kind):
    """Live connections: approved members (muted ones too) only."""
    from forum.extensions import socketio

    api = api_for(app, world, kind)
    client = socketio.test_client(app, auth={"token": api.token} if api.token else {})
    assert client.is_connected() == (kind in READERS), kind
    if client.is_connected():
        thread = {"thread_id": world["thread"]}
        assert client.emit("join_thread", thread, callback=True)["ok"] is True
        assert client.emit("join_category", {"slug": "coping"}, callback=True)["ok"] is True
        typing = client.emit("typing", thread, callback=True)
        assert typing == ({"ok": True} if kind in WRITERS else {"ok": False, "error": "muted"}), (kind, typing)
        assert client.emit("leave_thread", thread, callback=True)["ok"] is True
        client.disconnect()


OWN_SAFETY_PLAN = READERS - MODS

# endpoint → who gets a 200. Every GET route must be listed: a new route fails
# test_every_get_route_is_classified until someone decides who may see it.
GET_EXPECTATIONS = {
    "pages.home": None, "pages.healthz": EVERYONE, "pages.crisis_help": EVERYONE,
    "pages.privacy": EVERYONE, "pages.rules": EVERYONE, "api.openapi_json": EVERYONE,
    "api.community": EVERYONE, "oncall.service_worker": EVERYONE,
    "accounts.sign_in": None, "accounts.apply": None, "accounts.waiting": None,
    "accounts.forgot_password": None, "accounts.reset_password": None,
    "accounts.profile": SIGNED_IN_ANY, "accounts.my_data": SIGNED_IN_ANY, "accounts.export_data": SIGNED_IN_ANY,
    "accounts.change_password": SIGNED_IN_ANY, "accounts.preferences_page": SIGNED_IN_ANY,
    "accounts.reports": SIGNED_IN_ANY, "accounts.standing": SIGNED_IN_ANY, "accounts.tokens": SIGNED_IN_ANY,
    "breaks.take_break": SIGNED_IN_ANY,
    "accounts.member_profile": READERS, "staff.announcement_list": READERS,
    "community.category": READERS, "community.new_thread": WRITERS, "community.thread": READERS,
    "community.post": None, "community.post_fragment": READERS, "community.post_history": READERS,
    "community.quote": READERS, "api.thread_draft": READERS, "api.category_draft": READERS,
    "community.edit_post": MODS, "community.remove_post": MODS, "moderation.flag": READERS,
    "search.search_page": READERS, "notifications.list_page": READERS,
    "membership.applicants": MODS, "moderation.queue_page": MODS, "moderation.item_page": MODS,
    "moderation.log_page": MODS, "moderation.member_standing": MODS, "moderation.thread_actions": MODS,
    "membership.members": STAFF, "staff.category_list": STAFF, "staff.category_edit": STAFF,
    "staff.community_settings": STAFF, "moderation.watched_words_page": STAFF, "staff.pin_thread": STAFF,
    "api.me": SIGNED_IN_ANY, "api.export_my_data": SIGNED_IN_ANY, "api.my_preferences": SIGNED_IN_ANY,
    "api.list_push_subscriptions": SIGNED_IN_ANY,
    "api.list_announcements": READERS, "api.categories": READERS, "api.category_threads": READERS,
    "api.list_notifications": READERS, "api.post": READERS, "api.search": READERS, "api.thread": READERS,
    "api.thread_posts": READERS, "api.profile": READERS,
    "api.pending_members": MODS, "api.moderation_log": MODS, "api.moderation_queue": MODS,
    "api.review_hold": MODS,
    "api.list_watched_words": STAFF,
    "insights.page": STAFF, "insights.chart_csv": STAFF,
    "accounts.safety_plan_page": OWN_SAFETY_PLAN, "api.my_safety_plan": OWN_SAFETY_PLAN,
    "care.talk": READERS, "care.conversation": None, "care.message_templates_page": STAFF,
    "api.my_conversations": READERS, "api.my_conversation_messages": None, "api.item_messages": MODS,
    "memorials.open_memorial": STAFF, "memorials.close_account": STAFF,
    "moderation.reveal_author": None, "api.anonymous_author": None,
}
# A safety plan is a member's own: to moderator and staff accounts, which keep none, it is not there.
NOT_FOUND_FOR = {"accounts.safety_plan_page": MODS, "api.my_safety_plan": MODS}
# Routes whose answer isn't simply "allowed or not".
SPECIAL = {
    "pages.home": lambda kind: 302 if kind == "pending" else 200,
    "accounts.sign_in": lambda kind: 302 if kind in SIGNED_IN_ANY else 200,
    "accounts.apply": lambda kind: 302 if kind in SIGNED_IN_ANY else 200,
    "accounts.forgot_password": lambda kind: 302 if kind in SIGNED_IN_ANY else 200,
    # Without a valid link, whoever asks: a page saying the link doesn't work.
    "accounts.reset_password": lambda kind: 410,
    "accounts.waiting": lambda kind: 200 if kind == "pending" else 302,
    # Readers are sent on to the thread; everyone else to sign in or to the waiting page.
    "community.post": lambda kind: 302,
    # The world's conversation is another member's: the moderation team reads it, other members find nothing.
    "care.conversation": lambda kind: 200 if kind in MODS else 404 if kind in READERS else 302,
    # Under /me only one's own: not even the team finds someone else's there.
    "api.my_conversation_messages": lambda kind: 404 if kind in READERS else 403 if kind == "pending" else 401,
    # "Who wrote this?" is for moderators; the world's post is signed, so they hear it isn't anonymous
    # (tests/test_anonymous.py reveals an anonymous one).
    "moderation.reveal_author": lambda kind: 409 if kind in MODS else {
        "signed out": 302, "waiting": 302, "403": 403}[refusal(kind, False)],
    "api.anonymous_author": lambda kind: 409 if kind in MODS else {
        "signed out": 401, "waiting": 403, "403": 403}[refusal(kind, True)],
}
# Where an argument changes who gets in: the endpoint again, at another path.
OTHER_PATHS = [("community.new_thread", "/c/announcements/new", STAFF)]
SEARCHES = {"api.search", "search.search_page"}


def test_every_get_route_is_classified(app):
    unclassified = {rule.endpoint for rule in get_rules(app)} - set(GET_EXPECTATIONS)
    assert unclassified == set()


def _cases(app, world):
    """(endpoint, path, who gets a 200) for every GET route, and the other paths."""
    for rule in get_rules(app):
        query = "?q=words" if rule.endpoint in SEARCHES else ""
        yield rule.endpoint, fill(rule.rule, world) + query, GET_EXPECTATIONS[rule.endpoint]
    for endpoint, template, allowed in OTHER_PATHS:
        yield endpoint, fill(template, world), allowed


def _expected(endpoint: str, allowed, kind: str) -> int:
    if endpoint in SPECIAL:
        return SPECIAL[endpoint](kind)
    if kind in allowed:
        return 200
    if kind in NOT_FOUND_FOR.get(endpoint, ()):
        return 404
    api = endpoint.startswith("api.")
    # Signed out: a 401 from the API, a redirect to sign in from a page; waiting: a redirect there.
    return {"signed out": 401 if api else 302, "waiting": 302, "403": 403}[refusal(kind, api)]


@pytest.mark.parametrize("kind", VIEWERS)
def test_every_get_route_by_viewer(app, world, kind):
    api = api_for(app, world, kind)  # takes its token while the account is still active
    pages = session_for(app, world, kind)
    for endpoint, path, allowed in _cases(app, world):
        if endpoint.startswith("api."):
            response = api.client.get(path, headers=api._headers())
        else:
            response = pages.get(path)
        assert response.status_code == _expected(endpoint, allowed, kind), (kind, path, response.status_code)
