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
    people = {}
    for kind in VIEWERS[1:]:
        role = kind if kind in {"moderator", "staff"} else "member"
        people[kind] = make_person(f"viewer_{kind}", role=role)
    return {"people": people, "thread": thread_id, "post": post_id}


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
            if kind == "pending" and path == "/account":
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
    ]
    for method, path, body, allowed, success in writes:
        response = getattr(api, method)(path, json=body)
        expected = success if kind in allowed else _expected_api(kind, set())
        assert response.status_code == expected, (kind, method, path, response.get_json())
