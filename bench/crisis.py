"""How well the crisis detector finds crisis language, measured on the test
split of Hearth's labelled corpus (bench/data/crisis_corpus.jsonl), which no
choice about the detector was made on.

    .venv/bin/python -m bench.crisis                 # figures on the test split
    .venv/bin/python -m bench.crisis --split dev     # on the development split
    .venv/bin/python -m bench.crisis --misses        # and every text it gets wrong
    .venv/bin/python -m bench.crisis --record        # store the test figures with the head

Prints recall and precision per tier and per category, the confusion between
tiers, each layer alone and both together, the time to score a short post
and a 2,000-character one (one core, the model already loaded), and the
memory the model adds to an app process.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field

os.environ.setdefault("OMP_NUM_THREADS", "1")

from bench import crisis_corpus  # noqa: E402
from forum.safety import crisis, semantic  # noqa: E402

LAYER_CHOICES = {"phrase layer alone": ("phrase",), "semantic layer alone": ("semantic",),
                 "both layers (the verdict)": crisis.LAYERS}
TARGETS = {"urgent_recall": 0.97, "recall": 0.95, "precision": 0.90, "hard_negatives_flagged": 0.05}


@dataclass
class Figures:
    examples: list
    predicted: list

    @property
    def crisis_texts(self) -> int:
        return sum(example.crisis for example in self.examples)

    def _share_flagged(self, keep) -> float:
        chosen = [tier for example, tier in zip(self.examples, self.predicted) if keep(example)]
        return sum(tier is not None for tier in chosen) / max(len(chosen), 1)

    @property
    def recall(self) -> float:
        return self._share_flagged(lambda example: example.crisis)

    @property
    def urgent_recall(self) -> float:
        return self._share_flagged(lambda example: example.tier == "urgent")

    @property
    def urgent_as_urgent(self) -> float:
        urgent = [tier for example, tier in zip(self.examples, self.predicted) if example.tier == "urgent"]
        return sum(tier == "urgent" for tier in urgent) / max(len(urgent), 1)

    @property
    def precision(self) -> float:
        flagged = [example for example, tier in zip(self.examples, self.predicted) if tier is not None]
        return sum(example.crisis for example in flagged) / max(len(flagged), 1)

    @property
    def hard_negatives_flagged(self) -> float:
        return self._share_flagged(lambda example: example.hard_negative)

    def summary(self) -> dict:
        return {"texts": len(self.examples), "recall": round(self.recall, 3),
                "urgent_recall": round(self.urgent_recall, 3), "urgent_as_urgent": round(self.urgent_as_urgent, 3),
                "precision": round(self.precision, 3),
                "hard_negatives_flagged": round(self.hard_negatives_flagged, 3)}


@dataclass
class Run:
    by_layers: dict[str, Figures] = field(default_factory=dict)


def run(split: str) -> Run:
    examples = crisis_corpus.load(split)
    result = Run()
    for name, layers in LAYER_CHOICES.items():
        result.by_layers[name] = Figures(examples, [crisis.assess(example.text, layers=layers).tier
                                                    for example in examples])
    return result


def _line(name: str, figures: Figures) -> str:
    return (f"  {name:<27} recall {figures.recall:.3f}  urgent recall {figures.urgent_recall:.3f} "
            f"(as urgent {figures.urgent_as_urgent:.3f})  precision {figures.precision:.3f}  "
            f"hard negatives flagged {figures.hard_negatives_flagged:.3f}")


def print_categories(figures: Figures) -> None:
    print("\nPer category (both layers): crisis categories show recall, the others the share flagged")
    by_category = defaultdict(list)
    for example, tier in zip(figures.examples, figures.predicted):
        by_category[example.category].append((example, tier))
    for category in crisis_corpus.CATEGORIES:
        rows = by_category.get(category, [])
        if not rows:
            continue
        flagged = sum(tier is not None for _, tier in rows)
        kind = "found" if category in crisis_corpus.CRISIS_CATEGORIES else "flagged"
        print(f"  {category:<20} {flagged:>3} of {len(rows):>3} {kind} ({flagged / len(rows):.2f})")


def print_tiers(figures: Figures) -> None:
    print("\nPer tier (both layers)")
    for tier in crisis_corpus.TIERS:
        truth = [predicted for example, predicted in zip(figures.examples, figures.predicted) if example.tier == tier]
        said = [example for example, predicted in zip(figures.examples, figures.predicted) if predicted == tier]
        if tier == "none":
            print(f"  none     {sum(p is not None for p in truth)} of {len(truth)} flagged as crisis")
            continue
        recall = sum(p is not None for p in truth) / max(len(truth), 1)
        exact = sum(p == tier for p in truth) / max(len(truth), 1)
        precision = sum(example.tier == tier for example in said) / max(len(said), 1)
        print(f"  {tier:<8} recall {recall:.3f} (given this tier {exact:.3f})  "
              f"precision of this tier {precision:.3f}  ({len(truth)} texts)")
    print("\nConfusion (rows: labelled tier, columns: the detector's)")
    counts = Counter((example.tier, predicted or "none") for example, predicted in zip(figures.examples,
                                                                                       figures.predicted))
    print("  " + " " * 9 + "".join(f"{tier:>9}" for tier in crisis_corpus.TIERS))
    for truth in crisis_corpus.TIERS:
        print(f"  {truth:<9}" + "".join(f"{counts[(truth, said)]:>9}" for said in crisis_corpus.TIERS))


def latency() -> dict[str, tuple[float, float]]:
    short = "i dont think i can keep going, i have the pills saved up"
    sentence = "Work has been rough this week and my sister keeps calling about the house. "
    long = (sentence * 30)[:2000]
    timings = {}
    crisis.assess(short)  # warm up
    for name, text in (("short post", short), ("2,000-character post", long)):
        samples = []
        for _ in range(60):
            started = time.perf_counter()
            crisis.assess(text)
            samples.append((time.perf_counter() - started) * 1000)
        samples.sort()
        timings[name] = (statistics.median(samples), samples[int(len(samples) * 0.95) - 1])
    return timings


_MEMORY_PROBE = """
from forum.safety import semantic
semantic.use(semantic.SemanticLayer(None, None, "not loaded yet"))
from forum import create_app
create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x" * 40})
def rss(): return int(open("/proc/self/status").read().split("VmRSS:")[1].split()[0]) / 1024
before = rss()
semantic.use(semantic.load())
from forum.safety.crisis import assess
assess("Work has been rough this week. " * 80)
print(before, rss())
"""


def memory() -> tuple[float, float]:
    """Resident memory (MB) of a fresh app process before and after the model is loaded and used."""
    import subprocess
    import sys

    output = subprocess.run([sys.executable, "-c", _MEMORY_PROBE], capture_output=True, text=True, check=True)
    before, after = output.stdout.split()[-2:]
    return float(before), float(after)


def print_misses(figures: Figures) -> None:
    print("\nWrong answers (both layers)")
    for example, tier in zip(figures.examples, figures.predicted):
        if (tier is None) == example.crisis or (example.crisis and tier != example.tier):
            label = "MISSED" if tier is None else "FALSE ALARM" if not example.crisis else f"AS {tier.upper()}"
            print(f"  {label:<12} [{example.tier}/{example.category}] {example.text[:300]!r}")


def record(figures: Figures) -> None:
    head = json.loads(semantic.HEAD_FILE.read_text())
    head["metrics"]["test"] = figures.summary()
    semantic.HEAD_FILE.write_text(json.dumps(head, indent=1) + "\n")
    print(f"\nrecorded the test figures in {semantic.HEAD_FILE}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", default="test", choices=("train", "dev", "test"))
    parser.add_argument("--misses", action="store_true", help="list the texts it gets wrong")
    parser.add_argument("--record", action="store_true", help="store the test figures beside the head")
    args = parser.parse_args()
    layer = semantic.layer()
    if not layer.available:
        print(f"the semantic layer is down: {layer.error}")
    result = run(args.split)
    both = result.by_layers["both layers (the verdict)"]
    print(f"Crisis detector on the {args.split} split: {len(both.examples)} texts, {both.crisis_texts} crisis "
          f"language, {sum(e.hard_negative for e in both.examples)} hard negatives")
    for name, figures in result.by_layers.items():
        print(_line(name, figures))
    print("  targets: " + ", ".join(f"{name} {'≤' if name.startswith('hard') else '≥'} {value}"
                                    for name, value in TARGETS.items()))
    print_tiers(both)
    print_categories(both)
    print("\nLatency (one core, model loaded)")
    for name, (p50, p95) in latency().items():
        print(f"  {name:<22} p50 {p50:.1f} ms   p95 {p95:.1f} ms")
    before, after = memory()
    print(f"\nMemory: an app process {before:.0f} MB before the model, {after:.0f} MB with it loaded and used "
          f"(+{after - before:.0f} MB)")
    if args.misses:
        print_misses(both)
    if args.record:
        if args.split != "test":
            parser.error("--record stores test-split figures; run it with --split test")
        record(both)


if __name__ == "__main__":
    main()
