"""The QI log part's pages: server time and SQL statements, in-process.

The QI overview, the action log (a page of 50), an action's page, the log as CSV and the API's
list, for a member of a team of the demo's size (10 actions, 3 measures of 24 points, 4 cycles)
and a large one (1,000 actions, the log's maximum; 8 measures of 200 points; 40 cycles). Timed
warm: the driver diagram is drawn per request (its drawing is the plan part's; the chart
analyses run per request). Wall-clock p50/p95, CPU p50 and queries per request;
tests/test_query_counts.py asserts that the queries do not grow.
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

SIZES = {"demo size (10 actions, 3 measures)": (10, 3, 24, 4), "large (1,000 actions, 8 measures)": (1000, 8, 200, 40)}
REQUESTS = 30


def _build(app, actions: int, measures: int, points: int, cycles: int):
    from tests import factories
    from workspace.extensions import db
    from workspace.models import User
    from workspace.qi.models import (
        Action,
        Aim,
        ChangeIdea,
        Driver,
        Measure,
        MeasurePoint,
        PdsaCycle,
    )

    with app.app_context():
        team = factories.make_team("Team Bench")
        member = factories.make_user("Bench Member", "bench@example.org")
        factories.add_member(team, member)
        db.session.add(Aim(team_id=team.id, statement="Reduce the wait from 3.5 to 2 days by March."))
        db.session.flush()
        for p in range(3):
            primary = Driver(team_id=team.id, level="primary", title=f"Primary driver {p}", position=p)
            db.session.add(primary)
            db.session.flush()
            for s in range(2):
                secondary = Driver(team_id=team.id, level="secondary", parent_id=primary.id,
                                   title=f"Secondary {p}.{s}", position=s)
                db.session.add(secondary)
                db.session.flush()
                db.session.add(ChangeIdea(team_id=team.id, driver_id=secondary.id, title=f"Idea {p}.{s}"))
        made = [PdsaCycle(team_id=team.id, title=f"Cycle {k}", status=("running", "planned", "complete")[k % 3],
                          started_on=date(2026, 10, 1) + timedelta(days=k)) for k in range(cycles)]
        db.session.add_all(made)
        db.session.flush()
        for m in range(measures):
            measure = Measure(team_id=team.id, name=f"Measure {m}", better="down", target=2.0, position=m)
            db.session.add(measure)
            db.session.flush()
            db.session.add_all(MeasurePoint(team_id=team.id, measure_id=measure.id,
                                            on_date=date(2024, 1, 1) + timedelta(weeks=k), value=3 + (k * 7 % 5) / 4)
                               for k in range(points))
        today = date.today()
        db.session.add_all(Action(team_id=team.id, title=f"Action {k}", owner_id=member.id,
                                  status=("open", "in_progress", "done", "blocked")[k % 4],
                                  due_on=today + timedelta(days=k % 40 - 20), pdsa_id=made[k % len(made)].id,
                                  domain="innovation") for k in range(actions))
        db.session.commit()
        first = db.session.scalar(db.select(Action.id).order_by(Action.id))
        return team.id, first, db.session.get(User, member.id).session_token


def run() -> None:

    page_table_header()
    for size_name, spec in SIZES.items():
        app = make_app()
        team_id, action_id, token = _build(app, *spec)
        client = signed_in_client(app, token)
        base = f"/teams/{team_id}/qi"
        pages = {
            "GET QI overview": base,
            "GET action log": f"{base}/actions",
            "GET action log, overdue": f"{base}/actions?due=overdue",
            "GET an action": f"{base}/actions/{action_id}",
            "GET action log CSV": f"{base}/actions.csv",
            "GET actions (API)": f"/api/v1/teams/{team_id}/actions",
            "GET team page": f"/teams/{team_id}",
        }
        cold = time.perf_counter()
        assert client.get(pages["GET QI overview"]).status_code == 200
        report(f"QI overview, first render ({size_name})", {"wall": (time.perf_counter() - cold) * 1000})
        for name, url in pages.items():
            page = time_page(app, client, url, REQUESTS)
            page_table_row(name, size_name, page)


if __name__ == "__main__":
    run()
