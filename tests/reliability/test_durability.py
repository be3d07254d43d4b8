"""Many writers at once, and a server killed mid-write: every acknowledged post
is stored exactly once, counts stay consistent, nothing answers 5xx."""
import threading
import time

import requests

from tests.live import prepared_server
from tests.realtime.clients import Community

WRITERS, POSTS_EACH = 8, 25


def _writers(base_url: str, community: Community, thread_id: int, stop: threading.Event | None = None):
    """Eight members posting at once; returns every (status, body) they saw."""
    tokens = [community.member(f"writer{n}")[1].token for n in range(WRITERS)]
    outcomes: list[tuple[int, str, str]] = []
    lock = threading.Lock()

    def write(token: str, number: int):
        http = requests.Session()
        for index in range(POSTS_EACH):
            if stop is not None and stop.is_set():
                return
            body = f"writer {number} post {index}"
            try:
                response = http.post(f"{base_url}/api/v1/threads/{thread_id}/posts", json={"body": body},
                                     headers={"Authorization": f"Bearer {token}"}, timeout=30)
                status = response.status_code
            except requests.RequestException:
                status = 0  # the server went away mid-request: not acknowledged
            with lock:
                outcomes.append((status, body, token))

    threads = [threading.Thread(target=write, args=(token, n)) for n, token in enumerate(tokens)]
    for thread in threads:
        thread.start()
    return threads, outcomes


def _stored(base_url: str, api, thread_id: int) -> list[dict]:
    posts, after = [], None
    while True:
        page = api.ok("GET", f"/threads/{thread_id}/posts?limit=100" + (f"&after={after}" if after else ""))
        posts += page["items"]
        after = page["next"]
        if not after:
            return posts


def test_eight_concurrent_writers_lose_nothing(live_server):
    community = Community(live_server.url)
    _, owner = community.member("owner")
    thread = community.thread(owner, title="Busy thread")["thread"]
    threads, outcomes = _writers(live_server.url, community, thread["id"])
    for writer in threads:
        writer.join(timeout=120)
    statuses = [status for status, _, _ in outcomes]
    assert len(outcomes) == WRITERS * POSTS_EACH
    assert all(status == 201 for status in statuses), sorted(set(statuses))
    stored = _stored(live_server.url, owner, thread["id"])
    bodies = [post["body"] for post in stored[1:]]
    assert sorted(bodies) == sorted(body for _, body, _ in outcomes)  # each once, none lost
    assert [post["position"] for post in stored] == list(range(1, len(stored) + 1))
    assert owner.ok("GET", f"/threads/{thread['id']}")["thread"]["reply_count"] == WRITERS * POSTS_EACH


def test_a_killed_server_keeps_every_acknowledged_post(database_factory, tmp_path):
    server = prepared_server(database_factory.new_url(), tmp_path).start()
    try:
        community = Community(server.url)
        _, owner = community.member("owner")
        thread = community.thread(owner, title="Through a crash")["thread"]
        stop = threading.Event()
        threads, outcomes = _writers(server.url, community, thread["id"], stop)
        time.sleep(1.0)
        server.stop(kill=True)  # SIGKILL, mid-write
        stop.set()
        for writer in threads:
            writer.join(timeout=60)
        server.start()
        acknowledged = {body for status, body, _ in outcomes if status == 201}
        assert acknowledged, "no write was acknowledged before the kill"
        assert all(status in (201, 0) for status, _, _ in outcomes), sorted({s for s, _, _ in outcomes})
        stored = [post["body"] for post in _stored(server.url, owner, thread["id"])[1:]]
        assert acknowledged <= set(stored)  # nothing acknowledged was lost
        assert len(stored) == len(set(stored))  # and nothing is there twice
    finally:
        server.stop()
