"""Matching and managing watched words.

A pattern is a phrase: words match whole words, `word*` matches words that
start so, `*` any one word, `#` any number. Matching folds case, accents,
punctuation and repeated spaces, and undoes simple disguises (s.e.l.l, k3t).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from forum import events, policy
from forum.audit import log
from forum.errors import Conflict, NotFound, invalid
from forum.extensions import db
from forum.safety.models import WATCH_ACTIONS, WatchedWord
from forum.safety.normalise import deobfuscate, fold

PATTERN_MAX = 120
SOURCING = ("Hearth keeps conversations in the open and doesn't allow offers, requests, prices or private contact "
            "about getting drugs (rule: no sourcing). Please edit your post and try again.")
DOSING = "Posts with dosing instructions are checked by a moderator before they appear (rule: peer support, not medical advice)."

SOURCED = ["ket*", "k", "special k", "lsd", "acid", "mdma", "molly", "shrooms", "psilocybin", "xanax", "benzos",
           "oxy*", "pills", "meth", "coke", "weed"]

DEFAULT_RULES = [
    *[(pattern, "block", SOURCING) for pattern in [
        "dm me", "pm me", "message me privately", "text me on", "hook you up", "my plug", "venmo me", "cash app me",
        "ship it to you", "# a gram", "# per gram", "# for a gram", "where can i buy", "where to buy"]],
    *[(template.format(drug), "block", SOURCING) for drug in SOURCED for template in [
        "selling {}", "sell {}", "{} for sale", "buy {}", "buying {}", "where can i get {}", "anyone got {}"]],
    *[(pattern, "hold", DOSING) for pattern in [
        "take # mg", "# mg per kg", "# mg kg", "dose at home", "dosing at home", "how much ket* should",
        "redose", "microdose ket*", "you should take #", "snort #", "bump of"]],
    ("street ket*", "flag", ""), ("k hole", "flag", ""),
]


@dataclass(frozen=True)
class Match:
    rule_id: int | None
    pattern: str
    action: str
    explanation: str


@lru_cache(maxsize=1024)
def compile_pattern(pattern: str) -> re.Pattern:
    parts = []
    for token in pattern.split():
        if token == "#":
            parts.append(r"\d+(?: \d+)?")
        elif token == "*":
            parts.append(r"\w+")
        elif token.endswith("*"):
            parts.append(re.escape(fold(token[:-1])) + r"\w*")
        else:
            parts.extend(re.escape(word) for word in fold(token).split())
    # Words may run together once a disguise is undone ("d.m.m.e" reads "dmme").
    return re.compile(r"\b" + " ?".join(parts) + r"\b")


def check_pattern(pattern) -> str:
    pattern = " ".join(pattern.split()) if isinstance(pattern, str) else ""
    words = [token for token in pattern.split() if token not in {"*", "#"}]
    if not words or not any(fold(word.rstrip("*")) for word in words):
        raise invalid({"pattern": "A pattern needs at least one word."})
    if len(pattern) > PATTERN_MAX:
        raise invalid({"pattern": f"Keep patterns under {PATTERN_MAX} characters."})
    return pattern


def rules() -> list[WatchedWord]:
    return list(db.session.scalars(db.select(WatchedWord).order_by(WatchedWord.pattern)))


def readings(text: str) -> frozenset[str]:
    """The forms of a text patterns are looked for in: folded, and with its
    disguises undone. Other phrase lists (members' muted words, reader filter
    topics) match through these too, so every list folds text the same way."""
    return frozenset({fold(text), deobfuscate(text)})


def found_in(pattern: str, text_readings: frozenset[str]) -> bool:
    """Whether a pattern matches any reading of a text (see `readings`)."""
    expression = compile_pattern(pattern)
    return any(expression.search(reading) for reading in text_readings)


def matches(text: str, watched: list[WatchedWord] | None = None) -> list[Match]:
    variants = readings(text)
    return [Match(rule.id, rule.pattern, rule.action, rule.explanation)
            for rule in (watched if watched is not None else rules()) if found_in(rule.pattern, variants)]


def add(actor, pattern, action, explanation="") -> WatchedWord:
    policy.require(policy.manage_community(actor))
    pattern = check_pattern(pattern)
    if action not in WATCH_ACTIONS:
        raise invalid({"action": "Choose block, hold or flag."})
    explanation = (explanation or "").strip()[:300] if isinstance(explanation, str) else ""
    existing = db.session.scalar(db.select(WatchedWord).where(WatchedWord.pattern == pattern))
    if existing is not None:
        raise Conflict("That pattern is already watched.", code="duplicate_pattern")
    rule = WatchedWord(pattern=pattern, action=action, explanation=explanation, created_by_id=actor.id)
    db.session.add(rule)
    db.session.flush()
    log.record(actor, "watched_word_added", "watched_word", rule.id, "", pattern=pattern, rule_action=action)
    events.commit()
    return rule


def remove(actor, rule_id: int, reason: str = "") -> None:
    policy.require(policy.manage_community(actor))
    rule = db.session.get(WatchedWord, rule_id)
    if rule is None:
        raise NotFound("No such watched word.")
    log.record(actor, "watched_word_removed", "watched_word", rule.id, reason or "",
               pattern=rule.pattern, rule_action=rule.action)
    db.session.delete(rule)
    events.commit()


def seed_defaults() -> int:
    """Give an empty rule list Hearth's defaults; returns how many were added."""
    if db.session.scalar(db.select(db.func.count()).select_from(WatchedWord)):
        return 0
    for pattern, action, explanation in DEFAULT_RULES:
        db.session.add(WatchedWord(pattern=pattern, action=action, explanation=explanation))
    events.commit()
    return len(DEFAULT_RULES)
