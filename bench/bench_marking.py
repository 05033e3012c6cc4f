"""The marking pages: server time and SQL statements, in-process.

An assessor's marking (final, with the others' marks shown), the facilitator's agreement page and
the cohort's overview, the team's released feedback as a page, as Word and in the API, and the
marks in the API. Two sizes: the demo's (the default rubric of 11 criteria, 2 assessors, 3 teams)
and a large one (40 criteria, the most a rubric holds; 8 assessors; 60 teams in the cohort).
Wall-clock p50/p95, CPU p50 and queries per request; tests/test_query_counts.py asserts that the
queries do not grow.
"""

from __future__ import annotations

import time

from bench.harness import (
    make_app,
    page_table_header,
    page_table_row,
    report,
    signed_in_client,
    time_page,
)

SIZES = {"demo (11 criteria, 2 assessors, 3 teams)": (None, 2, 3),
         "large (40 criteria, 8 assessors, 60 teams)": (20, 8, 60)}
REQUESTS = 30
WORDS = ("The team's account of the challenge is clear and grounded in the host's data; the link to the "
         "system's priorities could be sharper, and the measures need a longer baseline. ") * 3


def _build(app, per_component: int | None, assessors: int, teams: int):
    from tests import factories
    from workspace.assessment import operations as assessment_ops
    from workspace.extensions import db
    from workspace.marking import marking_operations as marking_ops
    from workspace.marking import moderation_operations as moderation_ops
    from workspace.marking import queries
    from workspace.marking.models import RubricCriterion
    from workspace.marking.rubric_defaults import ensure_rubric

    with app.app_context():
        cohort = factories.make_cohort("Bench cohort")
        team = factories.make_team("Team Bench", cohort)
        member = factories.make_user("Bench Member", "bench@example.org")
        facilitator = factories.make_user("Bench Facilitator", "fac@example.org", facilitator=True)
        factories.add_member(team, member)
        people = [factories.make_user(f"Assessor {k}", f"assessor{k}@example.org") for k in range(assessors)]
        for person in people:
            factories.add_member(team, person, "assessor")
        for k in range(teams - 1):
            factories.make_team(f"Team {k}", cohort)
        db.session.commit()
        ensure_rubric(cohort)
        if per_component:
            db.session.execute(db.delete(RubricCriterion).where(RubricCriterion.cohort_id == cohort.id))
            db.session.add_all(RubricCriterion(cohort_id=cohort.id, component=c, position=k, title=f"{c} {k}",
                                               weight=100 // per_component, max_score=100, descriptors={})
                               for c in ("report", "presentation") for k in range(per_component))
            db.session.commit()
        assessment_ops.submit(team, member)
        criteria = queries.criteria_of(cohort.id)
        for k, person in enumerate(people):
            marking_ops.save(team, person, {c.id: {"score": 55 + (k * 7 + c.id) % 30, "feedback": WORDS}
                                            for c in criteria}, WORDS)
            marking_ops.finalise(team, person)
        moderation_ops.agree(team, facilitator, {"report_mark": 64, "presentation_mark": 68, "note": "Agreed",
                                                 "feedback": WORDS})
        moderation_ops.release(team, facilitator)
        return (team.id, cohort.id, people[0].session_token, facilitator.session_token, member.session_token)


def run() -> None:
    page_table_header(44)
    for size_name, spec in SIZES.items():
        app = make_app()
        team_id, cohort_id, assessor, facilitator, member = _build(app, *spec)
        clients = {"assessor": signed_in_client(app, assessor), "facilitator": signed_in_client(app, facilitator),
                   "member": signed_in_client(app, member)}
        pages = {
            "GET my marking": ("assessor", f"/teams/{team_id}/marking/mine"),
            "GET marks (API)": ("assessor", f"/api/v1/teams/{team_id}/marks"),
            "GET marking and agreement": ("facilitator", f"/teams/{team_id}/marking"),
            "GET cohort marking overview": ("facilitator", f"/admin/cohorts/{cohort_id}/marking"),
            "GET feedback page": ("member", f"/teams/{team_id}/feedback"),
            "GET feedback.docx": ("member", f"/teams/{team_id}/feedback.docx"),
            "GET feedback (API)": ("member", f"/api/v1/teams/{team_id}/feedback"),
        }
        cold = time.perf_counter()
        assert clients["member"].get(pages["GET feedback.docx"][1]).status_code == 200
        report(f"feedback.docx, first build ({size_name})", {"wall": (time.perf_counter() - cold) * 1000})
        for name, (who, url) in pages.items():
            page = time_page(app, clients[who], url, REQUESTS)
            page_table_row(name, size_name, page, 44)


if __name__ == "__main__":
    run()
