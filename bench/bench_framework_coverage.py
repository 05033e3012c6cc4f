"""The framework's coverage pages: server time and SQL statements, in-process.

The Coverage page (heatmap, gaps, themes, members), a heatmap cell's list (one domain's
actions), a member's evidence page and their Word document, for a member of a team of the
demo's size (6 members; 24 actions, 8 stakeholders, 12 reflections, each tagged) and a large one
(12 members; 1,000 actions, 200 stakeholders, 300 reflections: 2,500 tags). Timed warm;
wall-clock p50/p95, CPU p50 and queries per request (tests/test_query_counts.py asserts that the
queries do not grow). Then the heatmap figure for the Word report: matplotlib's first render in
this process (its import included) and a warm render.

    .venv/bin/python -m bench.bench_framework_coverage
"""

from __future__ import annotations

import time

from bench.harness import (
    make_app,
    page_table_header,
    page_table_row,
    report,
    signed_in_client,
    time_calls,
    time_page,
)

SIZES = {"demo size (6 members, 44 items)": (5, 24, 8, 12),
         "large (12 members, 1,500 items)": (11, 1000, 200, 300)}
REQUESTS = 30


def _build(app, members: int, actions: int, people: int, reflections: int):
    from tests import factories
    from tests.framework_coverage_data import Framework, action, reflection, stakeholder, tag
    from workspace.extensions import db
    from workspace.models import User

    with app.app_context():
        team = factories.make_team("Team Bench")
        member = factories.make_user("Bench Member", "bench@example.org")
        factories.add_member(team, member)
        learners = [member] + [factories.make_user() for _ in range(members)]
        for learner in learners[1:]:
            factories.add_member(team, learner)
        framework = Framework(team.cohort)
        domains, behaviours = list(framework.domains.values()), list(framework.behaviours.values())
        for k in range(actions):
            made = action(team, member, f"Action {k}")
            tag(team, "action", made.id, domain=domains[k % 3], by=learners[k % len(learners)])
            tag(team, "action", made.id, behaviour=behaviours[k % len(behaviours)], by=learners[k % len(learners)])
        for k in range(people):
            person = stakeholder(team, member, f"Person {k}", confidential=k % 4 == 0)
            tag(team, "stakeholder", person.id, domain=domains[(k + 1) % 3], by=learners[k % len(learners)])
        for k in range(reflections):
            author = learners[k % len(learners)]
            entry = reflection(team, author, f"Reflection {k}", shared=k % 2 == 0, body="A paragraph. " * 20)
            tag(team, "reflection", entry.id, behaviour=behaviours[k % len(behaviours)], by=author)
        db.session.commit()
        return team.id, member.id, db.session.get(User, member.id).session_token


def _figure(app, team_id: int, size_name: str) -> None:
    from workspace.framework.export_parts_coverage import coverage_parts
    from workspace.models import Team

    with app.app_context():
        from workspace.extensions import db

        team = db.session.get(Team, team_id)
        (figure,) = coverage_parts(team, "team")
        cold = time.perf_counter()
        figure.render()
        report(f"heatmap PNG, first render ({size_name})", {"wall": (time.perf_counter() - cold) * 1000})
        report(f"heatmap PNG, warm ({size_name})", time_calls(figure.render, 10, warmup=2, clock=time.process_time))
        report(f"heatmap part, counts only ({size_name})",
               time_calls(lambda: coverage_parts(team, "team"), 20, warmup=2, clock=time.process_time))


def run() -> None:
    page_table_header()
    for size_name, spec in SIZES.items():
        app = make_app()
        team_id, member_id, token = _build(app, *spec)
        client = signed_in_client(app, token)
        base = f"/teams/{team_id}/framework"
        pages = {
            "GET coverage": base,
            "GET a cell's list": f"{base}/domains/individual/action",
            "GET a member's evidence": f"{base}/members/{member_id}",
            "GET evidence.docx": f"{base}/members/{member_id}/evidence.docx",
        }
        for name, url in pages.items():
            page_table_row(name, size_name, time_page(app, client, url, REQUESTS))
        _figure(app, team_id, size_name)


if __name__ == "__main__":
    run()
