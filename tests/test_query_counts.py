"""Pages use a small, constant number of SQL statements however long they are."""
from contextlib import contextmanager

import pytest
from sqlalchemy import event

from forum.accounts.models import User
from forum.community import services
from forum.community.models import Thread
from forum.extensions import db


@pytest.fixture
def count_queries(app):
    @contextmanager
    def counting():
        statements = []

        def record(conn, cursor, statement, parameters, context, executemany):
            statements.append(statement)

        with app.app_context():
            engine = db.engine
        event.listen(engine, "before_cursor_execute", record)
        try:
            yield statements
        finally:
            event.remove(engine, "before_cursor_execute", record)

    return counting


def _reply_many(app, thread_id: int, people: list, count: int) -> None:
    with app.app_context():
        thread = db.session.get(Thread, thread_id)
        authors = [db.session.get(User, person.id) for person in people]
        for number in range(count):
            reply = services.reply(authors[number % len(authors)], thread, f"Reply {number}")
            services.set_reaction(authors[(number + 1) % len(authors)], reply.post, "support", True)


def _statements_for(client, count_queries, path: str) -> int:
    """Statements for a page whose rarely changing parts (settings, the queue
    summary...) are already cached, as they are nearly always."""
    client.get(path)
    with count_queries() as statements:
        assert client.get(path).status_code == 200
    return len(statements)


def test_thread_page_is_constant(app, client, auth, member, other_member, make_person, thread_in, count_queries):
    people = [member, other_member, make_person("third_one")]
    short, _ = thread_in(member, title="Short thread")
    long, _ = thread_in(member, title="Long thread")
    _reply_many(app, short, people, 2)
    _reply_many(app, long, people, 19)
    auth.login(member)
    small = _statements_for(client, count_queries, f"/t/{short}")
    large = _statements_for(client, count_queries, f"/t/{long}")
    # The member, the thread, its posts, their reactions, the read position, the subscription...
    assert small == large and large <= 9, (small, large)


def test_category_page_is_constant(app, client, auth, member, other_member, thread_in, count_queries):
    thread_in(member, slug="wins", title="Only one")
    started = [thread_in(other_member if number % 2 else member, slug="caregivers", title=f"Thread number {number}")
               for number in range(25)]
    auth.login(member)
    for thread_id, _ in started[::3]:  # some read, some never opened: unread counts for every row
        client.get(f"/t/{thread_id}")
    _reply_many(app, started[0][0], [other_member, member], 3)
    few = _statements_for(client, count_queries, "/c/wins")
    many = _statements_for(client, count_queries, "/c/caregivers")
    assert few == many and many <= 6, (few, many)


def test_home_page_is_constant(app, client, auth, member, other_member, thread_in, count_queries):
    auth.login(member)
    first, _ = thread_in(other_member, title="The first thread")
    one = _statements_for(client, count_queries, "/")
    started = [thread_in(other_member, slug="caregivers" if number % 2 else "coping", title=f"Thread {number}")
               for number in range(20)]
    for thread_id, _ in started[::4]:
        client.get(f"/t/{thread_id}")
    _reply_many(app, first, [other_member, member], 2)
    many = _statements_for(client, count_queries, "/")
    assert one == many and many <= 5, (one, many)


def test_queue_page_is_constant(app, client, auth, api, moderator, make_person, count_queries):
    writer = api.as_(make_person("writer"))
    writer.post("/categories/coping/threads", json={"title": "One", "body": "i want to die"})
    auth.login(moderator)
    one = _statements_for(client, count_queries, "/moderation")
    for number in range(6):
        writer.post("/categories/coping/threads", json={"title": f"More {number}", "body": "i want to die"})
    seven = _statements_for(client, count_queries, "/moderation")
    assert one == seven and seven <= 6, (one, seven)


def test_moderation_log_page_is_constant(app, client, auth, api, moderator, make_person, thread_in, count_queries):
    def act(count: int) -> None:
        mod = api.as_(moderator)
        for number in range(count):
            person = make_person(f"logged_{count}_{number}")
            thread_id, post_id = thread_in(person, title=f"Logged {count} {number}")
            mod.post(f"/users/{person.id}/sanctions", json={"kind": "warn", "reason": "Be kind"})
            mod.post(f"/threads/{thread_id}/lock", json={"reason": "Cooling off"})
            mod.delete(f"/posts/{post_id}", json={"reason": "Off topic"})

    act(1)
    auth.login(moderator)
    few = _statements_for(client, count_queries, "/moderation/log")
    act(8)
    many = _statements_for(client, count_queries, "/moderation/log")
    assert few == many and many <= 6, (few, many)
