"""QI measures: the analysis and the chart renders for 60 and 1,000 points, and the pages.

1. spc.analyse alone, then analysis + SVG and analysis + PNG, each cold (cache cleared before
   every call: what the first view of a changed measure costs) and warm (cached by content
   hash: what every later view and export costs). p50 and p95.
2. The measures list, a measure's page and the analysis API, in-process, for a member of a
   team with 5 measures of 60 points and one of 1,000 (warm: charts cached, as in use).
   Wall-clock p50/p95, CPU p50 and queries per request.
"""

from __future__ import annotations

from datetime import date, timedelta

from bench.harness import make_app, signed_in_client, time_calls, time_page

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

    app = make_app()
    team_id, ids, token = _build(app)
    client = signed_in_client(app, token)
    base = f"/teams/{team_id}/qi/measures"
    pages = {"GET measures list (6 measures)": base}
    for n, measure_id in ids.items():
        pages[f"GET a measure, {n} points"] = f"{base}/{measure_id}"
        pages[f"GET analysis API, {n} points"] = f"/api/v1/teams/{team_id}/measures/{measure_id}/analysis"
    print(f"\n{'page':<44} {'p50':>10} {'p95':>10} {'CPU p50':>9} {'queries':>8}")
    for name, url in pages.items():
        page = time_page(app, client, url, REQUESTS)
        print(f"{name:<44} {page['p50']:>8.2f}ms {page['p95']:>8.2f}ms {page['cpu']:>7.2f}ms {page['queries']:>8}")


def run() -> None:
    _figures()
    _pages()


if __name__ == "__main__":
    run()
