"""The PowerPoint deck (issue 12): built by python-pptx from our own 16:9 template.

`build_deck_pptx(team, audience)` -> DeckBuild(pptx bytes, failed_parts). It asks the deck
registry (exports.deck) for the team's slides, and, only when some slide shows a figure, the
parts registry for the team's figures, once per build; each figure's PNG comes through
`figures.figure_png`, so it is drawn once per content hash. A figure that no longer exists or
fails to draw leaves a note on its slide and its key in `failed_parts`: it never costs the deck.

Each slide: the title in its title placeholder (NHS blue), the bullets in the body placeholder
(levels, bold and italic runs; sized to fit), the figure fitted without distortion (right of
the bullets, or across the slide when there are none), "3 / 11" and the team in the footer,
and speaker notes that start with the presenter and the minutes. Slide 1 uses the title-slide
layout. `render_deck` does the same from plain data (no database), for tests and benchmarks.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from pptx.dml.color import RGBColor
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml import parse_xml
from pptx.util import Emu, Inches, Pt

from . import pptx_text as text
from .deck import DeckContents, DeckSlide, deck_contents
from .figures import figure_png
from .ooxml import clean
from .parts import Figure, figure_choices
from .pptx_pictures import fit, png_size
from .pptx_template import (
    BODY_BOX,
    CONTENT_LAYOUT,
    COVER_SUBTITLE_BOX,
    COVER_TITLE_BOX,
    DARK_GREY,
    FONT,
    FOOTER_BOX,
    LEFT_BOX,
    NHS_BLUE,
    NUMBER_BOX,
    RIGHT_BOX,
    TITLE_BOX,
    TITLE_LAYOUT,
    TITLE_ONLY_LAYOUT,
    TWO_LAYOUT,
    WHITE,
    Box,
    new_presentation,
)

log = logging.getLogger(__name__)

PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
CAPTION_HEIGHT = Inches(0.45)
FIGURE_GONE = "This slide's figure is no longer available ({what})."
FIGURE_FAILED = "This slide's figure could not be drawn ({what})."
LIGHT_GREY = RGBColor(0xE8, 0xED, 0xEE)
TITLE_MAX_CHARS = 200
NOTES_MAX_CHARS = 20 * 1024
#: the deck's slides are bounded by the model (40); a deck given more keeps the first ones
MAX_SLIDES = 60


@dataclass
class DeckBuild:
    pptx: bytes
    failed_parts: list[str] = field(default_factory=list)


FigureLookup = Callable[[str], Figure | None]


def build_deck_pptx(team, audience: str) -> DeckBuild:
    """The team's deck for `audience` ("team", "host" or "assessor")."""
    contents = deck_contents(team, audience)
    if contents is None:  # no presentation feature registered: a title slide from the team
        contents = DeckContents(team.review_title, team.name, team.host_organisation.name, team.cohort.name, 0, [])
    choices: dict[str, Figure] | None = None

    def lookup(key: str) -> Figure | None:
        nonlocal choices
        if choices is None:  # once per build, and only when some slide shows a figure
            choices = {choice.key: choice.figure for choice in figure_choices(team, audience)}
        return choices.get(key)

    return render_deck(contents, lookup)


def render_deck(contents: DeckContents, lookup: FigureLookup, *, now: datetime | None = None) -> DeckBuild:
    prs = new_presentation()
    failed: list[str] = []
    slides = list(contents.slides[:MAX_SLIDES]) or [
        DeckSlide(1, contents.title, f"- {contents.team_name}\n- Host partner: {contents.host_partner}", "", "", 0)]
    total = len(slides)
    for number, slide in enumerate(slides, start=1):
        _slide(prs, contents, slide, number, total, lookup, failed)
    _properties(prs, contents, now or datetime.now(UTC))
    out = io.BytesIO()
    prs.save(out)
    return DeckBuild(out.getvalue(), list(dict.fromkeys(failed)))


def body_shrinks(body: str, *, with_figure: bool, cover: bool = False) -> bool:
    """Whether the deck sets this slide body in smaller type than its largest, or leaves some
    of it out, so that it fits its box (by the same estimate `_bullets` uses): the slide page
    says so under its preview."""
    found, cut = text.paragraphs(body)
    if cut:
        return True
    if not found:
        return False
    box = COVER_SUBTITLE_BOX if cover and not with_figure else LEFT_BOX if with_figure else BODY_BOX
    return text.fitted_size(found, box.width, box.height) < text.SIZES[0]


# --- one slide ------------------------------------------------------------------------------------


def _slide(prs, contents: DeckContents, slide: DeckSlide, number: int, total: int, lookup: FigureLookup,
           failed: list[str]) -> None:
    body, _ = text.paragraphs(slide.body)
    picture = _figure(slide, lookup, failed) if slide.figure_key else None
    cover = number == 1 and not slide.figure_key
    if cover:
        layout = TITLE_LAYOUT
    elif slide.figure_key:
        layout = TWO_LAYOUT if body else TITLE_ONLY_LAYOUT
    else:
        layout = CONTENT_LAYOUT
    page = prs.slides.add_slide(prs.slide_layouts[layout])
    title = clean(slide.title).strip()[:TITLE_MAX_CHARS] or "Untitled slide"
    _title(page.shapes.title, title, cover)
    bodies = [ph for ph in page.placeholders if ph.placeholder_format.idx != 0]
    if cover:
        _cover(page, bodies[0], body)
    else:
        _bullets(bodies, body, LEFT_BOX if layout == TWO_LAYOUT else BODY_BOX)
        if layout == TWO_LAYOUT:
            area = RIGHT_BOX
        elif layout == TITLE_ONLY_LAYOUT:
            area = BODY_BOX
        else:
            area = None
        if area is not None:
            _place_figure(page, slide, picture, area)
    _footer(page, contents, number, total, light=cover)
    _notes(page, slide)


TITLE_SIZES = (32, 28, 24, 22, 20, 18, 16)
COVER_TITLE_SIZES = (40, 36, 32, 28, 24, 20)


def _title(shape, title: str, cover: bool) -> None:
    """The title in its placeholder, at the largest size at which it fits the title's box."""
    frame = shape.text_frame
    frame.text = title
    frame.word_wrap = True
    box = COVER_TITLE_BOX if cover else TITLE_BOX
    size = text.title_size(title, box.width, box.height, COVER_TITLE_SIZES if cover else TITLE_SIZES)
    for run in frame.paragraphs[0].runs:
        run.font.size = Pt(size)
    frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE


def _cover(page, subtitle, body: list[text.Paragraph]) -> None:
    """Slide 1: NHS blue behind white words."""
    page.background.fill.solid()
    page.background.fill.fore_color.rgb = NHS_BLUE
    for run in page.shapes.title.text_frame.paragraphs[0].runs:
        run.font.color.rgb = WHITE
    if not body:
        subtitle._element.getparent().remove(subtitle._element)
        return
    frame = subtitle.text_frame
    frame.word_wrap = True
    size = min(text.fitted_size(body, COVER_SUBTITLE_BOX.width, COVER_SUBTITLE_BOX.height), 24)
    flat = [text.Paragraph(p.runs, 0, bullet=False) for p in body]
    text.write(frame, flat, size, colour=WHITE)
    for paragraph in frame.paragraphs:
        paragraph.alignment = PP_ALIGN.LEFT


def _bullets(bodies, body: list[text.Paragraph], box: Box) -> None:
    """The bullets into the first body placeholder; every other body placeholder (the right
    one of two columns, where the picture goes) is removed, and so is an empty one."""
    for extra in bodies[1:] if body else bodies:
        extra._element.getparent().remove(extra._element)
    if not body:
        return
    frame = bodies[0].text_frame
    frame.word_wrap = True
    size = text.fitted_size(body, box.width, box.height)
    text.write(frame, body, size)
    # PowerPoint shrinks further on opening if our estimate was short (normAutofit).
    frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE


@dataclass
class _Picture:
    png: bytes | None
    note: str | None
    caption: str
    alt: str


def _figure(slide: DeckSlide, lookup: FigureLookup, failed: list[str]) -> _Picture:
    key = slide.figure_key or ""
    caption = clean(slide.figure_caption or "").strip()
    try:
        figure = lookup(key)
    except Exception:  # the parts registry failing costs the figure, never the deck
        log.exception("figure choices failed for deck slide %s", slide.number)
        figure = None
    if figure is None:
        failed.append(key)
        return _Picture(None, FIGURE_GONE.format(what=caption or key), caption, "")
    try:
        png = figure_png(figure)
        png_size(png)
    except Exception:
        log.exception("deck figure %s failed", key)
        failed.append(key)
        return _Picture(None, FIGURE_FAILED.format(what=caption or figure.caption or key), caption, "")
    return _Picture(png, None, caption or clean(figure.caption), clean(figure.alt_text or figure.caption))


def _place_figure(page, slide: DeckSlide, picture: _Picture | None, area: Box) -> None:
    if picture is None:
        return
    caption = picture.caption.strip()
    frame_box = Box(area.left, area.top, area.width, area.height - (CAPTION_HEIGHT if caption else 0))
    if picture.png is None:
        _note_box(page, frame_box, picture.note or "")
    else:
        placed = fit(png_size(picture.png), frame_box)
        shape = page.shapes.add_picture(io.BytesIO(picture.png), Emu(placed.left), Emu(placed.top),
                                        Emu(placed.width), Emu(placed.height))
        shape.name = "Figure"
        shape._element.nvPicPr.cNvPr.set("descr", picture.alt[:1000])
        frame_box = placed
    if caption:
        box = page.shapes.add_textbox(Emu(area.left), Emu(frame_box.bottom + Inches(0.05)), Emu(area.width),
                                      Emu(CAPTION_HEIGHT - Inches(0.05)))
        box.name = "Figure caption"
        frame = box.text_frame
        frame.word_wrap = True
        paragraph = frame.paragraphs[0]
        paragraph.alignment = PP_ALIGN.CENTER
        run = paragraph.add_run()
        run.text = caption[:300]
        run.font.size, run.font.italic, run.font.name = Pt(12), True, FONT
        run.font.color.rgb = DARK_GREY


def _note_box(page, box: Box, note: str) -> None:
    shape = page.shapes.add_textbox(Emu(box.left), Emu(box.top), Emu(box.width), Emu(box.height))
    shape.name = "Figure note"
    shape.fill.solid()
    shape.fill.fore_color.rgb = LIGHT_GREY
    frame = shape.text_frame
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    paragraph = frame.paragraphs[0]
    paragraph.alignment = PP_ALIGN.CENTER
    run = paragraph.add_run()
    run.text = note
    run.font.size, run.font.name = Pt(16), FONT
    run.font.color.rgb = DARK_GREY


SLIDE_NUMBER_XML = (
    '<p:sp xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
    '<p:nvSpPr><p:cNvPr id="{id}" name="Slide Number"/><p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr>'
    '<p:nvPr><p:ph type="sldNum" sz="quarter" idx="{idx}"/></p:nvPr></p:nvSpPr>'
    '<p:spPr><a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm></p:spPr>'
    '<p:txBody><a:bodyPr wrap="square"/><a:lstStyle/><a:p><a:pPr algn="r"/>'
    '<a:fld id="{{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}}" type="slidenum">{rpr}<a:t>{number}</a:t></a:fld>'
    '<a:r>{rpr}<a:t> / {total}</a:t></a:r></a:p></p:txBody></p:sp>'
)


def _slide_number_idx(page) -> int:
    """The layout's slide-number placeholder's idx, which the slide's own must repeat."""
    for placeholder in page.slide_layout.placeholders:
        if placeholder.placeholder_format.type == PP_PLACEHOLDER.SLIDE_NUMBER:
            return placeholder.placeholder_format.idx
    return 12  # python-pptx's default layouts all use 12


def _footer(page, contents: DeckContents, number: int, total: int, *, light: bool) -> None:
    """"3 / 11" bottom right: a real slide-number placeholder whose number is PowerPoint's
    slidenum field (so it follows a reorder made in PowerPoint), and the team bottom left."""
    colour = "FFFFFF" if light else "425563"
    rpr = f'<a:rPr lang="en-GB" sz="1200"><a:solidFill><a:srgbClr val="{colour}"/></a:solidFill>' \
          f'<a:latin typeface="{FONT}"/><a:cs typeface="{FONT}"/></a:rPr>'
    element = parse_xml(SLIDE_NUMBER_XML.format(
        id=page.shapes._next_shape_id, idx=_slide_number_idx(page), x=NUMBER_BOX.left, y=NUMBER_BOX.top,
        cx=NUMBER_BOX.width, cy=NUMBER_BOX.height, rpr=rpr, number=number, total=total))
    page.shapes._spTree.append(element)
    team = clean(contents.team_name).strip()
    if not team or number == 1:
        return
    footer = page.shapes.add_textbox(Emu(FOOTER_BOX.left), Emu(FOOTER_BOX.top), Emu(FOOTER_BOX.width),
                                     Emu(FOOTER_BOX.height))
    footer.name = "Footer"
    footer.text_frame.word_wrap = True
    run = footer.text_frame.paragraphs[0].add_run()
    run.text = team[:120]
    run.font.size, run.font.name = Pt(12), FONT
    run.font.color.rgb = WHITE if light else DARK_GREY


# --- notes and properties --------------------------------------------------------------------------


def duration(seconds: int) -> str:
    """"2 min 30 s", "2 min", "45 s", "0 s"."""
    seconds = max(int(seconds or 0), 0)
    minutes, rest = divmod(seconds, 60)
    if minutes and rest:
        return f"{minutes} min {rest} s"
    return f"{minutes} min" if minutes else f"{rest} s"


def notes_heading(slide: DeckSlide) -> str:
    presenter = clean(slide.presenter).strip() or "not chosen yet"
    return f"Presenter: {presenter} \u00b7 {duration(slide.seconds)}"


def _notes(page, slide: DeckSlide) -> None:
    notes = clean(slide.notes or "").replace("\r\n", "\n").strip()
    if len(notes) > NOTES_MAX_CHARS:
        notes = notes[:NOTES_MAX_CHARS] + "\n(The rest of the notes is left out.)"
    frame = page.notes_slide.notes_text_frame
    frame.text = notes_heading(slide) + ("\n\n" + notes if notes else "")


def _properties(prs, contents: DeckContents, now: datetime) -> None:
    props = prs.core_properties
    stamp = now.astimezone(UTC).replace(microsecond=0, tzinfo=None)
    props.title = clean(contents.title)[:255]
    props.author = clean(contents.team_name)[:255]
    props.last_modified_by = clean(contents.team_name)[:255]
    props.subject = f"Group presentation: {clean(contents.host_partner)}"[:255]
    props.category = "Group presentation"
    props.keywords = "strategic change review; group presentation"
    props.comments = f"{clean(contents.team_name)}, {clean(contents.cohort_name)}"[:255]
    props.created = props.modified = stamp
    props.revision = 1
