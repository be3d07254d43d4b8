"""Recognising crisis language (suicidal thoughts, self-harm) in what members write.

Two layers, one verdict. The phrase layer (`phrases.py`) is explainable and
staff-editable; the semantic layer (`semantic.py`) understands meaning and
finds what no phrase list was written for. A post is crisis language when
either layer says so, and its tier is the higher of the two:

- `urgent`: intent, a plan, means at hand, a time, an attempt, a goodbye, or
  someone else in immediate danger;
- `concern`: a passive wish to be dead, hopelessness with death in view,
  self-harm without immediacy, worry about another person.

A post is scored window by window (`windows.py`), so one sentence buried in a
long post is found; the verdict carries the sentences that decided it.
A match never silences anyone: the post is published (unless a hold rule
applies) and the writer is shown crisis resources at once.
"""
from __future__ import annotations

from dataclasses import dataclass

from forum.safety import phrases, semantic, windows

TIER_RANK = {None: 0, "concern": 1, "urgent": 2}
MAX_EVIDENCE = 3


@dataclass(frozen=True)
class Evidence:
    """A sentence that decided the verdict, and which layer read it so."""

    text: str
    layer: str          # "phrase" or "semantic"
    tier: str
    detail: str         # the words that matched, or the model's probability

    def as_dict(self) -> dict:
        return {"text": self.text, "layer": self.layer, "tier": self.tier, "detail": self.detail}


@dataclass(frozen=True)
class Verdict:
    tier: str | None
    evidence: tuple[Evidence, ...] = ()

    @property
    def crisis(self) -> bool:
        return self.tier is not None

    def evidence_rows(self) -> list[dict]:
        """The evidence as a queue item stores it."""
        return [evidence.as_dict() for evidence in self.evidence]

    @property
    def layers(self) -> list[str]:
        return sorted({evidence.layer for evidence in self.evidence})

    def summary(self) -> str:
        """One line for the queue's reasons; the sentences themselves are the evidence."""
        layers = " and ".join(f"{layer} layer" for layer in self.layers)
        return f"{self.tier.capitalize()} crisis language, found by the {layers}" if self.tier else ""


NOT_CRISIS = Verdict(None)


def _shorten(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def higher(first: str | None, second: str | None) -> str | None:
    return first if TIER_RANK[first] >= TIER_RANK[second] else second


def _phrase_evidence(text: str, extra_phrases: tuple[str, ...]) -> list[Evidence]:
    found = phrases.matches(text, extra_phrases)
    if not found:
        return []
    # Name the sentence that carries each match; a phrase spanning sentences
    # ("goodbye ... forever") falls back to the window, then the whole text.
    pieces = windows.sentences(text) + windows.windows(text)
    words_in = [{m.words for m in phrases.matches(piece, extra_phrases)} for piece in pieces]
    return [Evidence(_shorten(next((piece for piece, words in zip(pieces, words_in) if match.words in words), text),
                              400), "phrase", match.tier, match.words)
            for match in found]


def _semantic_evidence(text: str, layer: semantic.SemanticLayer) -> list[Evidence]:
    scores = layer.score(windows.windows(text))
    decided = [(score, score.tier(layer.head)) for score in scores]
    decided = [(score, tier) for score, tier in decided if tier]
    decided.sort(key=lambda pair: (TIER_RANK[pair[1]], pair[0].crisis), reverse=True)
    return [Evidence(_shorten(score.text, 400), "semantic", tier, f"{score.crisis:.2f}")
            for score, tier in decided]


LAYERS = ("phrase", "semantic")


def assess(text: str, extra_phrases: tuple[str, ...] = (), layers: tuple[str, ...] = LAYERS) -> Verdict:
    """The detector's verdict on a post (title and body together). `layers`
    lets the benchmark measure each layer alone."""
    layer = semantic.layer()
    evidence = (_phrase_evidence(text, extra_phrases) if "phrase" in layers else []) + \
        (_semantic_evidence(text, layer) if "semantic" in layers else [])
    if not evidence:
        return NOT_CRISIS
    tier = max((item.tier for item in evidence), key=TIER_RANK.__getitem__)
    # The strongest sentences first; one per sentence.
    evidence.sort(key=lambda item: TIER_RANK[item.tier], reverse=True)
    unique, seen = [], set()
    for item in evidence:
        if (item.text, item.layer) not in seen:
            seen.add((item.text, item.layer))
            unique.append(item)
    return Verdict(tier, tuple(unique[:MAX_EVIDENCE]))


def status() -> dict:
    """What staff and /healthz see of the detector: each layer up or down, and
    the semantic layer's measured figures."""
    layer = semantic.layer()
    return {
        "phrase_layer": "up",
        "semantic_layer": "up" if layer.available else "down",
        "semantic_error": layer.error,
        "model": "all-MiniLM-L6-v2 fine-tuned on Hearth's corpus, int8 ONNX",
        "metrics": layer.head.metrics if layer.available else {},
    }


def is_crisis(text: str, extra_phrases: tuple[str, ...] = ()) -> bool:
    return assess(text, extra_phrases).crisis
