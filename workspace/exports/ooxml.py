"""Small OOXML writers: text that is safe in XML, runs, fields, bookmarks and hyperlinks.

The exporter builds WordprocessingML as strings and parses each batch once
(`docx.oxml.parse_xml`, so python-docx's element classes still apply). Building a 33,000-row
table through python-docx's object API takes minutes; as text it takes well under a second.
Everything here escapes what it is given: no caller needs to think about XML.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape, quoteattr

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NAMESPACES = (
    f'xmlns:w="{W_NS}" xmlns:r="{R_NS}" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"'
)

# Characters XML 1.0 forbids (C0 controls but tab, newline and return; lone surrogates; the
# two non-characters U+FFFE and U+FFFF). Text the app accepted may hold them; Word and
# python-docx refuse them, so they are dropped at this one boundary.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
_STRONG_LTR = re.compile(r"[A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff]")


def clean(text: str) -> str:
    return _ILLEGAL.sub("", text or "")


def esc(text: str) -> str:
    return escape(clean(text))


def attr(text: str) -> str:
    """An attribute value, quoted."""
    return quoteattr(clean(text))


def starts_right_to_left(text: str) -> bool:
    """Whether the first strongly directional letter is Hebrew or Arabic script."""
    rtl, ltr = _RTL.search(text), _STRONG_LTR.search(text)
    return rtl is not None and (ltr is None or rtl.start() < ltr.start())


# --- runs ------------------------------------------------------------------------------------


MONO = '<w:rFonts w:ascii="Consolas" w:hAnsi="Consolas" w:cs="Consolas"/>'


def rpr(*, style: str | None = None, bold=False, italic=False, strike=False, mono=False) -> str:
    """Run properties, in the order the schema requires (rStyle, rFonts, b, i, strike)."""
    parts = []
    if style:
        parts.append(f'<w:rStyle w:val="{style}"/>')
    if mono:
        parts.append(MONO)
    if bold:
        parts.append("<w:b/>")
    if italic:
        parts.append("<w:i/>")
    if strike:
        parts.append("<w:strike/>")
    return f"<w:rPr>{''.join(parts)}</w:rPr>" if parts else ""


def run(text: str, props: str = "") -> str:
    """One run holding one w:t (the review copy's comment anchoring relies on that)."""
    return f'<w:r>{props}<w:t xml:space="preserve">{esc(text)}</w:t></w:r>'


BREAK = "<w:r><w:br/></w:r>"
PAGE_BREAK = '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'


def field(instruction: str, result: str = "", props: str = "") -> str:
    """A complex field (PAGE, NUMPAGES, SEQ ...) with a cached result shown before updating."""
    return (
        f'<w:r>{props}<w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r>{props}<w:instrText xml:space="preserve"> {esc(instruction)} </w:instrText></w:r>'
        f'<w:r>{props}<w:fldChar w:fldCharType="separate"/></w:r>'
        f"{run(result, props) if result else ''}"
        f'<w:r>{props}<w:fldChar w:fldCharType="end"/></w:r>'
    )


def bookmarked(bookmark_id: int, name: str, inner: str) -> str:
    return f'<w:bookmarkStart w:id="{bookmark_id}" w:name="{name}"/>{inner}<w:bookmarkEnd w:id="{bookmark_id}"/>'


def hyperlink(rel_id: str, inner: str) -> str:
    return f'<w:hyperlink r:id="{rel_id}" w:history="1">{inner}</w:hyperlink>'


def anchor_link(anchor: str, inner: str) -> str:
    return f'<w:hyperlink w:anchor="{anchor}" w:history="1">{inner}</w:hyperlink>'


# --- paragraphs ------------------------------------------------------------------------------


def ppr(*, style: str | None = None, num: tuple[int, int] | None = None, indent_twips: int | None = None,
        keep_next=False, page_break_before=False, align: str | None = None, bidi=False, extra: str = "") -> str:
    """Paragraph properties in schema order: pStyle, keepNext, pageBreakBefore, numPr, (extra:
    borders, tabs), bidi, ind, jc."""
    parts = []
    if style:
        parts.append(f'<w:pStyle w:val="{style}"/>')
    if keep_next:
        parts.append("<w:keepNext/>")
    if page_break_before:
        parts.append("<w:pageBreakBefore/>")
    if num is not None:
        level, num_id = num
        parts.append(f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>')
    if extra:
        parts.append(extra)
    if bidi:
        parts.append("<w:bidi/>")
    if indent_twips is not None:
        parts.append(f'<w:ind w:left="{indent_twips}"/>')
    if align:
        parts.append(f'<w:jc w:val="{align}"/>')
    return f"<w:pPr>{''.join(parts)}</w:pPr>" if parts else ""


def paragraph(inner: str, props: str = "") -> str:
    return f"<w:p>{props}{inner}</w:p>"
