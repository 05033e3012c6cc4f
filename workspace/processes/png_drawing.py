"""The swimlane diagram as PNG for Word: matplotlib drawing the page's layout, shape for shape.

Size: 16 cm wide (a portrait A4 page's text width) at 150 dpi. A map of up to
BAND_COLUMNS columns is one band; a longer one is cut into bands of BAND_COLUMNS columns,
stacked one under the other, each with the lane names and a "Part 2 of 5: steps in columns
5-8" heading, and links that leave a band drawn as stubs naming the other step's number
("to 12", "from 30"). Four columns keep labels at about 6 pt on the page; so a long map is
tall (a 40-column map is about ten bands): `pages()` gives the same bands cut into images that
each fit a page (16 x 23 cm), for an export that wants one figure per page. Over
MAX_BANDS bands the columns per band grow instead, and the text shrinks (the page says the
diagram is large; its SVG stays full size).

matplotlib is imported inside the functions and used without pyplot. Its settings are global
to the process, so every render holds RENDER_LOCK. Output is byte-stable (no software name or
date in the file, the same fonts every time).
"""

from __future__ import annotations

import contextlib
import functools
import io
import math
import threading
import warnings

from . import layout as L
from . import shapes as S
from .flow import Flow

RENDER_LOCK = threading.RLock()
DPI = 150
WIDTH_CM = 16.0
PAGE_HEIGHT_CM = 23.0
BAND_COLUMNS = 4
MAX_BANDS = 12
BAND_HEAD = 22  # units above a band for its heading, when there are several
FONT_CHOICES = ("Liberation Sans", "Arial", "DejaVu Sans")

#: the colours of static/scss/_process-maps.scss (tests/test_process_figures.py keeps them equal)
INK, GREY = "#212b32", "#4c6272"
FILLS = {"none": "#ffffff", "va": "#e3f2e6", "nva": "#fbe3dc", "bnva": "#fdf1d6"}
LINKS = {"flow": "#425563", "handoff": "#005eb8", "loop": "#7c2855"}
LINK_WIDTHS = {"flow": 1.5, "handoff": 2.5, "loop": 1.75}
LANE_FILLS = ("#ffffff", "#f4f6f7")
LANE_HEAD, LANE_LINE = "#e8edee", "#aeb7bd"
WAIT_ICON = "#ffb81c"
TAG_FILLS = {"va": "#007f3b", "nva": "#d5281b", "bnva": "#ffb81c", "paper": "#ffffff"}
TAG_INKS = {"va": "#ffffff", "nva": "#ffffff", "bnva": INK, "paper": INK}
BADGE_FILLS = {"pain_point": "#d5281b", "question": "#005eb8", "idea": "#ffeb3b"}
BADGE_INKS = {"pain_point": "#ffffff", "question": "#ffffff", "idea": INK}
DASHES = {"nva": (6, 3), "bnva": (2, 2), "loop": (7, 4)}


@functools.cache
def fonts() -> list[str]:
    from matplotlib import font_manager

    installed = {entry.name for entry in font_manager.fontManager.ttflist}
    return [name for name in FONT_CHOICES if name in installed] or ["DejaVu Sans"]


def font_scale() -> float:
    """DejaVu Sans (matplotlib's own, where no Arial-metric font is found) runs about a tenth
    wider than Arial, whose widths the layout's text wrapping assumes: draw it a tenth smaller."""
    return 0.9 if fonts()[0] == "DejaVu Sans" else 1.0


@contextlib.contextmanager
def rendering():
    """One render at a time, with our settings. A label in a script the fonts lack draws as
    boxes in the PNG and is no reason to warn (the page's SVG uses the browser's fonts)."""
    from matplotlib import rc_context

    with RENDER_LOCK, rc_context({"font.family": fonts()}), warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .* missing from font", category=UserWarning)
        yield


# --- bands ---------------------------------------------------------------------------------------


def band_ranges(columns: int, *, capped: bool = True) -> list[range]:
    """Bands of BAND_COLUMNS columns; `capped`, at most MAX_BANDS (wider bands instead)."""
    per_band = max(BAND_COLUMNS, math.ceil(columns / MAX_BANDS)) if capped else BAND_COLUMNS
    return [range(a, min(a + per_band, columns)) for a in range(0, max(columns, 1), per_band)]


def bands(flow: Flow, *, capped: bool = True) -> list[L.Layout]:
    grid = L.grid_of(flow)
    ranges = band_ranges(grid.columns, capped=capped)
    # room at the right for a branch label and a "to 12" stub leaving the last column
    width = L.LANE_LABEL_W + len(ranges[0]) * L.COL_W + 44
    return [L.layout(flow, columns=r, grid=grid, width=width) for r in ranges]


# --- drawing -------------------------------------------------------------------------------------


class Painter:
    """Draws layout pieces onto one matplotlib axes in drawing units, shifted by (0, dy)."""

    def __init__(self, ax, pt: float):
        self.ax, self.pt, self.dy, self.font_scale = ax, pt, 0.0, font_scale()
        self.layers: dict[int, list] = {}

    def _add(self, patch, zorder: int) -> None:
        self.layers.setdefault(zorder, []).append(patch)

    def flush(self) -> None:
        """Every patch gathered, as one PatchCollection per layer: a few draw calls, not
        hundreds, and no data-limit update per patch (the axes' limits are set already)."""
        from matplotlib.collections import PatchCollection

        for zorder in sorted(self.layers):
            self.ax.add_collection(PatchCollection(self.layers[zorder], match_original=True, zorder=zorder),
                                   autolim=False)
        self.layers = {}

    def write(self, x, y, words, size, *, ha="left", color=INK, weight="normal", halo=False):
        t = self.ax.text(x, y + self.dy, words, fontsize=size * self.pt * self.font_scale, ha=ha, va="baseline",
                         color=color, fontweight=weight, parse_math=False, zorder=6)
        if halo:
            from matplotlib import patheffects

            t.set_path_effects([patheffects.withStroke(linewidth=3 * self.pt, foreground="#ffffff")])

    def rect(self, x, y, w, h, r, *, fill, edge, lw, dashes=None, zorder=2):
        from matplotlib.patches import FancyBboxPatch

        self._add(FancyBboxPatch((x, y + self.dy), w, h, boxstyle=f"round,pad=0,rounding_size={r}",
                                 facecolor=fill, edgecolor=edge, linewidth=lw * self.pt,
                                 linestyle=self._style(dashes, lw)), zorder)

    def poly(self, points, *, fill, edge, lw, dashes=None, zorder=2):
        from matplotlib.patches import Polygon

        self._add(Polygon([(x, y + self.dy) for x, y in points], closed=True, facecolor=fill, edgecolor=edge,
                          linewidth=lw * self.pt, linestyle=self._style(dashes, lw)), zorder)

    def line(self, commands, *, color, lw, dashes=None, zorder=3):
        from matplotlib.patches import PathPatch
        from matplotlib.path import Path

        vertices, codes = [], []
        for command in commands:
            if command[0] == "Q":
                vertices += [command[1], command[2]]
                codes += [Path.CURVE3, Path.CURVE3]
            else:
                vertices.append(command[1])
                codes.append(Path.MOVETO if command[0] == "M" else Path.LINETO)
        path = Path([(x, y + self.dy) for x, y in vertices], codes)
        self._add(PathPatch(path, facecolor="none", edgecolor=color, linewidth=lw * self.pt,
                            linestyle=self._style(dashes, lw)), zorder)

    def _style(self, dashes, lw):
        if not dashes:
            return "solid"
        # matplotlib scales dash lengths by the line width: give them in widths, not points
        return (0, tuple(d / lw for d in dashes))


def draw_lanes(p: Painter, lay: L.Layout) -> None:
    for i, lane in enumerate(lay.lanes):
        p.rect(0, lane.y, lay.width, lane.height, 0, fill=LANE_FILLS[i % 2], edge="none", lw=0, zorder=0)
        p.rect(0, lane.y, L.LANE_LABEL_W - 4, lane.height, 0, fill=LANE_HEAD, edge="none", lw=0, zorder=0)
        top = lane.y + min(lane.height / 2, 16 + L.CHANNEL_H) - (len(lane.lines) - 1) * 7 + 4
        if not lane.has_steps:
            top = lane.y + lane.height / 2 + 4
        for n, words in enumerate(lane.lines):
            p.write(8, top + n * 14, words, L.LANE_SIZE, weight="bold")
    for lane in lay.lanes[1:]:
        p.line([("M", (0, lane.y)), ("L", (lay.width, lane.y))], color=LANE_LINE, lw=1, zorder=1)


def draw_box(p: Painter, box: L.Box) -> None:
    value = box.step.value if box.step.value in S.VALUE_TAGS else "none"
    lw = 2 if value == "va" or box.step.kind in ("start", "end") else 1.5
    style = dict(fill=FILLS[value], edge=INK, lw=lw, dashes=DASHES.get(value))
    kind, geometry = S.outline(box)
    if kind == "rect":
        p.rect(*geometry, **style)
    else:
        p.poly(geometry, **style)
    inner = S.inner_outline(box)
    if inner:
        p.rect(*inner, fill="none", edge=INK, lw=1)
    icon = S.wait_icon(box)
    if icon:
        p.poly(icon, fill=WAIT_ICON, edge=INK, lw=1, zorder=4)
    x, y, words = S.number_at(box)
    p.write(x, y, words, L.SMALL_SIZE, color=GREY)
    for x, y, words in S.label_lines(box):
        p.write(x, y, words, L.LABEL_SIZE, ha="center")
    icon, infos = S.info_line(box)
    if icon:
        p.poly(icon, fill=WAIT_ICON, edge=INK, lw=0.75, zorder=4)
    for x, y, words, _role in infos:
        p.write(x, y, words, L.INFO_SIZE)
    for key, x, y, w, words in S.tags(box):
        p.rect(x, y - S.TAG_H + 2.5, w, S.TAG_H, 2, fill=TAG_FILLS[key], edge=INK, lw=0.75, zorder=4)
        p.write(x + w / 2, y, words, S.TAG_SIZE, ha="center", color=TAG_INKS[key], weight="bold")
    for key, x, y, w, words in S.badges(box):
        p.rect(x, y, w, S.BADGE_H, 2 if key == "pain_point" else S.BADGE_H / 2, fill=BADGE_FILLS[key], edge=INK,
               lw=0.75, zorder=4)
        p.write(x + w / 2, y + S.BADGE_H - 3.5, words, S.BADGE_SIZE, ha="center", color=BADGE_INKS[key], weight="bold")


def draw_edge(p: Painter, edge: L.Edge) -> None:
    color = LINKS[edge.kind]
    p.line(S.rounded(S.trimmed(edge.points), 12 if edge.kind == "loop" else 6), color=color,
           lw=LINK_WIDTHS[edge.kind], dashes=DASHES.get(edge.kind))
    p.poly(S.arrowhead(edge.points), fill=color, edge="none", lw=0, zorder=3)


def draw_edge_words(p: Painter, edge: L.Edge) -> None:
    if edge.label and edge.label_at:
        x, y, anchor = edge.label_at
        p.write(x, y, edge.label, L.SMALL_SIZE, ha="left" if anchor == "start" else "right", weight="bold", halo=True)
    if edge.stub:
        x, y, anchor = S.stub_text_at(edge, edge.points)
        p.write(x, y, edge.stub, L.SMALL_SIZE, ha="left" if anchor == "start" else "right", color=GREY,
                weight="bold", halo=True)


def draw_legend(p: Painter, lay: L.Layout) -> None:
    for key, x, y in lay.legend:
        if key in ("start", "step", "wait", "handoff", "decision"):
            from .flow import FlowStep

            box = L.Box(step=FlowStep(id=0, lane="", label="", kind=key), number=0, column=0, lane=0, x=x, y=y - 8,
                        lines=(), info="", wait_before="", handoff_in=False, w=24, h=16)
            kind, geometry = S.outline(box)
            if kind == "rect":
                p.rect(*geometry, fill="#ffffff", edge=INK, lw=1.5)
            else:
                p.poly(geometry, fill="#ffffff", edge=INK, lw=1.5)
            if key == "wait":
                p.poly(S.triangle(x + 7, y - 5, 10, 9), fill=WAIT_ICON, edge=INK, lw=1, zorder=4)
        elif key in ("va", "nva", "bnva", "paper"):
            p.rect(x, y - 6, 26, 12, 2, fill=TAG_FILLS[key], edge=INK, lw=0.75, zorder=4)
            p.write(x + 13, y + 3, S.VALUE_TAGS.get(key, "Paper"), 7.5, ha="center", color=TAG_INKS[key], weight="bold")
        elif key.startswith("link-"):
            kind = key[5:]
            pts = ((x, y + 5), (x, y - 5), (x + 24, y - 5), (x + 24, y + 5)) if kind == "loop" else ((x, y), (x + 24, y))
            p.line(S.rounded(S.trimmed(pts), 5), color=LINKS[kind], lw=LINK_WIDTHS[kind], dashes=DASHES.get(kind))
            p.poly(S.arrowhead(pts), fill=LINKS[kind], edge="none", lw=0, zorder=3)
        else:
            symbol = {"pain_point": "!", "idea": "+", "question": "?"}[key]
            p.rect(x, y - 7, 24, 14, 2 if key == "pain_point" else 7, fill=BADGE_FILLS[key], edge=INK, lw=0.75, zorder=4)
            p.write(x + 12, y + 3.5, f"{symbol}n", S.BADGE_SIZE, ha="center", color=BADGE_INKS[key], weight="bold")
        p.write(x + 30, y + 4, L.LEGEND_WORDS[key], 10)


def draw_band(p: Painter, lay: L.Layout) -> None:
    draw_lanes(p, lay)
    for box in lay.boxes:
        draw_box(p, box)
    for edge in lay.edges:
        draw_edge(p, edge)
    for edge in lay.edges:
        draw_edge_words(p, edge)


def render(layouts: list[L.Layout], *, heads: list[str] | None, legend: bool) -> bytes:
    """Bands one under the other (with their headings), then the legend, as one PNG."""
    from matplotlib.figure import Figure

    width = max(lay.width for lay in layouts)
    head = BAND_HEAD if heads else 0
    heights = [head + lay.height for lay in layouts]
    last = layouts[-1]
    legend_h = (last.total_height - last.height) if legend else 0
    total = sum(heights) + legend_h
    scale_cm = WIDTH_CM / width
    fig = Figure(figsize=(WIDTH_CM / 2.54, total * scale_cm / 2.54), dpi=DPI, facecolor="#ffffff")
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, width)
    ax.set_ylim(total, 0)
    ax.set_axis_off()
    painter = Painter(ax, pt=scale_cm / 2.54 * 72)
    y = 0.0
    for i, lay in enumerate(layouts):
        painter.dy = y
        if heads:
            painter.write(8, 15, heads[i], 11, weight="bold")
            painter.dy = y + head
        draw_band(painter, lay)
        y += heights[i]
    if legend:
        painter.dy = y - last.height
        draw_legend(painter, last)
    painter.flush()
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=DPI, metadata={"Software": None})
    return out.getvalue()


def headings(layouts: list[L.Layout]) -> list[str] | None:
    if len(layouts) < 2:
        return None
    # "columns", not "part": the Word captions number the pages ("part 1 of 2") these bands fill
    total = layouts[-1].first_column + layouts[-1].columns
    return [f"Columns {lay.first_column + 1}\u2013{lay.first_column + lay.columns} of {total}" for lay in layouts]


def swimlane(flow: Flow) -> bytes:
    layouts = bands(flow)
    with rendering():
        return render(layouts, heads=headings(layouts), legend=True)


def page_groups(flow: Flow) -> list[list[tuple[L.Layout, str]]]:
    """The bands (each with its heading) grouped into images that each fit a page (16 x
    PAGE_HEIGHT_CM cm). Layout only, nothing drawn: the export counts its figures with it."""
    layouts = bands(flow, capped=False)
    heads = headings(layouts) or [""] * len(layouts)
    width = max(lay.width for lay in layouts)
    page_units = PAGE_HEIGHT_CM * width / WIDTH_CM
    groups, current, used = [], [], 0.0
    for lay, head in zip(layouts, heads, strict=True):
        h = lay.height + BAND_HEAD
        if current and used + h > page_units:
            groups.append(current)
            current, used = [], 0.0
        current.append((lay, head))
        used += h
    groups.append(current)
    return groups


def pages(flow: Flow) -> list[bytes]:
    """The page groups drawn, the legend under the last. Never more than BAND_COLUMNS columns a
    band, however long the map, so the text stays readable (200 columns: about 25 images). A
    band taller than a page (a lane with many stacked steps) is an image of its own."""
    groups = page_groups(flow)
    several = sum(len(group) for group in groups) > 1
    with rendering():
        return [render([lay for lay, _ in group], heads=[h for _, h in group] if several else None,
                       legend=(n == len(groups) - 1)) for n, group in enumerate(groups)]
