"""The QI plan's pages: server time and SQL statements, in-process.

The aim, the driver diagram (SVG and tree editor), a change idea with its whole chain, the PDSA
list, a cycle's page and its edit form, and the API's list, for a member of a team with the
demo's size of diagram (3 primaries x 2 secondaries x 2 ideas, 2 cycles an idea, 2 measures) and
a large one (12 primaries, the bound, x 4 secondaries x 3 ideas = 144 ideas, 3 cycles an idea:
432 cycles, 6 measures). Timed warm: the diagram is drawn once per content hash and then cached, as in
use; the first render and the PNG for Word are printed on their own. Wall-clock p50/p95, CPU p50
and queries per request; tests/test_query_counts.py asserts that the queries do not grow.
"""

from __future__ import annotations

import time
from datetime import date, timedelta

from bench.harness import (
    make_app,
    page_table_header,
    page_table_row,
    report,
    signed_in_client,
    time_page,
)

SIZES = {"demo size (3x2x2 ideas)": (3, 2, 2, 2, 2), "large (12x4x3 ideas)": (12, 4, 3, 3, 6)}
REQUESTS = 30


def _build(app, primaries: int, secondaries: int, ideas: int, cycles: int, measures: int):
    from tests import factories
    from workspace.extensions import db
    from workspace.models import User
    from workspace.qi import pdsa_operations as pdsa_ops
    from workspace.qi import plan_operations as plan_ops
    from workspace.qi.models import Measure, MeasurePoint

    with app.app_context():
        team = factories.make_team("Team Bench")
        member = factories.make_user("Bench Member", "bench@example.org")
        factories.add_member(team, member)
        db.session.commit()
        plan_ops.save_aim(team, member, {"what": "Reduce the time from medically fit to discharge",
                                         "how_much": "from 9 days to 5", "by_when": "2027-03-31",
                                         "for_whom": "patients on Ward 7", "statement": ""})
        measure_ids = []
        for n in range(measures):
            measure = Measure(team_id=team.id, name=f"Measure {n}", created_by_id=member.id, updated_by_id=member.id)
            db.session.add(measure)
            db.session.flush()
            db.session.add_all(MeasurePoint(team_id=team.id, measure_id=measure.id,
                                            on_date=date(2026, 1, 5) + timedelta(days=7 * k), value=float(9 - k % 4))
                               for k in range(24))
            measure_ids.append(measure.id)
        db.session.commit()
        first_idea = first_cycle = None
        for p in range(primaries):
            primary = plan_ops.add_driver(team, member, f"Primary driver {p}: timely assessment of care needs")
            for s in range(secondaries):
                secondary = plan_ops.add_driver(team, member, f"Secondary {p}.{s}: assessment before fit", primary.id)
                for i in range(ideas):
                    idea = plan_ops.add_idea(team, member, {"title": f"Change idea {p}.{s}.{i}: a checklist on admission",
                                                            "driver_id": secondary.id})
                    last = None
                    for c in range(cycles):
                        last = pdsa_ops.create_cycle(team, member, {
                            "change_idea_id": idea.id, "title": f"Cycle {c}", "follows_id": last.id if last else None,
                            "started_on": f"2026-0{c + 1}-05", "prediction": "- **fewer** delays\n- same safety"},
                            measure_ids[:2])
                    first_idea = first_idea or idea.id
                    first_cycle = first_cycle or last.id
        return team.id, first_idea, first_cycle, db.session.get(User, member.id).session_token


def run() -> None:
    from workspace.extensions import db
    from workspace.models import Team
    from workspace.qi import driver_drawing, queries

    page_table_header(26)
    for size_name, shape in SIZES.items():
        app = make_app()
        team_id, idea_id, cycle_id, token = _build(app, *shape)
        client = signed_in_client(app, token)
        base = f"/teams/{team_id}/qi"
        pages = {
            "GET aim": f"{base}/aim",
            "GET driver diagram": f"{base}/drivers",
            "GET a change idea": f"{base}/change-ideas/{idea_id}",
            "GET PDSA list": f"{base}/pdsa",
            "GET a PDSA cycle": f"{base}/pdsa/{cycle_id}",
            "GET editing a cycle": f"{base}/pdsa/{cycle_id}/edit",
            "GET PDSA (API)": f"/api/v1/teams/{team_id}/pdsa",
        }
        cold = time.perf_counter()
        assert client.get(pages["GET driver diagram"]).status_code == 200
        report(f"driver diagram, first render ({size_name})", {"wall": (time.perf_counter() - cold) * 1000})
        with app.app_context():
            tree = queries.driver_tree(db.session.get(Team, team_id))
        cold = time.perf_counter()
        driver_drawing._draw_png(tree)
        report(f"driver diagram PNG for Word ({size_name})", {"wall": (time.perf_counter() - cold) * 1000})
        for name, url in pages.items():
            page = time_page(app, client, url, REQUESTS)
            page_table_row(name, size_name, page, 26)


if __name__ == "__main__":
    run()
