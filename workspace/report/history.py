"""Word-level diffs between revisions and who wrote which words of the current text.

Diffs run on lines first and then on the words of changed lines only, so a one-sentence edit
to a 5,000-word section costs a few milliseconds, not a full word-by-word comparison.
"""

from __future__ import annotations

from bisect import bisect_right
from itertools import accumulate, groupby

from markupsafe import Markup, escape

from .. import tokens as tk
from ..markdown import word_starts
from ..tokens import Opcode


def line_tokens(text: str) -> list[list[str]]:
    return [tk.tokens(line) for line in tk.lines(text)]


def tokens(text: str) -> list[str]:
    return [t for line in line_tokens(text) for t in line]


def diff(old: str, new: str, budget: tk.DiffBudget | None = None) -> tuple[list[str], list[str], list[Opcode]]:
    """Opcodes over tokens (as difflib's), found line by line, then word by word, all within
    one budget: past it, changed lines count as rewritten whole (coarser, never wrong)."""
    budget = budget or tk.DiffBudget()
    old_lines, new_lines = line_tokens(old), line_tokens(new)
    old_offsets = _offsets(old_lines)
    new_offsets = _offsets(new_lines)
    old_tokens = [t for line in old_lines for t in line]
    new_tokens = [t for line in new_lines for t in line]
    opcodes: list[Opcode] = []
    for tag, a1, a2, b1, b2 in tk.opcodes(["".join(x) for x in old_lines], ["".join(x) for x in new_lines], budget):
        i1, i2, j1, j2 = old_offsets[a1], old_offsets[a2], new_offsets[b1], new_offsets[b2]
        if tag == "equal" or i1 == i2 or j1 == j2:
            opcodes.append((tag, i1, i2, j1, j2))
            continue
        for wtag, w1, w2, v1, v2 in tk.opcodes(old_tokens[i1:i2], new_tokens[j1:j2], budget):
            opcodes.append((wtag, i1 + w1, i1 + w2, j1 + v1, j1 + v2))
    return old_tokens, new_tokens, opcodes


def _offsets(lines: list[list[str]]) -> list[int]:
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    return offsets


def word_weights(text: str, *, count_tables: bool, toks: list[str] | None = None) -> list[int]:
    """For each token of `text` (`toks`, if already split), how many counted words start in it
    (0 or 1, as a rule). The words are the ones markdown.count_words counts, so any sum of
    weights agrees with it."""
    toks = tokens(text) if toks is None else toks
    token_starts = list(accumulate((len(t) for t in toks), initial=0))[:-1]
    weights = [0] * len(toks)
    for start in word_starts(text, count_tables=count_tables):
        weights[bisect_right(token_starts, start) - 1] += 1
    return weights


def word_changes(new: str, new_tokens: list[str], opcodes: list[Opcode], *, old_words: int,
                 count_tables: bool) -> tuple[int, int]:
    """Counted words added and removed by a change from a text of `old_words` counted words
    to `new` (its tokens and the opcodes from `diff`). Added: the counted words of the inserted and replaced
    stretches. Removed: whatever makes added - removed the change in the count, so a
    person's contributions always add up to the section's count (and a save never has to
    parse the old text again)."""
    weights = word_weights(new, count_tables=count_tables, toks=new_tokens)
    added = sum(sum(weights[j1:j2]) for tag, _i1, _i2, j1, j2 in opcodes if tag in ("replace", "insert"))
    removed = added - (sum(weights) - old_words)
    if removed < 0:  # words that began to count where nothing changed (a table became prose)
        added, removed = added - removed, 0
    return added, removed


# --- authorship ------------------------------------------------------------------------------


def expand(runs: list, length: int) -> list[int | None]:
    per_token: list[int | None] = []
    for author, count in runs or []:
        per_token.extend([author] * count)
    # Older data or a mismatch never breaks a save: unknown tokens have no author.
    if len(per_token) != length:
        per_token = (per_token + [None] * length)[:length]
    return per_token


def compress(per_token: list[int | None]) -> list[list]:
    return [[author, sum(1 for _ in group)] for author, group in groupby(per_token)]


def carry_authorship(old_runs: list, old_len: int, new_len: int, opcodes: list[Opcode], author_id: int | None) -> list[list]:
    """Kept words keep their author; new words belong to whoever saved them."""
    old_authors = expand(old_runs, old_len)
    new_authors: list[int | None] = [author_id] * new_len
    for tag, i1, i2, j1, _j2 in opcodes:
        if tag == "equal":
            new_authors[j1 : j1 + (i2 - i1)] = old_authors[i1:i2]
    return compress(new_authors)


def words_by_author(body: str, runs: list, *, count_tables: bool) -> dict[int | None, int]:
    """Counted words of the current text per author; they add up to the section's count."""
    weights = word_weights(body, count_tables=count_tables)
    counts: dict[int | None, int] = {}
    for weight, author in zip(weights, expand(runs, len(weights)), strict=True):
        if weight:
            counts[author] = counts.get(author, 0) + weight
    return counts


def authored_spans(body: str, runs: list) -> list[tuple[int | None, str]]:
    toks = tokens(body)
    spans: list[tuple[int | None, str]] = []
    for author, group in groupby(zip(toks, expand(runs, len(toks)), strict=True), key=lambda pair: pair[1]):
        spans.append((author, "".join(t for t, _ in group)))
    return spans


# --- showing a diff ------------------------------------------------------------------------


def diff_html(old: str, new: str) -> Markup:
    """A readable word-level diff: deletions struck through, insertions underlined."""
    old_tokens, new_tokens, opcodes = diff(old, new)
    out: list[str] = []
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal":
            out.append(str(escape("".join(old_tokens[i1:i2]))))
            continue
        if tag in ("replace", "delete"):
            out.append(f"<del>{escape(''.join(old_tokens[i1:i2]))}</del>")
        if tag in ("replace", "insert"):
            out.append(f"<ins>{escape(''.join(new_tokens[j1:j2]))}</ins>")
    return Markup("".join(out))  # noqa: S704 - every piece above is escaped


def change_summary(added: int, removed: int, kind: str) -> str:
    parts = []
    if added:
        parts.append(f"+{added} word{'s' if added != 1 else ''}")
    if removed:
        parts.append(f"−{removed} word{'s' if removed != 1 else ''}")
    text = ", ".join(parts) or "no word changes"
    if kind == "merge":
        text += " (merged with another save)"
    elif kind == "restore":
        text += " (restored an earlier revision)"
    return text
