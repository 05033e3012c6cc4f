"""The review copy: each open comment thread as a real Word comment on its quoted text.

A thread's quote is the text a person selected in the page's preview, with its whitespace
collapsed. It is looked for in the section's paragraphs (runs' text, whitespace collapsed the
same way), first within one paragraph, then across the section's paragraphs. The runs at the
two ends are split so the comment covers exactly the quote. A thread on the whole section, or
whose quote no longer matches the text, is attached to the section's heading and says so.
"""

from __future__ import annotations

from copy import deepcopy

from docx.oxml.ns import qn
from docx.text.run import Run

from ..timefmt import LONDON
from .ooxml import clean
from .parts import CommentThread

W_T, W_R, W_P = qn("w:t"), qn("w:r"), qn("w:p")
#: a thread count no real team reaches; past it the rest are left out rather than slow the file
MAX_COMMENTS = 2000


def attach_comments(doc, threads: list[CommentThread], section_elements: dict[str, list]) -> int:
    """Attach each thread; returns how many were attached."""
    attached = 0
    for thread in threads[:MAX_COMMENTS]:
        elements = section_elements.get(thread.section)
        if not elements:
            continue  # the section is not in this document (an empty one left out)
        runs = _find_quote(elements, thread.quote) if thread.quote else None
        moved = bool(thread.quote) and runs is None
        if runs is None:
            runs = _heading_runs(elements[0])
            if runs is None:
                continue
        comment = doc.add_comment(
            [Run(runs[0], None), Run(runs[1], None)],
            text=_first_paragraph(thread, moved), author=clean(thread.author) or "Someone",
            initials=_initials(thread.author),
        )
        comment._comment_elm.date = thread.created_at
        for reply in thread.replies:
            comment.add_paragraph(clean(f"Reply from {reply.author}, {_when(reply.created_at)}: {reply.text}"))
        attached += 1
    return attached


def _when(moment) -> str:
    return moment.astimezone(LONDON).strftime("%-d %b %Y, %H:%M")


def _initials(name: str) -> str:
    return "".join(word[0] for word in clean(name).split()[:3]).upper()


def _first_paragraph(thread: CommentThread, moved: bool) -> str:
    text = f"{thread.author}, {_when(thread.created_at)}: {thread.text}"
    if moved:
        text = f"On text that has since changed (\u201c{thread.quote}\u201d). {text}"
    return clean(text)


def _heading_runs(heading) -> tuple | None:
    runs = [r for r in heading.iter(W_R) if r.find(W_T) is not None]
    return (runs[0], runs[-1]) if runs else None


def _text_runs(paragraph) -> list:
    return [r for r in paragraph.iter(W_R) if r.find(W_T) is not None]


def _normalised(runs: list, positions: list, chars: list, last_space: bool) -> bool:
    """Append the runs' text to chars with whitespace collapsed; positions[i] is the (run,
    offset) each kept character came from."""
    for r in runs:
        text = r.find(W_T).text or ""
        for offset, ch in enumerate(text):
            if ch.isspace():
                if last_space:
                    continue
                ch, last_space = " ", True
            else:
                last_space = False
            chars.append(ch)
            positions.append((r, offset))
    return last_space


def _find_quote(elements: list, quote: str):
    wanted = " ".join(clean(quote).split())
    if not wanted:
        return None
    paragraphs = [p for element in elements for p in ([element] if element.tag == W_P else element.iter(W_P))]
    # Within one paragraph first (the usual case), then across the section's paragraphs.
    for group in [[p] for p in paragraphs] + [paragraphs]:
        chars: list[str] = []
        positions: list = []
        last_space = True
        for paragraph in group:
            last_space = _normalised(_text_runs(paragraph), positions, chars, last_space)
            if not last_space:
                chars.append(" ")
                positions.append(None)
                last_space = True
        at = "".join(chars).find(wanted)
        if at >= 0:
            start, end = positions[at], positions[at + len(wanted) - 1]
            if start is None or end is None:
                continue
            return _split_at(start, end)
    return None


def _split_at(start, end) -> tuple:
    """Split the runs so one starts exactly at `start` and one ends exactly after `end`."""
    start_run, start_offset = start
    end_run, end_offset = end
    if start_run is end_run:
        end_offset -= start_offset
    first = _split_before(start_run, start_offset)
    if start_run is end_run:
        end_run = first
    _split_before(end_run, end_offset + 1)
    return first, end_run


def _split_before(r, offset: int):
    """Cut run `r` at `offset`; `r` keeps the text before, and the run returned holds the rest
    (r itself when the cut is at its start or end, which changes nothing)."""
    t = r.find(W_T)
    text = t.text or ""
    if offset <= 0:
        return r
    if offset >= len(text):
        return r
    rest = deepcopy(r)
    t.text = text[:offset]
    rest.find(W_T).text = text[offset:]
    r.addnext(rest)
    return rest
