"""The Start Anywhere canvas: the four quadrants with guidance, a version-guarded save (a stale
one refused keeping the text), bounds, a submitted team's canvas frozen, the Word table under the
scope section (nothing when empty), and inserting the canvas into the report's scope section."""

from __future__ import annotations

import io

import docx
import pytest
from flask import current_app

from workspace.exports.word import build_report_docx
from workspace.extensions import db
from workspace.framework import scope as ops
from workspace.framework.export_parts_scope import scope_parts
from workspace.report import operations as report_ops
from workspace.submitted import ReportSubmitted

NOTES = {"people": "- Discharge leads\n- Care home managers", "purpose": "Fewer delayed discharges",
         "place": "- Riverside acute wards", "priorities": "- Weekend discharges"}


def _save(world, data=None, version=0):
    return ops.save(world.team, world.member, dict(data or NOTES), version)


def test_the_page_shows_four_quadrants_with_guidance(make_client, world):
    html = make_client(world.member).get(f"/teams/{world.team.id}/scope").get_data(as_text=True)
    for quadrant in ops.QUADRANTS:
        assert quadrant.name in html and quadrant.question in html
    assert "Save canvas" in html
    host = make_client(world.host).get(f"/teams/{world.team.id}/scope").get_data(as_text=True)
    assert "Who are the right people?" in host and "Save canvas" not in host


def test_saving_through_the_page_and_reading_it_back(make_client, world):
    client = make_client(world.member)
    response = client.form(f"/teams/{world.team.id}/scope", {**NOTES, "version": "0"})
    assert response.status_code == 302
    canvas = ops.canvas_of(world.team)
    assert canvas.version == 1 and canvas.people == NOTES["people"]
    html = make_client(world.host).get(f"/teams/{world.team.id}/scope").get_data(as_text=True)
    assert "Care home managers" in html


def test_a_stale_save_is_refused_keeping_the_text(make_client, world):
    _save(world)
    _save(world, {"people": "Someone else's change"}, version=1)
    response = make_client(world.member).form(f"/teams/{world.team.id}/scope",
                                              {**NOTES, "people": "My typed notes", "version": "1"})
    assert response.status_code == 409
    assert "My typed notes" in response.get_data(as_text=True)
    db.session.expire_all()
    assert ops.canvas_of(world.team).people == "Someone else's change"


def test_a_first_save_against_a_saved_canvas_is_stale(world):
    _save(world)
    with pytest.raises(ops.Stale) as stale:
        _save(world, {"people": "Late"}, version=0)
    assert stale.value.current_version == 1


def test_notes_are_bounded_and_unknown_fields_refused(make_client, world):
    response = make_client(world.member).form(f"/teams/{world.team.id}/scope",
                                              {**NOTES, "place": "x" * (ops.NOTES_MAX + 1), "version": "0"})
    assert response.status_code == 422 and "There is a problem" in response.get_data(as_text=True)
    assert ops.canvas_of(world.team) is None
    with pytest.raises(ops.ValidationProblem):
        _save(world, {"weather": "fine"})


def test_a_submitted_teams_canvas_is_frozen(world):
    world.submit()
    with pytest.raises(ReportSubmitted):
        _save(world)


def test_the_api_reads_and_saves_with_the_version(make_client, world):
    client = make_client(world.member)
    url = f"/api/v1/teams/{world.team.id}/scope"
    first = client.api("GET", url).get_json()
    assert first["version"] == 0 and [q["key"] for q in first["quadrants"]] == list(ops.KEYS)
    saved = client.api("PUT", url, json={"people": "- Leads", "version": 0})
    assert saved.status_code == 200 and saved.get_json()["version"] == 1
    stale = client.api("PUT", url, json={"people": "- Late", "version": 0})
    assert stale.status_code == 409 and stale.get_json()["current_version"] == 1
    assert client.api("PUT", url, json={"people": "- Leads"}).status_code == 422
    assert make_client(world.host).api("PUT", url, json={"people": "x", "version": 1}).status_code == 403


# --- into the report -----------------------------------------------------------------------------


def test_the_word_part_is_a_table_of_the_quadrants_and_nothing_when_empty(world):
    assert scope_parts(world.team, "team") == []
    _save(world)
    (table,) = scope_parts(world.team, "host")
    assert table.section == "scope" and [row[0] for row in table.rows] == ["People", "Purpose", "Place", "Priorities"]
    assert table.rows[0][1] == "• Discharge leads\n• Care home managers"


def test_the_word_report_carries_the_canvas_under_scope(world):
    _save(world)
    with current_app.test_request_context():
        result = build_report_docx(world.team, "host")
    assert result.failed_parts == []
    document = docx.Document(io.BytesIO(result.docx))
    cells = [[c.text for c in row.cells] for t in document.tables for row in t.rows]
    assert ["Quadrant", "Notes"] in cells and ["Place", "• Riverside acute wards"] in cells
    assert ["People", "• Discharge leads\n• Care home managers"] in cells  # a bullet a line (w:br)


def test_as_markdown_has_a_heading_per_quadrant_and_bullets(world):
    _save(world)
    text = ops.as_markdown(ops.canvas_of(world.team))
    assert text.startswith("### People\n\n- Discharge leads\n- Care home managers")
    assert "### Purpose\n\n- Fewer delayed discharges" in text


def test_inserting_appends_to_the_scope_section_after_a_confirmation(make_client, world):
    _save(world)
    client = make_client(world.member)
    section = report_ops.get_section(world.team, "scope")
    report_ops.save_section(world.team, "scope", "Our scope so far.", section.version, world.member)
    page = client.get(f"/teams/{world.team.id}/scope/insert")
    assert page.status_code == 200 and "Care home managers" in page.get_data(as_text=True)
    assert client.form(f"/teams/{world.team.id}/scope/insert").status_code == 302
    db.session.expire_all()
    body = report_ops.get_section(world.team, "scope").body
    assert body.startswith("Our scope so far.\n\n### People\n\n- Discharge leads")


def test_inserting_an_empty_canvas_is_refused(make_client, world):
    response = make_client(world.member).form(f"/teams/{world.team.id}/scope/insert")
    assert response.status_code == 409
    assert "nothing to insert" in response.get_data(as_text=True)


def test_a_second_insert_of_the_same_canvas_is_refused_and_the_confirmation_says_so(make_client, world):
    _save(world)
    client = make_client(world.member)
    url = f"/teams/{world.team.id}/scope/insert"
    assert client.form(url).status_code == 302
    db.session.expire_all()
    once = report_ops.get_section(world.team, "scope")
    page = client.get(url)
    html = page.get_data(as_text=True)
    assert page.status_code == 409 and "already in the report&#39;s scope section" in html
    assert "Insert into the report</button>" not in html
    again = client.form(url)
    assert again.status_code == 409 and "Nothing was inserted again" in again.get_data(as_text=True)
    db.session.expire_all()
    after = report_ops.get_section(world.team, "scope")
    assert (after.version, after.body) == (once.version, once.body)
    assert after.body.count("### People") == 1
    # a changed canvas is new text: it may go in
    _save(world, {"place": "- Riverside acute wards\n- Hillside community beds"}, ops.canvas_of(world.team).version)
    assert client.get(url).status_code == 200
    assert client.form(url).status_code == 302
    db.session.expire_all()
    assert report_ops.get_section(world.team, "scope").body.count("### People") == 2


def test_the_word_table_is_left_out_while_the_canvas_as_inserted_and_comes_back_after_a_change(make_client, world):
    _save(world)
    client = make_client(world.member)
    assert len(scope_parts(world.team, "team")) == 1
    canvas_page = client.get(f"/teams/{world.team.id}/scope").get_data(as_text=True)
    assert "The Word report shows the canvas as a table" in canvas_page
    version = ops.canvas_of(world.team).version
    ops.insert_into_report(world.team, world.member)
    db.session.expire_all()
    canvas = ops.canvas_of(world.team)
    assert (canvas.version, canvas.inserted_version) == (version, version)  # keeping it changed no version
    assert ops.is_inserted(canvas) and scope_parts(world.team, "team") == []
    with current_app.test_request_context():
        result = build_report_docx(world.team, "team")
    document = docx.Document(io.BytesIO(result.docx))
    assert not any(row.cells[0].text == "Quadrant" for t in document.tables for row in t.rows)
    assert "Discharge leads" in "\n".join(p.text for p in document.paragraphs)  # the inserted text
    assert "leaves out the canvas table" in client.get(f"/teams/{world.team.id}/scope").get_data(as_text=True)
    # the canvas changes after: the table comes back, and the page says why
    _save(world, {"purpose": "Fewer delayed discharges at weekends"}, canvas.version)
    db.session.expire_all()
    assert not ops.is_inserted(ops.canvas_of(world.team))
    (table,) = scope_parts(world.team, "team")
    assert table.rows[1][1] == "• Fewer delayed discharges at weekends"
    page = client.get(f"/teams/{world.team.id}/scope").get_data(as_text=True)
    assert "changed since it was last inserted" in page and "The Word report shows the canvas as a table" in page
