"""Property-based tests: whatever members type, the sanitizer's output holds no
executable construct, and the watched-word matcher neither crashes nor misses
a rule hidden behind simple disguises."""
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forum.content.markdown import render
from forum.safety import watched_words
from forum.safety.normalise import deobfuscate, fold

DANGEROUS = ["<script", "<iframe", "<img", "<svg", "<object", "<embed", "<form", "<input", "<style", "<link",
             "<meta", "<base", "javascript:", "vbscript:", "data:", " on"]
PIECES = st.sampled_from([
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))", "javascript:",
    "<a href=\"vbscript:x\">", "\"><svg onload=alert(1)>", "`code`", "**bold**", "> quote\n", "- item\n",
    "<iframe src=//evil>", "&#x6A;avascript:", "![i](http://evil/x.png)", "[[a]]", "<<", ">>", "\n\n", "|a|b|\n|-|-|\n",
    "<style>*{}</style>", "<form action=x>", "onmouseover=alert(1)", "<details open ontoggle=alert(1)>",
])
TEXT = st.lists(st.one_of(PIECES, st.text(max_size=30)), max_size=12).map("".join)


def tags_of(html: str) -> str:
    return " ".join(re.findall(r"<[^>]*>", html)).lower()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_sanitized_output_holds_no_executable_construct(source):
    tags = tags_of(render(source))
    for fragment in DANGEROUS:
        assert fragment not in tags, (source, tags)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_folding_never_crashes_and_is_idempotent(text):
    assert fold(fold(text)) == fold(text)
    deobfuscate(text)


class Rule:
    def __init__(self, pattern, action="block"):
        self.id, self.pattern, self.action, self.explanation = 1, pattern, action, ""


SEPARATORS = st.sampled_from([".", "-", " ", "_", "*", ". "])


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(["sell", "dm me", "plug"]), SEPARATORS, st.booleans(), st.text(max_size=20))
def test_disguised_rules_are_still_seen(word, separator, upper, noise):
    """A disguise set off from the text around it is seen through. (A lone
    letter typed right before a spaced-out word joins it, "a s e l l" reading
    "asell": a known limit, kept rather than matching inside other words.)"""
    disguised = separator.join(word.replace(" ", "")) if len(word.replace(" ", "")) > 1 else word
    if upper:
        disguised = disguised.upper()
    text = f"{noise} — {disguised} now"
    rule = Rule(word if " " in word else word)
    assert watched_words.matches(text, [rule]), text


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_matching_any_text_is_safe(text):
    rules = [Rule(pattern, action) for pattern, action, _ in watched_words.DEFAULT_RULES[:40]]
    for match in watched_words.matches(text, rules):
        assert match.action in {"block", "hold", "flag"}
