"""Staff manage categories: create, rename, describe, reorder, archive, and
say who may start threads."""
from __future__ import annotations

import re

from forum import events, policy
from forum.community.models import POSTING_RIGHTS, Category
from forum.errors import Conflict, invalid
from forum.extensions import db
from forum.moderation import log

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
EDITABLE = ("name", "description", "posting", "position", "archived")


def _check(values: dict) -> dict:
    fields = {}
    if "slug" in values:
        slug = values["slug"]
        if not isinstance(slug, str) or not SLUG.fullmatch(slug) or not 2 <= len(slug) <= 64:
            fields["slug"] = "Use 2 to 64 lower-case letters, digits and single hyphens."
    if "name" in values:
        name = " ".join(values["name"].split()) if isinstance(values["name"], str) else ""
        values["name"] = name
        if not 2 <= len(name) <= 80:
            fields["name"] = "Names are 2 to 80 characters."
    if "description" in values:
        description = values["description"].strip() if isinstance(values["description"], str) else None
        values["description"] = description
        if description is None or len(description) > 500:
            fields["description"] = "Descriptions are at most 500 characters."
    if "posting" in values and values["posting"] not in POSTING_RIGHTS:
        fields["posting"] = "Choose members or staff."
    if "position" in values and (not isinstance(values["position"], int) or isinstance(values["position"], bool)
                                 or not 0 <= values["position"] <= 1000):
        fields["position"] = "Use a whole number from 0 to 1000."
    if "archived" in values and not isinstance(values["archived"], bool):
        fields["archived"] = "Use true or false."
    if fields:
        raise invalid(fields)
    return values


def create(actor, slug, name, description="", posting="members") -> Category:
    policy.require(policy.manage_community(actor))
    values = _check({"slug": slug, "name": name, "description": description or "", "posting": posting})
    if db.session.scalar(db.select(Category.id).where(Category.slug == values["slug"])):
        raise Conflict("A category with that slug exists.", code="slug_taken", fields={"slug": "Already used."})
    position = (db.session.scalar(db.select(db.func.max(Category.position))) or 0) + 1
    category = Category(position=position, **values)
    db.session.add(category)
    db.session.flush()
    log.record(actor, "category_created", "category", category.id, "", slug=category.slug)
    events.commit()
    return category


def update(actor, category: Category, changes: dict) -> Category:
    policy.require(policy.manage_community(actor))
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise invalid({name: "This can't be changed." for name in sorted(unknown)})
    values = _check(dict(changes))
    for name, value in values.items():
        setattr(category, name, value)
    log.record(actor, "category_updated", "category", category.id, "", changes=sorted(values))
    events.publish("category_updated", slug=category.slug)
    events.commit()
    return category
