"""Recognising crisis language (suicidal thoughts, self-harm) in what members write.

A match never silences anyone: the post is published (unless a hold rule
applies), the writer is shown crisis resources at once, and an urgent item
opens in the moderation queue. The phrase list is data
(`data/crisis_phrases.txt`), and staff can add to it.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from forum.safety.normalise import deobfuscate, fold

PHRASES_FILE = Path(__file__).parent / "data" / "crisis_phrases.txt"

# Speech about help, not about harm: quoted resources and clinical talk.
NEUTRAL_PHRASES = [
    r"\b988\b", r"suicide (and |& )?crisis lifeline", r"suicide prevention( \w+)?", r"suicide hotline",
    r"suicide awareness", r"crisis (text )?line", r"suicidal ideation in (studies|trials|research)",
    r"(reduce|reduces|reduced|reducing|lower|lowers|treat|treats|treating|for) (rapid )?(suicidal|suicide)( \w+)?",
    r"(not|never|no longer|wasnt|isnt|am not|im not) (feeling )?(suicidal|sucidal)",
    r"(dont|do not|didnt|never) (want|wanted|wanna) to die",
    r"self ?harm (history|prevention|awareness|screening|training|services)",
    r"(asked|asks|asking|ask) (me )?(if|whether|about)( \w+){0,4} self ?harm",
]


@lru_cache(maxsize=16)
def _compile(extra: tuple[str, ...]) -> tuple[list[re.Pattern], list[re.Pattern]]:
    lines = [line.strip() for line in PHRASES_FILE.read_text().splitlines()]
    phrases = [line for line in lines if line and not line.startswith("#")] + list(extra)
    compiled = []
    for phrase in phrases:
        try:
            compiled.append(re.compile(phrase))
        except re.error:
            compiled.append(re.compile(re.escape(fold(phrase))))
    return compiled, [re.compile(phrase) for phrase in NEUTRAL_PHRASES]


def matches(text: str, extra_phrases: tuple[str, ...] = ()) -> list[str]:
    """The crisis phrases this text matches (empty when none)."""
    patterns, neutral = _compile(tuple(extra_phrases))
    found = []
    for variant in {fold(text), deobfuscate(text)}:
        for pattern in neutral:
            variant = pattern.sub(" ", variant)
        for pattern in patterns:
            hit = pattern.search(variant)
            if hit and hit.group(0) not in found:
                found.append(hit.group(0))
    return found


def is_crisis(text: str, extra_phrases: tuple[str, ...] = ()) -> bool:
    return bool(matches(text, extra_phrases))
