"""Insights benchmark: how long each chart's figures take to count, and the
whole page, for 7, 30 and 90 days, on an already seeded database.

    .venv/bin/python -m bench.insights --database sqlite:////tmp/large.sqlite3
    .venv/bin/python -m bench.insights --database postgresql+psycopg://postgres@127.0.0.1:5432/hearth_bench

Runs in one process, one request at a time; prints the median of --runs.
"""
from __future__ import annotations

import argparse
import statistics
import time

from forum import create_app
from forum.accounts.models import User
from forum.extensions import db
from forum.insights import service
from forum.insights.periods import PERIODS


def timed(work, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
        db.session.rollback()
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", required=True)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    app = create_app({"SQLALCHEMY_DATABASE_URI": args.database, "RATELIMIT_ENABLED": False})
    with app.test_request_context("/staff/insights"):
        staff = db.session.scalar(db.select(User).where(User.role == "staff").limit(1))
        if staff is None:
            staff = User(username="insights_bench", username_key="insights_bench", display_name="Bench",
                         password_hash="x", role="staff", status="active")
            db.session.add(staff)
            db.session.commit()
        posts = db.session.scalar(db.text("SELECT count(*) FROM posts"))
        print(f"{posts:,} posts; median of {args.runs} runs, milliseconds")
        print(f"{'chart':<16}" + "".join(f"{f'{days} days':>10}" for days in PERIODS))
        for key in service.CHARTS:
            print(f"{key:<16}" + "".join(f"{timed(lambda: service.chart(staff, days, key), args.runs):>10.1f}"
                                         for days in PERIODS))
        print(f"{'all (report)':<16}" + "".join(f"{timed(lambda: service.report(staff, days), args.runs):>10.1f}"
                                               for days in PERIODS))


if __name__ == "__main__":
    main()
