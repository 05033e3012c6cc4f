"""Submission: the frozen snapshot and its file, idempotence and races, the editing lock,
reopening and resubmitting, lateness, and who gets which Word report."""

from __future__ import annotations

import hashlib
import io
import threading
from datetime import date, timedelta

import docx
import pytest
from sqlalchemy import func, select, update

from workspace.assessment import operations as assessment_ops
from workspace.assessment.models import Submission
from workspace.assessment.queries import today_in_uk
from workspace.auth.operations import create_api_token
from workspace.extensions import db
from workspace.merging import MID_MARKER, MINE_MARKER, THEIRS_MARKER
from workspace.models import AuditEvent, Team
from workspace.report import operations as report_ops
from workspace.report.models import Section

from .conftest import csrf_from


@pytest.fixture
def tokens(world):
    return {name: {"Authorization": f"Bearer {create_api_token(getattr(world, name), 't').secret}"}
            for name in ("member", "host", "assessor", "other_member", "facilitator")}


def _write(world, key: str, body: str) -> None:
    section = report_ops.get_section(world.team, key)
    report_ops.save_section(world.team, key, body, section.version, world.member)


def _submissions(team) -> list[Submission]:
    db.session.expire_all()
    return list(db.session.scalars(select(Submission).where(Submission.team_id == team.id).order_by(Submission.number)))


def _docx_text(content: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(content)).paragraphs)


def _submit_url(world) -> str:
    return f"/api/v1/teams/{world.team.id}/submission"


def test_submit_freezes_text_and_file_and_the_download_is_those_bytes(client, world, tokens):
    _write(world, "introduction", "Riverside runs **two** acute sites.\n")
    response = client.post(_submit_url(world), headers=tokens["member"])
    assert response.status_code == 201, response.get_data(as_text=True)
    answer = response.get_json()
    [submission] = _submissions(world.team)
    assert answer["sha256"] == submission.sha256 == hashlib.sha256(submission.docx).hexdigest()
    assert answer["created"] is True
    frozen = {s["key"]: s for s in submission.sections}
    assert frozen["introduction"]["body"] == "Riverside runs **two** acute sites.\n"
    assert frozen["introduction"]["version"] == 1
    assert "Riverside runs two acute sites." in _docx_text(submission.docx)

    download = client.get(f"/api/v1/teams/{world.team.id}/report.docx", headers=tokens["assessor"])
    assert download.status_code == 200
    assert download.data == submission.docx
    assert hashlib.sha256(download.data).hexdigest() == download.headers["X-Content-SHA256"] == submission.sha256
    assert download.headers["Content-Disposition"].startswith("attachment; filename=")
    assert "submitted report" in download.headers["Content-Disposition"]
    actions = set(db.session.scalars(select(AuditEvent.action).where(AuditEvent.team_id == world.team.id)))
    assert {"submission.submitted", "submission.downloaded"} <= actions


def test_the_frozen_file_does_not_change_when_the_template_does(client, world, tokens, make_client):
    _write(world, "introduction", "Our text.\n")
    submission = world.submit()
    report_ops.save_template_section(world.team.cohort, None, "A late addition", "Guidance", None, False)
    again = client.get(f"/teams/{world.team.id}/report.docx".replace("/teams", "/api/v1/teams"), headers=tokens["member"])
    assert again.data == submission.docx
    # The submitted team's report did not take the new template section; it will once reopened.
    titles = [s.title for s in report_ops.sections_for(world.team)]
    assert "A late addition" not in titles
    assessment_ops.reopen(world.team, submission, world.facilitator, "Add the new section")
    assert "A late addition" in [s.title for s in report_ops.sections_for(world.team)]


def test_double_submit_gives_one_snapshot(make_client, world, tokens, client):
    member = make_client(world.member)
    first = member.form(f"/teams/{world.team.id}/submission")
    second = member.form(f"/teams/{world.team.id}/submission")
    assert first.status_code == second.status_code == 302
    again = client.post(_submit_url(world), headers=tokens["member"])
    assert again.status_code == 200 and again.get_json()["created"] is False
    [submission] = _submissions(world.team)
    assert again.get_json()["sha256"] == submission.sha256


def test_concurrent_submits_make_one_snapshot(app, world):
    """Two requests on two connections at once: the team row lock lets one freeze, and the
    other finds the team submitted and gets the same snapshot."""
    _write(world, "introduction", "Text.\n")
    team_id, member_id = world.team.id, world.member.id
    db.session.commit()
    start = threading.Barrier(2)
    results, errors = [], []

    def submit_from_another_connection():
        with app.app_context():
            try:
                team = db.session.get(Team, team_id)
                member = db.session.get(type(world.member), member_id)
                start.wait()
                outcome = assessment_ops.submit(team, member)
                results.append((outcome.submission.id, outcome.created))
            except Exception as error:  # noqa: BLE001 - reported below
                errors.append(repr(error))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=submit_from_another_connection) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(created for _, created in results) == [False, True]
    assert len({submission_id for submission_id, _ in results}) == 1
    assert len(_submissions(world.team)) == 1


def test_a_save_in_progress_holds_the_submission_off(app, world, monkeypatch):
    """While a save is between its write and its commit, a submission neither freezes half of
    it nor slips past it: it waits, and past its wait it refuses with nothing frozen."""
    _write(world, "introduction", "First.\n")
    team_id, member_id = world.team.id, world.member.id
    db.session.commit()
    app.config["SUBMISSION_LOCK_WAIT_SECONDS"] = 0.3
    holding, release = threading.Event(), threading.Event()
    real_hold = report_ops._hold_team_open

    def slow_hold(team):
        real_hold(team)
        holding.set()
        release.wait(timeout=30)

    monkeypatch.setattr(report_ops, "_hold_team_open", slow_hold)
    saved = []

    def save_from_another_connection():
        with app.app_context():
            try:
                team = db.session.get(Team, team_id)
                member = db.session.get(type(world.member), member_id)
                saved.append(report_ops.save_section(team, "introduction", "Second.\n", 1, member).version)
            finally:
                db.session.remove()

    saver = threading.Thread(target=save_from_another_connection)
    saver.start()
    try:
        assert holding.wait(timeout=30)
        with pytest.raises(assessment_ops.SubmissionRefused) as refused:
            assessment_ops.submit(world.team, world.member)
        assert refused.value.code == "busy"
    finally:
        release.set()
        saver.join()
    assert saved == [2]
    assert _submissions(world.team) == []
    monkeypatch.setattr(report_ops, "_hold_team_open", real_hold)
    submission = assessment_ops.submit(db.session.get(Team, team_id), world.member).submission
    assert {s["key"]: s["body"] for s in submission.sections}["introduction"] == "Second.\n"


def test_every_report_edit_is_refused_after_submission(client, make_client, world, tokens):
    _write(world, "introduction", "Before.\n")
    world.submit()
    put = client.put(f"/api/v1/teams/{world.team.id}/sections/introduction",
                     json={"body": "After.", "base_version": 1}, headers=tokens["member"])
    assert put.status_code == 409
    assert put.get_json()["error"]["code"] == "submitted"
    member = make_client(world.member)
    page_save = member.form(f"/teams/{world.team.id}/report/introduction", {"body": "Typed after.", "base_version": "1"})
    assert page_save.status_code == 409
    assert "Typed after." in page_save.get_data(as_text=True)  # kept, to copy
    assert member.form(f"/teams/{world.team.id}/report/introduction/status", {"status": "final"}).status_code == 409
    assert member.form(f"/teams/{world.team.id}/report", {"title": "Late thoughts"}).status_code == 409
    section = report_ops.get_section(world.team, "introduction")
    assert (section.body, section.version, section.status) == ("Before.\n", 1, "drafting")
    page = member.get(f"/teams/{world.team.id}/report/introduction").get_data(as_text=True)
    assert 'id="section-form"' not in page and "Editing is closed" in page


def test_reopen_needs_a_reason_and_resubmission_keeps_history(client, make_client, world, tokens):
    _write(world, "introduction", "Version one.\n")
    first = world.submit()
    facilitator = make_client(world.facilitator)
    reopen_url = f"/teams/{world.team.id}/submissions/{first.id}/reopen"
    no_reason = facilitator.form(reopen_url, {"reason": "  "})
    assert no_reason.status_code == 400
    assert "Enter why the submission is being reopened" in no_reason.get_data(as_text=True)
    assert facilitator.form(reopen_url, {"reason": "The appendix was missing."}).status_code == 302
    _write(world, "introduction", "Version two.\n")
    second = client.post(_submit_url(world), headers=tokens["member"]).get_json()
    assert second["number"] == 2

    older, newer = _submissions(world.team)
    assert older.reopened_at is not None and older.reopen_reason == "The appendix was missing."
    assert older.reopened_by_id == world.facilitator.id
    assert newer.reopened_at is None and newer.sha256 != older.sha256
    assert {s["key"]: s["body"] for s in older.sections}["introduction"] == "Version one.\n"
    history = client.get(_submit_url(world), headers=tokens["member"]).get_json()["history"]
    assert [h["number"] for h in history] == [2, 1]
    assert history[1]["reopen_reason"] == "The appendix was missing."
    page = make_client(world.member).get(f"/teams/{world.team.id}/submission").get_data(as_text=True)
    assert older.sha256 in page and newer.sha256 in page
    reopened = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "submission.reopened"))
    assert reopened.detail["reason"] == "The appendix was missing."
    # The assessor's download is the standing submission.
    download = client.get(f"/api/v1/teams/{world.team.id}/report.docx", headers=tokens["assessor"])
    assert download.headers["X-Content-SHA256"] == newer.sha256


@pytest.mark.parametrize(("due", "late"), [(-1, True), (0, False), (None, False)])
def test_a_submission_after_the_due_day_is_accepted_and_marked_late(client, world, tokens, due, late):
    world.team.cohort.report_due_on = None if due is None else today_in_uk() + timedelta(days=due)
    db.session.commit()
    response = client.post(_submit_url(world), headers=tokens["member"])
    assert response.status_code == 201
    assert response.get_json()["late"] is late


def test_lateness_is_judged_on_the_uk_calendar():
    from datetime import UTC, datetime

    # 23:30 UTC on 30 June is 00:30 on 1 July in London (summer time): after a 30 June due day.
    assert assessment_ops.is_late(datetime(2027, 6, 30, 23, 30, tzinfo=UTC), date(2027, 6, 30))
    assert not assessment_ops.is_late(datetime(2027, 6, 30, 22, 30, tzinfo=UTC), date(2027, 6, 30))


def test_who_gets_which_word_report(client, world, tokens):
    docx_url = f"/api/v1/teams/{world.team.id}/report.docx"
    # Before submission: the draft for the team and facilitators; no file for anyone else.
    member_draft = client.get(docx_url, headers=tokens["member"])
    assert member_draft.status_code == 200
    assert member_draft.headers["X-Content-SHA256"] == hashlib.sha256(member_draft.data).hexdigest()
    assert "draft report" in member_draft.headers["Content-Disposition"]
    assert client.get(docx_url, headers=tokens["facilitator"]).status_code == 200
    assert client.get(docx_url, headers=tokens["assessor"]).status_code == 404
    assert client.get(docx_url, headers=tokens["host"]).status_code == 404
    assert client.get(docx_url, headers=tokens["other_member"]).status_code == 404
    submission = world.submit()
    # After: the frozen file for the team, its assessor and facilitators; never the host.
    for who in ("member", "assessor", "facilitator"):
        assert client.get(docx_url, headers=tokens[who]).data == submission.docx
    host = client.get(docx_url, headers=tokens["host"])
    assert host.status_code == 403 and host.data != submission.docx
    assert client.get(docx_url, headers=tokens["other_member"]).status_code == 404
    downloads = db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action.in_(["submission.downloaded", "report.draft_downloaded"])))
    assert downloads == 5


def test_conflict_markers_refuse_submission(client, make_client, world, tokens):
    _write(world, "introduction", "Agreed text.\n")
    clash = f"{MINE_MARKER}\nOurs.\n{MID_MARKER}\nTheirs.\n{THEIRS_MARKER}\n"
    # Saves refuse markers, so put them in as older data would have them.
    db.session.execute(update(Section).where(Section.team_id == world.team.id, Section.key == "scope").values(body=clash))
    db.session.commit()
    response = client.post(_submit_url(world), headers=tokens["member"])
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "conflict_markers"
    page = make_client(world.member).form(f"/teams/{world.team.id}/submission")
    assert page.status_code == 409
    assert "The report was not submitted" in page.get_data(as_text=True)
    assert _submissions(world.team) == []
    assert db.session.get(Team, world.team.id).submitted_at is None


def test_the_checklist_lists_what_is_incomplete(make_client, world):
    _write(world, "introduction", "Some words here.\n")
    intro = report_ops.get_section(world.team, "introduction")
    report_ops.set_status(world.team, intro, "final", world.member)
    page = make_client(world.member).get(f"/teams/{world.team.id}/submission")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "12 sections are empty" in html  # 13 template sections, one written
    assert "Every section is marked final" in html and "(not started)" in html
    assert "Submit report for assessment" in html


def test_a_declaration_must_be_confirmed(make_client, client, world, tokens):
    world.team.cohort.declaration_text = "We declare that this report is our own work."
    db.session.commit()
    member = make_client(world.member)
    page = member.get(f"/teams/{world.team.id}/submission").get_data(as_text=True)
    assert "We declare that this report is our own work." in page
    unconfirmed = member.form(f"/teams/{world.team.id}/submission", {"csrf_token": csrf_from(page)})
    assert unconfirmed.status_code == 400
    assert "Confirm the declaration" in unconfirmed.get_data(as_text=True)
    assert client.post(_submit_url(world), headers=tokens["member"]).status_code == 422
    confirmed = client.post(_submit_url(world), json={"confirm_declaration": True}, headers=tokens["member"])
    assert confirmed.status_code == 201


def test_facilitator_sets_due_date_and_declaration_on_the_cohort(make_client, world):
    cohort = world.team.cohort
    facilitator = make_client(world.facilitator)
    response = facilitator.form(f"/admin/cohorts/{cohort.id}/edit", {
        "name": cohort.name, "starts_on": "2026-09-01", "ends_on": "2027-08-31",
        "report_due_on": "2027-06-30", "declaration_text": "Our own work."})
    assert response.status_code == 302
    db.session.expire_all()
    assert cohort.report_due_on == date(2027, 6, 30)
    assert cohort.declaration_text == "Our own work."
    bad = facilitator.form(f"/admin/cohorts/{cohort.id}/edit", {
        "name": cohort.name, "starts_on": "2026-09-01", "ends_on": "2027-08-31", "report_due_on": "not a date"})
    assert bad.status_code == 400
    assert 'value="not a date"' in bad.get_data(as_text=True) or "not a date" in bad.get_data(as_text=True)


def test_team_page_and_assessor_dashboard(make_client, world):
    world.team.cohort.report_due_on = today_in_uk() + timedelta(days=12)
    db.session.commit()
    team_page = make_client(world.member).get(f"/teams/{world.team.id}").get_data(as_text=True)
    assert "12 days left" in team_page
    assert "13 sections empty" in team_page
    assessor = make_client(world.assessor)
    before = assessor.get("/").get_data(as_text=True)
    assert "Reports to assess" in before and "Not submitted" in before
    submission = world.submit()
    after = assessor.get("/").get_data(as_text=True)
    assert f"/teams/{world.team.id}/report.docx" in after
    assert submission.sha256[:12] in after


def test_a_host_never_reads_why_a_submission_was_reopened(make_client, world):
    """The reason may be about the team's conduct: the team, its assessors and facilitators see
    it; the host partner sees that it was reopened, not why (page and API)."""
    from workspace.assessment import operations as assessment_ops
    from workspace.assessment.queries import standing_submission

    outcome = assessment_ops.submit(world.team, world.member, declaration_confirmed=True)
    assessment_ops.reopen(world.team, outcome.submission, world.facilitator, "Possible plagiarism in section 4")
    assert standing_submission(world.team) is None
    for who, sees in ((world.host, False), (world.member, True), (world.facilitator, True)):
        client = make_client(who)
        page = client.get(f"/teams/{world.team.id}/submission").get_data(as_text=True)
        assert ("Possible plagiarism" in page) is sees, who.name
        history = client.get(f"/api/v1/teams/{world.team.id}/submission").get_json()["history"]
        assert (history[0]["reopen_reason"] == "Possible plagiarism in section 4") is sees, who.name


def test_a_facilitator_does_not_submit_for_the_team(make_client, world):
    response = make_client(world.facilitator).form(f"/teams/{world.team.id}/submission", {"confirm_declaration": "y"})
    assert response.status_code == 403
    assert not world.team.is_submitted


@pytest.mark.parametrize("due", ["0001-01-01", "9999-12-31", "2026-08-31", "2028-09-01"])
def test_a_due_date_outside_the_cohort_is_refused_and_kept_in_the_box(make_client, world, due):
    """Between the cohort's start and a year after its end; the typed date stays in the form."""
    cohort = world.team.cohort
    response = make_client(world.facilitator).form(f"/admin/cohorts/{cohort.id}/edit", {
        "name": cohort.name, "starts_on": "2026-09-01", "ends_on": "2027-08-31", "report_due_on": due})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "due date must fall between the cohort" in page and f'value="{due}"' in page
    db.session.expire_all()
    assert cohort.report_due_on != date.fromisoformat(due)


def test_the_checklist_reads_blank_text_markers_and_open_threads_exactly(app, world):
    """The checklist reads only the start of each section's text: a long blank run before
    words is still writing, a long blank body is still empty, a marker deep in a long body is
    still found, and only open top-level threads count."""
    from workspace.report import comments as comment_ops
    from workspace.report.readiness import readiness

    long_gap_then_words = " \n" * 2_000 + "Words after a long gap.\n"
    only_blank = "\n \t" * 2_000
    deep_marker = "Agreed.\n" * 500 + f"{MINE_MARKER}\nOurs.\n{MID_MARKER}\nTheirs.\n{THEIRS_MARKER}\n"
    words_with_marker_text = "We wrote <<<<<<< your version inside a sentence, which is not a marker line.\n"
    report_ops.sections_for(world.team)  # laid out from the template
    for key, body in [("introduction", long_gap_then_words), ("scope", only_blank), ("approach", deep_marker),
                      ("findings", words_with_marker_text)]:
        # As older data would hold them: saves refuse markers.
        db.session.execute(update(Section).where(Section.team_id == world.team.id, Section.key == key).values(body=body))
    db.session.commit()
    findings = report_ops.get_section(world.team, "findings")
    with app.test_request_context():
        open_thread = comment_ops.add_comment(world.team, world.member, findings, "Check this", quote=None)
        comment_ops.add_comment(world.team, world.member, findings, "A reply", parent=open_thread)
        resolved = comment_ops.add_comment(world.team, world.member, findings, "Done already", quote=None)
        comment_ops.resolve_comment(world.team, resolved, world.member)

    ready = readiness(world.team)
    empty = {s.key for s in ready.empty}
    assert "introduction" not in empty and "scope" in empty and "approach" not in empty
    assert [s.key for s in ready.conflicted] == ["approach"]
    assert ready.open_comments == {findings.id: 1}
    with_text = readiness(world.team, with_text=True)
    assert {s.key for s in with_text.empty} == empty
    assert next(s for s in with_text.sections if s.key == "approach").body == deep_marker


def test_a_submitted_teams_review_copy_is_not_marked_a_draft(client, make_client, world, tokens):
    from workspace.exports.word import DRAFT_MARK

    _write(world, "introduction", "Riverside runs two acute sites.\n")
    member = make_client(world.member)

    def header_of_review_copy() -> str:
        response = member.get(f"/teams/{world.team.id}/report/review-copy.docx")
        assert response.status_code == 200
        return " ".join(p.text for p in docx.Document(io.BytesIO(response.data)).sections[0].header.paragraphs)

    before = header_of_review_copy()
    assert DRAFT_MARK in before and f"{world.team.review_title} {DRAFT_MARK}" in before.replace("\t", "")
    assert client.post(_submit_url(world), headers=tokens["member"]).status_code == 201
    assert DRAFT_MARK not in header_of_review_copy()
