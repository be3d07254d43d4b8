"""Progress for long-running commands: counts and rate as they go, and a
clean stop on Ctrl+C.

Work is done in batches, each committed on its own, so stopping keeps every
finished batch and throws away only the one in hand; the commands are written
so that running them again carries on or redoes harmlessly.
"""
from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

from tqdm import tqdm

from forum.extensions import db


@contextmanager
def tracked(label: str, total: int, unit: str = "rows") -> Iterator[tqdm]:
    """A progress bar to `.update(n)` after each committed batch."""
    bar = tqdm(total=total, desc=label, unit=f" {unit}", file=sys.stderr, dynamic_ncols=True)
    try:
        yield bar
    except KeyboardInterrupt:
        db.session.rollback()
        bar.close()
        sys.stderr.write(f"Stopped: {bar.n:,} of {total:,} {unit} done and saved. Run the command again to "
                         "finish.\n")
        raise SystemExit(130) from None
    bar.close()


def id_ranges(first: int, last: int, size: int) -> Iterator[tuple[int, int]]:
    """Inclusive id ranges covering first..last."""
    for start in range(first, last + 1, size):
        yield start, min(start + size - 1, last)
