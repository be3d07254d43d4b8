"""Who is looking: one account per kind of viewer, the world they act in, and a
browser or API client for each. Loaded by conftest (so `world` is a fixture
everywhere); the access tests import the audiences from here."""
from __future__ import annotations

import pytest

from forum.accounts.models import User
from forum.extensions import db
from tests.conftest import Api, signed_in_browser

# Each kind of viewer with an account: its role, and the status it has once signed in.
ACCOUNTS = {
    "pending": ("member", "pending"), "member": ("member", "active"), "muted": ("member", "muted"),
    "suspended": ("member", "suspended"), "banned": ("member", "banned"),
    "moderator": ("moderator", "active"), "staff": ("staff", "active"),
}
VIEWERS = ["anonymous", *ACCOUNTS]

# Audiences: who may use a route.
EVERYONE = set(VIEWERS)
READERS = {"member", "muted", "moderator", "staff"}
SIGNED_IN_ANY = READERS | {"pending"}
SIGNED_OUT = EVERYONE - SIGNED_IN_ANY  # suspended and banned sessions stop working
WRITERS = {"member", "moderator", "staff"}
MODS = {"moderator", "staff"}
STAFF = {"staff"}
NOBODY: set[str] = set()


def refusal(kind: str, api: bool) -> str:
    """How a viewer is turned away from what they may not use: "signed out" (a 401,
    or a page sends them to sign in), "waiting" (a page sends an applicant to the
    waiting page) or "403"."""
    if kind in SIGNED_OUT:
        return "signed out"
    if kind == "pending" and not api:
        return "waiting"
    return "403"


@pytest.fixture
def world(app, make_person, thread_in):
    """One account per viewer kind, a thread by someone else, and that
    person's conversation with the moderators."""
    author = make_person("thread_author")
    thread_id, post_id = thread_in(author)
    thread_in(author, body="i want to die")  # a crisis post: the queue has an item
    people = {kind: make_person(f"viewer_{kind}", role=role) for kind, (role, _) in ACCOUNTS.items()}
    with app.app_context():
        from forum.care import conversations
        from forum.moderation.models import QueueItem

        item_id = db.session.scalar(db.select(QueueItem.id).order_by(QueueItem.id))
        conversation_id = conversations.start(db.session.get(User, author.id), "me",
                                              "Could someone check in with me?").conversation.id
    return {"people": people, "thread": thread_id, "post": post_id, "author": author.id,
            "author_name": author.username, "item": item_id, "category": "coping", "chart": "activity",
            "conversation": conversation_id}


def session_for(app, world, kind):
    """A browser session as this viewer; suspended/banned are suspended after signing in."""
    if kind == "anonymous":
        return app.test_client()
    person = world["people"][kind]
    client = signed_in_browser(app, person)
    _give_status(app, person, kind)
    return client


def api_for(app, world, kind, give_status: bool = True) -> Api:
    """An API client with this viewer's token, taken while the account is still
    active (give_status=False: the caller signs a browser in too, then session_for gives it)."""
    client = app.test_client()
    if kind == "anonymous":
        return Api(client)
    person = world["people"][kind]
    api = Api(client).as_(person)
    if give_status:
        _give_status(app, person, kind)
    return api


def _give_status(app, person, kind) -> None:
    """After signing in: the viewer kinds that are statuses, not roles, take effect."""
    status = ACCOUNTS[kind][1]
    if status != "active":
        with app.app_context():
            db.session.get(User, person.id).status = status
            db.session.commit()
