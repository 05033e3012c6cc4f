"""Text as lines and word tokens, and a bounded token diff, shared by merging and history.

Tokens are words, runs of whitespace and single punctuation marks, so joining them gives the
text back exactly.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

LINES = re.compile(r"[^\n]*\n|[^\n]+\Z")
TOKENS = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)

#: above this many token pairs, a changed stretch is treated as replaced whole: difflib's
#: matcher is quadratic, and a 200 kB paragraph rewritten must not hold a worker for minutes
MAX_DIFF_CELLS = 2_000_000

#: what one save may spend comparing texts, in token pairs, over its merge, every retry of it
#: and its history diff together: about half a second of difflib at worst (bench/bench_report.py).
#: Past it, a changed stretch is treated as replaced whole, so a stale save of a pathological
#: text becomes a conflict for the writer to resolve, never seconds of CPU.
SAVE_DIFF_CELLS = 4_000_000

Opcode = tuple[str, int, int, int, int]


class DiffBudget:
    """Token pairs left to compare; shared by every diff that serves one request."""

    def __init__(self, cells: int = SAVE_DIFF_CELLS):
        self.cells = cells

    def take(self, cells: int) -> bool:
        """Spend `cells` if there are that many left; False (and nothing spent) if not."""
        if cells > self.cells:
            return False
        self.cells -= cells
        return True


def lines(text: str) -> list[str]:
    return LINES.findall(text or "")


def tokens(text: str) -> list[str]:
    return TOKENS.findall(text or "")


def _junk(item) -> bool:
    """Whitespace (a space between words, a blank line between paragraphs) never anchors a match."""
    return isinstance(item, str) and item.isspace()


def matching_blocks(a: list, b: list, budget: DiffBudget | None = None) -> list[tuple[int, int, int]]:
    """difflib's get_matching_blocks() from the bounded opcodes (for merge3)."""
    blocks = [(i1, j1, i2 - i1) for tag, i1, i2, j1, _j2 in opcodes(a, b, budget) if tag == "equal"]
    return [*blocks, (len(a), len(b), 0)]


def opcodes(a: list, b: list, budget: DiffBudget | None = None) -> list[Opcode]:
    """difflib-style opcodes turning `a` into `b`. The common start and end are trimmed
    first (most edits are local), and a middle too large for one diff, or for what is left
    of the `budget`, is one 'replace'."""
    prefix = 0
    limit = min(len(a), len(b))
    while prefix < limit and a[prefix] == b[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and a[len(a) - 1 - suffix] == b[len(b) - 1 - suffix]:
        suffix += 1
    a_end, b_end = len(a) - suffix, len(b) - suffix
    ops: list[Opcode] = []
    if prefix:
        ops.append(("equal", 0, prefix, 0, prefix))
    middle_a, middle_b = a[prefix:a_end], b[prefix:b_end]
    if middle_a or middle_b:
        if not middle_a:
            ops.append(("insert", prefix, prefix, prefix, b_end))
        elif not middle_b:
            ops.append(("delete", prefix, a_end, prefix, prefix))
        elif len(middle_a) * len(middle_b) > MAX_DIFF_CELLS or (
            budget is not None and not budget.take(len(middle_a) * len(middle_b))
        ):
            ops.append(("replace", prefix, a_end, prefix, b_end))
        else:
            matcher = SequenceMatcher(_junk, middle_a, middle_b, autojunk=False)
            for tag, i1, i2, j1, j2 in matcher.get_opcodes():
                ops.append((tag, prefix + i1, prefix + i2, prefix + j1, prefix + j2))
    if suffix:
        ops.append(("equal", a_end, len(a), b_end, len(b)))
    return ops
