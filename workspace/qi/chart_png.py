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
import threading
import warnings

from . import spc
from .chart_layout import COLOURS, SHAPES, describe, key_rows, marker_codes  # noqa: F401 - describe for callers
from .facts import Analysis, MeasureSeries

RENDER_LOCK = threading.RLock()
DPI = 150
WIDTH_CM, HEIGHT_CM = 16.0, 9.5
MPL_MARKERS = {"square": "s", "diamond": "D", "triangle": "^", "star": "*", "ring": "o", "dot": "o"}


@functools.cache
def fonts() -> list[str]:
    """The first installed of Arial-metric fonts (the same fonts every time, no lookup noise)."""
    from matplotlib import font_manager

    installed = {entry.name for entry in font_manager.fontManager.ttflist}
    return [name for name in ("Liberation Sans", "Arial", "DejaVu Sans") if name in installed] or ["DejaVu Sans"]


def _marker(shape: str, direction: str) -> str:
    if shape == "triangle":
        return "^" if direction == "up" else "v"
    return MPL_MARKERS[shape]


def draw(series: MeasureSeries, analysis: Analysis) -> bytes:
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib import dates as mdates
    from matplotlib import rc_context
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    points = series.points
    with RENDER_LOCK, rc_context({"font.family": fonts(), "font.size": 8}), \
            warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fig = Figure(figsize=(WIDTH_CM / 2.54, HEIGHT_CM / 2.54), dpi=DPI, facecolor="#ffffff")
        ax = fig.add_axes((0.1, 0.3, 0.87, 0.62))
        kind = "XmR chart" if analysis.chart == "xmr" else "Run chart"
        ax.set_title(f"{kind}: {series.name}"[:90], fontsize=9, loc="left")
        ax.set_ylabel(series.unit or "Value")
        handles = []
        if not points:
            ax.text(0.5, 0.5, "No data yet", ha="center", va="center", transform=ax.transAxes)
            ax.set_xticks([])
        else:
            dates = [p.on for p in points]
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
            low, high = ax.get_ylim()
            for marker, code in marker_codes(series.markers):
                ax.axvline(marker.on, color=COLOURS["marker"], linewidth=0.6, linestyle=":", zorder=0)
                ax.annotate(code, (mdates.date2num(marker.on), 0), xycoords=("data", "axes fraction"),
                            xytext=(0, -26), textcoords="offset points", ha="center", fontsize=7,
                            color=COLOURS["marker"], annotation_clip=False,
                            arrowprops={"arrowstyle": "-", "color": COLOURS["marker"], "linewidth": 0.6})
            locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
            ax.xaxis.set_major_locator(locator)
            ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
            if len(dates) == 1:
                ax.set_xlim(mdates.date2num(dates[0]) - 7, mdates.date2num(dates[0]) + 7)
        if series.target is not None:
            ax.axhline(series.target, color=COLOURS["target"], linewidth=1.2, linestyle=(0, (6, 2, 1, 2)))
            handles.append(Line2D([], [], color=COLOURS["target"], linestyle=(0, (6, 2, 1, 2)),
                                  label=f"Target {spc.amount(series.target, series.unit)}"))
        codes = marker_codes(series.markers)
        if codes:
            text = "; ".join(f"{code}: {marker.label} ({marker.on.strftime('%-d %b %Y')})" for marker, code in codes[:8])
            more = f"; and {len(codes) - 8} more" if len(codes) > 8 else ""
            fig.text(0.1, 0.015, (text + more)[:220], fontsize=6.5, color=COLOURS["marker"], wrap=True)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        ax.grid(axis="y", color="#e8edee", linewidth=0.6)
        if handles:
            fig.legend(handles=handles, loc="lower left", bbox_to_anchor=(0.09, 0.06), ncol=3, fontsize=6.5,
                       frameon=False)
        out = io.BytesIO()
        fig.savefig(out, format="png", dpi=DPI, metadata={"Software": None})
        return out.getvalue()
