"""With REDIS_URL set, losing Redis degrades live updates but not the forum:
pages and posting keep working, and real-time recovers when Redis returns."""
import subprocess
import time
import uuid

import pytest
import requests
import socketio

from bench.harness import free_port
from tests.live import prepared_server
from tests.realtime.clients import Community, LiveSocket


class RedisProcess:
    def __init__(self, port: int, directory):
        self.port, self.directory, self.process = port, directory, None

    def start(self) -> "RedisProcess":
        self.process = subprocess.Popen(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port), "--save", "", "--appendonly", "no",
             "--dir", str(self.directory)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if subprocess.run(["redis-cli", "-p", str(self.port), "ping"], capture_output=True,
                              text=True).stdout.strip() == "PONG":
                return self
            time.sleep(0.1)
        raise RuntimeError("redis did not start")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


@pytest.fixture
def redis_backed_server(database_factory, tmp_path):
    if subprocess.run(["which", "redis-server"], capture_output=True).returncode != 0:
        pytest.fail("redis-server is needed for this test (Debian package redis-server)")
    redis = RedisProcess(free_port(), tmp_path).start()
    server = prepared_server(database_factory.new_url(), tmp_path, REDIS_URL=f"redis://127.0.0.1:{redis.port}/0",
                             HEARTH_REALTIME_PREFIX=f"outage-{uuid.uuid4().hex[:6]}", RATELIMIT_ENABLED="true")
    server.start()
    yield server, redis
    server.stop()
    redis.stop()


def test_pages_and_posting_survive_a_redis_outage(redis_backed_server):
    server, redis = redis_backed_server
    community = Community(server.url)
    _, writer = community.member("writer")
    _, reader = community.member("reader")
    thread = community.thread(writer)["thread"]
    listener = LiveSocket(server.url, auth={"token": reader.token})
    listener.call("join_thread", {"thread_id": thread["id"]})
    first = writer.ok("POST", f"/threads/{thread['id']}/posts", {"body": "Before the outage."})["post"]
    listener.wait_for("post_created", lambda data: data["post"]["id"] == first["id"])
    listener.close()

    redis.stop()
    during = writer.call("POST", f"/threads/{thread['id']}/posts", {"body": "During the outage."})
    assert during.status_code == 201
    assert requests.get(f"{server.url}/c/coping", timeout=10).status_code in (200, 302)
    assert writer.call("GET", f"/threads/{thread['id']}/posts").status_code == 200
    refused = socketio.Client(reconnection=False)
    try:
        refused.connect(server.url, auth={"token": reader.token}, transports=["websocket"], wait_timeout=5)
        assert refused.call("join_thread", {"thread_id": thread["id"]}, timeout=5)["ok"] is False
    except (socketio.exceptions.ConnectionError, socketio.exceptions.TimeoutError):
        pass  # live updates are down while Redis is: that's the expected degradation
    finally:
        refused.disconnect()

    redis.start()
    deadline = time.monotonic() + 30
    while True:
        try:
            again = LiveSocket(server.url, auth={"token": reader.token})
            if again.call("join_thread", {"thread_id": thread["id"]}).get("ok"):
                break
            again.close()
        except socketio.exceptions.ConnectionError:
            pass
        assert time.monotonic() < deadline, "real-time did not recover"
        time.sleep(0.5)
    try:
        after = writer.ok("POST", f"/threads/{thread['id']}/posts", {"body": "After the outage."})["post"]
        again.wait_for("post_created", lambda data: data["post"]["id"] == after["id"], timeout=15)
        bodies = [post["body"] for post in writer.ok("GET", f"/threads/{thread['id']}/posts")["items"]]
        assert {"Before the outage.", "During the outage.", "After the outage."} <= set(bodies)
    finally:
        again.close()
