"""Fixtures: a migrated database per session, emptied before each test; the app,
its test client, and members of every role and status."""
from __future__ import annotations

import os
import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from flask_migrate import upgrade

from forum import clock, create_app
from forum.accounts import password_reset
from forum.accounts import services as accounts
from forum.community.setup import seed_default_categories
from forum.extensions import db
from forum.safety import watched_words
from tests.databases import DatabaseFactory

PASSWORD = "correct horse battery"
ANSWERS = ["Looking for people who understand.", "A patient."]  # to the join questions

# tests.viewers: one account per kind of viewer, and the `world` they act in.
pytest_plugins = ["tests.live", "tests.viewers"]


def make_app(database_url: str, **overrides):
    config = {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SECRET_KEY": "test-secret-key-not-for-production",
        "RATELIMIT_ENABLED": False,
        "WTF_CSRF_ENABLED": False,
    }
    config.update(overrides)
    return create_app(config)


@pytest.fixture(scope="session", autouse=True)
def cheap_password_hashing():
    """argon2 at production cost makes every sign-in in the suite slow; the
    hashing is the same code at argon2's cheapest profile."""
    from argon2 import PasswordHasher, profiles

    from forum.accounts import passwords

    production = passwords._hasher
    passwords._hasher = PasswordHasher.from_parameters(profiles.CHEAPEST)
    yield
    passwords._hasher = production


@pytest.fixture(scope="session")
def database_factory(tmp_path_factory):
    factory = DatabaseFactory(tmp_path_factory.mktemp("databases"))
    yield factory
    factory.drop_all()


@pytest.fixture(scope="session")
def database_url(database_factory):
    url = database_factory.new_url()
    migrated = make_app(url)
    with migrated.app_context():
        upgrade()
        db.engine.dispose()
    return url


def _empty_database() -> None:
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
    db.session.commit()


def pytest_configure(config):
    config.addinivalue_line("markers", "app_config(**settings): run the test's app with these settings")


@pytest.fixture
def app_config(request):
    """The app's configuration changes: `@pytest.mark.app_config(WTF_CSRF_ENABLED=True)`
    on a test, class or module; or override this fixture where they come from other fixtures."""
    marker = request.node.get_closest_marker("app_config")
    return dict(marker.kwargs) if marker else {}


@pytest.fixture(params=["memory", "redis"])
def limiter_storage(request):
    """Rate limits on the in-process store, and on Redis as several processes share it."""
    if request.param == "memory":
        return "memory://"
    url = os.environ.get("TEST_REDIS_URL")
    if not url:
        pytest.skip("TEST_REDIS_URL is not set (CI sets it)")
    return url


@pytest.fixture
def rate_limits_on(limiter_storage) -> dict:
    """App configuration that counts rate limits, in a store of this test's own.
    The limiter is one per process and keeps the first app's
    RATELIMIT_KEY_PREFIX, so each test names its Redis key prefix through the
    storage options instead."""
    return {"RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": limiter_storage,
            "RATELIMIT_STORAGE_OPTIONS": {"key_prefix": f"hearth-test-{uuid.uuid4().hex}"}}


@pytest.fixture
def app(database_url, app_config):
    application = make_app(database_url, **app_config)
    with application.app_context():
        _empty_database()
        seed_default_categories()
        watched_words.seed_defaults()
    yield application
    password_reset.wait_for_mail()  # its sender uses this app's database and mail server
    with application.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@dataclass
class Person:
    id: int
    username: str
    role: str
    status: str
    password: str = PASSWORD


@pytest.fixture
def make_person(app):
    """Create an account with a role and status; returns plain data."""

    def make(username: str, role: str = "member", status: str = "active") -> Person:
        with app.app_context():
            user = accounts.create_account(username, PASSWORD, role=role)
            if status != "active":
                user.status = status
                db.session.commit()
            return Person(user.id, user.username, user.role, user.status)

    return make


@pytest.fixture
def member(make_person):
    return make_person("sam_member")


@pytest.fixture
def other_member(make_person):
    return make_person("river_member")


@pytest.fixture
def moderator(make_person):
    return make_person("maple_mod", role="moderator")


@pytest.fixture
def staff(make_person):
    return make_person("clinic_staff", role="staff")


def csrf_token(client, path: str = "/sign-in") -> str:
    """The CSRF token the form on this page carries."""
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


class Auth:
    """Sign a test client in and out through the real sign-in page (with its CSRF
    token, where the app checks one)."""

    def __init__(self, client):
        self.client = client

    def login(self, person: Person, remember: bool = False):
        form = {"username": person.username, "password": person.password, "remember": "y" if remember else ""}
        if self.client.application.config["WTF_CSRF_ENABLED"]:
            form["csrf_token"] = csrf_token(self.client)
        return self.client.post("/sign-in", data=form)

    def logout(self):
        return self.client.post("/sign-out")


@pytest.fixture
def auth(client):
    return Auth(client)


def signed_in_browser(app, person: Person):
    """A new test client, signed in as this person through the sign-in page."""
    browser = app.test_client()
    Auth(browser).login(person)
    return browser


@pytest.fixture
def browser_as(app):
    """browser_as(person): a new test client signed in as them."""
    return lambda person: signed_in_browser(app, person)


def application_form(username: str = "new_person", password: str = PASSWORD, answers=ANSWERS, email: str = ""):
    """The apply page's form, filled in."""
    return {"username": username, "password": password, "email": email,
            **{f"answers_{index}": answer for index, answer in enumerate(answers)}}


def apply(client, **fields):
    """Apply to join through the apply page."""
    return client.post("/apply", data=application_form(**fields))


class Api:
    """JSON calls with a personal bearer token."""

    def __init__(self, client, token: str | None = None):
        self.client = client
        self.token = token

    def as_(self, person: Person) -> "Api":
        response = self.client.post("/api/v1/tokens", json={"username": person.username, "password": person.password})
        assert response.status_code == 201, response.get_json()
        return Api(self.client, response.get_json()["token"])

    def _headers(self):
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    def get(self, path, **kwargs):
        return self.client.get("/api/v1" + path, headers=self._headers(), **kwargs)

    def post(self, path, json=None, **kwargs):
        return self.client.post("/api/v1" + path, json=json, headers=self._headers(), **kwargs)

    def put(self, path, json=None, **kwargs):
        return self.client.put("/api/v1" + path, json=json, headers=self._headers(), **kwargs)

    def patch(self, path, json=None, **kwargs):
        return self.client.patch("/api/v1" + path, json=json, headers=self._headers(), **kwargs)

    def delete(self, path, json=None, **kwargs):
        return self.client.delete("/api/v1" + path, json=json, headers=self._headers(), **kwargs)


@pytest.fixture
def api(client):
    return Api(client)


@pytest.fixture
def moved_clock():
    """A clock the test can move forward instead of sleeping."""
    offset = {"by": timedelta(0)}
    clock.set_source(lambda: datetime.now(UTC).replace(tzinfo=None) + offset["by"])
    yield offset
    clock.set_source(None)


class ModeratorsAround:
    """Moves the clock to noon (inside moderated hours) or 03:00 (outside)
    tomorrow, with moderated hours of 09:00–17:00 UTC every day."""

    def __init__(self, moved_clock: dict):
        self.moved_clock = moved_clock

    def __call__(self, inside: bool) -> None:
        now = datetime.now(UTC).replace(tzinfo=None)
        target = (now + timedelta(days=1)).replace(hour=12 if inside else 3, minute=0, second=0, microsecond=0)
        self.moved_clock["by"] = target - now

    def later(self, by: timedelta) -> None:
        self.moved_clock["by"] += by


@pytest.fixture
def moderators_around(app, moved_clock) -> ModeratorsAround:
    """`moderators_around(False)`: the out-of-hours rules apply; `.later(...)` moves on from there."""
    from forum.settings import service as settings

    with app.test_request_context():
        settings.update({"moderated_hours": {"days": list(range(7)), "start": "09:00", "end": "17:00",
                                             "timezone": "UTC"}})
    return ModeratorsAround(moved_clock)


@pytest.fixture
def thread_in(app):
    """Start a thread as someone, through the service; returns (thread_id, post_id)."""
    from forum.accounts.models import User
    from forum.community import queries, services

    def start(person: Person, slug: str = "coping", title: str = "A hard week", body: str = "Some words.",
              content_warning: str = "") -> tuple[int, int]:
        with app.app_context():
            written = services.create_thread(db.session.get(User, person.id), queries.category(slug), title, body,
                                             content_warning)
            return written.thread.id, written.post.id

    return start
