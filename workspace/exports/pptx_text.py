"""A slide's markdown bullets as PowerPoint paragraphs, read from the one parser's tokens
(workspace/markdown.py, as exports/markdown_word.py reads them for Word).

- list items become paragraphs at their nesting level (0..4; deeper stays at 4), with the
  master's bullets, each its own paragraph even past the parser's flattening depth; an ordered list's items carry their number ("2. ") as text;
- paragraphs that are not list items, headings, code blocks and table rows are level-0
  paragraphs without a bullet;
- **bold** and *italic* become runs; inline code is plain text; a link is its words.

Hostile input: text goes through ooxml.clean (XML-illegal characters, which lxml refuses,
are dropped); a body longer than BODY_MAX_CHARS or than MAX_PARAGRAPHS paragraphs is cut with
a note saying so; and the font size is chosen so that the text fits its box (`fitted_size`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree
from markdown_it.token import Token
from pptx.oxml.ns import qn
from pptx.util import Pt

from ..markdown import tokens
from .inline import plain as words
from .inline import spans
from .ooxml import clean

MAX_LEVEL = 4
#: a slide's body is at most 20 kB (the presentation model's limit); past that it is cut
BODY_MAX_CHARS = 20 * 1024
#: a bound on the work, above any readable slide (sixty nested items and a line after them fit)
MAX_PARAGRAPHS = 80
CUT_NOTE = "(The rest of this slide's text is left out: it is too long for a slide.)"
TEXT_SPANS = frozenset({"text", "code", "softbreak", "hardbreak", "image"})


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False


@dataclass
class Paragraph:
    runs: list[Run] = field(default_factory=list)
    level: int = 0
    bullet: bool = False

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass
class _Walk:
    out: list[Paragraph] = field(default_factory=list)
    lists: list[list] = field(default_factory=list)  # [ordered, next number] per open list
    item_pending: bool = False


def paragraphs(markdown: str) -> tuple[list[Paragraph], bool]:
    """(paragraphs, cut): the body's paragraphs, and whether some were left out."""
    text = clean(markdown or "")
    cut = len(text) > BODY_MAX_CHARS
    if cut:
        text = text[:BODY_MAX_CHARS]
    walk = _Walk()
    stream = tokens(text)
    i, n = 0, len(stream)
    while i < n:
        token = stream[i]
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            walk.lists.append([kind == "ordered_list_open", int(token.attrGet("start") or 1)])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            if walk.lists:
                walk.lists.pop()
        elif kind == "list_item_open":
            walk.item_pending = True
        elif kind == "list_item_close" and walk.item_pending:
            _emit(walk, [])
        elif kind == "paragraph_open" and token.meta.get("flattened_markers") and i + 1 < n \
                and stream[i + 1].type == "inline":
            _emit_flattened(walk, stream[i + 1], token.meta["flattened_markers"])
            i += 3
            continue
        elif kind in ("paragraph_open", "heading_open") and i + 1 < n and stream[i + 1].type == "inline":
            _emit(walk, runs(stream[i + 1], bold=kind == "heading_open"))
            i += 3
            continue
        elif kind in ("fence", "code_block"):
            for line in token.content.rstrip("\n").split("\n"):
                _emit(walk, [Run(line)])
        elif kind == "inline" and token.content.strip():  # table cells and the like
            row = [token]
            while i + 1 < n and stream[i + 1].type != "tr_close" and stream[i + 1].type != "table_close":
                i += 1
                if stream[i].type == "inline":
                    row.append(stream[i])
            cells = [plain_text(cell) for cell in row]
            _emit(walk, [Run(" \u00b7 ".join(c for c in cells if c))])
        if len(walk.out) > MAX_PARAGRAPHS:
            break
        i += 1
    if len(walk.out) > MAX_PARAGRAPHS:
        walk.out, cut = walk.out[:MAX_PARAGRAPHS], True
    if cut:
        walk.out.append(Paragraph([Run(CUT_NOTE, italic=True)]))
    return walk.out, cut


def _emit(walk: _Walk, found: list[Run]) -> None:
    if walk.lists and walk.item_pending:
        current = walk.lists[-1]
        level = min(len(walk.lists) - 1, MAX_LEVEL)
        if current[0]:  # ordered: the number is part of the text
            found = [Run(f"{current[1]}. "), *found]
            current[1] += 1
        walk.out.append(Paragraph(found, level, bullet=not current[0]))
        walk.item_pending = False
    elif walk.lists:  # a second paragraph of an item: under it, without a bullet
        walk.out.append(Paragraph(found, min(len(walk.lists) - 1, MAX_LEVEL), bullet=False))
    else:
        walk.out.append(Paragraph(found, 0, bullet=False))


def _emit_flattened(walk: _Walk, inline: Token, markers: list[str]) -> None:
    """Lines the parser flattened (lists nested past workspace/markdown.FLATTEN_AT): each line
    its own paragraph at the deepest level, a list item's with its bullet (or number), so that
    sixty nested items never run together into one bullet."""
    lines: list[list[Run]] = [[]]
    for span in spans(inline):
        if span.kind in ("softbreak", "hardbreak"):
            lines.append([])
        elif span.kind in TEXT_SPANS:
            lines[-1].append(Run(span.text, span.bold, span.italic))
    level = MAX_LEVEL if walk.lists else 0
    for index, found in enumerate(lines):
        if index == 0 and walk.item_pending:  # the open item's own first line
            _emit(walk, found)
            continue
        marker = markers[index] if index < len(markers) else ""
        if marker[:1].isdigit():
            walk.out.append(Paragraph([Run(f"{marker} "), *found], level, bullet=False))
        else:
            walk.out.append(Paragraph(found, level, bullet=marker == "-"))
        if len(walk.out) > MAX_PARAGRAPHS:
            return


def runs(inline: Token, *, bold: bool = False) -> list[Run]:
    """The runs of one inline token as `exports.inline.spans` reads them: a slide keeps bold
    and italic; code is plain text and a link its words (nobody clicks a projected slide)."""
    return [Run(span.text, span.bold, span.italic) for span in spans(inline, bold=bold)
            if span.kind in TEXT_SPANS]


def plain_text(inline: Token) -> str:
    return words(inline).strip()


# --- fitting: the largest size at which the paragraphs fit the box -----------------------------

#: sizes tried for level 0, largest first; deeper levels are 2 pt smaller each, down to 10 pt
SIZES = (24, 22, 20, 18, 16, 14, 12, 11, 10)
#: an average character of Calibri is about half its size wide; lines are 1.2 of the size
CHAR_WIDTH_EM, LINE_HEIGHT_EM, PARAGRAPH_GAP_EM = 0.5, 1.2, 0.35
INDENT_PER_LEVEL_PT = 27  # bullets indent about 3/8 in a level


def level_size(level0: float, level: int) -> float:
    return max(10.0, level0 - 2 * level)


def fitted_size(found: list[Paragraph], width_emu: int, height_emu: int) -> int:
    """The level-0 font size (pt) at which the paragraphs fit: estimated from the characters
    per line at that size. Never below the smallest size: the box's autofit does the rest."""
    width_pt = width_emu / 12700 - 14  # the inset, left and right
    height_pt = height_emu / 12700 - 8
    for size in SIZES:
        used = 0.0
        for paragraph in found:
            this = level_size(size, paragraph.level)
            usable = max(width_pt - INDENT_PER_LEVEL_PT * (paragraph.level + (1 if paragraph.bullet else 0)), 40)
            per_line = max(int(usable / (this * CHAR_WIDTH_EM)), 1)
            lines = max(1, -(-len(paragraph.text) // per_line))
            used += lines * this * LINE_HEIGHT_EM + this * PARAGRAPH_GAP_EM
        if used <= height_pt:
            return size
    return SIZES[-1]


def title_size(title: str, width_emu: int, height_emu: int, sizes: tuple[int, ...]) -> int:
    """The largest of `sizes` (pt) at which a title's words fit its box, by the same estimate."""
    width_pt, height_pt = width_emu / 12700 - 14, height_emu / 12700 - 7
    for size in sizes:
        per_line = max(int(width_pt / (size * 0.52)), 1)
        lines = max(1, -(-len(title) // per_line))
        if lines * size * 1.1 <= height_pt:
            return size
    return sizes[-1]


def write(text_frame, found: list[Paragraph], size: int, *, colour=None, font: str | None = None) -> None:
    """The paragraphs into a text frame (a placeholder's or a text box's). Paragraphs that are
    not bullets say so (a:buNone), since the master's body style bullets every level."""
    for index, paragraph in enumerate(found):
        target = text_frame.paragraphs[0] if index == 0 else text_frame.add_paragraph()
        target.level = paragraph.level
        if not paragraph.bullet:
            _no_bullet(target)
        for piece in paragraph.runs or [Run("")]:
            run = target.add_run()
            run.text = piece.text
            run.font.size = Pt(level_size(size, paragraph.level))
            if piece.bold:
                run.font.bold = True
            if piece.italic:
                run.font.italic = True
            if colour is not None:
                run.font.color.rgb = colour
            if font:
                run.font.name = font


def _no_bullet(paragraph) -> None:
    """No bullet; a level-0 paragraph starts at the box's edge, a deeper one (an item's second
    paragraph) at its item's text."""
    ppr = paragraph._p.get_or_add_pPr()
    if paragraph.level == 0:
        ppr.set("marL", "0")
    ppr.set("indent", "0")
    for old in ppr.findall(qn("a:buNone")):
        ppr.remove(old)
    ppr.insert(0, etree.Element(qn("a:buNone")))
