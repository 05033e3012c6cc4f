"""The measure charts: the SVG is CSP-clean and labelled, escapes what the team typed, marks each
signal with its rule's shape and a key; the PNG is a real, byte-stable picture; both are cached
by content; the SCSS colours equal the PNG's."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from workspace.qi import chart_drawing, chart_layout, chart_png, figures, spc
from workspace.qi.facts import Marker, MeasureSeries, Point

ROOT = Path(__file__).resolve().parents[1]
START = date(2026, 1, 5)
VALUES = [8, 9, 8, 9, 8, 9, 8, 12, 11, 12, 11, 12, 11, 12, 30]


def series(values=VALUES, name="Discharges before noon", **extra) -> MeasureSeries:
    points = tuple(Point(START + timedelta(weeks=k), float(v), rebase=(k == extra.get("rebase_at", -1)))
                   for k, v in enumerate(values))
    markers = (Marker(START + timedelta(weeks=6), "PDSA 2 (adopt)", "pdsa"),
               Marker(START + timedelta(weeks=9), extra.get("note", "Checklist live")))
    return MeasureSeries(7, name, "outcome", extra.get("unit", "%"), "up", extra.get("target", 11), "auto", points,
                         markers)


@pytest.fixture(autouse=True)
def _fresh_caches():
    chart_drawing.clear_caches()
    yield
    chart_drawing.clear_caches()


def test_the_svg_is_labelled_and_csp_clean():
    s = series()
    svg = str(figures.chart_svg(s, spc.analyse(s)))
    assert svg.startswith("<svg") and 'role="img"' in svg and "<title" in svg and "<desc" in svg
    assert "style=" not in svg and "<script" not in svg and "<style" not in svg
    assert "XmR chart: Discharges before noon" in svg
    assert ">P2</text>" in svg and ">A1</text>" in svg  # the PDSA start and the annotation on the x axis
    assert "Target 11%" in svg
    # the key names each mark drawn: the last point beyond the limit (square) and the shift (ring)
    assert "Point beyond a process limit (improvement)" in svg and "Run of 7 on one side of the mean" in svg
    assert 'class="qi-chart__mark qi-chart__mark--improvement"' in svg


def test_what_the_team_typed_is_escaped():
    s = series(name='<script>alert(1)</script> & "waits"', note="<b>bold</b>", unit="<i>")
    svg = str(figures.chart_svg(s, spc.analyse(s)))
    assert "<script>" not in svg and "<b>" not in svg and "<i>" not in svg
    assert "&lt;script&gt;" in svg


@pytest.mark.parametrize("count", [0, 1, 2])
def test_tiny_series_draw_without_failing(count):
    s = series(VALUES[:count])
    analysis = spc.analyse(s)
    svg = str(figures.chart_svg(s, analysis))
    assert svg.endswith("</svg>")
    assert figures.chart_png(s, analysis).startswith(b"\x89PNG")
    if count == 0:
        assert "No data yet" in svg


def test_a_rebased_chart_draws_each_phase():
    s = series([10, 11] * 6 + [20, 21] * 6, rebase_at=12)
    analysis = spc.analyse(s)
    svg = str(figures.chart_svg(s, analysis))
    assert svg.count('class="qi-chart__centre"') == 2 + 1  # two phases and the key's sample line
    assert "Rebased" in svg


def test_the_png_is_a_real_byte_stable_picture_and_is_cached():
    s = series()
    analysis = spc.analyse(s)
    first = figures.chart_png(s, analysis)
    assert first.startswith(b"\x89PNG") and len(first) > 10_000
    width, height = int.from_bytes(first[16:20], "big"), int.from_bytes(first[20:24], "big")
    # 16 cm wide at 150 dpi (6.299 in x 150, rounded down); the plot's height is fixed and the
    # space under it grows with the key and the marks list (this one: three key rows of two, two marks)
    assert (width, height) == (944, 589)
    assert figures.chart_png(s, analysis) is first  # cached by content
    chart_drawing.clear_caches()
    assert figures.chart_png(s, analysis) == first  # and byte-stable when drawn again
    changed = series(VALUES[:-1] + [31])
    assert chart_drawing.cache_key(changed, spc.analyse(changed), "png") != chart_drawing.cache_key(s, analysis, "png")


def test_the_scss_colours_equal_the_pngs():
    scss = (ROOT / "static" / "scss" / "_qi-charts.scss").read_text()
    found = dict(re.findall(r"\$qi-([a-z]+): (#[0-9a-f]{6});", scss))
    for name in ("improvement", "concern", "neither", "common", "line", "centre", "limit", "target", "marker"):
        assert found[name] == chart_layout.COLOURS[name], name


def test_axis_ticks_are_round_and_cover_the_data():
    axis = chart_layout.nice_ticks(7.3, 38.2)
    assert axis.low <= 7.3 and axis.high >= 38.2 and axis.ticks[0] == axis.low
    steps = {round(b - a, 9) for a, b in zip(axis.ticks, axis.ticks[1:], strict=False)}
    assert len(steps) == 1 and steps.pop() in (5, 10)
    flat = chart_layout.nice_ticks(5, 5)
    assert flat.low < 5 < flat.high


def test_two_points_on_one_date_stand_side_by_side_with_one_date_label():
    same = START + timedelta(weeks=2)
    points = (Point(START, 10.0), Point(START + timedelta(weeks=1), 12.0), Point(same, 11.0), Point(same, 30.0),
              Point(START + timedelta(weeks=3), 11.0))
    s = MeasureSeries(7, "Twice", "outcome", "", "up", None, "run", points, ())
    analysis = spc.analyse(s)
    assert len(analysis.phases) == 1 and analysis.phases[0].end == 4  # by index: both points are analysed
    svg = str(figures.chart_svg(s, analysis))
    xs = [float(x) for x in re.findall(r'<circle cx="([0-9.]+)"', svg)]
    assert len(set(xs)) == 5  # no vertical zig-zag: each point has its own x
    label = same.strftime("%-d %b %y")
    assert svg.count(f">{label}") == 1


def test_the_trial_label_stands_over_the_trial_phase_after_a_rebase():
    s = series([10, 11] * 6 + [20, 21] * 3, rebase_at=12, target=None)
    analysis = spc.analyse(s, "xmr")
    assert [p.trial for p in analysis.phases] == [False, True]
    svg = str(figures.chart_svg(s, analysis))
    rebase_x = float(re.search(r'<path d="M([0-9.]+) [0-9.]+V[0-9.]+" class="qi-chart__rebase"', svg).group(1))
    label_x = float(re.search(r'<text x="([0-9.]+)" y="[0-9.]+" class="qi-chart__small qi-chart__trial">', svg).group(1))
    assert label_x > rebase_x and svg.count("qi-chart__trial") == 1
    assert chart_png.draw(s, analysis).startswith(b"\x89PNG")


def test_the_last_date_label_fits_in_the_svg():
    s = series()
    svg = str(figures.chart_svg(s, spc.analyse(s)))
    last_x = max(float(x) for x in re.findall(r'<text x="([0-9.]+)" y="[0-9.]+" text-anchor="middle" class="qi-chart__tick">', svg))
    assert last_x + 28 <= chart_drawing.W  # half of "18 May 26" at 11 px is about 27 px


def test_crowded_axis_codes_take_a_second_row_and_the_marks_list_is_never_cut():
    assert chart_layout.code_rows([0, 1, 50, 51, 52, 90], 100) == [0, 1, 0, 1, 0, 0]
    markers = tuple(Marker(START + timedelta(days=k), f"PDSA {k + 1} with a rather long name, number {k + 1}", "pdsa")
                    for k in range(12))
    s = MeasureSeries(7, "Many marks", "outcome", "", "up", None, "run",
                      tuple(Point(START + timedelta(weeks=k), float(k % 3)) for k in range(14)), markers)
    text = chart_png.marks_text(chart_layout.marker_codes(markers))
    assert "P12: PDSA 12 with a rather long name, number 12" in text  # every mark, none cut off
    svg = str(figures.chart_svg(s, spc.analyse(s)))
    ys = {float(y) for y in re.findall(r'<text x="[0-9.]+" y="([0-9.]+)" text-anchor="middle" class="qi-chart__marker-code">', svg)}
    assert len(ys) == 2  # two rows of codes, not one heap

    from PIL import Image
    few = Image.open(io.BytesIO(chart_png.draw(series(), spc.analyse(series()))))
    many = Image.open(io.BytesIO(chart_png.draw(s, spc.analyse(s))))
    assert many.height > few.height  # the figure grew to hold the wrapped list


def test_png_points_on_one_date_stand_side_by_side():
    same = START + timedelta(weeks=1)
    xs = chart_png.x_positions((Point(START, 1.0), Point(same, 2.0), Point(same, 3.0), Point(same + timedelta(weeks=1), 1.0)))
    assert len(set(xs)) == 4 and xs == sorted(xs) and xs[1].date() == same
    assert xs[2] - xs[1] < xs[3] - xs[2]  # beside its twin, well before the next date
