"""Two server processes sharing rooms through Redis."""
import os
import time
import uuid

import pytest

from tests.live import ServerProcess, prepared_server
from tests.realtime.clients import Community, LiveSocket


@pytest.fixture
def two_servers(database_factory, tmp_path):
    redis_url = os.environ.get("TEST_REDIS_URL")
    if not redis_url:
        pytest.skip("TEST_REDIS_URL is not set (CI sets it)")
    prefix = f"hearth-test-{uuid.uuid4().hex[:8]}"
    first = prepared_server(database_factory.new_url(), tmp_path, REDIS_URL=redis_url, HEARTH_REALTIME_PREFIX=prefix)
    second = ServerProcess(first.env, tmp_path / "second.log")
    first.start()
    second.start()
    yield first, second
    for server in (first, second):
        server.stop()


def test_a_post_through_one_process_reaches_a_reader_on_the_other(two_servers):
    first, second = two_servers
    community = Community(first.url)
    _, writer = community.member("writer")
    _, reader_api = community.member("reader")
    thread = community.thread(writer)["thread"]

    on_second = LiveSocket(second.url, auth={"token": reader_api.token})
    on_first = LiveSocket(first.url, auth={"token": writer.token})
    try:
        assert on_second.call("join_thread", {"thread_id": thread["id"]})["presence"] == 1
        # Presence is shared too: the writer, on the other process, makes two.
        assert on_first.call("join_thread", {"thread_id": thread["id"]})["presence"] == 2
        on_second.wait_for("presence", lambda data: data["count"] == 2)

        post = writer.ok("POST", f"/threads/{thread['id']}/posts", {"body": "Across processes."})["post"]
        event = on_second.wait_for("post_created", lambda data: data["post"]["id"] == post["id"])
        assert "Across processes." in event["html"]
    finally:
        on_first.close()
        on_second.close()


def test_a_hidden_thread_closes_its_room_on_the_other_process_too(two_servers):
    """The room check runs where the change is made; the socket lives elsewhere."""
    first, second = two_servers
    community = Community(first.url)
    _, author = community.member("author")
    _, reader_api = community.member("reader")
    created = community.thread(author)
    thread_id = created["thread"]["id"]
    on_second = LiveSocket(second.url, auth={"token": reader_api.token})
    try:
        assert on_second.call("join_thread", {"thread_id": thread_id})["ok"]
        community.staff.ok("POST", f"/posts/{created['post']['id']}/flags", {"reason": "other"})
        on_second.wait_for("thread_updated", lambda data: data["thread_id"] == thread_id and data["thread"] is None)
        author.ok("POST", f"/threads/{thread_id}/posts", {"body": "Not for the room any more."})
        time.sleep(0.5)
        assert on_second.received("post_created") == []
    finally:
        on_second.close()
