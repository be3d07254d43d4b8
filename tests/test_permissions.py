"""Every protected page and API call against every role and status."""
import pytest

from forum.accounts.models import User
from forum.extensions import db
from tests.conftest import Api

VIEWERS = ["anonymous", "pending", "member", "muted", "suspended", "banned", "moderator", "staff"]
READERS = {"member", "muted", "moderator", "staff"}
WRITERS = {"member", "moderator", "staff"}
SIGNED_OUT = {"anonymous", "suspended", "banned"}  # suspended and banned sessions stop working


@pytest.fixture
def world(app, make_person, thread_in):
    """One account per viewer kind, and a thread by someone else."""
    author = make_person("thread_author")
    thread_id, post_id = thread_in(author)
    crisis_thread, _ = thread_in(author, body="i want to die")
    people = {}
    for kind in VIEWERS[1:]:
        role = kind if kind in {"moderator", "staff"} else "member"
        people[kind] = make_person(f"viewer_{kind}", role=role)
    with app.app_context():
        from forum.moderation.models import QueueItem

        item_id = db.session.scalar(db.select(QueueItem.id))
    return {"people": people, "thread": thread_id, "post": post_id, "author": author.id, "item": item_id}


def _session_for(app, world, kind):
    """A browser session as this viewer; suspended/banned are suspended after signing in."""
    client = app.test_client()
    if kind == "anonymous":
        return client
    person = world["people"][kind]
    client.post("/sign-in", data={"username": person.username, "password": person.password})
    if kind != "member" and kind not in {"moderator", "staff"}:
        with app.app_context():
            db.session.get(User, person.id).status = kind
            db.session.commit()
    return client


def _expected_page(kind, allowed: set[str]) -> int:
    if kind in allowed:
        return 200
    if kind in SIGNED_OUT or kind == "pending":
        return 302  # to sign-in, or to the waiting page
    return 403


PAGES = [
    ("/", None),
    ("/rules", set(VIEWERS)),
    ("/help", set(VIEWERS)),
    ("/c/coping", READERS),
    ("/c/coping/new", WRITERS),
    ("/c/announcements/new", {"staff"}),
    ("/t/{thread}", READERS),
    ("/p/{post}/edit", {"moderator", "staff"}),
    ("/u/thread_author", READERS),
    ("/membership/applicants", {"moderator", "staff"}),
    ("/staff/members", {"staff"}),
    ("/account", READERS | {"pending"}),
    ("/account/standing", READERS | {"pending"}),
    ("/p/{post}/flag", READERS),
    ("/moderation", {"moderator", "staff"}),
    ("/moderation/log", {"moderator", "staff"}),
    ("/moderation/items/{item}", {"moderator", "staff"}),
    ("/moderation/members/{author}", {"moderator", "staff"}),
    ("/t/{thread}/moderate", {"moderator", "staff"}),
    ("/staff/watched-words", {"staff"}),
    ("/staff/settings", {"staff"}),
    ("/staff/categories", {"staff"}),
    ("/staff/categories/coping", {"staff"}),
    ("/t/{thread}/pin", {"staff"}),
    ("/announcements", READERS),
]


@pytest.mark.parametrize("kind", VIEWERS)
def test_pages_by_viewer(app, world, kind):
    client = _session_for(app, world, kind)
    for template, allowed in PAGES:
        path = template.format(**world)
        status = client.get(path).status_code
        if allowed is None:  # the home page: landing, waiting redirect, or members' home
            expected = 302 if kind == "pending" else 200
        else:
            expected = _expected_page(kind, allowed)
            if kind == "pending" and path in {"/account", "/account/standing"}:
                expected = 200
        assert status == expected, (kind, path, status)


def _api_for(app, world, kind) -> Api:
    client = app.test_client()
    if kind == "anonymous":
        return Api(client)
    person = world["people"][kind]
    api = Api(client).as_(person)
    if kind in {"muted", "suspended", "banned", "pending"}:
        with app.app_context():
            db.session.get(User, person.id).status = kind
            db.session.commit()
    return api


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
    ("/watched-words", {"staff"}),
    ("/announcements", READERS),
]


@pytest.mark.parametrize("kind", VIEWERS)
def test_api_reads_by_viewer(app, world, kind):
    api = _api_for(app, world, kind)
    for template, allowed in API_READS:
        response = api.get(template.format(**world))
        assert response.status_code == _expected_api(kind, allowed), (kind, template, response.get_json())


@pytest.mark.parametrize("kind", VIEWERS)
def test_api_writes_by_viewer(app, world, kind):
    api = _api_for(app, world, kind)
    thread, post = world["thread"], world["post"]
    writes = [
        ("post", "/categories/coping/threads", {"title": "Hello there", "body": "Hi"}, WRITERS, 201),
        ("post", f"/threads/{thread}/posts", {"body": "A reply"}, WRITERS, 201),
        ("put", f"/posts/{post}/reactions/hope", None, WRITERS, 200),
        ("patch", f"/posts/{post}", {"body": "Changed"}, {"moderator", "staff"}, 200),
        ("post", "/categories/announcements/threads", {"title": "News today", "body": "Hi"}, {"staff"}, 201),
        ("post", f"/posts/{post}/flags", {"reason": "other"}, READERS, 201),
        ("post", f"/moderation/queue/{world['item']}/claim", None, {"moderator", "staff"}, 200),
        ("post", f"/threads/{thread}/lock", {"reason": "Calm down"}, {"moderator", "staff"}, 200),
        ("post", f"/users/{world['author']}/sanctions", {"kind": "warn", "reason": "Be kind"},
         {"moderator", "staff"}, 201),
        ("post", "/watched-words", {"pattern": f"rule for {kind}", "action": "flag"}, {"staff"}, 201),
        ("put", f"/threads/{thread}/pin", {"scope": "global"}, {"staff"}, 200),
        ("post", "/announcements", {"title": "Notice here", "body": "x"}, {"staff"}, 201),
        ("post", "/categories", {"slug": f"cat-{kind}", "name": "New one"}, {"staff"}, 201),
        ("patch", "/categories/coping", {"description": "Updated"}, {"staff"}, 200),
    ]
    for method, path, body, allowed, success in writes:
        response = getattr(api, method)(path, json=body)
        expected = success if kind in allowed else _expected_api(kind, set())
        assert response.status_code == expected, (kind, method, path, response.get_json())


@pytest.mark.parametrize("kind", VIEWERS)
def test_socket_connections_by_viewer(app, world, kind):
    """Live connections: approved members (muted ones too) only."""
    from forum.extensions import socketio

    api = _api_for(app, world, kind)
    client = socketio.test_client(app, auth={"token": api.token} if api.token else {})
    assert client.is_connected() == (kind in READERS), kind
    if client.is_connected():
        ack = client.emit("join_thread", {"thread_id": world["thread"]}, callback=True)
        assert ack["ok"] is True
        client.disconnect()
