"""Initials avatars, drawn by the server: no uploads, no third party.

A member's avatar is the first letters of their name on a colour picked from
their username, so it is the same on every page and every server process.
The colours are a few theme colours (hearth.css, "Avatars") with good
contrast in light and dark mode. The avatar is decorative: the name is
always written beside it, so it is hidden from screen readers.
"""
from __future__ import annotations

import re
import zlib

from markupsafe import Markup

PALETTE_SIZE = 6
SIZES = {"small": 24, "medium": 32, "large": 64}
_WORDS = re.compile(r"[\s_.\-]+")

# A head and shoulders: "former member", whose name and colour are gone.
_NEUTRAL = ('<svg class="avatar avatar-none" viewBox="0 0 40 40" width="{size}" height="{size}" '
            'aria-hidden="true" focusable="false"><circle cx="20" cy="20" r="20"/>'
            '<circle class="avatar-figure" cx="20" cy="16" r="7"/>'
            '<path class="avatar-figure" d="M7 34c2-7 7-10 13-10s11 3 13 10z"/></svg>')


def initials(display_name: str, username: str = "") -> str:
    """Up to two letters: the first of the first two words of the name."""
    letters = []
    for word in _WORDS.split(display_name or ""):
        first = next((character for character in word if character.isalnum()), None)
        if first:
            letters.append(first.upper()[0])
        if len(letters) == 2:
            break
    if not letters and username:
        letters = [username[0].upper()]
    return "".join(letters) or "?"


def colour_index(username: str) -> int:
    """The member's colour, the same everywhere (crc32, unlike hash(), is stable)."""
    return zlib.crc32(username.casefold().encode("utf-8")) % PALETTE_SIZE


def svg(user, size: str = "small") -> Markup:
    """`user` is anything with `username` and `display_name` (a member, or a
    post fragment's author); None is a former member."""
    pixels = SIZES.get(size, SIZES["small"])
    username = getattr(user, "username", None) if user is not None else None
    if not username:
        return Markup(_NEUTRAL.format(size=pixels))
    letters = initials(getattr(user, "display_name", "") or "", username)
    return Markup(
        '<svg class="avatar avatar-{}" viewBox="0 0 40 40" width="{}" height="{}" aria-hidden="true" '
        'focusable="false"><circle cx="20" cy="20" r="20"/><text x="20" y="20" dy="0.35em" '
        'text-anchor="middle">{}</text></svg>'
    ).format(colour_index(username), pixels, pixels, letters)
