"""Operator commands: `flask --app wsgi setup`, `users create`, `seed-demo`,
`search reindex`, `posts rerender`, `backup`, `moderation check-overdue`."""
from __future__ import annotations

import sys

import click
from flask import Flask
from flask.cli import AppGroup, with_appcontext
from flask_migrate import upgrade

from forum.accounts import services as accounts
from forum.accounts.models import ROLES, User
from forum.community.setup import seed_default_categories
from forum.errors import DomainError
from forum.safety import watched_words
from forum.extensions import db

users_cli = AppGroup("users", help="Manage accounts.")


moderation_cli = AppGroup("moderation", help="Moderation chores.")
search_cli = AppGroup("search", help="The search index.")
posts_cli = AppGroup("posts", help="Stored posts.")
BATCH = 2_000


def _in_batches(label: str, work) -> int:
    """Run `work(first_id, last_id)` over every post id, one committed batch
    at a time, with a progress bar; returns what the batches returned, summed."""
    from forum.community.models import Post
    from forum.progress import id_ranges, tracked

    first, last = db.session.execute(db.select(db.func.min(Post.id), db.func.max(Post.id))).one()
    if first is None:
        return 0
    total = db.session.scalar(db.select(db.func.count()).select_from(Post))
    result = 0
    with tracked(label, total, "posts") as bar:
        for start, end in id_ranges(first, last, BATCH):
            result += work(start, end) or 0
            bar.update(db.session.scalar(db.select(db.func.count()).select_from(Post)
                                         .where(Post.id.between(start, end))))
    return result


@search_cli.command("reindex")
@with_appcontext
def search_reindex() -> None:
    """Rebuild the search index for every post (safe to stop and run again)."""
    from forum.search import schema

    def reindex(first_id: int, last_id: int) -> None:
        schema.reindex(db.session.connection(), first_id, last_id)
        db.session.commit()

    _in_batches("reindex", reindex)
    schema.optimize(db.session.connection())
    db.session.commit()
    click.echo("Search index rebuilt.")


@posts_cli.command("rerender")
@with_appcontext
def posts_rerender() -> None:
    """Render every post's Markdown again and store the HTML where it changed."""
    from forum.community.services import rerender_posts

    changed = _in_batches("rerender", rerender_posts)
    click.echo(f"{changed:,} post(s) had new HTML stored.")


@moderation_cli.command("check-overdue")
def check_overdue() -> None:
    """Mark crisis items that waited too long unclaimed, send the on-call
    alerts owed, raise follow-ups that fell due and deliver notifications held
    through quiet hours (serving processes also do this every 15 seconds)."""
    from forum.oncall import watch

    click.echo(watch.run().summary())


@click.command("backup")
@click.argument("destination", type=click.Path(dir_okay=False, writable=True))
@with_appcontext
def backup_command(destination: str) -> None:
    """Copy the SQLite database to DESTINATION while Hearth keeps running
    (SQLite's online backup). For PostgreSQL use pg_dump (see the README)."""
    import sqlite3

    if db.engine.dialect.name != "sqlite":
        raise click.ClickException("This command backs up SQLite. For PostgreSQL, use pg_dump.")
    source_path = db.engine.url.database
    with sqlite3.connect(source_path) as source, sqlite3.connect(destination) as target:
        source.backup(target)
    click.echo(f"Backed up {source_path} to {destination}.")


def init_app(app: Flask) -> None:
    app.cli.add_command(backup_command)
    app.cli.add_command(moderation_cli)
    app.cli.add_command(search_cli)
    app.cli.add_command(posts_cli)
    app.cli.add_command(users_cli)
    app.cli.add_command(setup_command)
    app.cli.add_command(seed_demo_command)


@users_cli.command("create")
@click.argument("username")
@click.option("--role", type=click.Choice(ROLES), default="member", show_default=True)
@click.option("--email", default=None, help="Optional email address.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def create_user(username: str, role: str, email: str | None, password_stdin: bool) -> None:
    """Create an active account (no approval needed)."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        user = accounts.create_account(username, password, role=role, email=email)
    except DomainError as error:
        details = "; ".join(f"{name}: {message}" for name, message in error.fields.items()) or error.message
        raise click.ClickException(details) from error
    click.echo(f"Created {user.role} account '{user.username}'.")


@click.command("setup")
@with_appcontext
def setup_command() -> None:
    """Apply migrations, seed the default categories, explain the first step."""
    upgrade()
    created = seed_default_categories()
    if created:
        click.echo(f"Created the {created} default categories.")
    rules = watched_words.seed_defaults()
    if rules:
        click.echo(f"Added {rules} default watched-word rules (drug sourcing blocked, dosing held for review).")
    has_staff = db.session.scalar(db.select(db.func.count()).select_from(User).where(User.role == "staff"))
    if not has_staff:
        click.echo(
            "\nNo staff account yet. Create the first one with:\n"
            "  .venv/bin/flask --app wsgi users create YOUR_NAME --role staff\n"
            "(it asks for a password; add --password-stdin to pipe one in).\n"
        )


@click.command("seed-demo")
@with_appcontext
@click.option("--password", default=None, help="Password for the demo accounts (default: printed).")
def seed_demo_command(password: str | None) -> None:
    """Fill a demo community with members, threads and replies."""
    from forum.demo import seed_demo

    seed_default_categories()
    summary = seed_demo(password)
    click.echo(summary)
