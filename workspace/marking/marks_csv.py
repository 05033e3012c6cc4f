"""A cohort's marks as CSV (the facilitator's, capability "see_all_marks").

One row per team x assessor marking x criterion (team, submission number, assessor, marking
status, component, criterion, weight, score, highest score, feedback), a row per marking for
the assessor's overall feedback, and a row per team for the agreed marks (report,
presentation, overall, band, the note, whether and when released; "Not agreed yet" when the
facilitator has not agreed them). Every cell is formula-safe (workspace/csvsafe.py).

Like the pages and the API, it lists the marking of each team's standing submission only: the
marking of a reopened submission stays with it and is not shown, and a team with no standing
submission has one row saying there is nothing to mark.

Reads the marking tables directly (the marking helper writes them) in a fixed number of
statements whatever the cohort holds: teams, markings with their assessors and submissions,
criterion marks, criteria, the standing submissions with their agreements. `download` audits the
download and commits.
"""

from __future__ import annotations

from sqlalchemy import select

from .. import audit
from ..assessment.models import Submission
from ..csvsafe import csv_bytes
from ..extensions import db
from ..models import Cohort, Team, User
from .models import CriterionMark, Marking, Moderation
from .rubric_defaults import criteria_of

HEADER = ("Row", "Team", "Submission", "Assessor", "Marking status", "Component", "Criterion", "Weight (%)",
          "Score", "Highest score", "Feedback", "Report mark (%)", "Presentation mark (%)", "Overall mark (%)",
          "Band", "Note", "Released", "Released at (UTC)")
CRITERION_ROW, OVERALL_FEEDBACK_ROW, AGREED_ROW = "criterion", "assessor overall feedback", "agreed marks"
NOT_AGREED, NOT_SUBMITTED = "Not agreed yet", "Not submitted yet: nothing to mark"


def _stamp(moment) -> str:
    return moment.strftime("%Y-%m-%d %H:%M") if moment else ""


def rows(cohort: Cohort) -> list[tuple]:
    teams = list(db.session.scalars(Team.live().where(Team.cohort_id == cohort.id).order_by(Team.name, Team.id)))
    team_ids = [t.id for t in teams]
    if not team_ids:
        return []
    markings = db.session.execute(
        select(Marking, Submission.number, User.name)
        .join(Submission, Submission.id == Marking.submission_id)
        .outerjoin(User, User.id == Marking.assessor_id)
        .where(Marking.team_id.in_(team_ids), Submission.reopened_at.is_(None))
        .order_by(Submission.number, User.name, Marking.id)).all()
    marks = {(m.marking_id, m.criterion_id): m for m in db.session.scalars(
        select(CriterionMark).join(Marking, Marking.id == CriterionMark.marking_id)
        .join(Submission, Submission.id == Marking.submission_id)
        .where(Marking.team_id.in_(team_ids), Submission.reopened_at.is_(None)))}
    criteria = criteria_of(cohort.id)
    # each team's standing submission with its agreement, if any (one statement)
    standing_rows = db.session.execute(
        select(Submission.team_id, Submission.number, Moderation)
        .outerjoin(Moderation, Moderation.submission_id == Submission.id)
        .where(Submission.team_id.in_(team_ids), Submission.reopened_at.is_(None))).all()
    standing = {team_id: number for team_id, number, _ in standing_rows}
    by_team: dict[int, list] = {t.id: [] for t in teams}
    for marking, number, assessor in markings:
        by_team[marking.team_id].append((marking, number, assessor or "Former assessor"))
    agreed = {team_id: (moderation, number) for team_id, number, moderation in standing_rows if moderation is not None}
    out: list[tuple] = []
    blank_agreed = ("",) * 7
    for team in teams:
        for marking, number, assessor in by_team[team.id]:
            for c in criteria:
                mark = marks.get((marking.id, c.id))
                out.append((CRITERION_ROW, team.name, number, assessor, marking.status, c.component, c.title, c.weight,
                            "" if mark is None or mark.score is None else mark.score, c.max_score,
                            mark.feedback if mark else "", *blank_agreed))
            out.append((OVERALL_FEEDBACK_ROW, team.name, number, assessor, marking.status, "", "", "", "", "",
                        marking.overall_feedback, *blank_agreed))
        number = standing.get(team.id)
        if number is None:
            out.append((AGREED_ROW, team.name, "", "", "", "", "", "", "", "", "", "", "", "", "", NOT_SUBMITTED, "No", ""))
        elif team.id not in agreed:
            out.append((AGREED_ROW, team.name, number, "", "", "", "", "", "", "", "", "", "", "", "", NOT_AGREED, "No", ""))
        else:
            moderation, number = agreed[team.id]
            out.append((AGREED_ROW, team.name, number, "", "", "", "", "", "", "", moderation.feedback,
                        moderation.report_mark, moderation.presentation_mark, moderation.overall_mark, moderation.band,
                        moderation.note, "Yes" if moderation.released_at else "No", _stamp(moderation.released_at)))
    return out


def download(cohort: Cohort, actor: User) -> bytes:
    """The file, with its download in the audit log (one commit)."""
    table = rows(cohort)
    body = csv_bytes(HEADER, table)
    audit.record("marks.csv_downloaded", target=cohort, actor=actor, detail={"rows": len(table)})
    db.session.commit()
    return body


def filename(cohort: Cohort) -> str:
    return f"marks-cohort-{cohort.id}.csv"
