"""The QI work in the Word report, read back with python-docx: the aim, the driver diagram, the
PDSA table in ramp order, one captioned chart per measure followed by its sentence, the measures
table and the action log table (in the appendix by default, in the main text if the team says),
a host's copy without a confidential stakeholder, nothing from a team with no QI work, and
LibreOffice opens it."""

from __future__ import annotations

import io
import zipfile
from datetime import date, timedelta

import docx
import pytest
from flask import current_app

from workspace.exports.operations import save_placements
from workspace.exports.parts import collect
from workspace.exports.word import build_report_docx
from workspace.extensions import db
from workspace.qi import action_operations as action_ops
from workspace.qi import export_parts, queries, spc
from workspace.qi.models import Aim, ChangeIdea, Driver, Measure, MeasurePoint, PdsaCycle
from workspace.stakeholders import operations as stakeholder_ops

from .test_export_office import to_pdf_text

PNG = b"\x89PNG\r\n\x1a\n"


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
            return [[cell.text for cell in row.cells] for row in docx.table.Table(following, document).rows]
    raise AssertionError(f"no table caption with {caption_part!r}")


@pytest.fixture
def qi_work(world):
    team = world.team
    db.session.add(Aim(team_id=team.id, statement="Reduce the wait to 2 days by March for adults going home."))
    primary = Driver(team_id=team.id, level="primary", title="Care assessed without waiting")
    db.session.add(primary)
    db.session.flush()
    secondary = Driver(team_id=team.id, level="secondary", parent_id=primary.id, title="Trusted assessment")
    db.session.add(secondary)
    db.session.flush()
    idea = ChangeIdea(team_id=team.id, driver_id=secondary.id, title="Trusted assessor")
    db.session.add(idea)
    db.session.flush()
    # Created out of ramp order: the second cycle of the ramp is made last.
    first = PdsaCycle(team_id=team.id, change_idea_id=idea.id, title="One ward", status="complete",
                      started_on=date(2026, 10, 1), prediction="Four of five", what_happened="Three of five",
                      study="Family contact was the limit", decision="adapt", next_step="Every weekday")
    other = PdsaCycle(team_id=team.id, title="Another test", status="planned", started_on=date(2026, 9, 1))
    db.session.add_all([first, other])
    db.session.flush()
    second = PdsaCycle(team_id=team.id, change_idea_id=idea.id, follows_id=first.id, title="Every weekday",
                       status="complete", started_on=date(2026, 10, 8), decision="adopt")
    db.session.add(second)
    db.session.flush()
    measures = []
    for position, (name, values) in enumerate([("Days to discharge", [3.5, 3.2, 3.8, 2.1, 2.0]),
                                               ("Checklist done", [])]):
        measure = Measure(team_id=team.id, name=name, kind="outcome" if position == 0 else "process",
                          unit="days" if position == 0 else "%", better="down", position=position)
        db.session.add(measure)
        db.session.flush()
        db.session.add_all(MeasurePoint(team_id=team.id, measure_id=measure.id, on_date=date(2026, 10, 5) +
                                        timedelta(weeks=k), value=v) for k, v in enumerate(values))
        measures.append(measure)
    db.session.commit()
    secret = stakeholder_ops.create(team, world.member, {"name": "Secret Sam", "category": "icb", "power": 5,
                                                         "interest": 1, "confidential": True}).stakeholder
    action_ops.create(team, world.member, {"title": "Brief the board", "owner_id": world.member.id,
                                           "due_on": "2027-01-31", "domain": "relationships",
                                           "stakeholder_id": secret.id})
    action_ops.create(team, world.member, {"title": "Ring the provider", "status": "done", "pdsa_id": second.id})
    return {"first": first, "second": second, "other": other, "measures": measures}


def test_the_parts_read_back_from_word(world, qi_work):
    data = _build(world.team)
    document = docx.Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    assert "Reduce the wait to 2 days by March for adults going home." in texts
    captions = [t for t in texts if t.startswith("Figure")]
    assert any("Driver diagram" in c for c in captions)
    for name in ("Days to discharge", "Checklist done"):
        at = next(i for i, t in enumerate(texts) if t.startswith("Figure") and t.endswith(name))
        series = next(s for s in queries.measure_series(world.team) if s.name == name)
        sentence = spc.analyse(series).summary
        assert texts[at + 1] == sentence, (name, texts[at:at + 3])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        pictures = [archive.read(n) for n in archive.namelist() if n.startswith("word/media/")]
    # the driver diagram, two charts (one with no data: a chart with a note), the stakeholder grid
    assert len(pictures) == 4 and all(p.startswith(PNG) for p in pictures)

    pdsa = _table_after(document, "PDSA cycles")
    assert pdsa[0] == export_parts.PDSA_HEADER
    # ramp order: the other test (earliest start) first, then the ramp's first cycle and the one following it
    assert [row[0] for row in pdsa[1:]] == ["PDSA 2: Another test", "PDSA 1: One ward",
                                             "PDSA 3: Every weekday (follows PDSA 1)"]
    assert pdsa[2][1:] == ["Trusted assessor", "Four of five", "Three of five Family contact was the limit",
                           "Adapt: Every weekday"]
    measures = _table_after(document, "Measures")
    assert measures[0] == export_parts.MEASURES_HEADER
    assert measures[1][:3] == ["Days to discharge", "Outcome", "2 days (2 Nov 2026)"]
    assert measures[2][:3] == ["Checklist done", "Process", "No data"]

    actions = _table_after(document, "action log")
    assert actions[0] == export_parts.ACTIONS_HEADER
    assert actions[1][:5] == ["Brief the board", "Mo Member", "31 Jan 2027", "Open", "Relationships and Connectivity"]
    assert actions[1][5] == "Stakeholder: Secret Sam"
    assert actions[2][3] == "Done" and actions[2][5].startswith("PDSA 3")
    # the action log is in the appendix by default; the figures under the improvement section
    appendices = max(i for i, t in enumerate(texts) if t.startswith("Appendi"))
    assert next(i for i, t in enumerate(texts) if t.startswith("Table") and "action log" in t) > appendices
    assert next(i for i, t in enumerate(texts) if t.startswith("Figure") and "Driver diagram" in t) < appendices


def test_the_team_moves_the_action_log_into_the_main_text(world, qi_work):
    with current_app.test_request_context():
        save_placements(world.team, {"qi/actions": "main"}, world.member)
    texts = [p.text for p in docx.Document(io.BytesIO(_build(world.team))).paragraphs]
    appendices = max(i for i, t in enumerate(texts) if t.startswith("Appendi"))
    assert next(i for i, t in enumerate(texts) if t.startswith("Table") and "action log" in t) < appendices


def test_a_charts_sentence_follows_its_caption_into_the_appendix(world, qi_work):
    """The summary sentence belongs to the chart (the caption's following paragraph), not to a
    part of its own: moved to the appendix, the chart takes its sentence along."""
    moved, kept = qi_work["measures"]
    with current_app.test_request_context():
        save_placements(world.team, {f"qi/measure-{moved.id}": "appendix"}, world.member)
    texts = [p.text for p in docx.Document(io.BytesIO(_build(world.team))).paragraphs]
    appendices = max(i for i, t in enumerate(texts) if t == "Appendices")  # the heading, after the contents
    for measure, in_appendix in ((moved, True), (kept, False)):
        series = next(s for s in queries.measure_series(world.team) if s.id == measure.id)
        sentence = spc.analyse(series).summary
        at = next(i for i, t in enumerate(texts) if t.startswith("Figure") and t.endswith(measure.name))
        assert (at > appendices) is in_appendix
        assert texts[at + 1] == sentence
        assert texts.count(sentence) == 1  # nowhere else: nothing left behind


def test_the_settings_page_lists_each_chart_once_with_no_summary_row(world, qi_work, make_client):
    page = make_client(world.member).get(f"/teams/{world.team.id}/report/export/settings").get_data(as_text=True)
    assert "Days to discharge" in page
    assert "summary" not in page.lower()
    assert not [p for p in export_parts.qi_parts(world.team, "team") if p.key.endswith("-summary")]


def test_a_hosts_copy_has_no_confidential_stakeholder(world, qi_work):
    parts = export_parts.qi_parts(world.team, "host")
    table = next(p for p in parts if getattr(p, "key", "") == "actions")
    assert all("Secret Sam" not in cell for row in table.rows for cell in row)
    full = next(p for p in export_parts.qi_parts(world.team, "team") if getattr(p, "key", "") == "actions")
    assert any("Secret Sam" in cell for row in full.rows for cell in row)


def test_no_qi_work_contributes_nothing(world):
    assert export_parts.qi_parts(world.team, "team") == []
    with current_app.test_request_context():
        contents = collect(world.team, "team")
    assert not [p for p in contents.parts if p.provider == "qi"] and "qi" not in contents.failed


def test_ramps_survive_a_loop():
    class C:
        def __init__(self, id, follows_id):
            self.id, self.follows_id, self.started_on = id, follows_id, None

    a, b = C(1, 2), C(2, 1)
    assert [c.id for c in export_parts.ramps([a, b])] == [1, 2]


def test_markdown_in_a_name_is_shown_as_written():
    assert export_parts.plain_markdown("a *b* [c](d)") == "a \\*b\\* \\[c\\](d)"


def test_libreoffice_opens_it(world, qi_work, tmp_path):
    pages, text = to_pdf_text(_build(world.team), tmp_path)
    flat = " ".join(text.split())
    assert "Driver diagram" in flat and "Days to discharge" in flat and "Brief the board" in flat
