"""Fill a database with a realistic community, fast: bulk inserts, not requests.

    .venv/bin/python -m bench.seed --size small      # ~1k posts
    .venv/bin/python -m bench.seed --size large      # 1M posts, 50k threads, 5k members
    DATABASE_URL=postgresql+psycopg://... .venv/bin/python -m bench.seed --size large

The database must be migrated (`flask --app wsgi setup`). Members are named
member_1 … member_N and share the password printed at the end. Replies per
thread follow a long-tailed (Pareto) distribution, and one thread always has
5,000 posts, for the "last page of a long thread" measurement. Interrupt with
Ctrl+C: what was inserted so far is committed batch by batch.
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import timedelta

from sqlalchemy import insert, text

from forum import clock, create_app
from forum.accounts import passwords
from forum.accounts.models import User
from forum.audit.models import LogEntry
from forum.community.models import Category, Post, Reaction, Thread
from forum.content.markdown import render
from forum.extensions import db
from forum.membership.models import Application
from forum.moderation.models import Flag, QueueItem
from forum.progress import tracked

SIZES = {
    "small": {"members": 100, "threads": 100, "posts": 1_000},
    "medium": {"members": 1_000, "threads": 5_000, "posts": 100_000},
    "large": {"members": 5_000, "threads": 50_000, "posts": 1_000_000},
}
LONG_THREAD_POSTS = 5_000
BATCH = 5_000
PASSWORD = "bench member passphrase"
BODIES = [
    "My first session felt like floating above the room. The music helped more than I expected.",
    "Integration afterwards matters as much as the session itself. I journal the evening after.",
    "Hard week. Small routines: make the bed, one glass of water, ten minutes outside.",
    "The dissociation was strange but gentle, and the next two days felt lighter than in years.",
    "I was dizzy for an hour after the nasal spray. Tell your care team how you feel.",
    "Small win: I called a friend today, first time in months. We talked for an hour.",
    "Does anyone else feel tired the day after? I sleep a lot and then feel clearer.",
    "**Thank you** all for the kind replies. It helps to know I'm not alone in this.",
    "My partner is struggling and I don't know how to help. Any ideas from caregivers here?",
    "Some days are heavy but I'm still here and trying. Sending support to everyone reading.",
]


def _insert(model, rows: list[dict], label: str) -> None:
    with tracked(label, len(rows)) as bar:
        for start in range(0, len(rows), BATCH):
            chunk = rows[start:start + BATCH]
            db.session.execute(insert(model), chunk)
            db.session.commit()
            bar.update(len(chunk))


def reply_counts(threads: int, posts: int, rng: random.Random) -> list[int]:
    """Posts per thread: one 5,000-post thread, the rest long-tailed, summing to `posts`."""
    remaining = posts - LONG_THREAD_POSTS if posts > LONG_THREAD_POSTS * 2 else posts
    weights = [rng.paretovariate(1.3) for _ in range(threads)]
    scale = (remaining - threads) / sum(weights)
    counts = [1 + int(weight * scale) for weight in weights]
    counts[0] += remaining - sum(counts)
    if posts > LONG_THREAD_POSTS * 2:
        counts.append(LONG_THREAD_POSTS)
    return [max(count, 1) for count in counts]


def seed(size: str, seed_value: int = 7) -> dict:
    spec = SIZES[size]
    rng = random.Random(seed_value)
    start_id = (db.session.scalar(text("SELECT coalesce(max(id), 0) FROM users")) or 0) + 1
    password_hash = passwords.hash_password(PASSWORD)
    now = clock.now()
    origin = now - timedelta(days=365)

    members = [{"id": start_id + i, "username": f"member_{start_id + i}", "username_key": f"member_{start_id + i}",
                "display_name": f"Member {start_id + i}", "email": None, "bio": "", "password_hash": password_hash,
                "role": "member", "status": "active", "session_version": 1, "created_at": origin,
                "approved_at": origin, "preferences": {}} for i in range(spec["members"])]
    _insert(User, members, "members")
    member_ids = [m["id"] for m in members]

    categories = [c for c in db.session.scalars(db.select(Category)) if c.posting == "members"]
    counts = reply_counts(spec["threads"], spec["posts"], rng)
    thread_start = (db.session.scalar(text("SELECT coalesce(max(id), 0) FROM threads")) or 0) + 1
    post_start = (db.session.scalar(text("SELECT coalesce(max(id), 0) FROM posts")) or 0) + 1
    rendered = [(body, render(body)) for body in BODIES]
    total_posts = sum(counts)
    span = (now - origin).total_seconds()

    threads, posts, reactions, flags = [], [], [], []
    post_id = post_start
    for index, count in enumerate(counts):
        thread_id = thread_start + index
        category = categories[index % len(categories)]
        started = origin + timedelta(seconds=span * index / len(counts))
        author = rng.choice(member_ids)
        last = started
        for position in range(1, count + 1):
            body, html = rendered[rng.randrange(len(rendered))]
            last = started + timedelta(seconds=position * 37)
            posts.append({"id": post_id, "thread_id": thread_id, "author_id": author if position == 1 else
                          rng.choice(member_ids), "position": position, "body": body, "html": html,
                          "content_warning": "", "status": "visible", "moderation_note": "", "created_at": last,
                          "edited_at": None})
            if rng.random() < 0.3:
                reactions.append({"post_id": post_id, "user_id": rng.choice(member_ids),
                                  "kind": rng.choice(["support", "me_too", "hope"]), "created_at": last})
            if rng.random() < 0.001:
                flags.append({"post_id": post_id, "user_id": rng.choice(member_ids), "reason": "other", "note": "",
                              "created_at": last, "outcome": None})
            post_id += 1
        title = "A long conversation" if count == LONG_THREAD_POSTS else f"Thread {thread_id}: how is this week going?"
        threads.append({"id": thread_id, "category_id": category.id, "author_id": author, "title": title,
                        "content_warning": "", "status": "visible", "post_count": count, "created_at": started,
                        "last_post_at": last, "locked": False, "pinned_scope": None, "pinned_until": None,
                        "slow_mode_seconds": 0})

    _insert(Thread, threads, "threads")
    _insert(Post, posts, "posts")
    unique_reactions = list({(r["post_id"], r["user_id"], r["kind"]): r for r in reactions}.values())
    _insert(Reaction, unique_reactions, "reactions")
    unique_flags = list({(f["post_id"], f["user_id"]): f for f in flags}.values())
    _insert(Flag, unique_flags, "flags")
    history = _moderation_history(posts, unique_flags, member_ids, now, rng)
    for category in db.session.scalars(db.select(Category)):
        category.thread_count = db.session.scalar(
            db.select(db.func.count()).select_from(Thread).where(Thread.category_id == category.id))
        category.last_post_at = db.session.scalar(
            db.select(db.func.max(Thread.last_post_at)).where(Thread.category_id == category.id))
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        for table in ("users", "threads", "posts"):
            db.session.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                    f"(SELECT max(id) FROM {table}))"))
        db.session.commit()
        # After a bulk load: statistics for the planner, and the visibility map for index-only scans.
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM ANALYZE")
    long_thread = thread_start + len(counts) - 1 if counts[-1] == LONG_THREAD_POSTS else None
    return {"members": len(members), "threads": len(threads), "posts": total_posts,
            "reactions": len(unique_reactions), "flags": len(unique_flags), **history, "long_thread": long_thread,
            "first_member": members[0]["username"], "password": PASSWORD}


def _minutes(rng: random.Random, median: float) -> timedelta:
    """A long-tailed wait around `median` minutes."""
    return timedelta(minutes=median * rng.lognormvariate(0, 1))


def _moderation_history(posts: list[dict], flags: list[dict], member_ids: list[int], now, rng) -> dict:
    """What the Insights page reads: applications and decisions, crisis and
    flagged queue items picked up and resolved by moderators, and the log."""
    moderators = member_ids[:10]
    db.session.execute(db.update(User).where(User.id.in_(moderators)).values(role="moderator"))
    db.session.commit()
    applications = []
    for user_id in member_ids:
        applied = now - timedelta(days=365 * rng.random())
        decided = applied + _minutes(rng, 240)
        applications.append({"user_id": user_id, "answers": [], "created_at": applied,
                             "decision": "approved" if rng.random() < 0.9 else "rejected", "decision_reason": "",
                             "decided_by_id": rng.choice(moderators), "decided_at": decided if decided < now else None})
    _insert(Application, applications, "applications")
    raised = [(post, "crisis", post["created_at"]) for post in rng.sample(posts, max(1, len(posts) // 300))]
    by_id = {post["id"]: post for post in posts} if flags else {}
    raised += [(by_id[flag["post_id"]], "flagged", flag["created_at"]) for flag in flags]
    items, log = [], []
    for post, kind, first_at in raised:
        claimed = first_at + _minutes(rng, 8 if kind == "crisis" else 60)
        resolved = claimed + _minutes(rng, 10)
        moderator = rng.choice(moderators)
        action = rng.choice(["dismiss", "dismiss", "approve", "hide", "remove"])
        done = resolved < now
        tier = (rng.choice(["urgent", "concern"]) if kind == "crisis" else None)
        items.append({"post_id": post["id"], "kind": kind, "severity": {"urgent": 3, "concern": 2}.get(tier, 1),
                      "tier": tier, "evidence": [], "score": 5, "signals": [], "first_at": first_at,
                      "updated_at": first_at,
                      "claimed_by_id": moderator if claimed < now else None,
                      "claimed_at": claimed if claimed < now else None, "resolved_at": resolved if done else None,
                      "resolved_by_id": moderator if done else None, "resolution": action if done else None,
                      "resolution_reason": "", "overdue_notified_at": None})
        if done:
            log.append({"actor_id": moderator, "actor_name": f"member_{moderator}", "action": f"queue_{action}",
                        "target_type": "post", "target_id": post["id"], "reason": "", "details": {},
                        "created_at": resolved})
    _insert(QueueItem, items, "queue")
    _insert(LogEntry, log, "log")
    return {"applications": len(applications), "queue_items": len(items), "log_entries": len(log)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", choices=sorted(SIZES), default="small")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    app = create_app({"RATELIMIT_ENABLED": False})
    with app.app_context():
        started = time.monotonic()
        try:
            summary = seed(args.size, args.seed)
        except KeyboardInterrupt:
            db.session.rollback()
            sys.stderr.write("\nInterrupted: batches already committed stay.\n")
            raise SystemExit(130)
        summary["seconds"] = round(time.monotonic() - started, 1)
    print(summary)


if __name__ == "__main__":
    main()
