"""Markdown to safe HTML: the only way member-written text becomes markup.

markdown-it-py parses CommonMark with raw HTML turned off (so typed HTML stays
text) and nh3 (the ammonia sanitizer) then keeps only an allowlist. bleach,
named in Hearth's original design, is archived and gets no security releases,
so it is not used. Keep all sanitizer choices in this module.
"""
from __future__ import annotations

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = frozenset({
    "p", "br", "hr", "em", "strong", "del", "s", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "h2", "h3", "h4", "h5", "h6",
    "table", "thead", "tbody", "tr", "th", "td",
})
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
LINK_REL = "nofollow noopener noreferrer ugc"
URL_SCHEMES = frozenset({"http", "https", "mailto"})

_parser = (
    MarkdownIt("commonmark", {"html": False, "linkify": True, "typographer": False})
    .enable(["table", "strikethrough", "linkify"])
    # Images could load from other hosts (a tracking pixel); they stay text.
    .disable("image")
)


def _fit_headings(tokens, first_heading: int) -> None:
    """Headings start at `first_heading` (h3 in posts, below the page's own) and
    the levels a text uses become consecutive, so no level is ever skipped."""
    levels = sorted({int(token.tag[1]) for token in tokens if token.type == "heading_open"})
    rank = {level: min(first_heading + index, 6) for index, level in enumerate(levels)}
    for token in tokens:
        if token.type in {"heading_open", "heading_close"}:
            token.tag = f"h{rank[int(token.tag[1])]}"


def sanitize(html: str) -> str:
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        link_rel=LINK_REL,
        url_schemes=set(URL_SCHEMES),
        strip_comments=True,
    )


def render(source: str, first_heading: int = 3) -> str:
    """Render member Markdown to sanitized HTML, ready to store and show."""
    env: dict = {}
    tokens = _parser.parse(source, env)
    _fit_headings(tokens, first_heading)
    return sanitize(_parser.renderer.render(tokens, _parser.options, env))


def plain_excerpt(source: str, length: int = 160) -> str:
    """A short plain-text excerpt of Markdown, for lists and notifications."""
    text = nh3.clean(render(source), tags=set())
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"
