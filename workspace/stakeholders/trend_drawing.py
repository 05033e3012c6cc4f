"""A stakeholder's trend: power, interest and (when shown) attitude over time, as a small
hand-built SVG with one step line per row and the latest value at the right. Colours are
classes (static/scss/site.scss); no ids, so a page can show one per stakeholder."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup

from . import layout as L
from .svg_drawing import label, num, svg_root, tag

TREND_W, TREND_ROW = 240, 26
_TREND_LEFT, _TREND_RIGHT = 62, 204  # the lines run between these; names left, last value right


def trend(points: Sequence) -> Markup:
    """The trend of `points` (TrendPoints, any order). Attitude is left out entirely when no
    point shows it."""
    from ..timefmt import date_filter

    points = sorted(points, key=lambda p: p.on)
    if not points:
        return svg_root(label(0, 14, "No changes recorded yet.", 11, "app-sh-trend__empty"), width=TREND_W,
                        height=TREND_ROW, cls="app-sh-trend", prefix=None, caption="Trend",
                        description="No changes recorded yet.", role="img")
    rows = [("Power", "power", [L.clamp_score(p.power) for p in points], 1, 5),
            ("Interest", "interest", [L.clamp_score(p.interest) for p in points], 1, 5)]
    attitudes = [p.attitude if L.attitude_key(p.attitude) else None for p in points]
    if any(a is not None for a in attitudes):
        rows.append(("Attitude", "attitude", attitudes, -2, 2))
    first, last = points[0].on.toordinal(), points[-1].on.toordinal()
    span = max(1, last - first)
    xs = [(_TREND_LEFT + (_TREND_RIGHT - _TREND_LEFT) * (p.on.toordinal() - first) / span) if last > first
          else _TREND_RIGHT for p in points]
    parts, said = [], []
    for row, (name, key, values, low, high) in enumerate(rows):
        top = row * TREND_ROW
        parts.append(label(0, top + 17, name, 11, "app-sh-trend__name"))
        parts.append(tag("path", d=f"M{_TREND_LEFT} {top + 13}H{_TREND_RIGHT}", class_="app-sh-trend__base"))
        parts.append(_step_line(xs, values, top, low, high, key))
        shown = [v for v in values if v is not None]
        latest = _trend_value(key, shown[-1])
        parts.append(label(TREND_W - 2, top + 17, latest, 11, "app-sh-trend__last", "end"))
        change = latest if _trend_value(key, shown[0]) == latest else f"{_trend_value(key, shown[0])} \u2192 {latest}"
        said.append(f"{name.lower() if row else name} {change}")
    period = date_filter(points[0].on) if first == last else f"{date_filter(points[0].on)} to {date_filter(points[-1].on)}"
    words = f"{', '.join(said)} ({period})"
    return svg_root("".join(parts), width=TREND_W, height=len(rows) * TREND_ROW, cls="app-sh-trend",
                    prefix=None, caption=f"Trend: {words}", description=words, role="img")


def _trend_value(key: str, value: int) -> str:
    return L.ATTITUDE_GLYPHS[value] if key == "attitude" else str(value)


def _step_line(xs: list[float], values: list, top: float, low: int, high: int, key: str) -> str:
    """A step line through the known values (a gap where a value is hidden), a dot at each.
    A single date draws a level line across, so one value still reads as a line."""
    def y(value):
        return num(top + 23 - 20 * (value - low) / (high - low))

    d, dots, previous = [], [], None
    for x, value in zip(xs, values, strict=True):
        if value is None:
            previous = None
            continue
        if previous is None:
            start = _TREND_LEFT if len(set(xs)) == 1 else x
            d.append(f"M{num(start)} {y(value)}H{num(x)}")
        else:
            d.append(f"H{num(x)}V{y(value)}")
        dots.append(tag("circle", cx=float(x), cy=float(y(value)), r=2,
                        class_=f"app-sh-trend__dot app-sh-trend--{key}"))
        previous = value
    return tag("path", d="".join(d), class_=f"app-sh-trend__line app-sh-trend--{key}") + "".join(dots)
