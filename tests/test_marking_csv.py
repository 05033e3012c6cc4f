"""The cohort's marks as CSV: one row per team x assessor x criterion, the agreed marks per
team, formula-safe, facilitators only, audited."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

from sqlalchemy import select

from workspace.extensions import db
from workspace.marking.marks_csv import HEADER
from workspace.marking.models import CriterionMark, Marking, Moderation
from workspace.marking.rubric_defaults import criteria_of, ensure_rubric
from workspace.models import AuditEvent

from . import factories


def _url(world):
    return f"/admin/cohorts/{world.team.cohort_id}/marks.csv"


def _read(response):
    text = response.get_data().decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def _marked(world):
    ensure_rubric(world.team.cohort)
    criteria = criteria_of(world.team.cohort_id)
    submission = world.submit()
    second = factories.make_user("Bea Second", "bea@example.org")
    factories.add_member(world.team, second, "assessor")
    first = Marking(team_id=world.team.id, submission_id=submission.id, assessor_id=world.assessor.id, status="final",
                    overall_feedback="Good work overall")
    other = Marking(team_id=world.team.id, submission_id=submission.id, assessor_id=second.id, status="draft")
    db.session.add_all([first, other])
    db.session.flush()
    for n, c in enumerate(criteria):
        db.session.add(CriterionMark(marking_id=first.id, criterion_id=c.id, score=60 + n,
                                     feedback='=HYPERLINK("http://evil.example","x")' if n == 0 else f"Feedback {n}"))
    db.session.add(CriterionMark(marking_id=other.id, criterion_id=criteria[0].id, score=None, feedback="-2 points"))
    db.session.add(Moderation(team_id=world.team.id, submission_id=submission.id, report_mark=68, presentation_mark=71,
                              overall_mark=70, band="Distinction", note="@agreed after discussion", feedback="Well done",
                              agreed_by_id=world.facilitator.id, released_at=datetime(2026, 12, 1, 9, 30, tzinfo=UTC)))
    db.session.commit()
    return criteria


def test_rows_per_assessor_and_criterion_and_the_agreed_marks(world, make_client):
    criteria = _marked(world)
    response = make_client(world.facilitator).get(_url(world))
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert 'filename="marks-cohort-' in response.headers["Content-Disposition"]
    table = _read(response)
    assert tuple(table[0]) == HEADER
    rows = [dict(zip(HEADER, r, strict=True)) for r in table[1:]]
    harbour = [r for r in rows if r["Team"] == "Team Harbour"]
    crit = [r for r in harbour if r["Row"] == "criterion"]
    assert len(crit) == 2 * len(criteria)
    asa = [r for r in crit if r["Assessor"] == "Asa Assessor"]
    assert asa[0]["Score"] == "60" and asa[0]["Marking status"] == "final" and asa[0]["Submission"] == "1"
    assert asa[0]["Component"] == "report" and asa[0]["Criterion"] == criteria[0].title
    assert asa[0]["Weight (%)"] == str(criteria[0].weight) and asa[0]["Highest score"] == "100"
    # formula-safe: the feedback cell starts with an apostrophe
    assert asa[0]["Feedback"] == "'=HYPERLINK(\"http://evil.example\",\"x\")"
    bea = [r for r in crit if r["Assessor"] == "Bea Second"]
    assert bea[0]["Score"] == "" and bea[0]["Feedback"] == "'-2 points" and bea[1]["Feedback"] == ""
    overall = [r for r in harbour if r["Row"] == "assessor overall feedback"]
    assert [r["Feedback"] for r in overall] == ["Good work overall", ""]
    agreed = [r for r in harbour if r["Row"] == "agreed marks"]
    assert len(agreed) == 1
    a = agreed[0]
    assert (a["Report mark (%)"], a["Presentation mark (%)"], a["Overall mark (%)"], a["Band"]) == ("68", "71", "70", "Distinction")
    assert a["Note"] == "'@agreed after discussion" and a["Released"] == "Yes" and a["Released at (UTC)"] == "2026-12-01 09:30"
    # the other team has not submitted: nothing to mark
    compass = [r for r in rows if r["Team"] == "Team Compass"]
    assert [r["Row"] for r in compass] == ["agreed marks"]
    assert compass[0]["Note"] == "Not submitted yet: nothing to mark" and compass[0]["Submission"] == ""
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "marks.csv_downloaded"))
    assert event is not None and event.detail["rows"] == len(rows)


def test_only_facilitators_download_the_marks(world, make_client):
    _marked(world)
    for user in (world.member, world.assessor, world.host):
        assert make_client(user).get(_url(world)).status_code == 403
    assert make_client(world.facilitator).get("/admin/cohorts/99999/marks.csv").status_code == 404


def test_an_empty_cohort_gives_the_header_only(world, make_client):
    empty = factories.make_cohort("Empty cohort")
    db.session.commit()
    table = _read(make_client(world.facilitator).get(f"/admin/cohorts/{empty.id}/marks.csv"))
    assert table == [list(HEADER)]


def _reopen(world):
    from workspace.assessment import operations as assessment_ops
    from workspace.assessment.queries import standing_submission

    assessment_ops.reopen(world.team, standing_submission(world.team), world.facilitator, "Missing appendix")


def test_a_reopened_submission_s_marks_are_not_listed(world, make_client):
    """Like the pages and the API: marking belongs to the standing submission."""
    _marked(world)
    _reopen(world)
    rows = [dict(zip(HEADER, r, strict=True)) for r in _read(make_client(world.facilitator).get(_url(world)))[1:]]
    harbour = [r for r in rows if r["Team"] == "Team Harbour"]
    assert [r["Row"] for r in harbour] == ["agreed marks"]
    assert harbour[0]["Note"] == "Not submitted yet: nothing to mark" and harbour[0]["Submission"] == ""
    assert harbour[0]["Overall mark (%)"] == "" and harbour[0]["Released"] == "No"


def test_the_next_submission_is_marked_afresh(world, make_client):
    """After reopening and submitting again: the second submission's (new) marking only, and the
    agreed-marks row names the standing submission's number before any agreement."""
    criteria = _marked(world)
    _reopen(world)
    second = world.submit()
    marking = Marking(team_id=world.team.id, submission_id=second.id, assessor_id=world.assessor.id, status="draft")
    db.session.add(marking)
    db.session.flush()
    db.session.add(CriterionMark(marking_id=marking.id, criterion_id=criteria[0].id, score=55, feedback="Second go"))
    db.session.commit()
    rows = [dict(zip(HEADER, r, strict=True)) for r in _read(make_client(world.facilitator).get(_url(world)))[1:]]
    harbour = [r for r in rows if r["Team"] == "Team Harbour"]
    crit = [r for r in harbour if r["Row"] == "criterion"]
    assert len(crit) == len(criteria) and {r["Submission"] for r in crit} == {"2"}
    assert crit[0]["Score"] == "55" and crit[0]["Marking status"] == "draft"
    agreed = [r for r in harbour if r["Row"] == "agreed marks"]
    assert len(agreed) == 1 and agreed[0]["Note"] == "Not agreed yet" and agreed[0]["Submission"] == "2"


def test_a_submitted_team_not_agreed_yet_names_its_submission(world, make_client):
    world.submit()
    rows = [dict(zip(HEADER, r, strict=True)) for r in _read(make_client(world.facilitator).get(_url(world)))[1:]]
    agreed = [r for r in rows if r["Team"] == "Team Harbour"]
    assert [r["Row"] for r in agreed] == ["agreed marks"]
    assert agreed[0]["Note"] == "Not agreed yet" and agreed[0]["Submission"] == "1" and agreed[0]["Released"] == "No"
