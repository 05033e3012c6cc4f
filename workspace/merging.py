"""Three-way merge of text, so two people's edits to one report section or one slide both survive.

merge3 merges at line granularity; in markdown written in a browser a line is a paragraph.
Where merge3 finds a conflict (changes on the same or neighbouring paragraphs), that region is
merged again word by word, so two people editing different sentences, or one deleting a
paragraph while another edits the next, still merge cleanly. Only edits to the same words
conflict.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial

from merge3 import Merge3

from .tokens import MAX_DIFF_CELLS, DiffBudget, lines, matching_blocks, opcodes, tokens

MINE_MARKER = "<<<<<<< your version"
MID_MARKER = "======="
THEIRS_MARKER = ">>>>>>> saved version"


@dataclass
class Conflict:
    base: str
    mine: str
    theirs: str


@dataclass
class MergeResult:
    text: str  # the merged text; where there are conflicts, with markers around each
    conflicts: list[Conflict] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.conflicts


@dataclass(frozen=True)
class _Change:
    start: int  # in base tokens
    end: int
    tokens: tuple[str, ...]


def _changes(base: list[str], other: list[str], budget: DiffBudget) -> list[_Change]:
    return [_Change(i1, i2, tuple(other[j1:j2])) for tag, i1, i2, j1, j2 in opcodes(base, other, budget) if tag != "equal"]


def _clash(a: _Change, b: _Change) -> bool:
    if a.start < b.end and b.start < a.end:
        return True  # they rewrite some of the same words
    # An insertion at the very place the other change starts, ends or inserts is ambiguous.
    if a.start == a.end and b.start <= a.start <= b.end:
        return True
    return b.start == b.end and a.start <= b.start <= a.end


def merge_words(base: str, mine: str, theirs: str, budget: DiffBudget | None = None) -> str | None:
    """A word-level three-way merge; None when the two sides change the same words."""
    budget = budget or DiffBudget()
    base_tokens, mine_tokens, theirs_tokens = tokens(base), tokens(mine), tokens(theirs)
    if max(len(mine_tokens), len(theirs_tokens)) * len(base_tokens) > 4 * MAX_DIFF_CELLS:
        return None  # too big to merge word by word in good time: let the writer choose
    mine_changes = _changes(base_tokens, mine_tokens, budget)
    theirs_changes = _changes(base_tokens, theirs_tokens, budget)
    chosen: list[_Change] = list(mine_changes)
    for change in theirs_changes:
        overlapping = [m for m in mine_changes if _clash(m, change)]
        if not overlapping:
            chosen.append(change)
        elif overlapping == [change]:
            continue  # the same edit made on both sides: keep one copy
        else:
            return None
    out: list[str] = []
    position = 0
    for change in sorted(chosen, key=lambda c: (c.start, c.end)):
        out.extend(base_tokens[position : change.start])
        out.extend(change.tokens)
        position = change.end
    out.extend(base_tokens[position:])
    return "".join(out)


class _BoundedMatcher:
    """What merge3 asks of difflib.SequenceMatcher, from our bounded diff: merge3's own
    matching has no bound (12,000 short lines, every other one edited, took 15 s)."""

    def __init__(self, budget: DiffBudget, _isjunk, a: list[str], b: list[str]):
        self.budget, self.a, self.b = budget, a, b

    def get_matching_blocks(self) -> list[tuple[int, int, int]]:
        return matching_blocks(self.a, self.b, self.budget)


def merge(base: str, mine: str, theirs: str, budget: DiffBudget | None = None) -> MergeResult:
    """Merge `mine` (the saver's text, edited from `base`) with `theirs` (saved meanwhile).

    Every comparison spends from `budget`; past it, a changed stretch counts as rewritten
    whole, so an over-costly merge ends as a conflict the writer resolves (nothing is lost)."""
    budget = budget or DiffBudget()
    base_lines, mine_lines, theirs_lines = lines(base), lines(mine), lines(theirs)
    pieces: list[str] = []
    conflicts: list[Conflict] = []
    m3 = Merge3(base_lines, mine_lines, theirs_lines, sequence_matcher=partial(_BoundedMatcher, budget))
    for region in m3.merge_regions():
        kind = region[0]
        if kind == "unchanged":
            pieces.extend(base_lines[region[1] : region[2]])
        elif kind in ("same", "a"):
            pieces.extend(mine_lines[region[1] : region[2]])
        elif kind == "b":
            pieces.extend(theirs_lines[region[1] : region[2]])
        else:  # conflict: try again word by word
            _, z1, z2, a1, a2, b1, b2 = region
            region_base = "".join(base_lines[z1:z2])
            region_mine = "".join(mine_lines[a1:a2])
            region_theirs = "".join(theirs_lines[b1:b2])
            merged = merge_words(region_base, region_mine, region_theirs, budget)
            if merged is not None:
                pieces.append(merged)
                continue
            conflicts.append(Conflict(region_base, region_mine, region_theirs))
            pieces.append(_marked(region_mine, region_theirs))
    return MergeResult("".join(pieces), conflicts)


def _marked(mine: str, theirs: str) -> str:
    def block(text: str) -> str:
        return text if text.endswith("\n") or not text else text + "\n"

    return f"{MINE_MARKER}\n{block(mine)}{MID_MARKER}\n{block(theirs)}{THEIRS_MARKER}\n"


def has_markers(text: str) -> bool:
    return any(line.startswith((MINE_MARKER, THEIRS_MARKER)) for line in text.splitlines())


@dataclass(frozen=True)
class Clash:
    """One clash in text with markers: the writer's words and the saved words."""

    mine: str
    theirs: str


@dataclass(frozen=True)
class StrayMarker:
    """A marker line outside a clash (left over while the writer resolves by hand)."""

    line: str


_MARKERS = (MINE_MARKER, MID_MARKER, THEIRS_MARKER)


def split_clashes(text: str) -> list[str | Clash | StrayMarker]:
    """Text with markers as segments, in order: plain text, a `Clash` or a `StrayMarker`.
    An unfinished clash runs to the end of the text. Every word of the text is in
    exactly one segment, so a half-resolved clash loses nothing when shown."""
    segments: list[str | Clash | StrayMarker] = []
    plain: list[str] = []
    mine: list[str] | None = None  # inside a clash: the writer's lines so far
    theirs: list[str] | None = None  # after its "=======": the saved lines so far

    def end_clash() -> None:
        nonlocal mine, theirs
        if mine is not None:
            segments.append(Clash("".join(mine), "".join(theirs or [])))
        mine = theirs = None

    def end_plain() -> None:
        if plain:
            segments.append("".join(plain))
            plain.clear()

    for line in text.splitlines(keepends=True):
        marker = line.rstrip("\r\n")
        if marker == MINE_MARKER:
            end_plain()
            end_clash()
            mine = []
        elif marker == MID_MARKER and mine is not None and theirs is None:
            theirs = []
        elif marker == THEIRS_MARKER and mine is not None:
            end_clash()
        elif marker in _MARKERS:
            end_plain()
            segments.append(StrayMarker(marker))
        elif theirs is not None:
            theirs.append(line)
        elif mine is not None:
            mine.append(line)
        else:
            plain.append(line)
    end_clash()
    end_plain()
    return segments
