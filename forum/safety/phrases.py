"""The phrase layer of the crisis detector: regular expressions kept as data
(`data/crisis_phrases.txt`), each with a tier, that staff can add to.

It is the explainable layer: a moderator sees exactly which words matched.
It misses whatever it was not written for, which is why the semantic layer
stands beside it (see `crisis.py`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from forum.safety.normalise import deobfuscate, fold

PHRASES_FILE = Path(__file__).parent / "data" / "crisis_phrases.txt"
TIER_DIRECTIVE = "@tier "
CONCERN_PREFIX = "concern:"  # a staff phrase written "concern: ..." is concern-tier; others are urgent

# Speech about help, not about harm: quoted resources and clinical talk.
NEUTRAL_PHRASES = [
    r"\b988\b", r"suicide (and |& )?crisis lifeline", r"suicide prevention( \w+)?", r"suicide hotline",
    r"suicide awareness", r"crisis (text )?line", r"suicidal ideation in (studies|trials|research)",
    r"(reduce|reduces|reduced|reducing|lower|lowers|treat|treats|treating|for) (rapid )?(suicidal|suicide)( \w+)?",
    r"(not|never|no longer|wasnt|isnt|am not|im not) (feeling )?(suicidal|sucidal)",
    r"(dont|do not|didnt|never) (want|wanted|wanna) to die",
    r"self ?harm (history|prevention|awareness|screening|training|services)",
    r"(asked|asks|asking|ask) (me )?(if|whether|about)( \w+){0,4} self ?harm",
    # Recovery told as recovery: "I haven't self-harmed in a year", "since I last hurt myself".
    r"(havent|hadnt|hasnt|didnt|stopped|quit|no longer) (\w+ ){0,2}(self ?harm\w*|hurt myself|cut myself|cutting)",
    r"since i (last )?(self ?harm\w*|hurt myself|cut myself|cut)",
    r"(my )?(last|old|past) (suicidal|self ?harm)\w*",
]


@dataclass(frozen=True)
class Phrase:
    pattern: re.Pattern
    tier: str


@dataclass(frozen=True)
class PhraseMatch:
    words: str   # what matched, as folded text
    tier: str


def _parse(line: str, tier: str) -> Phrase:
    try:
        return Phrase(re.compile(line), tier)
    except re.error:
        return Phrase(re.compile(re.escape(fold(line))), tier)


def _staff_phrase(line: str) -> Phrase:
    if line.lower().startswith(CONCERN_PREFIX):
        return _parse(line[len(CONCERN_PREFIX):].strip(), "concern")
    return _parse(line, "urgent")


@lru_cache(maxsize=16)
def _compile(extra: tuple[str, ...]) -> tuple[list[Phrase], list[re.Pattern]]:
    phrases, tier = [], "urgent"
    for line in (line.strip() for line in PHRASES_FILE.read_text().splitlines()):
        if line.startswith(TIER_DIRECTIVE):
            tier = line[len(TIER_DIRECTIVE):].strip()
        elif line and not line.startswith("#"):
            phrases.append(_parse(line, tier))
    phrases += [_staff_phrase(line) for line in extra if line.strip()]
    return phrases, [re.compile(phrase) for phrase in NEUTRAL_PHRASES]


def matches(text: str, extra_phrases: tuple[str, ...] = ()) -> list[PhraseMatch]:
    """The crisis phrases this text matches (empty when none)."""
    phrases, neutral = _compile(tuple(extra_phrases))
    found: dict[str, PhraseMatch] = {}
    for variant in {fold(text), deobfuscate(text)}:
        for pattern in neutral:
            variant = pattern.sub(" ", variant)
        variant = variant.strip()
        for phrase in phrases:
            hit = phrase.pattern.search(variant)
            if hit and hit.group(0) not in found:
                found[hit.group(0)] = PhraseMatch(hit.group(0), phrase.tier)
    return list(found.values())
