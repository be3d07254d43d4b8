"""The stylesheet parses: one missing brace silently swallows every rule after it."""
import re
from pathlib import Path

STYLESHEET = Path(__file__).parent.parent / "static" / "css" / "hearth.css"


def test_every_block_closes_where_it_should():
    text = re.sub(r"/\*.*?\*/", "", STYLESHEET.read_text(), flags=re.S)
    depth = 0
    for number, line in enumerate(text.splitlines(), 1):
        depth += line.count("{") - line.count("}")
        assert depth >= 0, f"hearth.css line {number} closes a block that isn't open"
    assert depth == 0, "hearth.css leaves a block open"


def test_top_level_sections_start_outside_any_block():
    depth = 0
    for number, line in enumerate(STYLESHEET.read_text().splitlines(), 1):
        if line.startswith("/*") and depth:
            raise AssertionError(f"hearth.css line {number} starts a section inside an open block")
        depth += line.count("{") - line.count("}")
