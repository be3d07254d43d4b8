"""A member's personal safety plan: what helps them through a hard moment,
written in a calmer one, in the order of the Stanley–Brown Safety Planning
Intervention (warning signs; coping alone; people and places that distract;
people to ask for help; professionals and crisis lines; a safer environment;
reasons for living).

Only the member reads it (`policy.keep_safety_plan`). The crisis panel shows
it first when they have one; it is in their data export and goes with their
account.
"""
from __future__ import annotations

from dataclasses import dataclass

from forum import clock, events, policy
from forum.accounts.models import SafetyPlan, User
from forum.errors import invalid
from forum.extensions import db

SECTION_MAX = 2_000


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    prompt: str


SECTIONS = (
    Section("warning_signs", "Warning signs",
            "Thoughts, feelings, pictures or situations that tell me a hard time may be starting."),
    Section("coping_strategies", "Things I can do on my own",
            "What takes my mind off things without reaching out to anyone: a walk, music, a shower, slow breaths."),
    Section("social_distractions", "People and places that help me feel less alone",
            "People I can be around, and places I can go, without having to talk about how I feel: a friend's "
            "kitchen, a café, a park, a library."),
    Section("people_to_ask", "People I can ask for help",
            "Who I can call or message when I need support, and how to reach them."),
    Section("professionals", "Professionals and services I can contact",
            "My clinic, therapist or doctor, and crisis lines, with their numbers: for example, call or text 988 "
            "at any hour."),
    Section("safe_environment", "Making where I am safer",
            "Ways to put distance between me and anything I could use to hurt myself, or someone who could keep "
            "it for me for a while."),
    Section("reasons_for_living", "Reasons for living",
            "The people, animals, hopes and small things that matter to me and are worth staying for."),
)
KEYS = tuple(section.key for section in SECTIONS)


def stored(user: User) -> SafetyPlan | None:
    """The member's plan as stored, without asking the policy: for their own export."""
    return db.session.get(SafetyPlan, user.id) if user.id is not None else None


def of(user: User) -> SafetyPlan | None:
    """The member's own plan; None while they have written none."""
    policy.require(policy.keep_safety_plan(user))
    return stored(user)


def _check(values) -> dict[str, str]:
    if not isinstance(values, dict):
        raise invalid({"safety_plan": "Give the plan's sections as text: " + ", ".join(KEYS) + "."})
    fields = {key: "Not a part of the safety plan." for key in values if key not in KEYS}
    cleaned = {}
    for key in KEYS:
        value = values.get(key) or ""
        if not isinstance(value, str):
            fields[key] = "Must be text."
            continue
        cleaned[key] = value.replace("\r\n", "\n").strip()
        if len(cleaned[key]) > SECTION_MAX:
            fields[key] = f"Keep this part under {SECTION_MAX:,} characters."
    if fields:
        raise invalid(fields)
    return cleaned


def save(user: User, values) -> SafetyPlan | None:
    """Replace the member's plan with these sections (a missing one is empty).
    A plan emptied of every section is deleted, not kept empty."""
    policy.require(policy.keep_safety_plan(user))
    cleaned = _check(values)
    plan = stored(user)
    if not any(cleaned.values()):
        if plan is not None:
            db.session.delete(plan)
        events.commit()
        return None
    if plan is None:
        plan = SafetyPlan(user_id=user.id)
        db.session.add(plan)
    for key, text in cleaned.items():
        setattr(plan, key, text)
    plan.updated_at = clock.now()
    events.commit()
    return plan


def written_sections(user) -> list[tuple[Section, str]]:
    """The parts of the member's plan they filled in, in order, for the crisis
    panel; none for anyone the policy keeps from having a plan."""
    if not policy.keep_safety_plan(user):
        return []
    plan = stored(user)
    return [(section, getattr(plan, section.key)) for section in SECTIONS if plan and getattr(plan, section.key)]
