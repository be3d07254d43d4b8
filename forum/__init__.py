"""Hearth: a moderated, real-time peer-support forum."""
from __future__ import annotations

from pathlib import Path

from flask import Flask

from forum import config as configuration
from forum import logging_setup

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict | None = None) -> Flask:
    """Build the app: configuration, extensions, blueprints, CLI, in that order."""
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    app.config.update(configuration.from_environment(app.instance_path))
    if config:
        app.config.update(config)
    configuration.finalise(app.config, app.instance_path)
    logging_setup.init_app(app)

    from forum.web import IdConverter

    app.url_map.converters["int"] = IdConverter
    _configure_extensions(app)
    _register_blueprints(app)
    _configure_web(app)
    _register_cli(app)
    _load_crisis_detector()
    return app


def _load_crisis_detector() -> None:
    """Load the detector's model once per process, at start, so the first post
    doesn't wait for it and a broken model is logged before anyone writes."""
    from forum.safety import semantic

    semantic.layer()


def _configure_extensions(app: Flask) -> None:
    from forum import caching, database, models  # noqa: F401  (SQLite pragmas; the whole schema)
    from forum.accounts import auth
    from forum.extensions import csrf, db, limiter, migrate
    from forum.search import schema as search_schema

    db.init_app(app)
    caching.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"), render_as_batch=True,
                     include_object=search_schema.include_object)
    csrf.init_app(app)
    limiter.init_app(app)
    auth.init_app(app)


def _register_blueprints(app: Flask) -> None:
    from forum.accounts.break_pages import bp as breaks
    from forum.accounts.routes import bp as accounts
    from forum.api import bp as api
    from forum.care.routes import bp as care
    from forum.community.routes import bp as community
    from forum.insights.routes import bp as insights
    from forum.membership.routes import bp as membership
    from forum.memorials.routes import bp as memorials
    from forum.moderation.routes import bp as moderation
    from forum.notifications.routes import bp as notifications_pages
    from forum.oncall.routes import bp as oncall
    from forum.pages.routes import bp as pages
    from forum.search.routes import bp as search
    from forum.staff.routes import bp as staff
    from forum import events, realtime
    from forum.community import fragments
    from forum.notifications import service as notifications
    from forum.oncall import alerts as oncall_alerts

    for blueprint in (pages, accounts, breaks, community, membership, moderation, care, staff, insights,
                      notifications_pages, search, oncall, memorials, api):
        app.register_blueprint(blueprint)
    realtime.init_app(app)
    events.subscribe(notifications.on_domain_event)
    events.subscribe(oncall_alerts.on_domain_event)
    events.subscribe(fragments.forget_hidden_post)


def _configure_web(app: Flask) -> None:
    from forum import feedback, web

    web.init_app(app)
    feedback.init_app(app)


def _register_cli(app: Flask) -> None:
    from forum import cli

    cli.init_app(app)
