"""The one markdown renderer on hostile text: render plus word count, per shape.

Each parse is cached by text, so each shape is measured on a fresh cache. The shapes are the
test suite's (tests/test_report_merge.py) plus the largest allowed section of a few kinds.
"""

from __future__ import annotations

import time

from tests.test_report_merge import HOSTILE_SHAPES
from workspace import markdown
from workspace.report.operations import MAX_BODY_BYTES


def _largest(unit: str) -> str:
    return unit * (MAX_BODY_BYTES // len(unit.encode()))


SHAPES = {
    **HOSTILE_SHAPES,
    "largest section of one-word list items": _largest("- a\n"),
    "largest section of table rows": "| a | b |\n|---|---|\n" + _largest("| x | y |\n")[: MAX_BODY_BYTES - 20],
    "largest section of emphasis": _largest("*a* "),
    "largest section of links": _largest("[a](b) "),
    "largest section of entities": _largest("&#97; "),
}


def run() -> None:
    for name, text in SHAPES.items():
        markdown._parsed.cache_clear()
        markdown._html.cache_clear()
        start = time.perf_counter()
        markdown.render(text)
        markdown.count_words(text)
        print(f"{name:<45} {len(text.encode()):>8,} bytes  {time.perf_counter() - start:6.3f} s")
