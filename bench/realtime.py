"""Real-time delivery benchmark: N Socket.IO clients reading one thread, one
post at a time; how long until every client has it, and memory per connection.

    .venv/bin/python -m bench.realtime                 # 100 and 500 clients, one process
    .venv/bin/python -m bench.realtime --redis redis://127.0.0.1:6379/0   # also two processes over Redis
    .venv/bin/python -m bench.realtime --clients 200 --posts 10

It prints figures; it asserts nothing. Clients and server share this machine.
"""
from __future__ import annotations

import argparse
import asyncio
import platform
import statistics
import tempfile
import time
import uuid
from pathlib import Path

import requests
import socketio

from bench.harness import ServerProcess, prepared_server

STAFF = ("bench_staff", "bench staff passphrase")
PASSWORD = "bench member passphrase"


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


class Api:
    def __init__(self, base_url: str):
        self.base_url = base_url
        self.http = requests.Session()

    def token(self, username: str, password: str) -> str:
        response = self.http.post(f"{self.base_url}/api/v1/tokens", json={"username": username, "password": password})
        response.raise_for_status()
        return response.json()["token"]

    def call(self, method: str, path: str, token: str, json=None) -> dict:
        response = self.http.request(method, f"{self.base_url}/api/v1{path}", json=json,
                                     headers={"Authorization": f"Bearer {token}"}, timeout=30)
        response.raise_for_status()
        return response.json()


def make_members(server: ServerProcess, count: int) -> list[str]:
    """Reader accounts, approved; each client signs in with its own token."""
    api = Api(server.url)
    staff_token = api.token(*STAFF)
    tokens = []
    for number in range(count):
        name = f"reader_{uuid.uuid4().hex[:10]}"
        user = api.http.post(f"{server.url}/api/v1/users", json={
            "username": name, "password": PASSWORD, "answers": ["Bench", "Bench"]}).json()["user"]
        api.call("POST", f"/users/{user['id']}/approve", staff_token, {})
        tokens.append(api.token(name, PASSWORD))
    return tokens


async def run_clients(urls: list[str], tokens: list[str], thread_id: int, post: callable, posts: int):
    arrivals: dict[int, list[float]] = {}
    clients = []

    async def connect(index: int, token: str):
        client = socketio.AsyncClient(reconnection=False)

        @client.on("post_created")
        async def on_post(data):
            arrivals.setdefault(data["post"]["id"], []).append(time.perf_counter())

        await client.connect(urls[index % len(urls)], auth={"token": token}, transports=["websocket"],
                             wait_timeout=30)
        ack = await client.call("join_thread", {"thread_id": thread_id}, timeout=30)
        assert ack["ok"], ack
        clients.append(client)

    started = time.perf_counter()
    for batch in range(0, len(tokens), 50):
        await asyncio.gather(*(connect(batch + i, token) for i, token in enumerate(tokens[batch:batch + 50])))
    connect_seconds = time.perf_counter() - started

    latencies: list[float] = []
    missing = 0
    for _ in range(posts):
        sent = time.perf_counter()
        post_id = await asyncio.to_thread(post)
        deadline = time.perf_counter() + 10
        while len(arrivals.get(post_id, [])) < len(clients) and time.perf_counter() < deadline:
            await asyncio.sleep(0.005)
        got = arrivals.get(post_id, [])
        missing += len(clients) - len(got)
        latencies.extend((moment - sent) * 1000 for moment in got)
        await asyncio.sleep(0.2)
    await asyncio.gather(*(client.disconnect() for client in clients))
    return latencies, missing, connect_seconds


def measure(label: str, servers: list[ServerProcess], clients: int, posts: int) -> None:
    writer_api = Api(servers[0].url)
    staff_token = writer_api.token(*STAFF)
    thread = writer_api.call("POST", "/categories/coping/threads", staff_token,
                             {"title": "Benchmark thread", "body": "Opening post."})["thread"]
    tokens = make_members(servers[0], clients)
    rss_before = [server.worker_rss_kib() for server in servers]

    def post() -> int:
        return writer_api.call("POST", f"/threads/{thread['id']}/posts", staff_token, {"body": "Hello, everyone."})[
            "post"]["id"]

    latencies, missing, connect_seconds = asyncio.run(
        run_clients([server.url for server in servers], tokens, thread["id"], post, posts))
    rss_after = [server.worker_rss_kib() for server in servers]
    per_connection = (sum(rss_after) - sum(rss_before)) / clients
    print(f"{label:<34} clients={clients:<4} deliveries={len(latencies):<6} missing={missing:<4} "
          f"p50={statistics.median(latencies):6.1f} ms  p99={percentile(latencies, 0.99):6.1f} ms  "
          f"max={max(latencies):6.1f} ms  memory/connection={per_connection:6.1f} KiB  "
          f"(connect {connect_seconds:.1f} s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, nargs="+", default=[100, 500])
    parser.add_argument("--posts", type=int, default=5)
    parser.add_argument("--redis", help="Redis URL: also measure two processes sharing rooms through it")
    args = parser.parse_args()
    print(f"Hearth real-time benchmark on {platform.node()} ({platform.machine()}, {platform.python_version()})")
    threads = max(args.clients) * 3 + 100  # every open WebSocket holds a thread
    for clients in args.clients:
        with tempfile.TemporaryDirectory() as directory:
            server = prepared_server(f"sqlite:///{directory}/bench.sqlite3", Path(directory), STAFF, threads=threads)
            server.start()
            try:
                measure("one process", [server], clients, args.posts)
            finally:
                server.stop()
        if args.redis:
            with tempfile.TemporaryDirectory() as directory:
                prefix = f"hearth-bench-{uuid.uuid4().hex[:8]}"
                first = prepared_server(f"sqlite:///{directory}/bench.sqlite3", Path(directory), STAFF,
                                        threads=threads, REDIS_URL=args.redis, HEARTH_REALTIME_PREFIX=prefix)
                second = ServerProcess(first.env, Path(directory) / "second.log", threads=threads)
                first.start()
                second.start()
                try:
                    measure("two processes over Redis", [first, second], clients, args.posts)
                finally:
                    first.stop()
                    second.stop()


if __name__ == "__main__":
    main()
