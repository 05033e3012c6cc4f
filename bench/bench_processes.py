"""The process-map pages: server time and SQL statements, in-process.

The maps list, a map's page (diagram, metrics, steps table, threads), its editing page, the
current-vs-future page and the API's map, for a member of a team with a current map and its
future map of 14 steps each (the demo's size) and of 40 steps in 8 lanes each (the issue's
"stays readable" size). Timed warm: the diagram is drawn once per content hash and then
cached, as in use; the first render is printed on its own. Wall-clock p50/p95, CPU p50 and
queries per request; tests/test_query_counts.py asserts that the queries do not grow.
"""

from __future__ import annotations

import time

from bench.bench_process_figures import sample_flow
from bench.harness import (
    make_app,
    page_table_header,
    page_table_row,
    report,
    signed_in_client,
    time_page,
)

SIZES = {"demo size (14 steps, 6 lanes)": (14, 6), "large (40 steps, 8 lanes)": (40, 8)}
REQUESTS = 30
LANES = ("Patient", "Ward nurse", "Ward doctor", "Pharmacy", "Social work", "Home care", "Therapy", "Transport")


def _steps(n: int, lanes: int) -> list[dict]:
    """The sample flow's steps as the API and operations take them (branches by step number)."""
    flow = sample_flow(n, LANES[:lanes])
    return [{"lane": s.lane, "label": s.label, "kind": s.kind, "minutes": s.minutes, "wait_minutes": s.wait_minutes,
             "value": s.value, "paper": s.paper, "pain_points": ["Waits for the form"] * s.pain_points,
             "branches": [{"to": b.target, "label": b.label} for b in s.branches]} for s in flow.steps]


def _build(app, n: int, lanes: int):
    from tests import factories
    from workspace.extensions import db
    from workspace.models import User
    from workspace.processes import operations as ops

    with app.app_context():
        team = factories.make_team("Team Bench")
        member = factories.make_user("Bench Member", "bench@example.org")
        factories.add_member(team, member)
        db.session.commit()
        current = ops.create_map(team, member, {"title": "Discharge as it is"}, steps=_steps(n, lanes))
        future = ops.create_map(team, member, {"title": "Discharge redesigned", "state": "future",
                                               "redesigns_id": current.id}, steps=_steps(n, lanes))
        return team.id, current.id, future.id, db.session.get(User, member.id).session_token


def run() -> None:

    page_table_header(32)
    for size_name, (n, lanes) in SIZES.items():
        app = make_app()
        team_id, current_id, _future_id, token = _build(app, n, lanes)
        client = signed_in_client(app, token)
        base = f"/teams/{team_id}/process-maps"
        pages = {
            "GET maps list": base,
            "GET a map": f"{base}/{current_id}",
            "GET editing a map": f"{base}/{current_id}/edit",
            "GET current vs future": f"{base}/{current_id}/compare",
            "GET a map (API)": f"/api/v1/teams/{team_id}/process-maps/{current_id}",
        }
        cold = time.perf_counter()
        assert client.get(pages["GET a map"]).status_code == 200
        report(f"a map, first render ({size_name})", {"wall": (time.perf_counter() - cold) * 1000})
        for name, url in pages.items():
            page = time_page(app, client, url, REQUESTS)
            page_table_row(name, size_name, page, 32)


if __name__ == "__main__":
    run()
