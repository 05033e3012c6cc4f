"""The PowerPoint deck, read back with python-pptx: 16:9, slide count and titles, bullet levels
and bold/italic runs, notes with the presenter and minutes, pictures fitted without distortion,
slide numbers, core properties; a slide whose figure is gone or fails; hostile markdown."""

from __future__ import annotations

import io
from contextlib import contextmanager

import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE, PP_PLACEHOLDER
from pptx.util import Inches

from workspace.exports import parts as registry
from workspace.exports.deck import DeckContents, DeckSlide
from workspace.exports.pptx import build_deck_pptx, duration, render_deck
from workspace.exports.pptx_pictures import png_size
from workspace.exports.pptx_template import BODY_BOX, RIGHT_BOX
from workspace.exports.pptx_text import BODY_MAX_CHARS, CUT_NOTE, MAX_PARAGRAPHS
from workspace.extensions import db
from workspace.presentation.layout import ensure_deck
from workspace.presentation.queries import slides_of
from workspace.presentation.template import DEFAULT_OUTLINE

PROVIDER = "deck-test-figures"  # never a real provider's name (see tests/test_export_pages.py)


def png(width: int, height: int, colour=(0, 94, 184)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, "PNG")
    return out.getvalue()


def read(data: bytes):
    return Presentation(io.BytesIO(data))


def texts(slide) -> list[str]:
    return [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]


def pictures(slide) -> list:
    return [shape for shape in slide.shapes if shape.shape_type == MSO_SHAPE_TYPE.PICTURE]


def body_placeholder(slide):
    found = [ph for ph in slide.placeholders
             if ph.placeholder_format.type in (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT)]
    return found[0] if found else None


@contextmanager
def figures(**shapes: tuple[int, int]):
    """A parts provider of our own offering a figure per name, of the given pixel size; plus
    'broken', whose render raises."""
    rendered: list[str] = []

    def render_of(key, size):
        def render():
            rendered.append(key)
            return png(*size)
        return render

    def broken():
        raise RuntimeError("cannot draw")

    def provide(team, audience):
        made = [registry.Figure(key, "stakeholders", f"Figure {key}", render=render_of(key, size),
                                content_hash=f"deck-test-{key}-{size[0]}x{size[1]}-{team.id}")
                for key, size in shapes.items()]
        made.append(registry.Figure("broken", "stakeholders", "Broken figure", render=broken))
        return made

    registry.register_parts(PROVIDER, provide)
    try:
        yield rendered
    finally:
        registry.unregister_parts(PROVIDER)


def choose(team, figure_by_position: dict[int, str | None], body_by_position: dict[int, str] | None = None):
    ensure_deck(team)
    slides = slides_of(team)
    for position, key in figure_by_position.items():
        slides[position - 1].figure_key = f"{PROVIDER}/{key}" if key else None
        slides[position - 1].figure_caption = f"Caption {key}" if key else None
    for position, body in (body_by_position or {}).items():
        slides[position - 1].body = body
    db.session.commit()


# --- the default outline, built for a team ---------------------------------------------------------


def test_a_teams_deck_is_16_9_with_every_outline_slide_titled_and_numbered(world):
    team = world.team
    ensure_deck(team)
    slides = slides_of(team)
    slides[1].presenter_id, slides[1].seconds, slides[1].notes = world.member.id, 150, "Say why it matters."
    db.session.commit()
    build = build_deck_pptx(team, "team")
    assert build.failed_parts == []
    deck = read(build.pptx)
    assert (deck.slide_width, deck.slide_height) == (Inches(13.333), Inches(7.5))
    assert len(deck.slides) == len(DEFAULT_OUTLINE) == 11
    titles = [slide.shapes.title.text_frame.text for slide in deck.slides]
    assert titles[0] == team.review_title  # the outline's {review_title}, filled in
    assert titles[1:] == [entry.title for entry in DEFAULT_OUTLINE[1:]]
    for number, slide in enumerate(deck.slides, start=1):
        assert f"{number} / 11" in texts(slide)
        # A real slide-number placeholder whose number is PowerPoint's own field.
        [numbering] = [ph for ph in slide.placeholders if ph.placeholder_format.type == PP_PLACEHOLDER.SLIDE_NUMBER]
        assert numbering.text_frame.text == f"{number} / 11"
        field = numbering._element.find(".//{http://schemas.openxmlformats.org/drawingml/2006/main}fld")
        assert field.get("type") == "slidenum"
    assert deck.slides[0].slide_layout.name == "Title Slide"
    assert {s.slide_layout.name for s in list(deck.slides)[1:]} == {"Title and Content"}
    notes = deck.slides[1].notes_slide.notes_text_frame.text
    assert notes.startswith(f"Presenter: {world.member.name} \u00b7 2 min 30 s")
    assert "Say why it matters." in notes
    assert deck.slides[2].notes_slide.notes_text_frame.text.startswith("Presenter: not chosen yet \u00b7 2 min")


def test_placeholders_are_placed_for_16_9_inside_the_slide(world):
    deck = read(build_deck_pptx(world.team, "team").pptx)
    for slide in deck.slides:
        for shape in slide.shapes:
            assert shape.left >= 0 and shape.top >= 0, shape.name
            assert shape.left + shape.width <= deck.slide_width, shape.name
            assert shape.top + shape.height <= deck.slide_height, shape.name
    title = deck.slides[1].shapes.title
    assert title.width > Inches(11)  # the 4:3 default would be 9 in wide at most


def test_core_properties_name_the_review_the_team_and_the_host(world):
    team = world.team
    props = read(build_deck_pptx(team, "assessor").pptx).core_properties
    assert props.title == team.review_title
    assert props.author == props.last_modified_by == team.name
    assert props.subject == f"Group presentation: {team.host_organisation.name}"
    assert props.category == "Group presentation"
    assert props.created is not None and props.modified is not None


# --- text ----------------------------------------------------------------------------------------


def _one_slide(body: str, **kwargs) -> object:
    contents = DeckContents("Review", "Team A", "Host", "Cohort", 1200,
                            [DeckSlide(1, "Cover", "", "", "", 60), DeckSlide(2, "Body", body, "", "", 60, **kwargs)])
    build = render_deck(contents, lambda key: None)
    return read(build.pptx).slides[1], build


def test_nested_bullets_become_levels_with_bold_and_italic_runs():
    slide, _ = _one_slide("- **Bold** start\n  - *italic* middle\n    - third `code` [a link](https://x.org)\n"
                          "      - fourth\n        - fifth\n          - sixth stays at level 4\n\nA plain paragraph\n")
    paragraphs = body_placeholder(slide).text_frame.paragraphs
    assert [(p.level, p.text) for p in paragraphs] == [
        (0, "Bold start"), (1, "italic middle"), (2, "third code a link"), (3, "fourth"), (4, "fifth"),
        (4, "sixth stays at level 4"), (0, "A plain paragraph")]
    bold, rest = paragraphs[0].runs[:2]
    assert (bold.text, bold.font.bold) == ("Bold", True) and not rest.font.bold
    italic = paragraphs[1].runs[0]
    assert (italic.text, italic.font.italic) == ("italic", True)
    # A paragraph that is not a list item has no bullet; a list item keeps the master's.
    assert paragraphs[6]._p.pPr.find("{http://schemas.openxmlformats.org/drawingml/2006/main}buNone") is not None
    assert paragraphs[0]._p.pPr is None or paragraphs[0]._p.pPr.find(
        "{http://schemas.openxmlformats.org/drawingml/2006/main}buNone") is None


def test_deeply_nested_items_stay_one_paragraph_each_at_the_deepest_level():
    # Past the parser's flattening depth (workspace/markdown.FLATTEN_AT) the lines used to run
    # together into one level-4 bullet ("nest 6 nest 7 ... link").
    body = "".join("  " * depth + f"- nest {depth}\n" for depth in range(60)) + "[link](https://x.org)\n"
    slide, _ = _one_slide(body)
    paragraphs = body_placeholder(slide).text_frame.paragraphs
    assert [(p.level, p.text) for p in paragraphs] == (
        [(min(depth, 4), f"nest {depth}") for depth in range(60)] + [(4, "link")])
    no_bullet = "{http://schemas.openxmlformats.org/drawingml/2006/main}buNone"
    bulleted = [p._p.pPr is None or p._p.pPr.find(no_bullet) is None for p in paragraphs]
    assert bulleted == [True] * 60 + [False]  # every item a bullet; the line after them is not


def test_deeply_nested_numbers_and_formatting_survive_the_flattening():
    body = "".join("  " * depth + f"- level {depth}\n" for depth in range(8)) + "                1. **one**\n                2. two\n"
    slide, _ = _one_slide(body)
    paragraphs = body_placeholder(slide).text_frame.paragraphs
    assert [(p.level, p.text) for p in paragraphs][-2:] == [(4, "1. one"), (4, "2. two")]
    assert [r.font.bold for r in paragraphs[-2].runs] == [None, True]


def test_an_ordered_list_keeps_its_numbers_as_text():
    slide, _ = _one_slide("3. third\n4. fourth\n")
    assert [p.text for p in body_placeholder(slide).text_frame.paragraphs] == ["3. third", "4. fourth"]


def test_control_characters_and_markdown_syntax_never_reach_the_deck():
    hostile = "- bell\x07 and nul\x00 and \x0c form feed\n- <script>alert(1)</script> **bold\x1f**\n"
    contents = DeckContents("Review\x00 title", "Team\x0b A", "Host", "Cohort", 1200,
                            [DeckSlide(1, "Cover\x01", "", "notes\x00", "Pre\x02senter", 30),
                             DeckSlide(2, "Body\x1b", hostile, "n\x08otes", "", 60)])
    deck = read(render_deck(contents, lambda key: None).pptx)
    everything = " ".join(t for slide in deck.slides for t in texts(slide))
    assert "\x00" not in everything and "\x07" not in everything and "**" not in everything
    assert "bell and nul and  form feed" in everything and "<script>alert(1)</script> bold" in everything
    assert deck.slides[1].shapes.title.text_frame.text == "Body"
    assert deck.slides[0].notes_slide.notes_text_frame.text.startswith("Presenter: Presenter")


def test_a_huge_body_is_cut_with_a_note_and_set_small():
    slide, _ = _one_slide("\n".join(f"- point {i} " + "word " * 30 for i in range(500)))
    paragraphs = body_placeholder(slide).text_frame.paragraphs
    assert len(paragraphs) == MAX_PARAGRAPHS + 1 and paragraphs[-1].text == CUT_NOTE
    assert paragraphs[0].runs[0].font.size.pt <= 12


def test_a_body_over_the_size_limit_is_cut_and_short_text_stays_large():
    slide, _ = _one_slide("x" * (BODY_MAX_CHARS + 5000))
    paragraphs = body_placeholder(slide).text_frame.paragraphs
    assert paragraphs[-1].text == CUT_NOTE and len(paragraphs[0].text) == BODY_MAX_CHARS
    short, _ = _one_slide("- one short point")
    assert body_placeholder(short).text_frame.paragraphs[0].runs[0].font.size.pt == 24


def test_durations_read_as_minutes_and_seconds():
    assert [duration(s) for s in (0, 45, 60, 150, 1200)] == ["0 s", "45 s", "1 min", "2 min 30 s", "20 min"]


# --- figures -------------------------------------------------------------------------------------


def _aspect(shape) -> float:
    return shape.width / shape.height


def test_figures_fit_without_distortion_beside_bullets_or_across_the_slide(world):
    team = world.team
    with figures(wide=(1600, 500), tall=(400, 900)) as rendered:
        choose(team, {4: "wide", 5: "tall", 7: "wide"}, {7: ""})
        build = build_deck_pptx(team, "team")
    assert build.failed_parts == []
    assert rendered == ["wide", "tall"]  # the second use of 'wide' is the cached file
    deck = read(build.pptx)
    wide, tall, alone = (pictures(deck.slides[i]) for i in (3, 4, 6))
    assert len(wide) == len(tall) == len(alone) == 1
    for shape, (w, h) in ((wide[0], (1600, 500)), (tall[0], (400, 900)), (alone[0], (1600, 500))):
        assert _aspect(shape) == pytest.approx(w / h, rel=0.01)
        assert png_size(shape.image.blob) == (w, h)
    # Beside bullets: inside the right column, centred in it; bullets on the left.
    assert deck.slides[3].slide_layout.name == "Two Content"
    assert wide[0].left >= RIGHT_BOX.left and wide[0].left + wide[0].width <= RIGHT_BOX.right + 1
    assert body_placeholder(deck.slides[3]).text_frame.text.startswith("Key players")
    assert tall[0].height > tall[0].width
    centre = tall[0].left + tall[0].width // 2
    assert abs(centre - (RIGHT_BOX.left + RIGHT_BOX.width // 2)) <= 2
    # No bullets: the figure across the body's width, and no empty body placeholder left over.
    assert deck.slides[6].slide_layout.name == "Title Only"
    assert alone[0].width == pytest.approx(BODY_BOX.width, rel=0.01)
    assert body_placeholder(deck.slides[6]) is None
    assert "Caption wide" in texts(deck.slides[6])


def test_a_figure_that_is_gone_or_fails_leaves_a_note_and_the_rest_of_the_deck(world):
    team = world.team
    with figures(wide=(1600, 500)):
        choose(team, {4: "wide", 5: "missing", 6: "broken"})
        build = build_deck_pptx(team, "team")
    assert build.failed_parts == [f"{PROVIDER}/missing", f"{PROVIDER}/broken"]
    deck = read(build.pptx)
    assert len(deck.slides) == 11 and len(pictures(deck.slides[3])) == 1
    assert not pictures(deck.slides[4]) and not pictures(deck.slides[5])
    assert any("no longer available" in t and "Caption missing" in t for t in texts(deck.slides[4]))
    assert any("could not be drawn" in t for t in texts(deck.slides[5]))


def test_figure_choices_are_asked_once_per_build_and_not_at_all_without_figures(world, monkeypatch):
    from workspace.exports import pptx as builder

    calls = []
    real = builder.figure_choices
    monkeypatch.setattr(builder, "figure_choices", lambda team, audience: calls.append(audience) or real(team, audience))
    build_deck_pptx(world.team, "team")
    assert calls == []
    with figures(wide=(800, 400), tall=(300, 600)):
        choose(world.team, {4: "wide", 5: "tall", 6: "wide"})
        build_deck_pptx(world.team, "assessor")
    assert calls == ["assessor"]


def test_a_slide_of_figures_whose_provider_raises_still_gives_the_deck(world, monkeypatch):
    from workspace.exports import pptx as builder

    def broken(team, audience):
        raise RuntimeError("registry down")

    monkeypatch.setattr(builder, "figure_choices", broken)
    choose(world.team, {4: "wide"})
    build = build_deck_pptx(world.team, "team")
    assert build.failed_parts == [f"{PROVIDER}/wide"] and len(read(build.pptx).slides) == 11


def test_a_long_title_is_set_smaller_to_fit_its_box_and_a_short_one_stays_large():
    long_title = ("A very long title about discharge and flow and leadership across the system " * 3)[:200]
    contents = DeckContents(long_title, "Team A", "Host", "Cohort", 1200,
                            [DeckSlide(1, long_title, "- a", "", "", 60), DeckSlide(2, long_title, "- b", "", "", 60),
                             DeckSlide(3, "Results", "- c", "", "", 60)])
    deck = read(render_deck(contents, lambda key: None).pptx)
    sizes = [slide.shapes.title.text_frame.paragraphs[0].runs[0].font.size.pt for slide in deck.slides]
    assert sizes[0] < 40 and sizes[1] <= 20 and sizes[2] == 32


def test_a_deck_without_slides_is_one_title_slide_not_an_error():
    contents = DeckContents("Waiting well", "Team A", "Riverside", "Cohort", 1200, [])
    deck = read(render_deck(contents, lambda key: None).pptx)
    assert len(deck.slides) == 1
    assert deck.slides[0].shapes.title.text_frame.text == "Waiting well"
    assert "Host partner: Riverside" in " ".join(texts(deck.slides[0]))
