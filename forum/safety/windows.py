"""Cutting a post into the pieces the crisis detector scores.

One crisis sentence buried in five paragraphs must still be found, so a long
post is scored in runs of a few sentences (about 30 to 70 words: enough to
tell "I had pills saved, two years ago" from "I have pills saved"), not as one
text whose meaning averages out. Runs were sized on the dev split: shorter
ones flagged far more sad-but-safe posts. People in distress often write
without punctuation, so over-long sentences are cut into word runs too.
"""
from __future__ import annotations

import re

# Sentence ends: . ! ? … (and runs of them) followed by space, or a line break.
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+|\n+")
MAX_WORDS = 40          # a longer "sentence" (no punctuation) is cut into runs of this many words
MIN_WORDS = 30          # sentences are read in runs of at least this many words, for context
WHOLE_TEXT_WORDS = 80   # a post this short is also read whole, for meaning that spans its sentences
MAX_WINDOWS = 48        # a very long post is read up to here (about 8,000 characters)


def sentences(text: str) -> list[str]:
    """The text's sentences, long unpunctuated runs cut into word runs."""
    pieces = []
    for raw in _SENTENCE_END.split(text):
        words = raw.split()
        for start in range(0, len(words), MAX_WORDS):
            pieces.append(" ".join(words[start:start + MAX_WORDS]))
    return [piece for piece in pieces if piece]


def windows(text: str) -> list[str]:
    """The pieces to score: runs of consecutive sentences of at least
    MIN_WORDS words, each sentence in exactly one run (so every word is read
    once and a long post costs what its length costs), plus the whole text
    when it is short."""
    runs, current = [], []
    for sentence in sentences(text):
        current.append(sentence)
        if sum(len(piece.split()) for piece in current) >= MIN_WORDS:
            runs.append(" ".join(current))
            current = []
    if current:
        if runs:
            runs[-1] = runs[-1] + " " + " ".join(current)
        else:
            runs.append(" ".join(current))
    whole = " ".join(text.split())
    if len(runs) > 1 and len(whole.split()) <= WHOLE_TEXT_WORDS:
        runs.append(whole)
    return runs[:MAX_WINDOWS]
