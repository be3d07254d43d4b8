"""Domain events reach listeners only after their transaction commits."""
import pytest
from sqlalchemy import create_engine, text

from forum import events
from forum.accounts.models import User
from forum.community import queries, services
from forum.errors import InvalidInput
from forum.extensions import db


@pytest.fixture
def heard(app):
    """Events as listeners receive them, with what a separate connection sees then."""
    received = []

    def listener(event):
        # A fresh connection only sees committed data.
        engine = create_engine(app.config["SQLALCHEMY_DATABASE_URI"])
        with engine.connect() as connection:
            stored = connection.execute(text("SELECT count(*) FROM posts")).scalar()
        engine.dispose()
        received.append((event.name, event.data, stored))

    events.subscribe(listener)
    yield received
    events.unsubscribe(listener)


def test_events_follow_the_commit(app, member, heard):
    with app.app_context():
        author = db.session.get(User, member.id)
        written = services.create_thread(author, queries.category("coping"), "Title here", "Body")
        ids = {"thread_id": written.thread.id, "post_id": written.post.id}
    assert [(name, stored) for name, _, stored in heard] == [("thread_created", 1), ("post_created", 1)]
    assert heard[1][1] == ids


def test_refused_writes_announce_nothing(app, member, heard):
    with app.app_context():
        author = db.session.get(User, member.id)
        with pytest.raises(InvalidInput):
            services.create_thread(author, queries.category("coping"), "", "")
    assert heard == []


def test_a_rollback_drops_queued_events(app, member, heard):
    with app.app_context():
        db.session.get(User, member.id).display_name = "Changed, then not"
        db.session.flush()
        events.publish("post_created", thread_id=1, post_id=1)
        db.session.rollback()
        events.commit()
    assert heard == []


def test_a_failing_listener_does_not_undo_the_write(app, member):
    def broken(event):
        raise RuntimeError("listener bug")

    events.subscribe(broken)
    try:
        with app.app_context():
            author = db.session.get(User, member.id)
            written = services.create_thread(author, queries.category("coping"), "Still saved", "Body")
            assert queries.thread(author, written.thread.id).title == "Still saved"
    finally:
        events.unsubscribe(broken)


def test_every_published_event_has_a_listener(app):
    """An event nobody hears is a change open pages never learn of: give it a
    listener or stop publishing it. (The app has imported every module, so
    every cache has declared the events that change it.)"""
    import re
    from pathlib import Path

    import forum
    from forum import caching
    from forum.notifications import service as notifications
    from forum.realtime import broadcast

    package = Path(forum.__file__).parent
    published = set()
    for source in package.rglob("*.py"):
        published |= set(re.findall(r'publish\(\s*"(\w+)",', source.read_text()))
        # Names built from a value: the membership decision.
        published |= {f"member_{decision}" for decision in re.findall(
            r'_decide\([^)]*"(\w+)"', source.read_text())}
    heard = set(broadcast._HANDLERS) | set(notifications._HANDLERS) | set(caching._forget_on)
    assert published and "member_approved" in published
    assert published - heard == set()
