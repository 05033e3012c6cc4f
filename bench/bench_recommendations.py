"""The recommendations register's pages: server time and SQL statements, in-process.

The register, a recommendation's page (with a measure, a process map and a report section
linked, and the host's response), the API's list and the Word parts, for a member of a team
with the demo's 4 recommendations and with 100 (the register's maximum). Wall-clock p50/p95,
CPU p50 and queries per request; tests/test_query_counts.py asserts that the queries do not grow.
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

SIZES = {"demo size (4 recommendations)": 4, "maximum (100 recommendations)": 100}
REQUESTS = 30


def _build(app, count: int):
    from tests import factories
    from tests.framework_recs_helpers import make_findings, make_menu
    from workspace.extensions import db
    from workspace.framework import recommendations as ops
    from workspace.models import User

    with app.app_context(), app.test_request_context():
        team = factories.make_team("Team Bench")
        member = factories.make_user("Bench Member", "bench@example.org")
        host = factories.make_user("Bench Host", "bench.host@example.org")
        factories.add_member(team, member)
        factories.add_member(team, host, "host")
        db.session.commit()
        menu = list(make_menu(team.cohort_id).values())
        findings = make_findings(team, member)
        first = None
        for n in range(count):
            made = ops.create(team, member, {
                "statement": f"Recommendation {n}: adopt the trusted assessor model on ward {n}. " * 3,
                "rationale": "Because the map showed it. " * 20, "owner": "Deputy chief nurse",
                "time_frame": "By March 2027", "cost": "£12,000 a year", "intervention_id": menu[n % len(menu)],
                "measures_of_success": "Fewer delays. " * 10,
                "criteria": {"long_term_plan": {"rating": "met", "note": "Yes. " * 30},
                             "affordable": {"rating": "partly", "note": "Half. " * 30}},
                "findings": [{"kind": kind, "id": target_id} for kind, target_id in findings.items()]})
            first = first or made.id
            if n % 2 == 0:
                ops.respond(team, made, host, "accept", "We agree. " * 20)
        return team.id, first, db.session.get(User, member.id).session_token


def run() -> None:
    from workspace.extensions import db
    from workspace.framework.export_parts_recommendations import recommendation_parts
    from workspace.models import Team

    page_table_header()
    for size_name, count in SIZES.items():
        app = make_app()
        team_id, first, token = _build(app, count)
        client = signed_in_client(app, token)
        base = f"/teams/{team_id}/recommendations"
        pages = {"GET register": base, "GET a recommendation": f"{base}/{first}",
                 "GET a recommendation's form": f"{base}/{first}/edit",
                 "GET recommendations (API)": f"/api/v1/teams/{team_id}/recommendations"}
        for name, url in pages.items():
            page_table_row(name, size_name, time_page(app, client, url, REQUESTS))
        with app.app_context():
            team = db.session.get(Team, team_id)
            times = []
            for _ in range(REQUESTS):
                start = time.perf_counter()
                recommendation_parts(team, "team")
                times.append((time.perf_counter() - start) * 1000)
            times.sort()
            report(f"Word parts ({size_name})", {"p50": times[len(times) // 2], "p95": times[int(len(times) * 0.95)]})


if __name__ == "__main__":
    run()
