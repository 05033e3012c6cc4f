"""What the team reads once the feedback is released, as plain data for the page, the API and
the Word document: the agreed marks and band, the facilitator's feedback, and each assessor's
final feedback as "Assessor 1", "Assessor 2" (no names, no individual scores)."""

from __future__ import annotations

from dataclasses import dataclass

from ..exports.feedback_word import AssessorFeedback, CriterionFeedback, FeedbackDocument
from ..models import Team
from ..timefmt import LONDON
from . import queries
from .models import Moderation


@dataclass
class Released:
    moderation: Moderation
    report_weight: int
    assessors: list[AssessorFeedback]


def of(team: Team, moderation: Moderation) -> Released:
    from ..assessment.models import Submission
    from ..extensions import db

    submission = db.session.get(Submission, moderation.submission_id)
    criteria = queries.criteria_of(team.cohort_id)
    markings = [m for m in queries.markings_of(submission) if m.status == "final"]
    views = queries.views_of(markings, criteria, markings)
    assessors = [AssessorFeedback(overall_feedback=v.marking.overall_feedback, criteria=[
        CriterionFeedback(component=component, criterion=r.criterion.title, weight=r.criterion.weight,
                          feedback=r.feedback) for component, rows in v.rows.items() for r in rows]) for v in views]
    return Released(moderation, queries.bands_and_weight(team.cohort_id)[1], assessors)


def document_of(team: Team, moderation: Moderation) -> FeedbackDocument:
    released = of(team, moderation)
    return FeedbackDocument(
        team_name=team.name, review_title=team.review_title,
        host_partner=team.host_organisation.name if team.host_organisation else "",
        cohort=team.cohort.name if team.cohort else "",
        released_on=moderation.released_at.astimezone(LONDON).date() if moderation.released_at else None,
        overall_mark=moderation.overall_mark, band=moderation.band, report_mark=moderation.report_mark,
        presentation_mark=moderation.presentation_mark, report_weight=released.report_weight,
        feedback=moderation.feedback, assessors=released.assessors)


def as_json(team: Team, moderation: Moderation) -> dict:
    released = of(team, moderation)
    return {
        "team_id": team.id, "released_at": moderation.released_at.isoformat() if moderation.released_at else None,
        "report_mark": moderation.report_mark, "presentation_mark": moderation.presentation_mark,
        "report_weight": released.report_weight, "overall_mark": moderation.overall_mark, "band": moderation.band,
        "feedback": moderation.feedback,
        "assessors": [{"label": f"Assessor {i + 1}", "overall_feedback": a.overall_feedback,
                       "criteria": [{"component": c.component, "criterion": c.criterion, "weight": c.weight,
                                     "feedback": c.feedback} for c in a.criteria]}
                      for i, a in enumerate(released.assessors)],
    }
