"""Staff manage categories: create, rename, describe, reorder, archive, and
say who may start threads and whether members may post anonymously."""
from __future__ import annotations

import re
import unicodedata

from sqlalchemy.exc import IntegrityError

from forum import events, policy
from forum.audit import log
from forum.community.models import POSTING_RIGHTS, Category
from forum.errors import Conflict, invalid
from forum.extensions import db

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
SLUG_MIN, SLUG_MAX = 2, 64
# Letters that Unicode does not decompose into an ASCII base letter, and
# apostrophes, which join a word ("Men's group" → "mens-group").
_ASCII_SPELLINGS = str.maketrans({"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d",
                                  "þ": "th", "ı": "i", "'": "", "’": ""})
EDITABLE = ("name", "description", "posting", "position", "archived", "allow_anonymous")
NAME_MIN, NAME_MAX = 2, 80
DESCRIPTION_MAX, POSITION_MAX = 500, 1000


def _check(values: dict) -> dict:
    fields = {}
    if "slug" in values:
        slug = values["slug"]
        if not isinstance(slug, str) or not SLUG.fullmatch(slug) or not SLUG_MIN <= len(slug) <= SLUG_MAX:
            fields["slug"] = f"Use {SLUG_MIN} to {SLUG_MAX} lower-case letters, digits and single hyphens."
    if "name" in values:
        name = " ".join(values["name"].split()) if isinstance(values["name"], str) else ""
        values["name"] = name
        if not NAME_MIN <= len(name) <= NAME_MAX:
            fields["name"] = f"Names are {NAME_MIN} to {NAME_MAX} characters."
    if "description" in values:
        description = values["description"].strip() if isinstance(values["description"], str) else None
        values["description"] = description
        if description is None or len(description) > DESCRIPTION_MAX:
            fields["description"] = f"Descriptions are at most {DESCRIPTION_MAX} characters."
    if "posting" in values and values["posting"] not in POSTING_RIGHTS:
        fields["posting"] = "Choose members or staff."
    if "position" in values and (not isinstance(values["position"], int) or isinstance(values["position"], bool)
                                 or not 0 <= values["position"] <= POSITION_MAX):
        fields["position"] = f"Use a whole number from 0 to {POSITION_MAX}."
    for flag in ("archived", "allow_anonymous"):
        if flag in values and not isinstance(values[flag], bool):
            fields[flag] = "Use true or false."
    if fields:
        raise invalid(fields)
    return values


def _shorten(slug: str, most: int) -> str:
    """At most `most` characters, cut between words unless that loses more than half."""
    if len(slug) <= most:
        return slug
    last_hyphen = slug.rfind("-", 0, most + 1)
    return slug[:last_hyphen] if last_hyphen >= most // 2 else slug[:most].rstrip("-")


def slug_from_name(name: str) -> str:
    """A name as an address: lower-case ASCII words joined by hyphens
    ("Café & Friends" → "cafe-friends"). Empty when no letter or digit survives,
    as with a name written only in a non-Latin script."""
    folded = unicodedata.normalize("NFKD", name.lower().translate(_ASCII_SPELLINGS))
    ascii_only = folded.encode("ascii", "ignore").decode("ascii")
    return _shorten(re.sub(r"[^a-z0-9]+", "-", ascii_only).strip("-"), SLUG_MAX)


def free_slug(name: str) -> str:
    """The slug a new category called `name` gets when staff don't choose one:
    the name's slug, or with -2, -3, ... added while that is taken."""
    base = slug_from_name(name)
    if len(base) < SLUG_MIN:
        raise invalid({"slug": "This name has no letters or digits to make an address from; choose a slug."})
    taken = set(db.session.scalars(db.select(Category.slug)))
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        suffix = f"-{number}"
        candidate = _shorten(base, SLUG_MAX - len(suffix)) + suffix
    return candidate


def _slug_taken() -> Conflict:
    return Conflict("A category with that slug exists.", code="slug_taken", fields={"slug": "Already used."})


def create(actor, slug: str | None, name, description="", posting="members", allow_anonymous=False) -> Category:
    """A new category, last in order. Without a slug, one is made from the name."""
    policy.require(policy.manage_community(actor))
    values = {"name": name, "description": description or "", "posting": posting, "allow_anonymous": allow_anonymous}
    if slug is not None:
        values["slug"] = slug
    values = _check(values)
    if slug is None:
        values["slug"] = free_slug(values["name"])
    elif db.session.scalar(db.select(Category.id).where(Category.slug == values["slug"])):
        raise _slug_taken()
    position = (db.session.scalar(db.select(db.func.max(Category.position))) or 0) + 1
    category = Category(position=position, **values)
    db.session.add(category)
    try:
        db.session.flush()
    except IntegrityError:  # another request took the slug a moment ago
        db.session.rollback()
        raise _slug_taken() from None
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
