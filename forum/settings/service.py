"""Read and change community settings; the database overrides the defaults."""
from __future__ import annotations

from flask import current_app, g

from forum import events
from forum.extensions import db
from forum.settings import defaults
from forum.settings.models import CommunitySetting


def _defaults() -> dict:
    config = current_app.config
    resources = [dict(resource) for resource in defaults.CRISIS_RESOURCES]
    if config.get("HEARTH_CLINIC_PHONE"):
        resources.insert(0, {"name": "Our clinic", "contact": config["HEARTH_CLINIC_PHONE"], "url": ""})
    return {
        "community_name": config["HEARTH_COMMUNITY_NAME"],
        "community_description": defaults.DESCRIPTION,
        "membership_mode": config["HEARTH_MEMBERSHIP_MODE"],
        "join_questions": list(defaults.JOIN_QUESTIONS),
        "rules": defaults.RULES,
        "crisis_resources": resources,
        "auto_hide_threshold": 3,
        "new_member_review_count": 0,
        "crisis_overdue_minutes": 15,
        "crisis_phrases": [],
    }


def current() -> dict:
    """All settings, read once per request."""
    if "community_settings" not in g:
        values = _defaults()
        for row in db.session.scalars(db.select(CommunitySetting)):
            if row.key in values:
                values[row.key] = row.value
        g.community_settings = values
    return g.community_settings


def get(key: str):
    return current()[key]


def update(changes: dict) -> None:
    """Store changed settings (validated by the caller's service) and commit."""
    known = _defaults()
    for key, value in changes.items():
        if key not in known:
            raise KeyError(key)
        row = db.session.get(CommunitySetting, key)
        if row is None:
            db.session.add(CommunitySetting(key=key, value=value))
        else:
            row.value = value
    g.pop("community_settings", None)
    events.publish("settings_changed", keys=sorted(changes))
    events.commit()
