"""What the SVG and the PNG of a measure's chart share: the value axis, the marks each rule
draws (shape AND colour, never colour alone), the short labels of the x-axis markers, and the
key. Pure Python; the colours equal static/scss/_qi-charts.scss (tests keep them equal)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from . import spc
from .facts import Analysis, Marker, MeasureSeries

#: judgement -> colour (Making Data Count: improvement blue, concern orange, neither purple)
COLOURS = {"improvement": "#005eb8", "concern": "#ed8b00", "neither": "#7c2855", "common": "#768692",
           "line": "#425563", "centre": "#212b32", "limit": "#4c6272", "target": "#007f3b", "marker": "#330072"}

#: rule -> (shape, what the key says). Shapes: square, diamond, triangle, circle, ring, star.
SHAPES = {
    "beyond_limit": "square",
    "astronomical": "star",
    "trend": "triangle",
    "run_trend": "triangle",
    "two_of_three": "diamond",
    "shift": "ring",
    "run_shift": "ring",
}


@dataclass(frozen=True)
class Axis:
    low: float
    high: float
    ticks: tuple[float, ...]


def nice_ticks(low: float, high: float, count: int = 5) -> Axis:
    """A value axis from `low` to `high` with about `count` round ticks."""
    if not (math.isfinite(low) and math.isfinite(high)):
        low, high = 0.0, 1.0
    if high - low < 1e-9:
        pad = abs(high) * 0.1 or 1.0
        low, high = low - pad, high + pad
    raw = (high - low) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.floor(low / step) * step
    last = math.ceil(high / step) * step
    ticks = []
    value = first
    while value <= last + step / 2 and len(ticks) < 20:
        ticks.append(round(value, 10))
        value += step
    return Axis(first, last, tuple(ticks))


def value_axis(series: MeasureSeries, analysis: Analysis) -> Axis:
    values = [p.value for p in series.points]
    for phase in analysis.phases:
        values += [v for v in (phase.centre, phase.lower, phase.upper) if v is not None]
    if series.target is not None:
        values.append(series.target)
    if not values:
        return nice_ticks(0, 1)
    return nice_ticks(min(values), max(values))


def marker_codes(markers: tuple[Marker, ...]) -> list[tuple[Marker, str]]:
    """Each marker with a short code for the axis: "P2" for "PDSA 2 (adopt)", "A1", "A2"..."""
    out, annotations = [], 0
    for marker in markers:
        if marker.kind == "pdsa" and marker.label.startswith("PDSA "):
            code = "P" + marker.label.split()[1]
        else:
            annotations += 1
            code = f"A{annotations}"
        out.append((marker, code))
    return out


def code_rows(xs: list[float], span: float, width: float = 0.045) -> list[int]:
    """The row (0 or 1) of each x-axis code, in date order, so that neighbours closer than
    `width` of the axis do not overlap: each goes on the first row whose last code is far enough
    to its left (the row that has been free longest when none is)."""
    last: list[float] = []
    rows = []
    for x in xs:
        row = next((r for r, at in enumerate(last) if (x - at) >= width * span), None)
        if row is None and len(last) < 2:
            row = len(last)
            last.append(x)
        elif row is None:
            row = min(range(2), key=lambda r: last[r])
        last[row] = x
        rows.append(row)
    return rows


def date_position(points, on: date) -> float:
    """Where a date falls on an axis of point indexes (points are equally spaced; a date between
    two points is placed between them in proportion)."""
    if not points:
        return 0.0
    if on <= points[0].on:
        return 0.0
    for i in range(1, len(points)):
        if on <= points[i].on:
            before, after = points[i - 1].on, points[i].on
            span = (after - before).days or 1
            return i - 1 + (on - before).days / span
    return float(len(points) - 1)


def key_rows(analysis: Analysis) -> list[tuple[str, str, str]]:
    """(shape, judgement, text) for each mark the chart draws, in priority order. A point in
    several signals is drawn with its highest-priority rule's mark (spc.point_rules), so the key
    names only the marks drawn; the page's table of signals lists every signal."""
    drawn = spc.point_rules(analysis)
    judged = {i: s.judgement for s in reversed(analysis.signals) for i in s.indexes}
    seen, rows = set(), []
    for index, rule in sorted(drawn.items(), key=lambda item: (spc.rank(item[1]), item[0])):
        wanted = (rule, judged[index])
        if wanted in seen:
            continue
        seen.add(wanted)
        word = {"improvement": "improvement", "concern": "concern"}.get(judged[index], "neither")
        rows.append((SHAPES[rule], judged[index], f"{spc.RULE_NAMES[rule]} ({word})"))
    return rows


def date_labels(points, most: int = 8) -> list[int]:
    """Which point indexes get a date label under the axis (at most `most`, evenly spread).
    Points sharing a date stand side by side (x is the index, so neither hides the other); the
    date is written once, under the first of them."""
    n = len(points)
    if n <= most:
        return [i for i in range(n) if i == 0 or points[i].on != points[i - 1].on]
    step = math.ceil((n - 1) / (most - 1))
    picked = list(range(0, n, step))
    if picked[-1] != n - 1:
        if n - 1 - picked[-1] < step / 2:
            picked[-1] = n - 1
        else:
            picked.append(n - 1)
    return [i for k, i in enumerate(picked) if k == 0 or points[i].on != points[picked[k - 1]].on]


def describe(series: MeasureSeries, analysis: Analysis) -> str:
    """The chart in words, for the SVG's <desc> and the Word picture's alt text."""
    kind = "XmR chart" if analysis.chart == "xmr" else "Run chart"
    n = len(series.points)
    if not n:
        return f"{kind} of {series.name}: no data yet."
    first, last = series.points[0].on, series.points[-1].on
    parts = [f"{kind} of {series.name}, {n} point{'s' if n != 1 else ''} from {spc.day(first)} to {spc.day(last)}."]
    if len(analysis.phases) > 1:
        parts.append(f"The limits were rebased {len(analysis.phases) - 1} time{'s' if len(analysis.phases) > 2 else ''}.")
    parts.append(analysis.summary)
    return " ".join(parts)
