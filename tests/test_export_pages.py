"""The export routes: the review copy's download (page and API) and the export settings page."""

from __future__ import annotations

import io

import docx
import pytest
from flask import current_app
from sqlalchemy import select

from workspace.assessment import operations as assessment_ops
from workspace.auth.operations import create_api_token
from workspace.exports import operations as export_ops
from workspace.exports import parts as registry
from workspace.exports.models import ExportSetting
from workspace.exports.parts import Table, TextBlock
from workspace.exports.word import DOCX_MIME
from workspace.extensions import db
from workspace.models import AuditEvent
from workspace.report import comments as comment_ops
from workspace.report import operations as report_ops
from workspace.submitted import ReportSubmitted


@pytest.fixture
def commented(world):
    team = world.team
    report_ops.sections_for(team)
    intro = report_ops.get_section(team, "introduction")
    report_ops.save_section(team, "introduction", "The wards discharge late in the day.", intro.version, world.member)
    with current_app.test_request_context():
        comment_ops.add_comment(team, world.host, intro, "Why so late?", quote="late in the day")
    return team


@pytest.fixture
def audience_parts():
    """A capability with a confidential row that only the team's own copy may show."""
    seen = []

    def stakeholder_parts(team, audience):
        seen.append(audience)
        rows = [["Ward manager", "Supportive"]]
        if audience == "team":
            rows.append(["Finance director (confidential)", "Resistant"])
        return [Table("register", "stakeholders", "Stakeholder register", ["Who", "Attitude"], rows),
                TextBlock("plan", "stakeholders", "Engage **monthly**.", title="Engagement plan")]

    # Stands in for the real stakeholder map's parts for the test, then gives them back.
    real = next((p for p in registry.providers() if p.name == "stakeholders"), None)
    registry.register_parts("stakeholders", stakeholder_parts)
    yield seen
    if real is None:
        registry.unregister_parts("stakeholders")
    else:
        registry.register_parts(real.name, real.fn, section=real.section)


def _cells(data: bytes) -> list[str]:
    document = docx.Document(io.BytesIO(data))
    return [c.text for t in document.tables for r in t.rows for c in r.cells]


def test_member_downloads_the_review_copy_and_it_is_audited(world, commented, make_client):
    response = make_client(world.member).get(f"/teams/{commented.id}/report/review-copy.docx")
    assert response.status_code == 200
    assert response.mimetype == DOCX_MIME
    assert response.headers["Content-Disposition"].startswith('attachment; filename="Team Harbour - review copy.docx"')
    assert "X-Export-Failed-Parts" not in response.headers
    document = docx.Document(io.BytesIO(response.data))
    assert [c.author for c in document.comments] == ["Hana Host"]
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "report.review_copy_downloaded"))
    assert event.actor_id == world.member.id and event.team_id == commented.id


def test_a_host_partners_copy_leaves_out_what_hosts_may_not_see(world, commented, make_client, audience_parts):
    host_copy = make_client(world.host).get(f"/teams/{commented.id}/report/review-copy.docx")
    member_copy = make_client(world.member).get(f"/teams/{commented.id}/report/review-copy.docx")
    assert audience_parts == ["host", "team"]
    assert "Ward manager" in _cells(host_copy.data)
    assert "Finance director (confidential)" not in _cells(host_copy.data)
    assert "Finance director (confidential)" in _cells(member_copy.data)


def test_a_failing_part_is_named_in_a_header_and_the_file_still_comes(world, commented, make_client):
    def broken(team, audience):
        raise ValueError("no data")

    registry.register_parts("process-maps", broken, section="current-state")
    try:
        response = make_client(world.member).get(f"/teams/{commented.id}/report/review-copy.docx")
    finally:
        registry.unregister_parts("process-maps")
    assert response.status_code == 200
    assert response.headers["X-Export-Failed-Parts"] == "process-maps"
    texts = [p.text for p in docx.Document(io.BytesIO(response.data)).paragraphs]
    assert any("could not be included: process-maps" in t for t in texts)


def test_the_api_serves_the_same_file_with_a_token(world, commented, make_client):
    secret = create_api_token(world.host, "reader").secret
    db.session.commit()
    response = make_client().get(f"/api/v1/teams/{commented.id}/report/review-copy.docx",
                                 headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 200 and response.mimetype == DOCX_MIME
    assert len(list(docx.Document(io.BytesIO(response.data)).comments)) == 1
    other = make_client().get(f"/api/v1/teams/{world.other_team.id}/report/review-copy.docx",
                              headers={"Authorization": f"Bearer {secret}"})
    assert other.status_code == 404 and other.get_json()["error"]["code"] == "not_found"


def test_building_is_rate_limited_per_person(world, commented, make_client, app):
    app.config["EXPORT_RATE_LIMIT"] = 2
    client = make_client(world.member)
    url = f"/teams/{commented.id}/report/review-copy.docx"
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 429]
    api = client.get(f"/api/v1/teams/{commented.id}/report/review-copy.docx")
    assert api.status_code == 429 and int(api.headers["Retry-After"]) > 0


def test_the_report_overview_links_to_the_review_copy_and_settings(world, commented, make_client):
    member_page = make_client(world.member).get(f"/teams/{commented.id}/report").get_data(as_text=True)
    assert f"/teams/{commented.id}/report/review-copy.docx" in member_page
    assert f"/teams/{commented.id}/report/export/settings" in member_page
    host_page = make_client(world.host).get(f"/teams/{commented.id}/report").get_data(as_text=True)
    assert f"/teams/{commented.id}/report/review-copy.docx" in host_page
    assert "/export/settings" not in host_page


def test_settings_page_places_a_part_in_the_appendix(world, commented, make_client, audience_parts):
    client = make_client(world.member)
    url = f"/teams/{commented.id}/report/export/settings"
    page = client.get(url).get_data(as_text=True)
    assert "Stakeholder register" in page and 'name="part:stakeholders/register"' in page
    assert db.session.scalar(select(ExportSetting)) is None  # reading the page changes nothing
    response = client.form(url, {"part:stakeholders/register": "appendix", "part:stakeholders/plan": "main"})
    assert response.status_code == 302 and response.headers["Location"] == url
    rows = db.session.execute(select(ExportSetting.part_key, ExportSetting.placement)).all()
    assert rows == [("stakeholders/register", "appendix")]  # "main" was the plan's default already
    page = client.get(url).get_data(as_text=True)
    assert 'value="appendix" checked' in page


@pytest.mark.parametrize("form", [
    {"part:someone-else/thing": "appendix"},
    {"part:stakeholders/register": "sideways"},
])
def test_settings_refuse_unknown_parts_and_placements(world, commented, make_client, audience_parts, form):
    response = make_client(world.member).form(f"/teams/{commented.id}/report/export/settings", form)
    assert response.status_code == 400
    assert db.session.scalar(select(ExportSetting)) is None


def test_settings_post_without_csrf_is_refused(world, commented, make_client, audience_parts):
    response = make_client(world.member).post(f"/teams/{commented.id}/report/export/settings",
                                              data={"part:stakeholders/register": "appendix"})
    assert response.status_code == 400
    assert db.session.scalar(select(ExportSetting)) is None


# --- a submitted report's export settings stay as submitted -------------------------------------


def _placements() -> list[tuple[str, str]]:
    return db.session.execute(select(ExportSetting.part_key, ExportSetting.placement)
                              .order_by(ExportSetting.part_key)).all()


def _settings_changes() -> int:
    return len(db.session.scalars(select(AuditEvent).where(AuditEvent.action == "exports.settings_changed")).all())


@pytest.fixture
def submitted_with_a_placement(world, commented, make_client, audience_parts):
    """The register was placed in the appendix, then the team submitted."""
    url = f"/teams/{commented.id}/report/export/settings"
    assert make_client(world.member).form(url, {"part:stakeholders/register": "appendix"}).status_code == 302
    submission = world.submit()
    return url, submission


def test_a_submitted_reports_settings_page_is_read_only(world, make_client, submitted_with_a_placement):
    url, _submission = submitted_with_a_placement
    response = make_client(world.member).get(url)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "The report was submitted on" in page and "a facilitator can reopen it" in page
    assert 'id="settings-read-only"' in page and "Stakeholder register" in page
    assert "Appendix" in page and "Main text" in page  # each part's placement, as text
    assert "<form" not in page.split("<main", 1)[1]  # no settings form ...
    assert 'type="radio"' not in page and "Save export settings" not in page  # ... and no controls


def test_changing_a_submitted_reports_settings_is_refused_and_changes_nothing(world, make_client,
                                                                             submitted_with_a_placement):
    url, _submission = submitted_with_a_placement
    before, changes_before = _placements(), _settings_changes()
    response = make_client(world.member).form(url, {"part:stakeholders/register": "main",
                                                    "part:stakeholders/plan": "appendix"})
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert ReportSubmitted.MESSAGE.replace("'", "&#39;") in page  # the report's own refusal, word for word
    assert "a facilitator can reopen it" in page and 'type="radio"' not in page  # shown read-only
    assert _placements() == before == [("stakeholders/register", "appendix")]
    assert _settings_changes() == changes_before


def test_an_invalid_change_to_a_submitted_report_is_refused_as_submitted(world, make_client, submitted_with_a_placement):
    """The submission is the first answer: what was asked for does not matter."""
    url, _submission = submitted_with_a_placement
    response = make_client(world.member).form(url, {"part:someone-else/thing": "sideways"})
    assert response.status_code == 409
    assert _placements() == [("stakeholders/register", "appendix")]


def test_the_settings_use_the_reports_one_rule(world, submitted_with_a_placement):
    """The operation refuses through the same function and exception as a section save."""
    assert report_ops.ReportSubmitted is ReportSubmitted
    assert report_ops.refuse_if_submitted is export_ops.refuse_if_submitted
    with pytest.raises(ReportSubmitted):
        export_ops.save_placements(world.team, {"stakeholders/register": "main"}, world.member)
    with pytest.raises(ReportSubmitted):
        report_ops.save_section(world.team, "introduction", "Changed after submission.", 1, world.member)
    assert _placements() == [("stakeholders/register", "appendix")]


def test_a_submission_that_lands_during_a_change_wins(world, commented, audience_parts, monkeypatch):
    """The change passed the first check, then the team submitted before it committed: the
    change is refused after its writes (hold_team_open), so the frozen file's settings stand."""
    real_refuse = export_ops.refuse_if_submitted

    def refuse_then_submit(team):
        real_refuse(team)
        world.submit()

    monkeypatch.setattr(export_ops, "refuse_if_submitted", refuse_then_submit)
    with pytest.raises(ReportSubmitted):
        export_ops.save_placements(world.team, {"stakeholders/register": "appendix"}, world.member)
    assert _placements() == [] and _settings_changes() == 0


def test_settings_can_change_again_once_a_facilitator_reopens(world, make_client, submitted_with_a_placement):
    url, submission = submitted_with_a_placement
    assessment_ops.reopen(world.team, submission, world.facilitator, "Move the register into the main text")
    client = make_client(world.member)
    page = client.get(url).get_data(as_text=True)
    assert "a facilitator can reopen it" not in page and 'type="radio"' in page
    response = client.form(url, {"part:stakeholders/register": "main"})
    assert response.status_code == 302
    assert _placements() == [("stakeholders/register", "main")]
