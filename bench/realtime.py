"""Real-time delivery benchmark: N Socket.IO clients reading one thread, one
post at a time; how long the server takes to send each post to every socket,
how long until every client has it, and memory per connection.

    .venv/bin/python -m bench.realtime                 # 100 and 500 clients, one process
    .venv/bin/python -m bench.realtime --redis redis://127.0.0.1:6379/0   # also two processes over Redis
    .venv/bin/python -m bench.realtime --clients 200 --posts 10
    .venv/bin/python -m bench.realtime --client python # the python-socketio clients, for comparison
    .venv/bin/python -m bench.realtime --worker gevent # gunicorn -k gevent (pip install gevent)

The clients are Node (socket.io-client, bench/fanout/clients.js) unless
--client python: hundreds of asyncio clients cost the shared cores about as
much as the server does. It prints figures; it asserts nothing. Clients and
server share this machine.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import queue
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import requests

from bench.harness import ServerProcess, prepared_server

STAFF = ("bench_staff", "bench staff passphrase")
PASSWORD = "bench member passphrase"
FANOUT_DIR = Path(__file__).resolve().parent / "fanout"
DELIVERY_TIMEOUT = 10.0  # seconds a post may take to reach every client before it counts as missed
JOIN_TIMEOUT = 120.0


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


# --- load generators: join every client to the thread, then record arrivals -------------------
# Both record arrival times as time.time() seconds (Node: performance.timeOrigin +
# performance.now()), the same wall clock the poster reads on this machine.


class PythonClients:
    """python-socketio AsyncClients on an event loop in a background thread."""

    name = "python"

    def __init__(self):
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.sockets = []
        self.arrived: dict[int, list[float]] = {}

    def _run(self, coroutines, timeout: float):
        """Run these coroutines together on the clients' loop and wait for all."""
        async def together():
            return await asyncio.gather(*coroutines)
        return asyncio.run_coroutine_threadsafe(together(), self.loop).result(timeout)

    def join(self, urls: list[str], tokens: list[str], thread_id: int) -> None:
        for batch in range(0, len(tokens), 50):
            self._run([self._connect(urls[(batch + i) % len(urls)], token, thread_id)
                       for i, token in enumerate(tokens[batch:batch + 50])], JOIN_TIMEOUT)

    async def _connect(self, url: str, token: str, thread_id: int) -> None:
        import socketio

        client = socketio.AsyncClient(reconnection=False)

        @client.on("post_created")
        async def on_post(data):
            self.arrived.setdefault(data["post"]["id"], []).append(time.time())

        await client.connect(url, auth={"token": token}, transports=["websocket"], wait_timeout=30)
        ack = await client.call("join_thread", {"thread_id": thread_id}, timeout=30)
        assert ack["ok"], ack
        self.sockets.append(client)

    def wait_for(self, post_id: int, deadline: float) -> None:
        while len(self.arrived.get(post_id, [])) < len(self.sockets) and time.monotonic() < deadline:
            time.sleep(0.005)

    def arrivals(self) -> dict[int, list[float]]:
        return {post_id: list(times) for post_id, times in self.arrived.items()}

    def close(self) -> None:
        self._run([client.disconnect() for client in self.sockets], 60)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


def ensure_node_modules() -> None:
    if shutil.which("node") is None:
        sys.exit("bench.realtime: `node` is not on PATH; install Node.js 20+ or use --client python")
    if not (FANOUT_DIR / "node_modules").is_dir():
        print(f"bench/fanout has no node_modules: running `npm ci` in {FANOUT_DIR}", flush=True)
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=FANOUT_DIR, check=True)


class NodeProcess:
    """One `node clients.js` holding a share of the clients; its stdout lines
    are read by a thread so the benchmark can wait on them with a timeout."""

    def __init__(self, config: dict):
        self.process = subprocess.Popen(["node", str(FANOUT_DIR / "clients.js")], cwd=FANOUT_DIR, text=True,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.lines: queue.Queue = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.send(json.dumps(config))

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.put(json.loads(line))
        self.lines.put({"type": "error", "message": f"node exited with {self.process.wait()}"})

    def send(self, line: str) -> None:
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()

    def next_message(self, deadline: float) -> dict | None:
        try:
            message = self.lines.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            return None
        if message["type"] == "error":
            raise RuntimeError(f"bench/fanout/clients.js: {message['message']}")
        return message

    def expect(self, kind: str, deadline: float) -> dict:
        """The next message of this kind (earlier "delivered" notices are stale by then)."""
        while (message := self.next_message(deadline)) is not None:
            if message["type"] == kind:
                return message
        raise RuntimeError(f"bench/fanout/clients.js: no {kind!r} in time")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(10)


class NodeClients:
    """socket.io-client in `processes` Node processes (one is usually enough)."""

    name = "node"

    def __init__(self, processes: int = 1, deflate: bool = False):
        self.process_count = processes
        self.deflate = deflate
        self.processes: list[NodeProcess] = []

    def join(self, urls: list[str], tokens: list[str], thread_id: int) -> None:
        ensure_node_modules()
        shares = [tokens[index::self.process_count] for index in range(self.process_count)]
        self.processes = [NodeProcess({"urls": urls, "thread_id": thread_id, "tokens": share, "batch": 50,
                                       "deflate": self.deflate}) for share in shares if share]
        deadline = time.monotonic() + JOIN_TIMEOUT
        for process in self.processes:
            process.expect("joined", deadline)

    def wait_for(self, post_id: int, deadline: float) -> None:
        for process in self.processes:
            while (message := process.next_message(deadline)) is not None:
                if message["type"] == "delivered" and message["post_id"] == post_id:
                    break

    def arrivals(self) -> dict[int, list[float]]:
        merged: dict[int, list[float]] = {}
        for process in self.processes:
            process.send("report")
            report = process.expect("arrivals", time.monotonic() + 60)
            for post_id, moments in report["arrivals"].items():
                merged.setdefault(int(post_id), []).extend(moment / 1000 for moment in moments)
        return merged

    def close(self) -> None:
        for process in self.processes:
            process.stop()


# --- one measurement -----------------------------------------------------------------------


@dataclass
class Sent:
    post_id: int
    started: float  # time.time() just before the HTTP request
    http_ms: float


@dataclass
class Result:
    label: str
    generator: str
    clients: int
    deliveries: list[float] = field(default_factory=list)  # ms, request start -> client receipt
    missing: int = 0
    # Server, per post, from its "fanout" log line: building the payload, handing
    # it to every socket, and both together (the event's whole fan-out).
    build_ms: list[float] = field(default_factory=list)
    send_ms: list[float] = field(default_factory=list)
    fanout_ms: list[float] = field(default_factory=list)
    http_ms: list[float] = field(default_factory=list)
    memory_kib: float = 0.0
    connect_seconds: float = 0.0
    load: float = 0.0  # 1-minute load average when the posts were done: others share these cores


def fanout_lines(log_paths: list[Path], post_ids: set[int]) -> list[dict]:
    """The servers' "fanout" log lines for these posts (JSON; other lines skipped)."""
    found = []
    for path in log_paths:
        for line in path.read_text(errors="replace").splitlines():
            if '"fanout"' not in line:
                continue
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            if entry.get("message") == "fanout" and entry.get("post_id") in post_ids:
                found.append(entry)
    return found


class Profiler:
    """py-spy sampling the (first) server's worker while the posts go out:
    collapsed stacks, one line a stack with its sample count. Only the thread
    holding the GIL, without pausing the process: unwinding a thousand threads
    a sample falls far behind its rate and stalls the server it measures."""

    def __init__(self, server: ServerProcess, path: Path):
        self.path = path
        self.process = subprocess.Popen([str(Path(sys.executable).parent / "py-spy"), "record", "--pid",
                                         str(server.worker_pid()), "--rate", "200", "--gil", "--nonblocking",
                                         "--format", "raw", "--output", str(path)], stdout=subprocess.DEVNULL)
        time.sleep(1)  # py-spy attaches before the first post

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)  # py-spy writes its file on SIGINT
        self.process.wait(30)
        print(f"profile: {self.path}")


def post_and_wait(post, clients, posts: int) -> list[Sent]:
    sent = []
    for _ in range(posts):
        started = time.time()
        post_id = post()
        sent.append(Sent(post_id, started, (time.time() - started) * 1000))
        clients.wait_for(post_id, time.monotonic() + DELIVERY_TIMEOUT)
        time.sleep(0.2)  # let the last writes drain before the next post
    return sent


def measure(label: str, servers: list[ServerProcess], clients: int, posts: int, generator,
            profile: Path | None = None) -> Result:
    writer_api = Api(servers[0].url)
    staff_token = writer_api.token(*STAFF)
    thread = writer_api.call("POST", "/categories/coping/threads", staff_token,
                             {"title": "Benchmark thread", "body": "Opening post."})["thread"]
    tokens = make_members(servers[0], clients)
    rss_before = [server.worker_rss_kib() for server in servers]

    def post() -> int:
        return writer_api.call("POST", f"/threads/{thread['id']}/posts", staff_token, {"body": "Hello, everyone."})[
            "post"]["id"]

    result = Result(label, generator.name, clients)
    started = time.monotonic()
    try:
        generator.join([server.url for server in servers], tokens, thread["id"])
        result.connect_seconds = time.monotonic() - started
        result.memory_kib = (sum(server.worker_rss_kib() for server in servers) - sum(rss_before)) / clients
        profiler = Profiler(servers[0], profile) if profile else None
        sent = post_and_wait(post, generator, posts)
        result.load = os.getloadavg()[0]
        if profiler:
            profiler.stop()
        arrived = generator.arrivals()
    finally:
        generator.close()
    add_timings(result, sent, arrived, [server.log_path for server in servers])
    return result


def add_timings(result: Result, sent: list[Sent], arrived: dict[int, list[float]], logs: list[Path]) -> None:
    for item in sent:
        moments = arrived.get(item.post_id, [])
        result.missing += result.clients - len(moments)
        result.deliveries.extend((moment - item.started) * 1000 for moment in moments)
        result.http_ms.append(item.http_ms)
    fanouts = fanout_lines(logs, {item.post_id for item in sent})
    result.build_ms = [entry["build_ms"] for entry in fanouts]
    result.send_ms = [entry["send_ms"] for entry in fanouts]
    result.fanout_ms = [entry["ms"] for entry in fanouts]


def summary(values: list[float]) -> str:
    if not values:
        return "     -      -"
    return f"{statistics.median(values):6.1f} {percentile(values, 0.99):6.1f}"


def report(result: Result) -> None:
    print(f"{result.label:<34} {result.generator:<6} clients={result.clients:<4} "
          f"deliveries={len(result.deliveries):<5} missing={result.missing:<4} "
          f"delivery p50/p99 {summary(result.deliveries)} max {max(result.deliveries, default=0):6.1f} ms | "
          f"server fan-out p50/p99 {summary(result.fanout_ms)} ms (build {summary(result.build_ms)}, "
          f"send {summary(result.send_ms)}) | HTTP p50/p99 {summary(result.http_ms)} ms | "
          f"memory/connection {result.memory_kib:6.1f} KiB (connect {result.connect_seconds:.1f} s, "
          f"load {result.load:.1f})", flush=True)


# --- the runs ------------------------------------------------------------------------------


def make_generator(args):
    if args.client == "python":
        return PythonClients()
    return NodeClients(args.node_processes, args.deflate)


def server_options(args, threads: int) -> dict:
    """gunicorn's worker class and the matching Socket.IO async mode."""
    if args.worker == "gevent":
        return {"threads": threads, "worker_class": "gevent", "HEARTH_ASYNC_MODE": "gevent"}
    return {"threads": threads}


def profile_path(args, setup: str, clients: int) -> Path | None:
    if not args.profile:
        return None
    args.profile.mkdir(parents=True, exist_ok=True)
    return args.profile / f"{setup}-{args.worker}-{args.client}-{clients}.txt"


def run_one_process(args, clients: int, threads: int) -> Result:
    with tempfile.TemporaryDirectory() as directory:
        server = prepared_server(f"sqlite:///{directory}/bench.sqlite3", Path(directory), STAFF,
                                 **server_options(args, threads))
        server.start()
        try:
            return measure(f"one process, {args.worker}", [server], clients, args.posts, make_generator(args),
                           profile_path(args, "one", clients))
        finally:
            server.stop()


def run_two_processes(args, clients: int, threads: int) -> Result:
    with tempfile.TemporaryDirectory() as directory:
        prefix = f"hearth-bench-{uuid.uuid4().hex[:8]}"
        first = prepared_server(f"sqlite:///{directory}/bench.sqlite3", Path(directory), STAFF,
                                **server_options(args, threads), REDIS_URL=args.redis, HEARTH_REALTIME_PREFIX=prefix)
        second = ServerProcess(first.env, Path(directory) / "second.log", threads=threads,
                               worker_class=first.worker_class)
        first.start()
        second.start()
        try:
            return measure(f"two processes over Redis, {args.worker}", [first, second], clients, args.posts,
                           make_generator(args), profile_path(args, "two", clients))
        finally:
            first.stop()
            second.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, nargs="+", default=[100, 500])
    parser.add_argument("--posts", type=int, default=5)
    parser.add_argument("--redis", help="Redis URL: also measure two processes sharing rooms through it")
    parser.add_argument("--only-redis", action="store_true", help="with --redis: skip the one-process runs")
    parser.add_argument("--client", choices=["node", "python"], default="node",
                        help="load generator: Node socket.io-client (default) or python-socketio")
    parser.add_argument("--worker", choices=["gthread", "gevent"], default="gthread",
                        help="gunicorn worker class; gevent runs Socket.IO in gevent mode (the `gevent` extra)")
    parser.add_argument("--node-processes", type=int, default=1, help="split the Node clients over this many")
    parser.add_argument("--deflate", action="store_true",
                        help="Node clients offer permessage-deflate, as browsers do (python-socketio doesn't)")
    parser.add_argument("--profile", type=Path, metavar="DIR",
                        help="py-spy the (first) server worker during the posts; collapsed stacks into DIR "
                             "(`pip install py-spy`)")
    args = parser.parse_args()
    if args.only_redis and not args.redis:
        parser.error("--only-redis needs --redis")
    print(f"Hearth real-time benchmark on {platform.node()} ({platform.machine()}, {platform.python_version()}), "
          f"{args.client} clients, {args.worker} worker")
    threads = max(args.clients) * 3 + 100  # every open WebSocket holds a thread (or greenlet)
    for clients in args.clients:
        if not args.only_redis:
            report(run_one_process(args, clients, threads))
        if args.redis:
            report(run_two_processes(args, clients, threads))


if __name__ == "__main__":
    main()
