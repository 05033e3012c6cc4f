"""The process maps in the Word report, read back with python-docx: one captioned swimlane figure
per map, the current-versus-future metrics table with the hand-worked values, the pain points
as a table, placed where the team chooses, and the PNG rendered once per content."""

from __future__ import annotations

import io
import struct
import zipfile

import docx
from flask import current_app

from workspace.exports import figures as figure_cache
from workspace.exports.operations import save_placements
from workspace.exports.parts import collect
from workspace.exports.word import build_report_docx
from workspace.processes import operations as ops
from workspace.processes import queries
from workspace.processes.compare import compare
from workspace.processes.durations import format_minutes
from workspace.processes.metrics import measure

PNG = b"\x89PNG\r\n\x1a\n"
DAY = 24 * 60

# Hand-worked: a straight path, so every step is on the main path.
# Current: 30 min (value-adding) + a 2-day wait + 60 min = 2,970 minutes of lead time, 30 value-added.
CURRENT = [
    {"lane": "Patient", "label": "Asks for a referral", "kind": "start"},
    {"lane": "GP", "label": "Reviews and refers", "kind": "step", "minutes": 30, "value": "va"},
    {"lane": "Referral hub", "label": "Letter waits in the tray", "kind": "wait", "minutes": 2 * DAY,
     "pain_points": ["Letters are triaged twice a week"]},
    {"lane": "Referral hub", "label": "Books the appointment", "kind": "step", "minutes": 60, "value": "nva",
     "paper": True, "pain_points": ["Booking is done on paper"]},
    {"lane": "Patient", "label": "Appointment booked", "kind": "end"},
]
# Future: 30 min + a 1-day wait + 30 min = 1,500 minutes, 30 value-added.
FUTURE = [
    {"lane": "Patient", "label": "Asks for a referral", "kind": "start"},
    {"lane": "GP", "label": "Reviews and refers", "kind": "step", "minutes": 30, "value": "va"},
    {"lane": "Referral hub", "label": "Triaged daily", "kind": "wait", "minutes": DAY},
    {"lane": "Referral hub", "label": "Books online", "kind": "step", "minutes": 30, "value": "nva"},
    {"lane": "Patient", "label": "Appointment booked", "kind": "end"},
]


def _maps(world):
    current = ops.create_map(world.team, world.member, {"title": "Referral today"}, steps=CURRENT)
    future = ops.create_map(world.team, world.member, {"title": "Referral redesigned", "state": "future",
                                                       "redesigns_id": current.id}, steps=FUTURE)
    return current, future


def _measure(process_map):
    return measure(queries.flow_of(queries.load(process_map)))


def _build(team, audience: str = "team") -> bytes:
    with current_app.test_request_context():
        result = build_report_docx(team, audience)
    assert result.failed_parts == []
    return result.docx


def _table_after(document, caption_part: str):
    children = list(document.element.body)
    for index, element in enumerate(children):
        text = "".join(element.itertext())
        if element.tag.endswith("}p") and text.startswith("Table") and caption_part in text:
            following = next(e for e in children[index + 1:] if e.tag.endswith("}tbl"))
            return docx.table.Table(following, document)
    raise AssertionError(f"no table caption with {caption_part!r}")


def test_the_hand_worked_metrics(world):
    current, future = _maps(world)
    assert (_measure(current).lead_minutes, _measure(current).value_added_minutes) == (2970, 30)
    assert (_measure(future).lead_minutes, _measure(future).value_added_minutes) == (1500, 30)


def test_one_captioned_figure_per_map_the_metrics_table_and_the_pain_points(world):
    current, future = _maps(world)
    document = docx.Document(io.BytesIO(_build(world.team)))
    texts = [p.text for p in document.paragraphs]
    figures = [t for t in texts if t.startswith("Figure") and "swimlane map" in t]
    assert len(figures) == 2, figures
    assert any("Referral today: current state swimlane map, 5 steps in 3 lanes" in t for t in figures)
    assert any("Referral redesigned: future state swimlane map" in t for t in figures)
    with zipfile.ZipFile(io.BytesIO(_build(world.team))) as archive:
        pictures = [archive.read(n) for n in archive.namelist() if n.startswith("word/media/")]
    assert len(pictures) == 2 and all(p.startswith(PNG) for p in pictures)

    table = _table_after(document, "compared with")
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == ["Measure", "Current", "Future", "Change"]
    expected = [[d.label, d.before, d.after, d.change] for d in compare(_measure(current), _measure(future))]
    assert rows[1:] == expected
    lead = next(row for row in rows if row[0] == "Lead time")
    assert lead[1:3] == [format_minutes(2970), format_minutes(1500)]

    pains = _table_after(document, "Pain points")
    pain_rows = [[cell.text for cell in row.cells] for row in pains.rows[1:]]
    assert pain_rows == [["Referral today", "3. Letter waits in the tray", "Letters are triaged twice a week", "Mo Member"],
                         ["Referral today", "4. Books the appointment", "Booking is done on paper", "Mo Member"]]
    # under the report's current-state section
    heading = next(i for i, t in enumerate(texts) if t.startswith("Current state") and i > 20)
    first_figure = next(i for i, t in enumerate(texts) if t.startswith("Figure") and "swimlane map" in t)
    assert heading < first_figure


def test_the_team_chooses_an_appendix(world):
    current, future = _maps(world)
    with current_app.test_request_context():
        save_placements(world.team, {"process_maps/pain-points": "appendix"}, world.member)
    texts = [p.text for p in docx.Document(io.BytesIO(_build(world.team))).paragraphs]
    appendices = max(i for i, t in enumerate(texts) if t.startswith("Appendi"))
    pains = next(i for i, t in enumerate(texts) if t.startswith("Table") and "Pain points" in t)
    figure = next(i for i, t in enumerate(texts) if t.startswith("Figure") and "swimlane map" in t)
    assert figure < appendices < pains


def test_the_png_is_rendered_once_per_content(world, monkeypatch):
    from workspace.processes import figures

    current, _future = _maps(world)
    _build(world.team)
    drawn = []
    real = figures.swimlane_png_page
    monkeypatch.setattr(figures, "swimlane_png_page", lambda flow, page: drawn.append(flow.title) or real(flow, page))
    _build(world.team)
    assert drawn == []
    ops.update_map(world.team, current, world.member, {"notes": "Not drawn"})
    _build(world.team)
    assert drawn == []
    ops.update_map(world.team, current, world.member, {"title": "Referral as it is"})
    _build(world.team)
    assert drawn and set(drawn) == {"Referral as it is"}  # each of its pages, once
    assert len(list(figure_cache.cache_dir().glob("*.png"))) >= 3


def test_no_maps_add_nothing_and_control_characters_do_not_break_the_file(world):
    with current_app.test_request_context():
        assert [p for p in collect(world.team, "team").parts if p.provider == "process_maps"] == []
    ops.create_map(world.team, world.member, {"title": "Odd"}, steps=[
        {"label": "Tab\there", "pain_points": ["bell\x07 and form\x0cfeed"]}])
    document = docx.Document(io.BytesIO(_build(world.team, "host")))
    assert any("Odd: current state swimlane map" in p.text for p in document.paragraphs)


def test_a_long_map_is_cut_into_page_sized_figures(world):
    """One picture of a 30-step map would run a metre down the page: it comes as several
    figures, each a page at most, captioned "part n of N", in order."""
    from workspace.processes import figures, queries

    steps = [{"lane": ["Patient", "Ward", "Discharge team"][n % 3], "label": f"Step {n}",
              "kind": "start" if n == 0 else "end" if n == 29 else "step", "minutes": 30} for n in range(30)]
    long_map = ops.create_map(world.team, world.member, {"title": "Long pathway"}, steps=steps)
    flow = queries.flow_of(queries.load(long_map))
    count = figures.swimlane_page_count(flow)
    assert count > 1
    document = docx.Document(io.BytesIO(_build(world.team)))
    captions = [p.text for p in document.paragraphs if p.text.startswith("Figure") and "Long pathway" in p.text]
    assert [c.rsplit("(", 1)[1] for c in captions] == [f"part {n} of {count})" for n in range(1, count + 1)]
    for page_png in figures.swimlane_png_pages(flow):
        width, height = struct.unpack(">II", page_png[16:24])
        assert height / width <= 23 / 16 + 0.01  # fits a portrait page's 16 x 23 cm


def test_each_redesign_follows_the_map_it_redesigns_and_captions_count_in_english(world):
    referral, redesigned = _maps(world)  # "Referral today" and "Referral redesigned" (its future)
    ops.create_map(world.team, world.member, {"title": "Admission today"},
                   steps=[{"lane": "Patient", "label": "Arrives", "kind": "start"}])
    texts = [p.text for p in docx.Document(io.BytesIO(_build(world.team))).paragraphs]
    captions = [t for t in texts if t.startswith("Figure") and "swimlane map" in t]
    titles = [next(name for name in ("Admission today", "Referral today", "Referral redesigned") if name in c)
              for c in captions]
    assert list(dict.fromkeys(titles)) == ["Admission today", "Referral today", "Referral redesigned"]
    assert any("1 step in 1 lane" in c for c in captions)
