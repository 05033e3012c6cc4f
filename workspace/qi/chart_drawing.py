"""A measure's run or XmR chart: SVG for the page (hand-built here, CSP-clean) and PNG for
Word (matplotlib, chart_png.py), both cached by a content hash of (series, analysis) (`render_hash`).

The SVG has no style attribute and no script: every colour and dash is a class styled in
static/scss/_qi-charts.scss. It is an image (role="img") labelled by its <title> and <desc>;
the page carries the points as a table too. Signals are marked by shape AND colour, with a key
naming each rule; PDSA starts ("P2") and annotations ("A1") are labelled marks on the x axis.
"""

from __future__ import annotations

import hashlib

from markupsafe import Markup, escape

from ..renders import Renders
from . import spc
from .chart_layout import (
    SHAPES,
    code_rows,
    date_labels,
    date_position,
    describe,
    key_rows,
    marker_codes,
    value_axis,
)
from .facts import Analysis, MeasureSeries

#: bump when a drawing changes, so cached renders are redrawn
CHART_VERSION = 5

W, H = 720, 340  # the plot's box, before the key
LEFT, RIGHT, TOP, BOTTOM = 64, 36, 20, 98  # RIGHT: room for half the last date label




_SVGS = Renders(64)
_PNGS = Renders(32)


def render_hash(series: MeasureSeries, analysis: Analysis) -> str:
    """The content hash of what a chart draws. The same idea as `facts.content_hash`, over the
    frozen dataclasses' repr (dates, floats and strings repr the same in every process) rather
    than asdict + JSON: about 1 ms instead of 13 for 1,000 points, paid on every cached view."""
    return hashlib.sha256(repr((series, analysis)).encode()).hexdigest()[:32]


def cache_key(series: MeasureSeries, analysis: Analysis, kind: str) -> str:
    return f"{kind}:{CHART_VERSION}:{render_hash(series, analysis)}"


def chart_svg(series: MeasureSeries, analysis: Analysis) -> Markup:
    return _SVGS.get(cache_key(series, analysis, "svg"), lambda: Markup(_svg(series, analysis)))  # noqa: S704 - every text in _svg is escaped


def chart_png(series: MeasureSeries, analysis: Analysis) -> bytes:
    from . import chart_png as drawing

    return _PNGS.get(cache_key(series, analysis, "png"), lambda: drawing.draw(series, analysis))


def clear_caches() -> None:
    _SVGS.clear()
    _PNGS.clear()


# --- SVG pieces ------------------------------------------------------------------------------


def n(value: float) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def shape(kind: str, x: float, y: float, cls: str, r: float = 6.0) -> str:
    """A point mark of `kind` centred on (x, y)."""
    if kind == "square":
        return f'<rect x="{n(x - r)}" y="{n(y - r)}" width="{n(2 * r)}" height="{n(2 * r)}" class="{cls}"/>'
    if kind == "diamond":
        return f'<path d="M{n(x)} {n(y - r * 1.3)}L{n(x + r * 1.3)} {n(y)}L{n(x)} {n(y + r * 1.3)}L{n(x - r * 1.3)} {n(y)}Z" class="{cls}"/>'
    if kind == "triangle":
        return f'<path d="M{n(x)} {n(y - r * 1.2)}L{n(x + r * 1.2)} {n(y + r)}L{n(x - r * 1.2)} {n(y + r)}Z" class="{cls}"/>'
    if kind == "star":
        import math

        corners = []
        for k in range(10):
            radius = r * 1.5 if k % 2 == 0 else r * 0.65
            angle = math.pi / 2 + k * math.pi / 5
            corners.append(f"{n(x + radius * math.cos(angle))} {n(y - radius * math.sin(angle))}")
        return f'<path d="M{"L".join(corners)}Z" class="{cls}"/>'
    if kind == "ring":
        return f'<circle cx="{n(x)}" cy="{n(y)}" r="{n(r)}" class="{cls} qi-chart__mark--ring"/>'
    return f'<circle cx="{n(x)}" cy="{n(y)}" r="{n(r * 0.55)}" class="{cls}"/>'


def trial_labels(analysis: Analysis, x_at) -> list[tuple[float, int, str]]:
    """(x, y, words) of the label over each phase whose XmR limits are trial: at the phase's
    start (below the "Rebased" label of a later phase), long or short as the phase's width allows."""
    out = []
    for phase in analysis.phases:
        if not phase.trial:
            continue
        x1 = x_at(phase.start) + (6 if phase.start == 0 else 3)
        width = x_at(phase.end) - x1
        words = f"Trial limits: fewer than {spc.TRIAL_BELOW} points" if width >= 190 else "Trial limits"
        out.append((x1, TOP + (12 if phase.start == 0 else 24), words))
    return out


def _svg(series: MeasureSeries, analysis: Analysis) -> str:
    points = series.points
    count = len(points)
    axis = value_axis(series, analysis)
    plot_w, plot_h = W - LEFT - RIGHT, H - TOP - BOTTOM

    def x_at(position: float) -> float:
        return LEFT + (plot_w / 2 if count <= 1 else position * plot_w / (count - 1))

    def y_at(value: float) -> float:
        return TOP + plot_h - (value - axis.low) / (axis.high - axis.low) * plot_h

    keys = key_rows(analysis)
    extra_rows = [("line", "", "Data"), ("centre", "", "Median" if analysis.chart == "run" else "Mean")]
    if analysis.chart == "xmr" and any(p.upper is not None for p in analysis.phases):
        extra_rows.append(("limit", "", "Process limits" + (" (trial: fewer than 12 points)" if any(
            p.trial for p in analysis.phases) else "")))
    if series.target is not None:
        extra_rows.append(("target", "", f"Target {spc.amount(series.target, series.unit)}"))
    rows = extra_rows + keys
    key_h = 22 * ((len(rows) + 1) // 2) + 8
    total_h = H + key_h
    uid = render_hash(series, analysis)[:10]
    kind = "XmR chart" if analysis.chart == "xmr" else "Run chart"
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {total_h}" width="{W}" height="{total_h}" '
           f'class="qi-chart" role="img" aria-labelledby="qi-t-{uid} qi-d-{uid}">',
           f'<title id="qi-t-{uid}">{escape(kind)}: {escape(series.name)}</title>',
           f'<desc id="qi-d-{uid}">{escape(describe(series, analysis))}</desc>',
           f'<rect x="0" y="0" width="{W}" height="{total_h}" class="qi-chart__bg"/>']
    # value axis: grid and labels, the unit as its title
    for tick in axis.ticks:
        y = y_at(tick)
        out.append(f'<path d="M{LEFT} {n(y)}H{W - RIGHT}" class="qi-chart__grid"/>')
        out.append(f'<text x="{LEFT - 6}" y="{n(y + 4)}" text-anchor="end" class="qi-chart__tick">{escape(spc.number(tick))}</text>')
    if series.unit:
        out.append(f'<text x="14" y="{n(TOP + plot_h / 2)}" transform="rotate(-90 14 {n(TOP + plot_h / 2)})" '
                   f'text-anchor="middle" class="qi-chart__unit">{escape(series.unit)}</text>')
    out.append(f'<path d="M{LEFT} {TOP}V{TOP + plot_h}H{W - RIGHT}" class="qi-chart__axis"/>')
    if not count:
        out.append(f'<text x="{LEFT + plot_w / 2}" y="{TOP + plot_h / 2}" text-anchor="middle" class="qi-chart__note">'
                   'No data yet: add points to draw the chart.</text>')
    # phases: centre, limits and close lines
    for phase in analysis.phases:
        x1, x2 = x_at(phase.start) - (4 if phase.start == phase.end else 0), x_at(phase.end) + (4 if phase.start == phase.end else 0)
        out.append(f'<path d="M{n(x1)} {n(y_at(phase.centre))}H{n(x2)}" class="qi-chart__centre"/>')
        for value, cls in ((phase.upper, "limit"), (phase.lower, "limit"), (phase.upper_close, "close"),
                           (phase.lower_close, "close")):
            if value is not None and analysis.chart == "xmr":
                out.append(f'<path d="M{n(x1)} {n(y_at(value))}H{n(x2)}" class="qi-chart__{cls}"/>')
        if phase.start > 0:
            xr = x_at(phase.start - 0.5)
            out.append(f'<path d="M{n(xr)} {TOP}V{TOP + plot_h}" class="qi-chart__rebase"/>')
            out.append(f'<text x="{n(xr + 3)}" y="{TOP + 10}" class="qi-chart__small">Rebased</text>')
    if series.target is not None:
        y = y_at(series.target)
        out.append(f'<path d="M{LEFT} {n(y)}H{W - RIGHT}" class="qi-chart__target"/>')
        out.append(f'<text x="{W - RIGHT}" y="{n(y - 4)}" text-anchor="end" class="qi-chart__small qi-chart__target-label">'
                   f'Target {escape(spc.amount(series.target, series.unit))}</text>')
    if analysis.chart == "xmr":  # over each phase whose limits are trial (after a rebase: the right one)
        for x, y, words in trial_labels(analysis, x_at):
            out.append(f'<text x="{n(x)}" y="{y}" class="qi-chart__small qi-chart__trial">{escape(words)}</text>')
    # the data: a line through the points, then each point (signals on top)
    if count > 1:
        coords = " ".join(f"{n(x_at(i))},{n(y_at(p.value))}" for i, p in enumerate(points))
        out.append(f'<polyline points="{coords}" class="qi-chart__line"/>')
    marked = spc.point_rules(analysis)
    judged = {i: s.judgement for s in reversed(analysis.signals) for i in s.indexes}
    for i, point in enumerate(points):
        x, y = x_at(i), y_at(point.value)
        if i in marked:
            out.append(shape(SHAPES[marked[i]], x, y, f"qi-chart__mark qi-chart__mark--{judged[i]}"))
        else:
            out.append(shape("dot", x, y, "qi-chart__point"))
    # the x axis: dates, then markers
    for i in date_labels(points):
        out.append(f'<text x="{n(x_at(i))}" y="{TOP + plot_h + 16}" text-anchor="middle" class="qi-chart__tick">'
                   f'{points[i].on.strftime("%-d %b %y")}</text>')
    codes = marker_codes(series.markers)
    xs = [x_at(date_position(points, marker.on)) for marker, _code in codes]
    base = TOP + plot_h
    for (_marker, code), x, row in zip(codes, xs, code_rows(xs, plot_w), strict=True):
        drop = 24 * row  # a crowded code goes a row lower, so neighbours never overlap
        out.append(f'<path d="M{n(x)} {TOP}V{base}" class="qi-chart__marker-line"/>')
        out.append(f'<path d="M{n(x)} {base + 22 + drop}l-6 10h12z" class="qi-chart__marker"/>')
        out.append(f'<text x="{n(x)}" y="{base + 46 + drop}" text-anchor="middle" class="qi-chart__marker-code">'
                   f'{escape(code)}</text>')
    # the key
    for k, (mark, judgement, words) in enumerate(rows):
        kx = LEFT + (k % 2) * (plot_w / 2)
        ky = H + 10 + (k // 2) * 22
        if mark in ("line", "centre", "limit", "target"):
            out.append(f'<path d="M{n(kx)} {n(ky)}h24" class="qi-chart__{ "line" if mark == "line" else mark}"/>')
        else:
            out.append(shape(mark, kx + 12, ky, f"qi-chart__mark qi-chart__mark--{judgement}", r=5))
        out.append(f'<text x="{n(kx + 32)}" y="{n(ky + 4)}" class="qi-chart__key">{escape(words)}</text>')
    out.append("</svg>")
    return "".join(out)
