"""Folding text so that rules match what people mean, not how they typed it."""
from __future__ import annotations

import re
import unicodedata

_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i"})
# Single letters set apart by punctuation ("s.e.l.l", "k-e-t", "d.m.") or by
# spaces ("d m"). Punctuation is undone first, so "a s.e.l.l" reads "a sell".
_DOTTED_LETTERS = re.compile(r"\b[a-z](?:[.\-_*·•]+\s*[a-z]\b)+[.\-_*·•]*")
_SPACED_LETTERS = re.compile(r"\b[a-z](?:\s+[a-z]\b)+")
_NON_WORD = re.compile(r"[^a-z0-9#\s]+")
_SPACES = re.compile(r"\s+")
_REPEATS = re.compile(r"([a-z])\1{2,}")
_NUMBER_THEN_LETTERS = re.compile(r"(\d)([a-z])")


# Letters that have no decomposition but are plainly a Latin letter with a mark.
_UNMARKED = str.maketrans({"ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "đ": "d", "Đ": "d", "ı": "i"})


def _strip_marks(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.translate(_UNMARKED))
    return "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()


def fold(text: str) -> str:
    """Lower-case, accents stripped, apostrophes dropped, punctuation to spaces,
    letters repeated three or more times squeezed to two."""
    text = _strip_marks(text)
    text = text.replace("'", "").replace("’", "")
    text = _REPEATS.sub(r"\1\1", text)
    text = _NON_WORD.sub(" ", text)
    text = _NUMBER_THEN_LETTERS.sub(r"\1 \2", text)  # "10mg" reads as "10 mg"
    return _SPACES.sub(" ", text).strip()


def _join_spaced_letters(match: re.Match) -> str:
    return re.sub(r"[.\-_*·•\s]", "", match.group(0))


def deobfuscate(text: str) -> str:
    """Also undo simple disguises: s.e.l.l → sell, k3t → ket, m-e-t-h → meth."""
    text = _strip_marks(text).replace("_", ".")  # "s_e_l_l" is a disguise, not one word
    # Digits inside words are letters in disguise; standalone numbers stay numbers.
    text = re.sub(r"(?<=[a-z])[0134573@$!]+(?=[a-z])", lambda m: m.group(0).translate(_LEET), text)
    text = _DOTTED_LETTERS.sub(_join_spaced_letters, text)
    text = _SPACED_LETTERS.sub(_join_spaced_letters, text)
    return fold(text)
