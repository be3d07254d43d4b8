"""HTTP benchmark: Hearth's main pages and API calls under concurrent load,
against a minimal Flask "hello world" served the same way (gunicorn, one
threaded worker) as the ceiling.

    .venv/bin/python -m bench.http --size small
    .venv/bin/python -m bench.http --size large --database sqlite:////tmp/large.sqlite3   # already seeded
    .venv/bin/python -m bench.http --database postgresql+psycopg://postgres@127.0.0.1:5432/hearth_bench
    .venv/bin/python -m bench.http --database ... --processes 1 2 --redis redis://127.0.0.1:6379/0

Without --database it makes and seeds a fresh SQLite database of that size.
It prints figures; it asserts nothing. Load comes from a bounded asyncio +
aiohttp client on this machine, over loopback. With `--processes 1 2` it runs
every case on one gunicorn worker, then on two (over Redis, as the README's
production section runs them), each against a hello world with as many workers.
"""
from __future__ import annotations

import argparse
import asyncio
import itertools
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp
import requests

from bench.harness import ROOT, ServerProcess, free_port, server_env, wait_until_up
from bench.seed import PASSWORD


# A word in a tenth of all posts, two words that occur together, two that
# never do, a thread title, and a word no post has.
SEARCHES = ["dissociation", "nasal+spray", "dissociation+session", "long+conversation", "zebra"]


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


async def load(url: str | list[str], concurrency: int, seconds: float, method: str = "GET", headers=None,
               json_body=None, cookies=None, expect: int | None = None) -> dict:
    """Requests from `concurrency` clients for `seconds`; a list of URLs is taken in turn.
    An error is a 4xx or 5xx answer, or any other status than `expect` when given."""
    urls = itertools.cycle([url] if isinstance(url, str) else url)
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + seconds
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector, headers=headers or {}, cookies=cookies or {}) as session:
        async def worker():
            nonlocal errors
            while time.perf_counter() < deadline:
                started = time.perf_counter()
                async with session.request(method, next(urls), json=json_body) as response:
                    await response.read()
                    if response.status >= 400 or expect not in (None, response.status):
                        errors += 1
                latencies.append((time.perf_counter() - started) * 1000)

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    return {"rps": len(latencies) / elapsed, "p50": statistics.median(latencies),
            "p95": percentile(latencies, 0.95), "p99": percentile(latencies, 0.99),
            "errors": errors, "requests": len(latencies)}


def sign_in(base: str, username: str) -> tuple[dict, str]:
    """A browser session's cookies, and a personal API token, for one member."""
    http = requests.Session()
    page = http.get(base + "/sign-in").text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    # "Remember me", as a member on their own phone signs in: their pages get ETags.
    http.post(base + "/sign-in", data={"username": username, "password": PASSWORD, "csrf_token": token,
                                         "remember": "y"})
    bearer = requests.post(base + "/api/v1/tokens", json={"username": username, "password": PASSWORD}).json()
    return dict(http.cookies), bearer["token"]


def settled_etag(url: str, cookies: dict) -> str:
    """The page's ETag once visiting it changes nothing more (the first visit
    moves the member's read position)."""
    with requests.Session() as http:
        http.cookies.update(cookies)
        http.get(url)
        return http.get(url).headers.get("ETag", "")


def pick_threads(base: str, token: str) -> tuple[int, int | None]:
    """A thread with at least 50 posts, and the 5,000-post one when present."""
    headers = {"Authorization": f"Bearer {token}"}
    hits = requests.get(base + "/api/v1/search", params={"q": "long conversation"}, headers=headers).json()["items"]
    long_thread = hits[0]["thread"]["id"] if hits else None
    rows = []
    after = None
    for _ in range(20):
        params = {"limit": 100, **({"after": after} if after else {})}
        page = requests.get(base + "/api/v1/categories/coping/threads", params=params, headers=headers).json()
        rows += page["items"]
        after = page["next"]
        if not after or any(row["reply_count"] >= 49 and row["id"] != long_thread for row in rows):
            break
    fifty = next((row["id"] for row in rows if row["reply_count"] >= 49 and row["id"] != long_thread), rows[0]["id"])
    return fifty, long_thread


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", default="small", help="seed size when no --database is given")
    parser.add_argument("--database", help="an already seeded database URL")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--processes", type=int, nargs="+", default=[1], help="gunicorn workers, one run each")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/0", help="for more than one process")
    parser.add_argument("--worker", choices=("gthread", "gevent"), default="gthread",
                        help="gunicorn's worker class, for Hearth and the hello world alike")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as directory:
        database = args.database or f"sqlite:///{directory}/bench.sqlite3"
        if not args.database:
            env = server_env(database, HEARTH_POSTS_PER_PAGE="50")
            ServerProcess(env, Path(directory) / "setup.log").flask("setup")
            subprocess.run([sys.executable, "-m", "bench.seed", "--size", args.size], cwd=ROOT, env=env, check=True,
                           stdout=subprocess.DEVNULL)
        for processes in args.processes:
            extra = {"REDIS_URL": args.redis} if processes > 1 else {}
            if args.worker == "gevent":
                extra["HEARTH_ASYNC_MODE"] = "gevent"
            env = server_env(database, HEARTH_POSTS_PER_PAGE="50", **extra)
            server = ServerProcess(env, Path(directory) / "server.log", threads=64, workers=processes,
                                   worker_class=args.worker)
            print(f"\n{processes} {args.worker} worker process{'es' if processes > 1 else ''}"
                  f"{' over Redis' if processes > 1 else ''}:")
            run_cases(server, processes, args)


def run_cases(server: ServerProcess, processes: int, args) -> None:
    hello_port = free_port()
    # `-c /dev/null`: not Hearth's gunicorn.conf.py, whose worker hook starts Hearth's own checks.
    hello = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "/dev/null", "-w", str(processes),
                              *server._concurrency(), "-b", f"127.0.0.1:{hello_port}", "--no-control-socket",
                              "bench.hello:app"],
                             cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    server.start()
    try:
        wait_until_up(f"http://127.0.0.1:{hello_port}", hello, path="/")
        base = server.url
        cookies, token = sign_in(base, "member_1")
        fifty, long_thread = pick_threads(base, token)
        bearer = {"Authorization": f"Bearer {token}"}
        cases = [
            ("hello world (ceiling)", f"http://127.0.0.1:{hello_port}/", {}),
            ("home", base + "/", {"cookies": cookies}),
            ("category page", base + "/c/coping", {"cookies": cookies}),
            ("category page, 304", base + "/c/coping", {"cookies": cookies, "expect": 304, "revalidate": True}),
            ("thread page, 50 posts", f"{base}/t/{fifty}", {"cookies": cookies}),
            ("thread page, 304", f"{base}/t/{fifty}", {"cookies": cookies, "expect": 304, "revalidate": True}),
        ]
        if long_thread:
            cases.append(("first page of 5,000-post thread", f"{base}/t/{long_thread}", {"cookies": cookies}))
            cases.append(("last page of 5,000-post thread", f"{base}/t/{long_thread}?page=100",
                          {"cookies": cookies}))
        cases += [
            ("search (5 queries in turn)", [f"{base}/search?q={query}" for query in SEARCHES],
             {"cookies": cookies}),
            # Latency without queueing behind 15 other clients.
            ("search, one client at a time", [f"{base}/search?q={query}" for query in SEARCHES],
             {"cookies": cookies, "concurrency": 1}),
            ("API posts listing (50)", f"{base}/api/v1/threads/{fifty}/posts?limit=50", {"headers": bearer}),
            ("posting a reply (API)", f"{base}/api/v1/threads/{fifty}/posts",
             {"headers": bearer, "method": "POST", "json_body": {"body": "Thinking of you all today."}}),
        ]
        ceiling = None
        print(f"{'case':<34} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>6} "
              f"{'of ceiling':>10}")
        for label, url, options in cases:
            options = {"concurrency": args.concurrency, **options}
            if options.pop("revalidate", False):  # the tag as of now: the server's own checks change pages too
                options["headers"] = {"If-None-Match": settled_etag(url, cookies)}
            result = asyncio.run(load(url, seconds=args.seconds, **options))
            ceiling = ceiling or result["rps"]
            print(f"{label:<34} {result['rps']:>8.0f} {result['p50']:>8.1f} {result['p95']:>8.1f} "
                  f"{result['p99']:>8.1f} {result['errors']:>6} {100 * result['rps'] / ceiling:>9.1f}%", flush=True)
    finally:
        server.stop()
        hello.terminate()
        hello.wait(timeout=10)


if __name__ == "__main__":
    main()
