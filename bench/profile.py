"""One page, one request at a time, in this process: how long it takes, how
many SQL statements it runs, and where the time goes (cProfile).

    .venv/bin/python -m bench.profile --database sqlite:////tmp/large.sqlite3 /t/123
    .venv/bin/python -m bench.profile --database ... --requests 500 --top 40 /c/coping
    .venv/bin/python -m bench.profile --database ... --revalidate /t/123     # a 304

Signs in as member_1 (bench/seed.py's members). It prints figures; it
asserts nothing. Use it to find what a page costs before and after a change;
bench/http.py measures the same pages under concurrent load.
"""
from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import re
import time

from sqlalchemy import event

from bench.seed import PASSWORD


def signed_in_client(app, username: str):
    client = app.test_client()
    page = client.get("/sign-in").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post("/sign-in", data={"username": username, "password": PASSWORD, "csrf_token": token,
                                         "remember": "y"})
    return client


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path", help="the page, e.g. /t/123")
    parser.add_argument("--database", required=True)
    parser.add_argument("--user", default="member_1")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--header", action="append", default=[], help="extra request header, Name: value")
    parser.add_argument("--revalidate", action="store_true",
                        help="send the page's own ETag back (If-None-Match): the cost of a 304")
    args = parser.parse_args()

    os.environ.update(DATABASE_URL=args.database, RATELIMIT_ENABLED="false",
                      HEARTH_POSTS_PER_PAGE=os.environ.get("HEARTH_POSTS_PER_PAGE", "50"))
    from forum import create_app
    from forum.extensions import db

    app = create_app()
    headers = dict(line.split(": ", 1) for line in args.header)
    client = signed_in_client(app, args.user)
    statements = []
    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", lambda *a: statements.append(a[2]))

    for _ in range(20):  # warm caches, compiled statements and templates
        response = client.get(args.path, headers=headers)
        if args.revalidate and response.headers.get("ETag"):
            headers["If-None-Match"] = response.headers["ETag"]
        status = response.status_code
    statements.clear()
    client.get(args.path, headers=headers)
    print(f"status {status}, {len(statements)} SQL statements a request:")
    for sql in statements:
        print("   ", " ".join(sql.split())[:150])

    started = time.perf_counter()
    for _ in range(args.requests):
        client.get(args.path, headers=headers)
    elapsed = (time.perf_counter() - started) / args.requests
    print(f"\n{elapsed * 1000:.2f} ms a request over {args.requests} requests (test client, no server)\n")

    profile = cProfile.Profile()
    profile.enable()
    for _ in range(args.requests):
        client.get(args.path, headers=headers)
    profile.disable()
    pstats.Stats(profile).sort_stats(os.environ.get("PROFILE_SORT", "cumulative")).print_stats(args.top)


if __name__ == "__main__":
    main()
