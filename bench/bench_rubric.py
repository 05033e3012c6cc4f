"""The rubric pages, the team's rubric, the cohort's marks CSV and the feedback Word document.

Pages: server time and SQL statements, in-process, warm, for the facilitator (the team's rubric
for a member): a cohort with the default rubric (11 criteria) and 2 marked teams, and a large
one (20 criteria a component, the maximum; 30 teams each marked by two assessors, every
criterion scored, with agreed marks: 2,400 criterion rows in the CSV). The feedback document:
`build_feedback_docx` for the default rubric's 11 criteria and two assessors with a paragraph of
feedback each, and for 40 criteria with 2,000 characters of markdown each.
"""

from __future__ import annotations

import time
from datetime import date

from bench.harness import (
    make_app,
    page_table_header,
    page_table_row,
    report,
    signed_in_client,
    time_calls,
    time_page,
)

SIZES = {"default rubric, 2 teams": (11, 2), "40 criteria, 30 teams": (40, 30)}
REQUESTS = 30


def _build(app, criteria_per_cohort: int, teams: int):
    from tests import factories
    from workspace.assessment import operations as assessment_ops
    from workspace.extensions import db
    from workspace.marking.models import CriterionMark, Marking, Moderation, RubricCriterion
    from workspace.marking.rubric_defaults import criteria_of, ensure_rubric

    with app.app_context():
        cohort = factories.make_cohort("Bench cohort")
        facilitator = factories.make_user("Bench Facilitator", "fac@example.org", facilitator=True)
        member = factories.make_user("Bench Member", "member@example.org")
        db.session.commit()
        ensure_rubric(cohort)
        extra = max(0, criteria_per_cohort - 11)
        for component, count in (("report", 20 - 6), ("presentation", 20 - 5)):
            if not extra:
                break
            db.session.add_all(RubricCriterion(cohort_id=cohort.id, component=component, position=100 + k,
                                               title=f"Extra {component} {k}", weight=0, max_score=100,
                                               descriptors={"Pass": "Words " * 20}) for k in range(count))
        db.session.commit()
        criteria = criteria_of(cohort.id)
        first_team = None
        for t in range(teams):
            team = factories.make_team(f"Team {t:02d}", cohort)
            first_team = first_team or team
            writer = member if t == 0 else factories.make_user()
            factories.add_member(team, writer, "member")
            db.session.commit()
            submission = assessment_ops.submit(team, writer).submission
            for a in range(2):
                assessor = factories.make_user()
                factories.add_member(team, assessor, "assessor")
                marking = Marking(team_id=team.id, submission_id=submission.id, assessor_id=assessor.id,
                                  status="final", overall_feedback="A clear, well-evidenced review. " * 10)
                db.session.add(marking)
                db.session.flush()
                db.session.add_all(CriterionMark(marking_id=marking.id, criterion_id=c.id, score=55 + a * 10,
                                                 feedback="Good use of the stakeholder map. " * 8) for c in criteria)
            db.session.add(Moderation(team_id=team.id, submission_id=submission.id, report_mark=62,
                                      presentation_mark=66, overall_mark=64, band="Merit", note="Agreed",
                                      feedback="Well done."))
            db.session.commit()
        return cohort.id, first_team.id, facilitator.session_token, member.session_token, len(criteria)


def _feedback(criteria: int, chars: int):
    from workspace.exports.feedback_word import (
        AssessorFeedback,
        CriterionFeedback,
        FeedbackDocument,
    )

    text = ("**Strengths.** The process map shows the real pathway.\n\n- one point\n- another point\n\n"
            + "The team engaged patients and staff well. " * 60)[:chars]
    per = [CriterionFeedback("report" if k % 2 else "presentation", f"Criterion {k}", 5, text) for k in range(criteria)]
    return FeedbackDocument(
        team_name="Team Harbour", review_title="Discharge before noon", host_partner="Riverside Trust",
        cohort="Cohort 7", released_on=date(2026, 12, 1), overall_mark=64, band="Merit", report_mark=62,
        presentation_mark=66, report_weight=50, feedback=text,
        assessors=[AssessorFeedback(text, per), AssessorFeedback(text, per)])


def run():
    from workspace.exports.feedback_word import build_feedback_docx

    page_table_header(28)
    for size_name, spec in SIZES.items():
        app = make_app()
        cohort_id, team_id, fac_token, member_token, _ = _build(app, *spec)
        facilitator = signed_in_client(app, fac_token)
        member = signed_in_client(app, member_token)
        base = f"/admin/cohorts/{cohort_id}/rubric"
        pages = [
            ("GET rubric", facilitator, base),
            ("GET rubric bands", facilitator, f"{base}/bands"),
            ("GET report weights", facilitator, f"{base}/report/weights"),
            ("GET cohort rubric (API)", facilitator, f"/api/v1/cohorts/{cohort_id}/rubric"),
            ("GET marks CSV", facilitator, f"/admin/cohorts/{cohort_id}/marks.csv"),
            ("GET team rubric", member, f"/teams/{team_id}/rubric"),
        ]
        for name, client, url in pages:
            page = time_page(app, client, url, REQUESTS)
            page_table_row(name, size_name, page, 28)
    for label, criteria, chars in (("feedback .docx, 11 criteria x 2 assessors", 11, 300),
                                   ("feedback .docx, 40 criteria x 2, 2,000 chars", 40, 2000)):
        doc = _feedback(criteria, chars)
        report(label, time_calls(lambda d=doc: build_feedback_docx(d), 30, warmup=3))
        report(label + ", CPU", time_calls(lambda d=doc: build_feedback_docx(d), 30, warmup=0, clock=time.process_time))


if __name__ == "__main__":
    run()
