"""The grid and "then vs now" as PNG for the exports: matplotlib drawing the layout the page's
SVG draws (layout.py), shape for shape, in the same figure units.

matplotlib is imported inside the functions (its import costs most of a second) and used
without pyplot, so nothing global is switched. Its settings (rcParams) are global to the
process, so every render holds RENDER_LOCK: a worker's two threads never mix their settings.
Output is byte-stable: no date or software name in the file, the same fonts every time.
"""

from __future__ import annotations

import contextlib
import functools
import io
import threading
import warnings
from collections.abc import Sequence

from . import layout as L
from .svg_drawing import panel_offsets, then_now_size

RENDER_LOCK = threading.RLock()
DPI = 150
WIDTH_CM = 16.0
#: Arial's metrics (the pages' fallback font) where installed; DejaVu Sans ships with matplotlib
FONT_CHOICES = ("Liberation Sans", "Arial", "DejaVu Sans")
#: points per figure unit: the drawing's 720 units span 16 cm
PT = WIDTH_CM / 2.54 * 72 / L.WIDTH
TEXT = "#212b32"
GREY = "#4c6272"


@functools.cache
def fonts() -> list[str]:
    """The installed families of FONT_CHOICES, in order (asking for a missing one logs a
    warning on every text). Later ones fill in glyphs the first lacks."""
    from matplotlib import font_manager

    installed = {entry.name for entry in font_manager.fontManager.ttflist}
    return [name for name in FONT_CHOICES if name in installed] or ["DejaVu Sans"]


def settings() -> dict:
    return {"font.family": fonts(), "svg.fonttype": "none", "svg.hashsalt": "stakeholders"}


@contextlib.contextmanager
def rendering():
    """One matplotlib render at a time, with our settings. A name in a script the fonts lack
    (Chinese, emoji) draws as empty boxes in the PNG, and is no reason to warn: the page's SVG
    shows it in the browser's fonts."""
    from matplotlib import rc_context

    with RENDER_LOCK, rc_context(settings()), warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .* missing from font", category=UserWarning)
        yield


def new_figure(width_units: float, height_units: float):
    """A figure whose one axes spans it, in figure units with y pointing down (as in SVG)."""
    from matplotlib.figure import Figure

    scale = WIDTH_CM / 2.54 / L.WIDTH
    fig = Figure(figsize=(width_units * scale, height_units * scale), dpi=DPI, facecolor="#ffffff")
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, width_units)
    ax.set_ylim(height_units, 0)
    ax.set_axis_off()
    return fig, ax


def png_bytes(fig) -> bytes:
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=DPI, metadata={"Software": None})
    return out.getvalue()


def write(ax, x, y, words, size, *, ha="left", color=TEXT, weight="normal", rotation=0, dx=0, dy=0, halo=False):
    """Text at a baseline point, above every shape (zorder 5). Never parsed as mathtext: a name
    with dollar signs is just a name. `halo` edges it in white, to read across lines (PNG only:
    matplotlib's SVG would turn such text into outlines, ten times the size)."""
    text = ax.text(x + dx, y + dy, words, fontsize=size * PT, ha=ha, va="baseline", color=color, fontweight=weight,
                   rotation=rotation, rotation_mode="anchor", parse_math=False, zorder=5)
    if halo:
        from matplotlib import patheffects

        text.set_path_effects([patheffects.withStroke(linewidth=2.2 * PT, foreground="#ffffff")])
    return text


# --- the frame: quadrants, cells, axes ---------------------------------------------------------


def draw_frame(ax, dx: float = 0, dy: float = 0) -> None:
    from matplotlib.patches import Rectangle

    spans = {"manage closely": (L.SPLIT_X, L.PLOT_Y, L.PLOT_X + L.PLOT_W, L.SPLIT_Y),
             "keep satisfied": (L.PLOT_X, L.PLOT_Y, L.SPLIT_X, L.SPLIT_Y),
             "keep informed": (L.SPLIT_X, L.SPLIT_Y, L.PLOT_X + L.PLOT_W, L.PLOT_BOTTOM),
             "monitor": (L.PLOT_X, L.SPLIT_Y, L.SPLIT_X, L.PLOT_BOTTOM)}
    for name, (x0, y0, x1, y1) in spans.items():
        ax.add_patch(Rectangle((x0 + dx, y0 + dy), x1 - x0, y1 - y0, facecolor=L.QUADRANT_FILLS[name],
                               edgecolor="none", zorder=0))
    right, bottom = L.PLOT_X + L.PLOT_W, L.PLOT_BOTTOM
    for i in range(1, 5):
        x, y = L.PLOT_X + i * L.CELL_W + dx, L.PLOT_Y + i * L.CELL_H + dy
        ax.plot([x, x], [L.PLOT_Y + dy, bottom + dy], color="#ffffff", lw=1.5 * PT, zorder=1)
        ax.plot([L.PLOT_X + dx, right + dx], [y, y], color="#ffffff", lw=1.5 * PT, zorder=1)
    ax.plot([L.SPLIT_X + dx] * 2, [L.PLOT_Y + dy, bottom + dy], color=GREY, lw=2.5 * PT, zorder=2)
    ax.plot([L.PLOT_X + dx, right + dx], [L.SPLIT_Y + dy] * 2, color=GREY, lw=2.5 * PT, zorder=2)
    ax.add_patch(Rectangle((L.PLOT_X + dx, L.PLOT_Y + dy), L.PLOT_W, L.PLOT_H, facecolor="none",
                           edgecolor=GREY, lw=1 * PT, zorder=2))
    for score in L.SCORES:
        write(ax, L.score_x(score), L.PLOT_BOTTOM + 16, str(score), 11, ha="center", color=GREY, dx=dx, dy=dy)
        write(ax, L.PLOT_X - 10, L.score_y(score) + 4, str(score), 11, ha="right", color=GREY, dx=dx, dy=dy)
    label_y = L.PLOT_BOTTOM + 38
    write(ax, L.PLOT_X + L.PLOT_W / 2, label_y, "Interest \u2192", 13, ha="center", dx=dx, dy=dy)
    mid_y = L.PLOT_Y + L.PLOT_H / 2
    write(ax, 20, mid_y, "Power / influence \u2192", 13, ha="center", rotation=90, dx=dx, dy=dy)
    for words, x, y, ha in (("Keep satisfied", L.PLOT_X, L.PLOT_Y - 9, "left"),
                            ("Manage closely", right, L.PLOT_Y - 9, "right"),
                            ("Monitor", L.PLOT_X, label_y, "left"), ("Keep informed", right, label_y, "right")):
        write(ax, x, y, words, 13, ha=ha, weight="bold", dx=dx, dy=dy)


# --- markers -----------------------------------------------------------------------------------


class _Shapes:
    """Patches gathered for one PatchCollection (one draw call instead of hundreds)."""

    def __init__(self):
        self.patches = []

    def add(self, patch):
        self.patches.append(patch)

    def draw(self, ax, zorder):
        from matplotlib.collections import PatchCollection

        if self.patches:
            ax.add_collection(PatchCollection(self.patches, match_original=True, zorder=zorder))


def draw_mark(ax, shapes: _Shapes, x: float, y: float, current: str | None, desired: str | None) -> None:
    from matplotlib.patches import Circle, FancyBboxPatch, Polygon, Rectangle, Wedge

    line = {"edgecolor": L.OUTLINE, "linewidth": 1 * PT}
    if current is None or desired is None:
        key = current or "hidden"
        shapes.add(Circle((x, y), L.DOT_R, facecolor=L.FILLS[key], **line))
        if current:
            _glyph(ax, x, y, current)
        return
    for key, cx, start, end, rect_x in ((current, x - 12, 90, 270, x - 12), (desired, x + 12, -90, 90, x)):
        shapes.add(Wedge((cx, y), L.DOT_R, start, end, facecolor=L.FILLS[key], edgecolor="none"))
        shapes.add(Rectangle((rect_x, y - 8), 12, 16, facecolor=L.FILLS[key], edgecolor="none"))
    shapes.add(FancyBboxPatch((x - 12, y), 24, 0, boxstyle="round,pad=8", facecolor="none", **line))
    shapes.add(Polygon([(x - 2, y - 4.5), (x + 2.5, y), (x - 2, y + 4.5)], closed=True, facecolor="#ffffff", **line))
    _glyph(ax, x - L.PILL_GLYPH_X, y, current)
    _glyph(ax, x + L.PILL_GLYPH_X, y, desired)


def _glyph(ax, x: float, y: float, key: str) -> None:
    write(ax, x, y + L.GLYPH_SIZE * 0.36, L.ATTITUDE_GLYPHS[L.attitude_value(key)], L.GLYPH_SIZE, ha="center",
          color=L.INKS[key], weight="bold")


def draw_cluster(ax, shapes: _Shapes, x: float, y: float, count: int) -> None:
    from matplotlib.patches import FancyBboxPatch

    shapes.add(FancyBboxPatch((x - 12, y), 24, 0, boxstyle="round,pad=8", facecolor="#ffffff",
                              edgecolor=L.OUTLINE, linewidth=1 * PT, linestyle=(0, (3, 2))))
    write(ax, x, y + 3.6, f"+{count}", L.GLYPH_SIZE, ha="center", weight="bold")


def draw_markers(ax, grid: L.GridLayout, dx: float = 0, dy: float = 0) -> None:
    shapes = _Shapes()
    for p in grid.placed:
        draw_mark(ax, shapes, p.x + dx, p.y + dy, p.current, p.desired)
        if p.label:
            write(ax, p.x + p.width / 2 + 5, p.y + 4, p.label, L.LABEL_SIZE, dx=dx, dy=dy)
    for c in grid.clusters:
        draw_cluster(ax, shapes, c.x + dx, c.y + dy, len(c.members))
    shapes.draw(ax, zorder=3)


def draw_legend(ax, items: list[L.LegendItem]) -> None:
    shapes = _Shapes()
    for item in items:
        if item.kind == "attitude":
            draw_mark(ax, shapes, item.x, item.y, item.key, None)
            width = 2 * L.DOT_R
        elif item.kind == "change":
            draw_mark(ax, shapes, item.x, item.y, "sceptic", "supporter")
            width = L.PILL_W
        elif item.kind == "hidden":
            draw_mark(ax, shapes, item.x, item.y, None, None)
            width = 2 * L.DOT_R
        else:
            draw_cluster(ax, shapes, item.x, item.y, 3)
            width = L.PILL_W
        write(ax, item.x + width / 2 + 5, item.y + 4, item.text, L.LABEL_SIZE)
    shapes.draw(ax, zorder=3)


# --- the figures -------------------------------------------------------------------------------


def grid(markers: Sequence) -> bytes:
    layout = L.layout_grid(markers)
    with rendering():
        fig, ax = new_figure(L.WIDTH, L.HEIGHT)
        draw_frame(ax)
        draw_markers(ax, layout)
        draw_legend(ax, L.legend_items(layout))
        return png_bytes(fig)


def then_now(then: Sequence, now: Sequence, *, then_label: str, arrangement: str = "stacked") -> bytes:
    panels = [(f"Then: {L.text(then_label)}", L.layout_grid(then, labels=False)),
              ("Now", L.layout_grid(now, labels=False))]
    width, height, legend_top = then_now_size(arrangement)
    with rendering():
        fig, ax = new_figure(width, height)
        for (title, layout), (dx, dy) in zip(panels, panel_offsets(arrangement), strict=True):
            write(ax, L.PLOT_X, -8, title, 15, weight="bold", dx=dx, dy=dy)
            draw_frame(ax, dx, dy)
            draw_markers(ax, layout, dx, dy)
        both = L.GridLayout(panels[0][1].placed + panels[1][1].placed, panels[0][1].clusters + panels[1][1].clusters)
        draw_legend(ax, L.legend_items(both, top=legend_top))
        return png_bytes(fig)

