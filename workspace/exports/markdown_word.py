"""Markdown into Word, by walking the same markdown-it tokens the page renders.

`write_markdown(body, text)` appends real Word structure for a section's markdown: headings,
runs with bold/italic/strikethrough/code, bulleted and numbered lists with Word numbering
(nested, restarting where markdown restarts), block quotes in the Quote style, tables with a
header row that repeats across pages, hyperlinks, hard line breaks, and the image placeholder
the page shows. No markdown syntax reaches the document: only the tokens' text does.

Cost is linear in the tokens: each token is looked at once, and tables are written as text
(a 33,000-row table takes well under a second).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it.token import Token

from ..markdown import tokens
from . import ooxml as x
from .body import Body
from .inline import plain as inline_words
from .inline import spans
from .template import BULLET_NUM_ID, LIST_INDENT, MAX_LIST_LEVEL, TEXT_WIDTH_TWIPS

#: markdown's own levels inside a section; the section title is Heading 1
HEADING_STYLE = {"h1": 2, "h2": 2, "h3": 3, "h4": 4, "h5": 4, "h6": 4}

_TABLE_ALIGN = re.compile(r"text-align:\s*(left|center|right)")
TABLE_HEADER_FILL = "DCE6F2"


@dataclass
class _List:
    ordered: bool
    level: int
    num_id: int


@dataclass
class _Walk:
    body: Body
    lists: list[_List] = field(default_factory=list)
    quote_depth: int = 0
    #: the list item whose first paragraph has not been written yet (it carries the number)
    item_pending: bool = False


def write_markdown(body: Body, text: str) -> None:
    walk = _Walk(body)
    stream = tokens(text)
    i, n = 0, len(stream)
    while i < n:
        token = stream[i]
        kind = token.type
        if kind == "table_open":
            i = _table(walk, stream, i)
            continue
        if kind == "heading_open":
            level = HEADING_STYLE.get(token.tag, 4)
            _heading(walk, stream[i + 1] if i + 1 < n else None, level)
            i += 3
            continue
        if kind == "paragraph_open":
            _paragraph(walk, stream[i + 1] if i + 1 < n else None)
            i += 3
            continue
        if kind in ("bullet_list_open", "ordered_list_open"):
            level = min(len(walk.lists), MAX_LIST_LEVEL)
            ordered = kind == "ordered_list_open"
            start = int(token.attrGet("start") or 1) if ordered else 1
            num_id = body.new_numbered_list(level, start) if ordered else BULLET_NUM_ID
            walk.lists.append(_List(ordered, level, num_id))
        elif kind in ("bullet_list_close", "ordered_list_close"):
            if walk.lists:
                walk.lists.pop()
        elif kind == "list_item_open":
            walk.item_pending = True
        elif kind == "list_item_close":
            if walk.item_pending:  # an empty item still shows its bullet or number
                _emit_paragraph(walk, "")
        elif kind == "blockquote_open":
            walk.quote_depth += 1
        elif kind == "blockquote_close":
            walk.quote_depth = max(0, walk.quote_depth - 1)
        elif kind in ("fence", "code_block"):
            _code(walk, token.content)
        elif kind == "hr":
            _emit_paragraph(walk, "", extra='<w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" w:color="A6A6A6"/></w:pBdr>')
        elif kind == "inline":  # an inline outside a paragraph (never produced today): keep its words
            _emit_paragraph(walk, inline_runs(body, token))
        i += 1


# --- blocks ------------------------------------------------------------------------------------


def _heading(walk: _Walk, inline: Token | None, level: int) -> None:
    runs = inline_runs(walk.body, inline) if inline is not None else ""
    text = plain(inline) if inline is not None else ""
    if not text.strip():
        return  # a lone "#": no empty heading in the text, no empty line in the contents
    bookmark_id, name = walk.body.bookmark_heading(level, text)
    walk.body.add(x.paragraph(x.bookmarked(bookmark_id, name, runs),
                              x.ppr(style=f"Heading{level}", bidi=x.starts_right_to_left(text))))


def _paragraph(walk: _Walk, inline: Token | None) -> None:
    _emit_paragraph(walk, inline_runs(walk.body, inline) if inline is not None else "",
                    rtl=inline is not None and x.starts_right_to_left(inline.content))


def _emit_paragraph(walk: _Walk, runs: str, *, extra: str = "", rtl: bool = False) -> None:
    style, num, indent = None, None, None
    if walk.lists:
        current = walk.lists[-1]
        style = "ListParagraph"
        if walk.item_pending:
            num = (current.level, current.num_id)
            walk.item_pending = False
        else:  # a second paragraph of the item: indented to its text, no number
            indent = LIST_INDENT * (current.level + 1) + 360
    elif walk.quote_depth:
        style = "Quote"
    walk.body.add(x.paragraph(runs, x.ppr(style=style, num=num, indent_twips=indent, extra=extra, bidi=rtl)))


def _code(walk: _Walk, content: str) -> None:
    lines = content.rstrip("\n").split("\n")
    props = x.rpr(mono=True)
    runs = x.BREAK.join(x.run(line, props) for line in lines)
    shading = '<w:shd w:val="clear" w:color="auto" w:fill="F2F2F2"/>'
    indent = LIST_INDENT * (walk.lists[-1].level + 1) + 360 if walk.lists else None
    walk.body.add(x.paragraph(runs, x.ppr(style="NoSpacing", indent_twips=indent, extra=shading)))
    walk.body.add(x.paragraph("", x.ppr(style="NoSpacing")))


def _table(walk: _Walk, stream: list[Token], i: int) -> int:
    """Write the table starting at stream[i]; return the index after its table_close."""
    header: list[tuple[str, str | None]] = []
    rows: list[list[tuple[str, str | None]]] = []
    row: list[tuple[str, str | None]] | None = None
    longest: list[int] = []  # characters of each column's longest cell, for the column widths
    longest_word: list[int] = []  # and of its longest word, which cannot wrap
    in_head = False
    n = len(stream)
    i += 1
    while i < n and stream[i].type != "table_close":
        token = stream[i]
        kind = token.type
        if kind == "thead_open":
            in_head = True
        elif kind == "thead_close":
            in_head = False
        elif kind == "tr_open":
            row = []
        elif kind == "tr_close" and row is not None:
            if in_head:
                header = row
            else:
                rows.append(row)
            row = None
        elif kind in ("th_open", "td_open") and row is not None:
            match = _TABLE_ALIGN.search(token.attrGet("style") or "")
            inline = stream[i + 1] if i + 1 < n and stream[i + 1].type == "inline" else None
            if len(rows) < WIDTH_SAMPLE_ROWS:
                column, text = len(row), inline.content if inline is not None else ""
                for sizes in (longest, longest_word):
                    sizes.extend([0] * (column + 1 - len(sizes)))
                longest[column] = max(longest[column], len(text))
                longest_word[column] = max(longest_word[column], max(map(len, text.split()), default=0))
            row.append((inline_runs(walk.body, inline, bold=in_head) if inline is not None else "",
                        match.group(1) if match else None))
        i += 1
    walk.body.add_table(table_xml(header, rows, column_widths(longest, longest_word)))
    return i + 1


#: rows read to size a table's columns (a long table's first rows show its shape well enough)
WIDTH_SAMPLE_ROWS = 200
#: past this many characters a cell wraps anyway: a longer one earns its column no more width
WIDTH_CAP_CHARS = 40
#: a character of bold table text at the body size, and a cell's left and right padding (twips)
CHAR_TWIPS, CELL_PADDING_TWIPS = 120, 230


def column_widths(longest: list[int], longest_word: list[int] | None = None) -> list[int] | None:
    """The text width shared by how much each column holds: a column of labels and a column of
    two-digit numbers should not get the same width, or the labels wrap line after line. Each
    column first gets room for its longest word (a word cannot wrap; up to one and a half even
    shares) and at least half an even share; the rest goes by the longest cell, capped."""
    if not longest:
        return None
    even = TEXT_WIDTH_TWIPS / len(longest)
    words = longest_word or [0] * len(longest)
    least = [max(even / 2, min(word * CHAR_TWIPS + CELL_PADDING_TWIPS, even * 1.5)) for word in words]
    spare = TEXT_WIDTH_TWIPS - sum(least)
    if spare < 0:  # many columns of long words: nothing fits, so share evenly
        return [int(even)] * len(longest)
    weights = [min(max(length, 3), WIDTH_CAP_CHARS) for length in longest]
    total = sum(weights)
    return [int(floor + spare * weight / total) for floor, weight in zip(least, weights, strict=True)]


def table_xml(header: list[tuple[str, str | None]], rows: list[list[tuple[str, str | None]]],
              widths_twips: list[int] | None = None) -> str:
    """A Word table: "Table Grid" style, full width, the first row marked as a header that
    repeats on every page. Cells are (runs XML, alignment)."""
    columns = max([len(header), *(len(r) for r in rows[:1])]) or 1
    if not widths_twips or len(widths_twips) != columns:
        widths_twips = [TEXT_WIDTH_TWIPS // columns] * columns
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths_twips)
    props = ('<w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="5000" w:type="pct"/>'
             '<w:tblLayout w:type="fixed"/>'
             '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>')
    cell_widths = [f'<w:tcW w:w="{w}" w:type="dxa"/>' for w in widths_twips]
    head_fill = f'<w:shd w:val="clear" w:color="auto" w:fill="{TABLE_HEADER_FILL}"/>'
    parts = [f"<w:tbl>{props}<w:tblGrid>{grid}</w:tblGrid>"]
    if header:
        parts.append('<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>')
        parts.extend(_cell(runs, align, cell_widths[c], head_fill) for c, (runs, align) in enumerate(header[:columns]))
        parts.extend(_cell("", None, cell_widths[c], head_fill) for c in range(len(header), columns))
        parts.append("</w:tr>")
    for cells in rows:
        parts.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>")
        parts.extend(_cell(runs, align, cell_widths[c], "") for c, (runs, align) in enumerate(cells[:columns]))
        parts.extend(_cell("", None, cell_widths[c], "") for c in range(len(cells), columns))
        parts.append("</w:tr>")
    parts.append("</w:tbl>")
    return "".join(parts)


def _cell(runs: str, align: str | None, width: str, fill: str) -> str:
    jc = f'<w:jc w:val="{"center" if align == "center" else align}"/>' if align in ("center", "right") else ""
    return (f"<w:tc><w:tcPr>{width}{fill}</w:tcPr>"
            f'<w:p><w:pPr><w:spacing w:before="20" w:after="20"/>{jc}</w:pPr>{runs}</w:p></w:tc>')


# --- inline --------------------------------------------------------------------------------------


def plain(inline: Token | None) -> str:
    """An inline token's words, without syntax (for bookmarks and the contents)."""
    return x.clean(inline_words(inline))


def inline_runs(body: Body, inline: Token, *, bold: bool = False) -> str:
    """The runs for one inline token, each formatted as `exports.inline.spans` reads it."""
    out: list[str] = []
    link_id: str | None = None
    link_runs: list[str] = []

    def emit(xml: str) -> None:
        (link_runs if link_id else out).append(xml)

    for span in spans(inline, bold=bold):
        kind = span.kind
        if kind == "text":
            emit(x.run(span.text, x.rpr(style="Hyperlink" if link_id else None, bold=span.bold,
                                        italic=span.italic, strike=span.strike)))
        elif kind == "code":
            emit(x.run(span.text, x.rpr(mono=True, bold=span.bold, italic=span.italic, strike=span.strike)))
        elif kind == "softbreak":
            emit(x.run(" "))
        elif kind == "hardbreak":
            emit(x.BREAK)
        elif kind == "image":
            emit(x.run(span.text, x.rpr(italic=True)))
        elif kind == "link_open":
            link_id = body.link_target(span.href)
            link_runs = []
        elif kind == "link_close":
            if link_id:
                out.append(x.hyperlink(link_id, "".join(link_runs)))
            link_id, link_runs = None, []
    if link_id and link_runs:  # an unclosed link (never from markdown-it): keep its words
        out.append(x.hyperlink(link_id, "".join(link_runs)))
    return "".join(out)
