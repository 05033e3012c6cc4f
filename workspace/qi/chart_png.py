"""A measure's chart as PNG for Word: matplotlib (Agg, no pyplot), 16 cm wide at 150 dpi.

The points joined by a line on a date axis; per phase the centre line, and on an XmR chart the
process limits (dashed) and the two-thirds lines (dotted); the target line; each signalled
point marked by its rule's shape and its judgement's colour; PDSA starts and annotations as
labelled marks on the x axis; the unit on the y axis; a key naming every line and rule.
matplotlib is imported here only (about 0.4 s the first time); every render holds
processes' way of one render at a time (RENDER_LOCK). Output is byte-stable.
"""

from __future__ import annotations

import functools
import io
import textwrap
import threading
import warnings
from datetime import datetime, time, timedelta

from . import spc
from .chart_layout import COLOURS, SHAPES, code_rows, describe, key_rows, marker_codes  # noqa: F401 - describe for callers
from .facts import Analysis, MeasureSeries

RENDER_LOCK = threading.RLock()
DPI = 150
WIDTH_CM, HEIGHT_CM = 16.0, 9.5
TOP_IN, PLOT_IN = 0.3, 2.32  # above the plot (its title), the plot itself
CODES_IN = 0.66  # under the plot: tick labels, the year, up to two rows of x-axis codes
LEGEND_ROW_IN, MARKS_LINE_IN = 0.15, 0.12
# two columns: a rule's name with its judgement ("Run of 7 on one side of the mean (concern)") is
# too long for three at 16 cm, and a clipped key would leave colour the only difference
LEGEND_COLUMNS = 2
MARKS_WRAP = 118  # characters a line of the marks list at 6.5 pt across 16 cm, with room to spare
MPL_MARKERS = {"square": "s", "diamond": "D", "triangle": "^", "star": "*", "ring": "o", "dot": "o"}


@functools.cache
def fonts() -> list[str]:
    """The first installed of Arial-metric fonts (the same fonts every time, no lookup noise)."""
    from matplotlib import font_manager

    installed = {entry.name for entry in font_manager.fontManager.ttflist}
    return [name for name in ("Liberation Sans", "Arial", "DejaVu Sans") if name in installed] or ["DejaVu Sans"]


def _handle_count(series: MeasureSeries, analysis: Analysis) -> int:
    """How many entries the key will have (to size the figure before drawing)."""
    if not series.points:
        return 1 if series.target is not None else 0
    count = 2 + (analysis.chart == "xmr" and any(p.upper is not None for p in analysis.phases))
    return count + len(key_rows(analysis)) + (series.target is not None)


def _marker(shape: str, direction: str) -> str:
    if shape == "triangle":
        return "^" if direction == "up" else "v"
    return MPL_MARKERS[shape]


def x_positions(points) -> list[datetime]:
    """Each point's x: its date at midnight; points sharing a date stand side by side, spread
    over the first 60% of the gap to the next date (a day when none follows), so the line does
    not jump up and down on one x and hide a point."""
    out: list[datetime] = []
    i = 0
    while i < len(points):
        j = i
        while j + 1 < len(points) and points[j + 1].on == points[i].on:
            j += 1
        base = datetime.combine(points[i].on, time())
        gap = (points[j + 1].on - points[i].on).days if j + 1 < len(points) else 1
        step = timedelta(days=0.6 * gap / (j - i + 1))
        out.extend(base + step * k for k in range(j - i + 1))
        i = j + 1
    return out


def marks_text(codes) -> str:
    """The list of x-axis marks under the chart, every one of them (wrapped, never cut)."""
    return "; ".join(f"{code}: {marker.label} ({marker.on.strftime('%-d %b %Y')})" for marker, code in codes)


def draw(series: MeasureSeries, analysis: Analysis) -> bytes:
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib import dates as mdates
    from matplotlib import rc_context
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.ticker import FuncFormatter

    points = series.points
    with RENDER_LOCK, rc_context({"font.family": fonts(), "font.size": 8}), \
            warnings.catch_warnings():
        warnings.simplefilter("ignore")
        codes = marker_codes(series.markers)
        marks = textwrap.wrap(marks_text(codes), MARKS_WRAP) if codes else []
        legend_rows = -(-_handle_count(series, analysis) // LEGEND_COLUMNS)
        bottom = CODES_IN + legend_rows * LEGEND_ROW_IN + len(marks) * MARKS_LINE_IN + 0.08
        width_in = WIDTH_CM / 2.54
        height_in = TOP_IN + PLOT_IN + bottom
        fig = Figure(figsize=(width_in, height_in), dpi=DPI, facecolor="#ffffff")
        ax = fig.add_axes((0.1, bottom / height_in, 0.87, PLOT_IN / height_in))
        kind = "XmR chart" if analysis.chart == "xmr" else "Run chart"
        ax.set_title(f"{kind}: {series.name}"[:90], fontsize=9, loc="left")
        ax.set_ylabel(series.unit or "Value")
        handles = []
        if not points:
            ax.text(0.5, 0.5, "No data yet", ha="center", va="center", transform=ax.transAxes)
            ax.set_xticks([])
        else:
            dates = x_positions(points)
            values = [p.value for p in points]
            dense = len(points) > 120  # a dot on every point would merge into a band
            ax.plot(dates, values, color=COLOURS["line"], linewidth=0.8 if dense else 1.2,
                    marker="" if dense else "o", markersize=2.5, zorder=2)
            handles.append(Line2D([], [], color=COLOURS["line"], marker="o", markersize=3, label="Data"))
            centre_name = "Median" if analysis.chart == "run" else "Mean"
            for phase in analysis.phases:
                span = [dates[phase.start], dates[phase.end]]
                ax.plot(span, [phase.centre] * 2, color=COLOURS["centre"], linewidth=1.2, zorder=1)
                if analysis.chart == "xmr" and phase.upper is not None:
                    for value in (phase.upper, phase.lower):
                        ax.plot(span, [value] * 2, color=COLOURS["limit"], linewidth=1, linestyle="--", zorder=1)
                    for value in (phase.upper_close, phase.lower_close):
                        ax.plot(span, [value] * 2, color=COLOURS["limit"], linewidth=0.6, linestyle=":", zorder=1)
                if phase.start > 0:
                    ax.axvline(dates[phase.start], color=COLOURS["limit"], linewidth=0.8, linestyle="-.")
                if analysis.chart == "xmr" and phase.trial:  # over the phase whose limits are trial
                    ax.text(dates[phase.start], 0.985 if phase.start == 0 else 0.93, "  Trial limits",
                            transform=ax.get_xaxis_transform(), fontsize=6.5, va="top", color=COLOURS["limit"])
            handles.append(Line2D([], [], color=COLOURS["centre"], label=centre_name))
            if analysis.chart == "xmr" and any(p.upper is not None for p in analysis.phases):
                trial = " (trial)" if any(p.trial for p in analysis.phases) else ""
                handles.append(Line2D([], [], color=COLOURS["limit"], linestyle="--", label=f"Process limits{trial}"))
            marked = spc.point_rules(analysis)
            judged = {i: (s.judgement, s.direction) for s in reversed(analysis.signals) for i in s.indexes}
            groups: dict[tuple[str, str, str], list[int]] = {}  # one plot call per mark, not per point
            for i, rule in marked.items():
                judgement, direction = judged[i]
                groups.setdefault((SHAPES[rule], direction if SHAPES[rule] == "triangle" else "up", judgement),
                                  []).append(i)
            for (shape, direction, judgement), indexes in sorted(groups.items()):
                colour = COLOURS.get(judgement, COLOURS["neither"])
                ax.plot([dates[i] for i in indexes], [values[i] for i in indexes], linestyle="none",
                        marker=_marker(shape, direction), markersize=9 if shape == "star" else 6,
                        markerfacecolor="none" if shape == "ring" else colour, markeredgecolor=colour,
                        markeredgewidth=1.5, zorder=3)
            for shape, judgement, words in key_rows(analysis):
                colour = COLOURS.get(judgement, COLOURS["neither"])
                handles.append(Line2D([], [], linestyle="none", marker=_marker(shape, "up"), markersize=6,
                                      markerfacecolor="none" if shape == "ring" else colour, markeredgecolor=colour,
                                      label=words))
            if len(dates) == 1:
                ax.set_xlim(mdates.date2num(dates[0]) - 7, mdates.date2num(dates[0]) + 7)
            left, right = ax.get_xlim()
            xs = [mdates.date2num(datetime.combine(marker.on, time())) for marker, _code in codes]
            for (_mark, code), x, row in zip(codes, xs, code_rows(xs, right - left), strict=True):
                ax.axvline(x, color=COLOURS["marker"], linewidth=0.6, linestyle=":", zorder=0)
                # below the tick labels and the year under them (va top), a row lower when crowded
                ax.annotate(code, (x, 0), xycoords=("data", "axes fraction"), xytext=(0, -29 - 8 * row),
                            textcoords="offset points", ha="center", va="top", fontsize=7,
                            color=COLOURS["marker"], annotation_clip=False,
                            arrowprops={"arrowstyle": "-", "color": COLOURS["marker"], "linewidth": 0.6})
            locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
            ax.xaxis.set_major_locator(locator)
            ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
            ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _pos: spc.number(value)))
        if series.target is not None:
            ax.axhline(series.target, color=COLOURS["target"], linewidth=1.2, linestyle=(0, (6, 2, 1, 2)))
            handles.append(Line2D([], [], color=COLOURS["target"], linestyle=(0, (6, 2, 1, 2)),
                                  label=f"Target {spc.amount(series.target, series.unit)}"))
        if marks:  # every mark, on as many lines as it needs (the figure grew to hold them)
            fig.text(0.1, 0.08 / height_in, "\n".join(marks), fontsize=6.5, color=COLOURS["marker"],
                     va="bottom", linespacing=1.25)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        ax.grid(axis="y", color="#e8edee", linewidth=0.6)
        if handles:
            fig.legend(handles=handles, loc="lower left", ncol=LEGEND_COLUMNS, fontsize=6.5, frameon=False,
                       bbox_to_anchor=(0.09, (0.08 + len(marks) * MARKS_LINE_IN) / height_in))
        out = io.BytesIO()
        fig.savefig(out, format="png", dpi=DPI, metadata={"Software": None})
        return out.getvalue()
