"""Every protected page and API call against every role and status."""
import pytest

from tests.routes import fill, get_rules
from tests.viewers import (
    EVERYONE, MODS, READERS, SIGNED_IN_ANY, SIGNED_OUT, STAFF, VIEWERS, WRITERS, api_for, session_for,
)


def _expected_page(kind, allowed: set[str]) -> int:
    if kind in allowed:
        return 200
    if kind in SIGNED_OUT or kind == "pending":
        return 302  # to sign-in, or to the waiting page
    return 403


PAGES = [
    ("/", None),
    ("/rules", EVERYONE),
    ("/help", EVERYONE),
    ("/c/coping", READERS),
    ("/c/coping/new", WRITERS),
    ("/c/announcements/new", STAFF),
    ("/t/{thread}", READERS),
    ("/p/{post}/edit", {"moderator", "staff"}),
    ("/u/thread_author", READERS),
    ("/membership/applicants", {"moderator", "staff"}),
    ("/staff/members", STAFF),
    ("/account", READERS | {"pending"}),
    ("/account/standing", READERS | {"pending"}),
    ("/p/{post}/flag", READERS),
    ("/moderation", {"moderator", "staff"}),
    ("/moderation/log", {"moderator", "staff"}),
    ("/moderation/items/{item}", {"moderator", "staff"}),
    ("/moderation/members/{author}", {"moderator", "staff"}),
    ("/t/{thread}/moderate", {"moderator", "staff"}),
    ("/staff/watched-words", STAFF),
    ("/staff/settings", STAFF),
    ("/staff/categories", STAFF),
    ("/staff/categories/coping", STAFF),
    ("/t/{thread}/pin", STAFF),
    ("/announcements", READERS),
]


@pytest.mark.parametrize("kind", VIEWERS)
def test_pages_by_viewer(app, world, kind):
    client = session_for(app, world, kind)
    for template, allowed in PAGES:
        path = fill(template, world)
        status = client.get(path).status_code
        if allowed is None:  # the home page: landing, waiting redirect, or members' home
            expected = 302 if kind == "pending" else 200
        else:
            expected = _expected_page(kind, allowed)
            if kind == "pending" and path in {"/account", "/account/standing"}:
                expected = 200
        assert status == expected, (kind, path, status)


def _expected_api(kind, allowed: set[str]) -> int:
    if kind in allowed:
        return 200
    if kind in SIGNED_OUT:
        return 401
    return 403


API_READS = [
    ("/me", READERS | {"pending"}),
    ("/categories", READERS),
    ("/categories/coping/threads", READERS),
    ("/threads/{thread}", READERS),
    ("/threads/{thread}/posts", READERS),
    ("/posts/{post}", READERS),
    ("/users/thread_author", READERS),
    ("/membership/pending", {"moderator", "staff"}),
    ("/moderation/queue", {"moderator", "staff"}),
    ("/moderation/log", {"moderator", "staff"}),
    ("/watched-words", STAFF),
    ("/announcements", READERS),
]


@pytest.mark.parametrize("kind", VIEWERS)
def test_api_reads_by_viewer(app, world, kind):
    api = api_for(app, world, kind)
    for template, allowed in API_READS:
        response = api.get(fill(template, world))
        assert response.status_code == _expected_api(kind, allowed), (kind, template, response.get_json())


@pytest.mark.parametrize("kind", VIEWERS)
def test_api_writes_by_viewer(app, world, kind):
    api = api_for(app, world, kind)
    thread, post = world["thread"], world["post"]
    writes = [
        ("post", "/categories/coping/threads", {"title": "Hello there", "body": "Hi"}, WRITERS, 201),
        ("post", f"/threads/{thread}/posts", {"body": "A reply"}, WRITERS, 201),
        ("put", f"/posts/{post}/reactions/hope", None, WRITERS, 200),
        ("patch", f"/posts/{post}", {"body": "Changed"}, {"moderator", "staff"}, 200),
        ("post", "/categories/announcements/threads", {"title": "News today", "body": "Hi"}, STAFF, 201),
        ("post", f"/posts/{post}/flags", {"reason": "other"}, READERS, 201),
        ("post", f"/moderation/queue/{world['item']}/claim", None, {"moderator", "staff"}, 200),
        ("post", f"/threads/{thread}/lock", {"reason": "Calm down"}, {"moderator", "staff"}, 200),
        ("post", f"/users/{world['author']}/sanctions", {"kind": "warn", "reason": "Be kind"},
         {"moderator", "staff"}, 201),
        ("post", "/watched-words", {"pattern": f"rule for {kind}", "action": "flag"}, STAFF, 201),
        ("put", f"/threads/{thread}/pin", {"scope": "global"}, STAFF, 200),
        ("post", "/announcements", {"title": "Notice here", "body": "x"}, STAFF, 201),
        ("post", "/categories", {"slug": f"cat-{kind}", "name": "New one"}, STAFF, 201),
        ("patch", "/categories/coping", {"description": "Updated"}, STAFF, 200),
    ]
    for method, path, body, allowed, success in writes:
        response = getattr(api, method)(path, json=body)
        expected = success if kind in allowed else _expected_api(kind, set())
        assert response.status_code == expected, (kind, method, path, response.get_json())


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


# --- every page and API read, generated from the URL map ------------------------------------

# endpoint → who gets a 200. Every GET route must be listed: a new route fails
# test_every_get_route_is_classified until someone decides who may see it.
GET_EXPECTATIONS = {
    "pages.home": None, "pages.healthz": EVERYONE, "pages.crisis_help": EVERYONE,
    "pages.privacy": EVERYONE, "pages.rules": EVERYONE, "api.openapi_json": EVERYONE,
    "api.community": EVERYONE,
    "accounts.sign_in": None, "accounts.apply": None, "accounts.waiting": None,
    "accounts.profile": SIGNED_IN_ANY, "accounts.my_data": SIGNED_IN_ANY, "accounts.export_data": SIGNED_IN_ANY,
    "accounts.change_password": SIGNED_IN_ANY, "accounts.preferences_page": SIGNED_IN_ANY,
    "accounts.reports": SIGNED_IN_ANY, "accounts.standing": SIGNED_IN_ANY, "accounts.tokens": SIGNED_IN_ANY,
    "accounts.member_profile": READERS, "staff.announcement_list": READERS,
    "community.category": READERS, "community.new_thread": WRITERS, "community.thread": READERS,
    "community.post": None, "community.post_fragment": READERS, "community.post_history": READERS,
    "community.edit_post": MODS, "community.remove_post": MODS, "moderation.flag": READERS,
    "search.search_page": READERS, "notifications.list_page": READERS,
    "membership.applicants": MODS, "moderation.queue_page": MODS, "moderation.item_page": MODS,
    "moderation.log_page": MODS, "moderation.member_standing": MODS, "moderation.thread_actions": MODS,
    "membership.members": STAFF, "staff.category_list": STAFF, "staff.category_edit": STAFF,
    "staff.community_settings": STAFF, "moderation.watched_words_page": STAFF, "staff.pin_thread": STAFF,
    "api.me": SIGNED_IN_ANY, "api.export_my_data": SIGNED_IN_ANY, "api.my_preferences": SIGNED_IN_ANY,
    "api.list_announcements": READERS, "api.categories": READERS, "api.category_threads": READERS,
    "api.list_notifications": READERS, "api.post": READERS, "api.search": READERS, "api.thread": READERS,
    "api.thread_posts": READERS, "api.profile": READERS,
    "api.pending_members": MODS, "api.moderation_log": MODS, "api.moderation_queue": MODS,
    "api.list_watched_words": STAFF,
    "insights.page": STAFF, "insights.chart_csv": STAFF,
}
# Routes whose answer isn't simply "allowed or not".
SPECIAL = {
    "pages.home": lambda kind: 302 if kind == "pending" else 200,
    "accounts.sign_in": lambda kind: 302 if kind in SIGNED_IN_ANY else 200,
    "accounts.apply": lambda kind: 302 if kind in SIGNED_IN_ANY else 200,
    "accounts.waiting": lambda kind: 200 if kind == "pending" else 302,
    # Readers are sent on to the thread; everyone else to sign in or to the waiting page.
    "community.post": lambda kind: 302,
}


def test_every_get_route_is_classified(app):
    unclassified = {rule.endpoint for rule in get_rules(app)} - set(GET_EXPECTATIONS)
    assert unclassified == set()


def _path(rule, world) -> str:
    return fill(rule.rule, world) + ("?q=words" if rule.endpoint in {"api.search", "search.search_page"} else "")


def _expected(endpoint: str, kind: str) -> int:
    if endpoint in SPECIAL:
        return SPECIAL[endpoint](kind)
    allowed = GET_EXPECTATIONS[endpoint]
    if endpoint.startswith("api."):
        return 200 if kind in allowed else _expected_api(kind, set())
    return 200 if kind in allowed else _expected_page(kind, set())


@pytest.mark.parametrize("kind", VIEWERS)
def test_every_get_route_by_viewer(app, world, kind):
    api = api_for(app, world, kind)  # takes its token while the account is still active
    pages = session_for(app, world, kind)
    for rule in get_rules(app):
        path = _path(rule, world)
        if rule.endpoint.startswith("api."):
            response = api.client.get(path, headers=api._headers())
        else:
            response = pages.get(path)
        assert response.status_code == _expected(rule.endpoint, kind), (kind, path, response.status_code)
