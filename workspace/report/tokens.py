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

Opcode = tuple[str, int, int, int, int]


def lines(text: str) -> list[str]:
    return LINES.findall(text or "")


def tokens(text: str) -> list[str]:
    return TOKENS.findall(text or "")


def opcodes(a: list[str], b: list[str]) -> list[Opcode]:
    """difflib-style opcodes turning `a` into `b`. The common start and end are trimmed
    first (most edits are local), and an over-large middle is one 'replace'."""
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
        elif len(middle_a) * len(middle_b) > MAX_DIFF_CELLS:
            ops.append(("replace", prefix, a_end, prefix, b_end))
        else:
            matcher = SequenceMatcher(str.isspace, middle_a, middle_b, autojunk=False)
            for tag, i1, i2, j1, j2 in matcher.get_opcodes():
                ops.append((tag, prefix + i1, prefix + i2, prefix + j1, prefix + j2))
    if suffix:
        ops.append(("equal", a_end, len(a), b_end, len(b)))
    return ops
