"""Read and change community settings; the database overrides the defaults."""
from __future__ import annotations

import copy
import hashlib
import json
import re
from dataclasses import dataclass
from datetime import UTC
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import current_app, g

from forum import caching, clock, events, policy
from forum.audit import log, reasons
from forum.content import markdown
from forum.errors import InvalidInput, invalid
from forum.extensions import db
from forum.settings import crisis_resources, defaults
from forum.settings.models import CommunitySetting


def _defaults() -> dict:
    config = current_app.config
    resources = [crisis_resources.row(**resource) for resource in defaults.CRISIS_RESOURCES]
    if config.get("HEARTH_CLINIC_PHONE"):
        resources.insert(0, crisis_resources.clinic_row(config["HEARTH_CLINIC_PHONE"]))
    return {
        "community_name": config["HEARTH_COMMUNITY_NAME"],
        "community_description": defaults.DESCRIPTION,
        "membership_mode": config["HEARTH_MEMBERSHIP_MODE"],
        "join_questions": list(defaults.JOIN_QUESTIONS),
        "rules": defaults.RULES,
        "welcome_message": defaults.WELCOME,
        "crisis_resources": resources,
        "auto_hide_threshold": 3,
        # Outside moderated hours fewer reports put a post, or a member's next
        # posts, in front of a moderator first (forum/moderation/out_of_hours.py).
        "out_of_hours_flag_threshold": 2,
        "out_of_hours_member_flags": 5,
        "new_member_review_count": 0,
        "crisis_overdue_minutes": 15,
        # What staff hold themselves to: an urgent crisis item claimed within this many minutes.
        "crisis_claim_target_minutes": 15,
        # Hours after a crisis closes with a check-in or referral before the team checks again; 0: never.
        "followup_hours": 24,
        "crisis_phrases": [],
        # Concern-tier crisis language (a passive wish, self-harm without
        # immediacy) opens a queue item below urgent ones; off: resources only.
        "crisis_concern_to_queue": True,
        # Anonymous posts (where a category allows them) wait for a moderator before they appear.
        "anonymous_posts_held": True,
        "moderated_hours": {"days": [0, 1, 2, 3, 4], "start": "09:00", "end": "17:00",
                            "timezone": config.get("HEARTH_TIMEZONE", "America/New_York")},
        "care_message_templates": [dict(template) for template in defaults.CARE_MESSAGE_TEMPLATES],
        # What readers may filter out (forum/community/filters.py).
        "filter_topics": [{**topic, "words": list(topic["words"])} for topic in defaults.FILTER_TOPICS],
        # What a memorial starts from (forum/memorials/service.py): staff edit the words for each one.
        "memorial_title": defaults.MEMORIAL_TITLE,
        "memorial_body": defaults.MEMORIAL_BODY,
        "memorial_pin_days": defaults.MEMORIAL_PIN_DAYS,
        "memorial_category": defaults.MEMORIAL_CATEGORY,
    }


def defaults_only() -> dict:
    """The settings as configured, without reading the database."""
    return _defaults()


# Settings whose stored shape changed: each stored value is read through its function.
_READ_STORED = {"crisis_resources": crisis_resources.rows_from_stored}


_stored = caching.Region("settings", seconds=60, size=1, forget_on={"settings_changed": None})


def current() -> dict:
    """All settings: stored once per process until staff change them, and
    copied once per request so no caller can change another's."""
    if "community_settings" not in g:
        g.community_settings = copy.deepcopy(_stored.get(None, _read)[0])
    return g.community_settings


def digest() -> str:
    """Changes whenever a setting does: part of pages' ETags."""
    return _stored.get(None, _read)[1]


def _read() -> tuple[dict, str]:
    values = _defaults()
    for row in db.session.scalars(db.select(CommunitySetting)):
        if row.key in values:
            values[row.key] = _READ_STORED.get(row.key, lambda value: value)(row.value)
    return values, hashlib.sha256(json.dumps(values, sort_keys=True, default=str).encode()).hexdigest()[:16]


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


# --- what anyone may read ------------------------------------------------------------

@dataclass(frozen=True)
class PublicSettings:
    """The settings an applicant or a visitor may see (the landing, rules and help
    pages show them); moderation thresholds and crisis phrases stay private."""
    name: str
    description: str
    membership_mode: str
    join_questions: list[str]
    rules: str
    rules_html: str
    crisis_resources: list[dict]
    moderated_hours: dict


def rules_html() -> str:
    """The rules as sanitized HTML, headings from h2 (under the rules page's h1)."""
    return markdown.render(get("rules"), first_heading=2)


def public() -> PublicSettings:
    values = current()
    return PublicSettings(
        name=values["community_name"],
        description=values["community_description"],
        membership_mode=values["membership_mode"],
        join_questions=list(values["join_questions"]),
        rules=values["rules"],
        rules_html=rules_html(),
        crisis_resources=[dict(resource) for resource in values["crisis_resources"]],
        moderated_hours=dict(values["moderated_hours"]),
    )


# --- staff changes -------------------------------------------------------------------

def _text(value, name: str, low: int, high: int, fields: dict) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if not low <= len(text) <= high:
        fields[name] = f"Use {low} to {high:,} characters."
    return text


def _choice(value, name: str, options: tuple[str, ...], fields: dict) -> str:
    if value not in options:
        fields[name] = f"Choose {' or '.join(options)}."
    return value


def _number(value, name: str, low: int, high: int, fields: dict) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        fields[name] = f"Use a whole number from {low} to {high}."
    return value


def _flag(value, name: str, fields: dict) -> bool:
    if not isinstance(value, bool):
        fields[name] = "Use true or false."
    return value


def _lines(value, name: str, most: int, longest: int, fields: dict) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        fields[name] = "Use a list of text."
        return []
    items = [" ".join(item.split()) for item in value if item.strip()]
    if len(items) > most or any(len(item) > longest for item in items):
        fields[name] = f"At most {most} entries of {longest} characters."
    return items


CARE_TEMPLATES_MOST, CARE_TITLE_MAX, CARE_BODY_MAX = 12, 80, 2000


def _care_templates(value, fields: dict) -> list[dict]:
    """Moderators' message templates: each a title and the words to start from."""
    if not isinstance(value, list) or not all(isinstance(entry, dict) and isinstance(entry.get("title", ""), str)
                                              and isinstance(entry.get("body", ""), str) for entry in value):
        fields["care_message_templates"] = "Each template needs a title and its words."
        return []
    cleaned = [{"title": " ".join(entry.get("title", "").split()), "body": entry.get("body", "").strip()}
               for entry in value]
    if any(not entry["title"] or not entry["body"] for entry in cleaned):
        fields["care_message_templates"] = "Each template needs both a title and its words."
    elif any(len(entry["title"]) > CARE_TITLE_MAX or len(entry["body"]) > CARE_BODY_MAX for entry in cleaned):
        fields["care_message_templates"] = (f"Keep titles to {CARE_TITLE_MAX} characters and the words to "
                                            f"{CARE_BODY_MAX:,}.")
    elif len(cleaned) > CARE_TEMPLATES_MOST:
        fields["care_message_templates"] = f"At most {CARE_TEMPLATES_MOST} templates."
    return cleaned


FILTER_TOPICS_MOST, FILTER_WORDS_MOST, FILTER_LABEL_MAX = 20, 60, 40


def _filter_topics(value, fields: dict) -> list[dict]:
    """Reader filter topics: each a key members' choices keep, a label readers
    see, and the words that recognise it (watched-word patterns)."""
    from forum.safety import watched_words

    if not isinstance(value, list) or not all(
            isinstance(entry, dict) and isinstance(entry.get("key"), str) and isinstance(entry.get("label"), str)
            and isinstance(entry.get("words"), list) and all(isinstance(word, str) for word in entry["words"])
            for entry in value):
        fields["filter_topics"] = "Each topic needs a key, a label and a list of words."
        return []
    cleaned = []
    for entry in value:
        key = re.sub(r"[^a-z0-9]+", "-", entry["key"].strip().lower()).strip("-")
        words = [" ".join(word.split()) for word in entry["words"] if word.strip()]
        cleaned.append({"key": key, "label": " ".join(entry["label"].split()), "words": words})
    keys = [topic["key"] for topic in cleaned]
    if any(not topic["key"] or not topic["label"] or not topic["words"] for topic in cleaned):
        fields["filter_topics"] = "Each topic needs a key, a label and at least one word."
    elif len(set(keys)) != len(keys):
        fields["filter_topics"] = "Give each topic its own key."
    elif len(cleaned) > FILTER_TOPICS_MOST or any(
            len(topic["label"]) > FILTER_LABEL_MAX or len(topic["key"]) > FILTER_LABEL_MAX
            or len(topic["words"]) > FILTER_WORDS_MOST for topic in cleaned):
        fields["filter_topics"] = (f"At most {FILTER_TOPICS_MOST} topics, labels and keys of {FILTER_LABEL_MAX} "
                                   f"characters, {FILTER_WORDS_MOST} words each.")
    else:
        for topic in cleaned:
            for word in topic["words"]:
                try:
                    watched_words.check_pattern(word)
                except InvalidInput as error:
                    fields["filter_topics"] = f"{topic['label']}: “{word}”: {error.fields['pattern']}"
                    return cleaned
    return cleaned


def _category_slug(value, name: str, fields: dict) -> str:
    from forum.community.models import Category

    slug = value.strip() if isinstance(value, str) else ""
    if not slug or db.session.scalar(db.select(Category.id).where(Category.slug == slug)) is None:
        fields[name] = "Give the address (slug) of a category, such as announcements."
    return slug


def _hours(value, fields: dict) -> dict:
    try:
        days = sorted({int(day) for day in value["days"]})
        start, end, zone = value["start"], value["end"], value["timezone"]
        ZoneInfo(zone)
        valid = all(0 <= day <= 6 for day in days) and all(re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", t)
                                                         for t in (start, end)) and start < end
    except (KeyError, TypeError, ValueError, ZoneInfoNotFoundError):
        valid = False
    if not valid:
        fields["moderated_hours"] = "Give days (0 = Monday), a start and end like 09:00 and 17:00, and a time zone."
        return {}
    return {"days": days, "start": start, "end": end, "timezone": zone}


def _check_changes(changes: dict) -> dict:
    fields: dict[str, str] = {}
    checks = {
        "community_name": lambda v: _text(v, "community_name", 1, 60, fields),
        "community_description": lambda v: _text(v, "community_description", 0, 500, fields),
        "membership_mode": lambda v: _choice(v, "membership_mode", ("approval", "open"), fields),
        "join_questions": lambda v: _lines(v, "join_questions", 5, 200, fields),
        "rules": lambda v: _text(v, "rules", 1, 20_000, fields),
        "welcome_message": lambda v: _text(v, "welcome_message", 1, 5_000, fields),
        "crisis_resources": lambda v: crisis_resources.check(v, fields),
        "moderated_hours": lambda v: _hours(v, fields),
        "auto_hide_threshold": lambda v: _number(v, "auto_hide_threshold", 1, 20, fields),
        "out_of_hours_flag_threshold": lambda v: _number(v, "out_of_hours_flag_threshold", 1, 20, fields),
        "out_of_hours_member_flags": lambda v: _number(v, "out_of_hours_member_flags", 1, 50, fields),
        "new_member_review_count": lambda v: _number(v, "new_member_review_count", 0, 20, fields),
        "crisis_overdue_minutes": lambda v: _number(v, "crisis_overdue_minutes", 1, 1440, fields),
        "crisis_claim_target_minutes": lambda v: _number(v, "crisis_claim_target_minutes", 1, 1440, fields),
        "followup_hours": lambda v: _number(v, "followup_hours", 0, 24 * 14, fields),
        "crisis_phrases": lambda v: _lines(v, "crisis_phrases", 200, 200, fields),
        "crisis_concern_to_queue": lambda v: _flag(v, "crisis_concern_to_queue", fields),
        "anonymous_posts_held": lambda v: _flag(v, "anonymous_posts_held", fields),
        "care_message_templates": lambda v: _care_templates(v, fields),
        "filter_topics": lambda v: _filter_topics(v, fields),
        "memorial_title": lambda v: _text(v, "memorial_title", 3, 120, fields),
        "memorial_body": lambda v: _text(v, "memorial_body", 1, 5_000, fields),
        "memorial_pin_days": lambda v: _number(v, "memorial_pin_days", 1, 365, fields),
        "memorial_category": lambda v: _category_slug(v, "memorial_category", fields),
    }
    cleaned = {}
    for key, value in changes.items():
        if key not in checks:
            fields[key] = "Not a community setting."
            continue
        cleaned[key] = checks[key](value)
    if fields:
        raise invalid(fields)
    return cleaned


def change(actor, changes: dict, reason: str = "") -> dict:
    """Staff change community settings; effective at once, and logged."""
    policy.require(policy.manage_community(actor))
    cleaned = _check_changes(changes)
    changed = {key: value for key, value in cleaned.items() if value != current().get(key)}
    if changed:
        log.record(actor, "settings_changed", "community", None, reasons.reason(reason, None), keys=sorted(changed))
        update(changed)
    return current()


def moderated_now(now_utc=None) -> bool:
    """Whether moderators are usually around at this moment."""
    moment = (now_utc or clock.now()).replace(tzinfo=UTC).astimezone(ZoneInfo(get("moderated_hours")["timezone"]))
    return moderated_at(moment.weekday(), moment.strftime("%H:%M"))


def moderated_at(weekday: int, local_time: str) -> bool:
    """Whether moderators are usually around on this weekday (0 = Monday) at this local "HH:MM"."""
    hours = get("moderated_hours")
    return weekday in hours["days"] and hours["start"] <= local_time < hours["end"]
