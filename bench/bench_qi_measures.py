"""QI measures: the analysis and the chart renders for 60 and 1,000 points, and the pages.

1. spc.analyse alone, then analysis + SVG and analysis + PNG, each cold (cache cleared before
   every call: what the first view of a changed measure costs) and warm (cached by content
   hash: what every later view and export costs). p50 and p95.
2. The measures list, a measure's page and the analysis API, in-process, for a member of a
   team with 5 measures of 60 points and one of 1,000 (warm: charts cached, as in use).
   Wall-clock p50/p95, CPU p50 and queries per request.
"""

from __future__ import annotations

import time
from datetime import date, timedelta

from bench.harness import make_app, time_calls

SIZES = (60, 1000)
REQUESTS = 30


def sample_series(n: int, target: float | None = 80.0):
    from workspace.qi.facts import Marker, MeasureSeries, Point

    start = date(2022, 1, 3)
    values = [70 + (k * 37) % 11 + (6 if k > n * 2 // 3 else 0) for k in range(n)]
    points = tuple(Point(start + timedelta(days=7 * k), float(v), rebase=(k == n // 2)) for k, v in enumerate(values))
    markers = (Marker(start + timedelta(days=7 * (n // 3)), "PDSA 2 (adopt)", "pdsa"),
               Marker(start + timedelta(days=7 * (n * 2 // 3)), "Checklist live"))
    return MeasureSeries(1, "Discharges before noon", "outcome", "%", "up", target, "auto", points, markers)


def _row(name: str, figures: dict) -> None:
    print(f"{name:<44} {figures['p50']:>8.2f}ms {figures['p95']:>8.2f}ms")


def _figures() -> None:
    from workspace.qi import chart_drawing, figures, spc

    print(f"{'analysis and chart':<44} {'p50':>10} {'p95':>10}")
    for n in SIZES:
        series = sample_series(n)
        _row(f"analyse, {n} points", time_calls(lambda series=series: spc.analyse(series), 50))

        def svg_cold(series=series):
            chart_drawing.clear_caches()
            figures.chart_svg(series, spc.analyse(series))

        def png_cold(series=series):
            chart_drawing.clear_caches()
            figures.chart_png(series, spc.analyse(series))

        _row(f"analyse + SVG, {n} points, cold", time_calls(svg_cold, 20))
        _row(f"analyse + SVG, {n} points, warm (cached)",
             time_calls(lambda series=series: figures.chart_svg(series, spc.analyse(series)), 50))
        _row(f"analyse + PNG, {n} points, cold", time_calls(png_cold, 10, warmup=2))
        _row(f"analyse + PNG, {n} points, warm (cached)",
             time_calls(lambda series=series: figures.chart_png(series, spc.analyse(series)), 50))


def _build(app):
    from tests import factories
    from workspace.extensions import db
    from workspace.models import User
    from workspace.qi import measure_operations as ops

    with app.app_context():
        team = factories.make_team("Team Bench")
        member = factories.make_user("Bench Member", "bench@example.org")
        factories.add_member(team, member)
        db.session.commit()
        ids = {}
        for k, n in enumerate((60, 60, 60, 60, 60, 1000)):
            measure = ops.create_measure(team, member, {"name": f"Measure {k}", "unit": "%", "target": 80})
            rows = [{"on": p.on.isoformat(), "value": p.value} for p in sample_series(n).points]
            ops.add_points(team, measure, member, rows)
            ids[n] = measure.id
        return team.id, ids, db.session.get(User, member.id).session_token


def _pages() -> None:
    from tests.querycount import counting_queries
    from workspace.extensions import db

    app = make_app()
    team_id, ids, token = _build(app)
    client = app.test_client()
    with client.session_transaction() as session:
        now = time.time()
        session.update({"_user_id": token, "_fresh": True, "signed_in_at": now, "last_seen": now})
    base = f"/teams/{team_id}/qi/measures"
    pages = {"GET measures list (6 measures)": base}
    for n, measure_id in ids.items():
        pages[f"GET a measure, {n} points"] = f"{base}/{measure_id}"
        pages[f"GET analysis API, {n} points"] = f"/api/v1/teams/{team_id}/measures/{measure_id}/analysis"
    print(f"\n{'page':<44} {'p50':>10} {'p95':>10} {'CPU p50':>9} {'queries':>8}")
    for name, url in pages.items():
        def get(url=url):
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
        wall = time_calls(get, REQUESTS)
        cpu = time_calls(get, REQUESTS, warmup=0, clock=time.process_time)
        with app.app_context():
            engine = db.engine
        with counting_queries(engine) as seen:
            get()
        print(f"{name:<44} {wall['p50']:>8.2f}ms {wall['p95']:>8.2f}ms {cpu['p50']:>7.2f}ms {len(seen):>8}")


def run() -> None:
    _figures()
    _pages()


if __name__ == "__main__":
    run()
