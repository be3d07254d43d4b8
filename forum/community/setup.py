"""The categories a new community starts with."""
from __future__ import annotations

from forum import events
from forum.community.models import Category
from forum.extensions import db
from forum.settings import defaults


def seed_default_categories() -> int:
    """Create the default categories in an empty community; returns how many.

    Once any category exists this does nothing, so staff edits are never undone.
    """
    if db.session.scalar(db.select(db.func.count()).select_from(Category)):
        return 0
    for position, (slug, name, description, posting) in enumerate(defaults.CATEGORIES):
        db.session.add(Category(slug=slug, name=name, description=description, posting=posting, position=position))
    events.commit()
    return len(defaults.CATEGORIES)
