"""Hearth's labelled crisis corpus (bench/data/crisis_corpus.jsonl).

Every text was written for Hearth and carries a tier (urgent, concern, none)
and a category (see CATEGORIES). The corpus was split once into train, dev and
test by a fixed seed (`assign_splits`); the split is stored with each row so it
never moves. Training uses train, every choice (model, thresholds, windows) is
made on dev, and test is only ever reported on.
"""
from __future__ import annotations

import json
import random
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

CORPUS = Path(__file__).parent / "data" / "crisis_corpus.jsonl"
SPLIT_SEED = 20261129
SPLIT_SHARES = (("train", 0.70), ("dev", 0.15), ("test", 0.15))
TIERS = ("urgent", "concern", "none")
CRISIS_CATEGORIES = ("intent_plan", "means_at_hand", "attempt", "goodbye", "other_at_risk", "passive_wish",
                     "ideation", "hopelessness_death", "self_harm")
HARD_NEGATIVE_CATEGORIES = ("recovery_past", "treatment_talk", "grief", "quoting_resources", "support_reply",
                            "hyperbole", "dark_humour", "physical_pain", "sadness", "life_stress")
CATEGORIES = CRISIS_CATEGORIES + HARD_NEGATIVE_CATEGORIES + ("everyday",)


@dataclass(frozen=True)
class Example:
    text: str
    tier: str
    category: str
    split: str

    @property
    def crisis(self) -> bool:
        return self.tier != "none"

    @property
    def hard_negative(self) -> bool:
        return self.category in HARD_NEGATIVE_CATEGORIES


def load(split: str | None = None, path: Path = CORPUS) -> list[Example]:
    rows = [Example(**json.loads(line)) for line in path.read_text().splitlines() if line.strip()]
    return [row for row in rows if split is None or row.split == split]


def assign_splits(rows: list[dict], seed: int = SPLIT_SEED) -> list[dict]:
    """Split once, stratified by (tier, category) so every kind of text is in
    every split; the result is stored, never recomputed."""
    by_stratum: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for row in rows:
        by_stratum[(row["tier"], row["category"])].append(row)
    chooser = random.Random(seed)
    result = []
    for stratum in sorted(by_stratum):
        members = sorted(by_stratum[stratum], key=lambda row: row["text"])
        chooser.shuffle(members)
        cut_train = round(len(members) * SPLIT_SHARES[0][1])
        cut_dev = cut_train + round(len(members) * SPLIT_SHARES[1][1])
        for index, row in enumerate(members):
            split = "train" if index < cut_train else "dev" if index < cut_dev else "test"
            result.append({**row, "split": split})
    return result
