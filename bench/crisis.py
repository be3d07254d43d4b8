"""How well the crisis detector separates crisis language from ordinary speech,
on the labelled set in bench/data/crisis_labelled.tsv.

    .venv/bin/python -m bench.crisis            # figures
    .venv/bin/python -m bench.crisis --misses   # and every text it gets wrong
"""
from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

from forum.safety.crisis import is_crisis

LABELLED = Path(__file__).parent / "data" / "crisis_labelled.tsv"


@dataclass
class Score:
    true_positive: int
    false_positive: int
    false_negative: int
    true_negative: int
    misses: list[tuple[int, str]]

    @property
    def recall(self) -> float:
        return self.true_positive / max(self.true_positive + self.false_negative, 1)

    @property
    def precision(self) -> float:
        return self.true_positive / max(self.true_positive + self.false_positive, 1)


def labelled_texts() -> list[tuple[int, str]]:
    rows = []
    for line in LABELLED.read_text().splitlines():
        if line and not line.startswith("#"):
            label, text = line.split("\t", 1)
            rows.append((int(label), text))
    return rows


def score() -> Score:
    result = Score(0, 0, 0, 0, [])
    for label, text in labelled_texts():
        predicted = is_crisis(text)
        if predicted and label:
            result.true_positive += 1
        elif predicted:
            result.false_positive += 1
            result.misses.append((label, text))
        elif label:
            result.false_negative += 1
            result.misses.append((label, text))
        else:
            result.true_negative += 1
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--misses", action="store_true", help="list the texts it gets wrong")
    args = parser.parse_args()
    result = score()
    total = result.true_positive + result.false_positive + result.false_negative + result.true_negative
    print(f"labelled texts: {total} ({result.true_positive + result.false_negative} crisis, "
          f"{result.true_negative + result.false_positive} not)")
    print(f"recall on crisis texts: {result.recall:.3f}   precision: {result.precision:.3f}")
    print(f"missed crisis texts: {result.false_negative}   false alarms: {result.false_positive}")
    if args.misses:
        for label, text in result.misses:
            print(f"  {'MISSED' if label else 'FALSE ALARM'}: {text}")


if __name__ == "__main__":
    main()
