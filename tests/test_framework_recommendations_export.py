"""The recommendations register in the Word report, read back with python-docx: the register
table under "Recommendations" (statement, owner, time frame, cost, intervention, score, host
response) and the criteria table (every criterion of every recommendation, "Not assessed"
where one is not); the host's copy carries the same; a team with none contributes nothing."""

from __future__ import annotations

import io

import docx
import pytest
from flask import current_app

from workspace.exports.word import build_report_docx
from workspace.framework import export_parts_recommendations as parts
from workspace.framework import recommendations as ops

from .framework_recs_helpers import make_menu
from .test_qi_export import _table_after


def _build(team, audience: str = "team") -> bytes:
    with current_app.test_request_context():
        result = build_report_docx(team, audience)
    assert result.failed_parts == []
    return result.docx


@pytest.fixture
def register(world):
    menu = make_menu(world.team.cohort_id)
    first = ops.create(world.team, world.member, {
        "statement": "Adopt a trusted assessor model", "owner": "Director of nursing", "time_frame": "By March 2027",
        "cost": "£12,000 a year", "intervention_id": menu["Leading complex change"],
        "criteria": {"long_term_plan": {"rating": "met", "note": "Fewer delays"},
                     "affordable": {"rating": "partly", "note": "Half funded"}}})
    ops.create(world.team, world.member, {"statement": "A monthly discharge measure"})
    ops.respond(world.team, first, world.host, "accept", "From April")
    return first


def test_the_register_and_criteria_read_back_from_word(world, register):
    document = docx.Document(io.BytesIO(_build(world.team)))
    table = _table_after(document, "recommendations register")
    assert table[0] == parts.REGISTER_HEADER
    assert table[1] == ["1. Adopt a trusted assessor model",
                        "Owner: Director of nursing\nTime frame: By March 2027\nCost: £12,000 a year",
                        "Leading complex change (Innovation and Improvement)", "1.5 of 2 met (2 of 5 assessed)",
                        "Accepted"]
    assert table[2] == ["2. A monthly discharge measure", "Owner: Not set\nTime frame: Not set\nCost: Not set",
                        "Not chosen", "Not assessed", "Awaiting response"]
    criteria = _table_after(document, "Useful criteria, with the team's notes")
    assert criteria[0] == parts.CRITERIA_HEADER
    assert len(criteria) == 1 + 2 * 5
    assert criteria[1] == ["1", "Brings the system's long-term plan nearer", "Met", "Fewer delays"]
    assert criteria[5] == ["", "Affordable or funded", "Partly met", "Half funded"]
    assert criteria[6][0] == "2" and all(row[2] == "Not assessed" for row in criteria[6:])
    responses = _table_after(document, "host partner's responses")
    assert responses == [parts.RESPONSES_HEADER, ["1", "Accepted", "From April"]]
    texts = [p.text for p in document.paragraphs]
    heading = next(i for i, t in enumerate(texts) if t.endswith("Recommendations"))
    caption = next(i for i, t in enumerate(texts) if t.startswith("Table") and "recommendations register" in t)
    assert caption > heading


def test_the_register_fits_the_a4_text_width_with_a_line_each_for_owner_time_frame_and_cost(world, register):
    from workspace.exports.template import TEXT_WIDTH_TWIPS

    (table, *_rest) = parts.recommendation_parts(world.team, "team")
    assert len(table.header) == len(table.column_widths_cm) == 5
    assert round(sum(table.column_widths_cm) / 2.54 * 1440) == TEXT_WIDTH_TWIPS  # 16 cm
    document = docx.Document(io.BytesIO(_build(world.team)))
    word_table = next(t for t in document.tables if t.rows[0].cells[0].text == "Recommendation")
    cell = word_table.rows[1].cells[1]._tc
    breaks = cell.findall(".//" + docx.oxml.ns.qn("w:br"))
    assert len(breaks) == 2 and len(word_table.columns) == 5


def test_the_hosts_copy_carries_the_same_register(world, register):
    host = _table_after(docx.Document(io.BytesIO(_build(world.team, "host"))), "recommendations register")
    team = _table_after(docx.Document(io.BytesIO(_build(world.team))), "recommendations register")
    assert host == team


def test_no_recommendations_no_parts(world):
    assert parts.recommendation_parts(world.team, "team") == []


def test_no_responses_no_responses_table(world):
    ops.create(world.team, world.member, {"statement": "Only one"})
    assert [p.key for p in parts.recommendation_parts(world.team, "team")] == ["register", "criteria"]
