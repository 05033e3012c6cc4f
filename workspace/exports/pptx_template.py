"""The deck's 16:9 template, made once per process by code (like exports/template.py for Word).

python-pptx's default template is 4:3, and switching the slide size leaves every placeholder
placed for 4:3 (stack-notes). So this module takes the default, sets 13.333 x 7.5 in, and
places the title and body placeholders of the master and of the layouts the deck uses for
16:9, with the NHS colours and one font. The bytes are kept; each build opens a copy.

Layouts used (python-pptx's default order):
- TITLE (0): slide 1, the title slide: title and subtitle;
- CONTENT (1): title and bullets;
- TWO (3): title, bullets left, the figure right (the right placeholder is removed and the
  picture placed in its frame, so it is never cropped);
- TITLE_ONLY (5): title and a figure across the full width (no bullets).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cache

from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

FONT = "Calibri"  # LibreOffice draws it with Carlito, which has the same metrics
NHS_BLUE = RGBColor(0x00, 0x5E, 0xB8)
NHS_DARK_BLUE = RGBColor(0x00, 0x30, 0x87)
DARK_GREY = RGBColor(0x42, 0x55, 0x63)
TEXT_BLACK = RGBColor(0x21, 0x2B, 0x32)
WHITE = RGBColor(0xFF, 0xFF, 0xFF)

SLIDE_WIDTH = Inches(13.333)
SLIDE_HEIGHT = Inches(7.5)

TITLE_LAYOUT, CONTENT_LAYOUT, TWO_LAYOUT, TITLE_ONLY_LAYOUT = 0, 1, 3, 5


@dataclass(frozen=True)
class Box:
    left: int
    top: int
    width: int
    height: int

    @property
    def right(self) -> int:
        return self.left + self.width

    @property
    def bottom(self) -> int:
        return self.top + self.height


MARGIN = Inches(0.6)
GUTTER = Inches(0.4)
TITLE_BOX = Box(MARGIN, Inches(0.35), SLIDE_WIDTH - 2 * MARGIN, Inches(1.0))
BODY_TOP = Inches(1.55)
BODY_BOTTOM = Inches(6.75)  # the footer line (slide number, team) sits below
BODY_BOX = Box(MARGIN, BODY_TOP, SLIDE_WIDTH - 2 * MARGIN, BODY_BOTTOM - BODY_TOP)
HALF_WIDTH = (BODY_BOX.width - GUTTER) // 2
LEFT_BOX = Box(MARGIN, BODY_TOP, HALF_WIDTH, BODY_BOX.height)
RIGHT_BOX = Box(MARGIN + HALF_WIDTH + GUTTER, BODY_TOP, HALF_WIDTH, BODY_BOX.height)
COVER_TITLE_BOX = Box(Inches(0.9), Inches(1.7), SLIDE_WIDTH - Inches(1.8), Inches(2.1))
COVER_SUBTITLE_BOX = Box(Inches(0.9), Inches(4.0), SLIDE_WIDTH - Inches(1.8), Inches(2.4))
FOOTER_TOP = Inches(6.95)
FOOTER_HEIGHT = Inches(0.4)
NUMBER_BOX = Box(SLIDE_WIDTH - MARGIN - Inches(1.6), FOOTER_TOP, Inches(1.6), FOOTER_HEIGHT)
FOOTER_BOX = Box(MARGIN, FOOTER_TOP, SLIDE_WIDTH - 2 * MARGIN - Inches(1.8), FOOTER_HEIGHT)

TITLE_SIZE = Pt(32)
COVER_TITLE_SIZE = Pt(40)
BODY_SIZES = (Pt(24), Pt(22), Pt(20), Pt(18), Pt(16), Pt(14))  # a level's size: level 0 is the first


@cache
def template_bytes() -> bytes:
    prs = Presentation()
    prs.slide_width, prs.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    master = prs.slide_master
    _place(master.placeholders, {"title": TITLE_BOX, "body": BODY_BOX})
    _master_styles(master)
    layouts = prs.slide_layouts
    _place(layouts[TITLE_LAYOUT].placeholders, {"ctrTitle": COVER_TITLE_BOX, "subTitle": COVER_SUBTITLE_BOX})
    _place(layouts[CONTENT_LAYOUT].placeholders, {"title": TITLE_BOX, "body": BODY_BOX})
    _place(layouts[TWO_LAYOUT].placeholders, {"title": TITLE_BOX}, bodies=[LEFT_BOX, RIGHT_BOX])
    _place(layouts[TITLE_ONLY_LAYOUT].placeholders, {"title": TITLE_BOX})
    for layout in (master, *layouts):  # date, footer and number: where 16:9 puts them
        _place(layout.placeholders, {"dt": Box(0, 0, 0, 0), "ftr": FOOTER_BOX, "sldNum": NUMBER_BOX})
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def new_presentation():
    """A fresh copy of the 16:9 template."""
    return Presentation(io.BytesIO(template_bytes()))


def _kind(placeholder) -> str:
    ph = placeholder._element.find(".//" + qn("p:ph"))
    return ph.get("type", "body") if ph is not None else "body"


def _place(placeholders, boxes: dict[str, Box], bodies: list[Box] | None = None) -> None:
    body_index = 0
    for placeholder in placeholders:
        kind = _kind(placeholder)
        box = boxes.get(kind)
        if box is None and kind in ("body", "obj") and bodies:
            box = bodies[min(body_index, len(bodies) - 1)]
            body_index += 1
        if box is None:
            continue
        if kind == "dt" and box.width == 0:
            continue  # the date placeholder stays where it is: the deck never fills it
        placeholder.left, placeholder.top = Emu(box.left), Emu(box.top)
        placeholder.width, placeholder.height = Emu(box.width), Emu(box.height)


def _master_styles(master) -> None:
    """The master's text styles: titles in NHS blue, everything in one font, body sizes that
    read across a room, level by level."""
    styles = master._element.find(qn("p:txStyles"))
    title = styles.find(qn("p:titleStyle"))
    _style_level(title.find(qn("a:lvl1pPr")), TITLE_SIZE, "005EB8", bold=True)
    title.find(qn("a:lvl1pPr")).set("algn", "l")
    body = styles.find(qn("p:bodyStyle"))
    for level in range(1, 10):
        element = body.find(qn(f"a:lvl{level}pPr"))
        if element is not None:
            size = BODY_SIZES[min(level - 1, len(BODY_SIZES) - 1)]
            _style_level(element, size, "212B32")
    other = styles.find(qn("p:otherStyle"))
    if other is not None:
        for level in range(1, 10):
            element = other.find(qn(f"a:lvl{level}pPr"))
            if element is not None:
                _style_level(element, None, None)


def _style_level(ppr, size, colour: str | None, bold: bool = False) -> None:
    default = ppr.find(qn("a:defRPr"))
    if default is None:
        default = etree.SubElement(ppr, qn("a:defRPr"))
    if size is not None:
        default.set("sz", str(int(size.pt * 100)))
    if bold:
        default.set("b", "1")
    if colour is not None:
        for old in default.findall(qn("a:solidFill")):
            default.remove(old)
        fill = etree.Element(qn("a:solidFill"))
        etree.SubElement(fill, qn("a:srgbClr"), val=colour)
        default.insert(0, fill)
    for tag in ("a:latin", "a:ea", "a:cs"):
        for old in default.findall(qn(tag)):
            default.remove(old)
    for tag in ("a:latin", "a:cs"):
        etree.SubElement(default, qn(tag), typeface=FONT)
