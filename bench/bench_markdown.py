"""The one markdown renderer on hostile text: render, word count and word positions, per shape.

Each parse is cached by text, so each shape is measured on a fresh cache. The shapes are the
test suite's (tests/test_report_merge.py), which saving refuses past the markup limit, plus the
largest section of each kind that saving accepts (within 200 kB and MAX_MARKUP_COST).
"""

from __future__ import annotations

import time

from tests.test_report_merge import HOSTILE_SHAPES
from workspace import markdown
from workspace.report.operations import MAX_BODY_BYTES


def _largest(unit: str, head: str = "") -> str:
    """As many `unit`s after `head` as a save accepts."""
    by_bytes = (MAX_BODY_BYTES - len(head.encode())) // len(unit.encode())
    first = markdown.markup_cost(head + unit)  # a unit may cost more at the start of a line
    each = max(1, markdown.markup_cost(unit + unit) - markdown.markup_cost(unit))
    by_markup = 1 + (markdown.MAX_MARKUP_COST - first) // each
    return head + unit * min(by_bytes, by_markup)


SHAPES = {
    **HOSTILE_SHAPES,
    "largest accepted one-word list items": _largest("- a\n"),
    "largest accepted numbered list": _largest("1. a\n"),
    "largest accepted table rows": _largest("| x | y |\n", "| a | b |\n|---|---|\n"),
    "largest accepted emphasis": _largest("*a* "),
    "largest accepted underscore emphasis": _largest("_a_ "),
    "largest accepted links": _largest("[a](b) "),
    "largest accepted entities": _largest("&#97; "),
    "largest accepted headings": _largest("# a\n"),
    "largest accepted short lines": _largest("Line 00001 e\n"),
}


def run() -> None:
    for name, text in SHAPES.items():
        markdown._parsed.cache_clear()
        markdown._html.cache_clear()
        markdown.plain_text.cache_clear()
        start = time.process_time()
        markdown.render(text)
        markdown.count_words(text)
        markdown.word_starts(text)
        accepted = "accepted" if markdown.markup_cost(text) <= markdown.MAX_MARKUP_COST else "refused on save"
        print(f"{name:<45} {len(text.encode()):>8,} bytes  {time.process_time() - start:6.3f} s CPU  ({accepted})")
