"""The reference document every Word export starts from, made once per process by code.

python-docx's default template lacks styles Word's own features refer to (Hyperlink, the
comment styles, TOC 1-3) and has numbering definitions with one level only, so nested lists
would have nowhere to go. Rather than commit a binary .docx that nobody can review, this module
builds the reference from python-docx's default with the changes written out below, and keeps
the bytes: each export opens a copy (about 10 ms) instead of redoing this work.

Every style used is one of Word's built-in styles (Title, Heading 1-4, List Paragraph, Quote,
Caption, TOC 1-3, ...), so the navigation pane, the contents and restyling all work in Word.
"""

from __future__ import annotations

import io
from functools import cache

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from .ooxml import NAMESPACES

BODY_FONT = "Calibri"  # LibreOffice draws it with Carlito, which has the same metrics
NHS_BLUE = RGBColor(0x00, 0x5E, 0xB8)
NHS_DARK_BLUE = RGBColor(0x00, 0x30, 0x87)
DARK_GREY = RGBColor(0x42, 0x55, 0x63)

#: abstract numbering ids this template adds (well clear of the default template's 0-8)
BULLET_ABSTRACT, DECIMAL_ABSTRACT = 90, 91
#: the one w:num that every bulleted list uses (bullets never count, so never need restarting)
BULLET_NUM_ID = 90
LIST_INDENT = 360  # twips per list level (a quarter inch)
MAX_LIST_LEVEL = 8  # Word's numbering has nine levels, 0-8

#: text width of an A4 page with 2.5 cm margins, in twips (for tables and tab stops)
TEXT_WIDTH_TWIPS = round((21.0 - 2 * 2.5) / 2.54 * 1440)


@cache
def reference_bytes() -> bytes:
    doc = Document()
    _page_setup(doc)
    _styles(doc)
    _numbering(doc)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def new_document():
    """A fresh copy of the reference document."""
    return Document(io.BytesIO(reference_bytes()))


def _page_setup(doc) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)  # A4
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.5))
    section.header_distance = section.footer_distance = Cm(1.25)


def _plain_font(style, name: str) -> None:
    """Set a style's font by name, dropping the theme-font references that would win over it."""
    style.font.name = name
    fonts = style.element.rPr.find(qn("w:rFonts"))
    for theme_attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme_attr), None)
    fonts.set(qn("w:cs"), name)


def _styles(doc) -> None:
    styles = doc.styles
    normal = styles["Normal"]
    _plain_font(normal, BODY_FONT)
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15

    for level, size, before in ((1, 16, 18), (2, 13, 12), (3, 12, 10), (4, 11, 8)):
        heading = styles[f"Heading {level}"]
        _plain_font(heading, BODY_FONT)
        heading.font.size = Pt(size)
        heading.font.color.rgb = NHS_BLUE if level > 1 else NHS_DARK_BLUE
        heading.font.italic = False
        heading.paragraph_format.space_before = Pt(before)
        heading.paragraph_format.space_after = Pt(6)

    title = styles["Title"]
    _plain_font(title, BODY_FONT)
    title.font.size = Pt(26)
    title.font.color.rgb = NHS_DARK_BLUE
    subtitle = styles["Subtitle"]
    _plain_font(subtitle, BODY_FONT)
    subtitle.font.size = Pt(15)
    subtitle.font.italic = False
    subtitle.font.color.rgb = DARK_GREY
    # The default Subtitle carries a stray numbering level; without a numId it only confuses.
    numbering = subtitle.element.pPr.find(qn("w:numPr"))
    if numbering is not None:
        subtitle.element.pPr.remove(numbering)
    toc_heading = styles["TOC Heading"]
    toc_heading.paragraph_format.space_before = Pt(0)

    caption = styles["Caption"]
    caption.font.color.rgb = DARK_GREY
    caption.font.size = Pt(9.5)
    caption.paragraph_format.space_after = Pt(10)

    quote = styles["Quote"]
    quote.paragraph_format.left_indent = Cm(1)
    quote.paragraph_format.right_indent = Cm(1)
    quote.font.color.rgb = DARK_GREY

    for name, size in (("Header", 9), ("Footer", 9)):
        styles[name].font.size = Pt(size)
        styles[name].font.color.rgb = DARK_GREY

    hyperlink = styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
    hyperlink.font.underline = True
    hyperlink.font.color.rgb = RGBColor(0x00, 0x5E, 0xB8)
    hyperlink.unhide_when_used = True

    for level in (1, 2, 3):
        toc = styles.add_style(f"TOC {level}", WD_STYLE_TYPE.PARAGRAPH)
        toc.element.name_val = f"toc {level}"  # Word's built-in name, so "Update table" uses it
        toc.base_style = normal
        toc.paragraph_format.left_indent = Cm(0.6 * (level - 1))
        toc.paragraph_format.space_after = Pt(3 if level > 1 else 4)
        toc.unhide_when_used = True

    comment_text = styles.add_style("CommentText", WD_STYLE_TYPE.PARAGRAPH)
    comment_text.element.name_val = "annotation text"
    comment_text.base_style = normal
    comment_text.font.size = Pt(10)
    comment_reference = styles.add_style("CommentReference", WD_STYLE_TYPE.CHARACTER)
    comment_reference.element.name_val = "annotation reference"
    comment_reference.font.size = Pt(8)


def _level(ilvl: int, fmt: str, text: str, font: str | None = None) -> str:
    fonts = f'<w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:hint="default"/></w:rPr>' if font else ""
    left = LIST_INDENT * (ilvl + 1) + 360
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="{left}" w:hanging="360"/></w:pPr>{fonts}</w:lvl>'
    )


def _numbering(doc) -> None:
    """Two nine-level lists: bullets (• ◦ ▪ ...) and numbers (1. a. i. ...). Each numbered list
    in a document gets its own w:num over DECIMAL_ABSTRACT, so each restarts where markdown
    restarts it."""
    bullets = ("\u2022", "\u25e6", "\u25aa")
    decimal = (("decimal", "%{n}."), ("lowerLetter", "%{n}."), ("lowerRoman", "%{n}."))
    bullet_levels = "".join(_level(i, "bullet", bullets[i % 3]) for i in range(9))
    decimal_levels = "".join(
        _level(i, decimal[i % 3][0], decimal[i % 3][1].format(n=i + 1)) for i in range(9)
    )
    numbering = doc.part.numbering_part.element
    first_num = numbering.find(qn("w:num"))
    for abstract_id, levels in ((BULLET_ABSTRACT, bullet_levels), (DECIMAL_ABSTRACT, decimal_levels)):
        element = parse_xml(
            f'<w:abstractNum {NAMESPACES} w:abstractNumId="{abstract_id}">'
            f'<w:multiLevelType w:val="multilevel"/>{levels}</w:abstractNum>'
        )
        # abstractNums must all come before the first w:num, or the part is schema-invalid.
        if first_num is not None:
            first_num.addprevious(element)
        else:
            numbering.append(element)
    numbering.append(parse_xml(
        f'<w:num {NAMESPACES} w:numId="{BULLET_NUM_ID}"><w:abstractNumId w:val="{BULLET_ABSTRACT}"/></w:num>'
    ))
