"""The driver diagram: the aim on the left, then primary drivers, secondary drivers and change
ideas in columns, each joined to its parent by an elbow connector.

One layout (pure Python, `layout(tree)`) feeds both drawings:
- `driver_svg(tree)`: hand-built, CSP-clean SVG for the page (colours are classes styled in
  static/scss/_qi-drivers.scss; no style attribute, no script), role="img" with a <title> and
  a <desc> that holds the whole tree as text; the page also shows the tree as a nested list;
- `driver_png(tree)`: the same layout drawn by matplotlib for Word, 16 cm wide; a tall tree
  makes a taller picture; `driver_png_pages(tree)` cuts a tree taller than a page into
  page-sized pictures at primary-driver boundaries, each with the aim.

Rows: every change idea takes one row; a secondary driver without ideas, and a primary without
secondaries, take one row of their own. A box spans the rows of everything under it. Renders
are cached by the tree's content hash in small LRUs.
"""

from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass

from markupsafe import Markup, escape

from ..renders import Renders
from .facts import DriverTree, content_hash

#: bump when the drawing changes, so cached renders are redrawn
DRAWING_VERSION = 2

COLUMNS = ("Aim", "Primary drivers", "Secondary drivers", "Change ideas")
# SVG geometry (px)
COL_W, GAP, ROW_H, ROW_GAP, TOP, PAD = 210, 36, 62, 10, 34, 10
LINE_H, FONT = 14, 12
WRAP = 28  # characters a line
MAX_LINES = 3
# colours, shared with the SCSS (tests keep them equal)
COLOURS = {"aim": "#005eb8", "primary": "#d8e7f5", "secondary": "#e8f1f8", "idea": "#ffffff",
           "idea_pain": "#fff4d6", "ink": "#212b32", "line": "#425563", "border": "#005eb8"}


@dataclass(frozen=True)
class Box:
    kind: str  # aim, primary, secondary, idea
    column: int
    row: float  # first row it spans
    rows: float  # how many rows
    lines: tuple[str, ...]
    parent: int | None = None  # index of the parent box in Layout.boxes
    mark: str = ""  # "pain" for an idea from a pain point
    note: str = ""  # "2 PDSA cycles"


@dataclass(frozen=True)
class Layout:
    boxes: tuple[Box, ...]
    rows: int


def wrap(text: str, width: int = WRAP, lines: int = MAX_LINES) -> tuple[str, ...]:
    text = " ".join((text or "").split())
    out = textwrap.wrap(text, width=width, break_long_words=True, break_on_hyphens=True) or [""]
    if len(out) > lines:
        out = out[:lines]
        last = out[-1]
        out[-1] = (last[: width - 1].rstrip() if len(last) >= width else last) + "…"
    return tuple(out)


def layout(tree: DriverTree, width: int = WRAP) -> Layout:
    boxes: list[Box] = []
    row = 0
    primaries = []
    for primary in tree.primaries:
        start = row
        p_index = len(boxes)
        boxes.append(None)  # filled once its height is known
        for secondary in primary.children:
            s_start = row
            s_index = len(boxes)
            boxes.append(None)
            for idea in secondary.ideas:
                note = f"{idea.cycles} PDSA cycle{'s' if idea.cycles != 1 else ''}" if idea.cycles else ""
                boxes.append(Box("idea", 3, row, 1, wrap(idea.title, width), s_index,
                                 "pain" if idea.from_pain_point else "", note))
                row += 1
            if not secondary.ideas:
                row += 1
            boxes[s_index] = Box("secondary", 2, s_start, row - s_start, wrap(secondary.title, width), p_index)
        if not primary.children:
            row += 1
        boxes[p_index] = Box("primary", 1, start, row - start, wrap(primary.title, width), 0)
        primaries.append(p_index)
    rows = max(row, 1)
    # the aim's box spans every row: three lines fit one row, four more each further row
    aim = Box("aim", 0, 0, rows, wrap(tree.aim or "No aim written yet", width, min(MAX_LINES + 4 * (rows - 1), 12)))
    boxes = [aim, *boxes]
    # every parent index shifts by one (the aim went first); the aim's children point at it
    shifted = []
    for n, box in enumerate(boxes):
        if n == 0:
            shifted.append(box)
        elif box.kind == "primary":
            shifted.append(Box(box.kind, box.column, box.row, box.rows, box.lines, 0, box.mark, box.note))
        else:
            shifted.append(Box(box.kind, box.column, box.row, box.rows, box.lines, box.parent + 1, box.mark,
                               box.note))
    return Layout(tuple(shifted), rows)


def describe(tree: DriverTree) -> str:
    """The tree as plain text, for the SVG's <desc> and the PNG's alt text."""
    parts = [f"Aim: {tree.aim or 'not written yet'}."]
    for primary in tree.primaries:
        parts.append(f"Primary driver: {primary.title}.")
        for secondary in primary.children:
            ideas = "; ".join(idea.title for idea in secondary.ideas)
            parts.append(f"Secondary driver: {secondary.title}" + (f", change ideas: {ideas}." if ideas else "."))
    if not tree.primaries:
        parts.append("No drivers yet.")
    return " ".join(parts)


# --- caching ---------------------------------------------------------------------------------




_SVGS, _PNGS = Renders(64), Renders(32)


def _key(tree: DriverTree, kind: str) -> str:
    return f"{kind}:{DRAWING_VERSION}:{content_hash(tree)}"


# --- SVG -------------------------------------------------------------------------------------


def _n(value: float) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _geometry(box: Box) -> tuple[float, float, float, float]:
    x = box.column * (COL_W + GAP)
    y = TOP + box.row * (ROW_H + ROW_GAP)
    h = box.rows * (ROW_H + ROW_GAP) - ROW_GAP
    return x, y, COL_W, h


def driver_svg(tree: DriverTree) -> Markup:
    return Markup(_SVGS.get(_key(tree, "svg"), lambda: _draw_svg(tree)))  # noqa: S704 - all text escaped


def _draw_svg(tree: DriverTree) -> str:
    lay = layout(tree)
    width = 4 * COL_W + 3 * GAP
    height = TOP + lay.rows * (ROW_H + ROW_GAP)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="app-qi-driver-figure" viewBox="0 0 {width} {_n(height)}" '
           f'width="{width}" height="{_n(height)}" role="img" aria-labelledby="qi-driver-title qi-driver-desc">',
           '<title id="qi-driver-title">Driver diagram</title>',
           f'<desc id="qi-driver-desc">{escape(describe(tree))}</desc>',
           '<g aria-hidden="true">']
    for n, heading in enumerate(COLUMNS):
        out.append(f'<text class="app-qi-dd-heading" x="{n * (COL_W + GAP)}" y="16" font-size="13">{heading}</text>')
    for box in lay.boxes:  # connectors first, under the boxes
        if box.parent is None:
            continue
        parent = lay.boxes[box.parent]
        px, py, pw, ph = _geometry(parent)
        x, y, _w, h = _geometry(box)
        x1, y1, x2, y2 = px + pw, py + ph / 2, x, y + h / 2
        mid = x1 + GAP / 2
        out.append(f'<path class="app-qi-dd-link" d="M{_n(x1)} {_n(y1)}H{_n(mid)}V{_n(y2)}H{_n(x2)}"/>')
    for box in lay.boxes:
        x, y, w, h = _geometry(box)
        cls = f"app-qi-dd-box app-qi-dd-box--{box.kind}" + (" app-qi-dd-box--pain" if box.mark else "")
        out.append(f'<rect class="{cls}" x="{_n(x)}" y="{_n(y)}" width="{w}" height="{_n(h)}" rx="4"/>')
        lines = list(box.lines) + ([box.note] if box.note else [])
        top = y + h / 2 - (len(lines) - 1) * LINE_H / 2 + 4
        text_cls = "app-qi-dd-text app-qi-dd-text--aim" if box.kind == "aim" else "app-qi-dd-text"
        for k, line in enumerate(lines):
            extra = " app-qi-dd-text--note" if box.note and k == len(lines) - 1 else ""
            out.append(f'<text class="{text_cls}{extra}" x="{_n(x + PAD)}" y="{_n(top + k * LINE_H)}" '
                       f'font-size="{FONT}">{escape(line)}</text>')
    out.append("</g></svg>")
    return "".join(out)


# --- PNG (matplotlib) ------------------------------------------------------------------------

PNG_WIDTH_IN = 16 / 2.54  # 16 cm
PNG_ROW_IN = 0.62
PNG_WRAP = 24


def driver_png(tree: DriverTree) -> bytes:
    return _PNGS.get(_key(tree, "png"), lambda: _draw_png(tree))


#: rows of boxes on one Word page at 16 cm wide (A4 portrait, with the caption)
PAGE_ROWS = 14


def rows_of(primary) -> int:
    """How many rows a primary driver's boxes take (see `layout`)."""
    if not primary.children:
        return 1
    return sum(max(len(secondary.ideas), 1) for secondary in primary.children)


def page_trees(tree: DriverTree, rows: int = PAGE_ROWS) -> list[DriverTree]:
    """The tree cut into page-sized trees at primary-driver boundaries, each with the aim: a
    primary driver is never split (one larger than a page has a page of its own)."""
    pages: list[list] = [[]]
    used = 0
    for primary in tree.primaries:
        size = rows_of(primary)
        if pages[-1] and used + size > rows:
            pages.append([])
            used = 0
        pages[-1].append(primary)
        used += size
    return [DriverTree(aim=tree.aim, primaries=tuple(group), unplaced=tree.unplaced) for group in pages]


def driver_png_pages(tree: DriverTree) -> list[bytes]:
    """The diagram as page-sized PNGs for Word (one when it fits a page), each cached."""
    return [driver_png(part) for part in page_trees(tree)]


def _draw_png(tree: DriverTree) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure
    from matplotlib.patches import FancyBboxPatch

    lay = layout(tree, PNG_WRAP)
    head = 0.35
    height = head + lay.rows * PNG_ROW_IN + 0.1
    figure = Figure(figsize=(PNG_WIDTH_IN, height))
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_xlim(0, PNG_WIDTH_IN)
    axes.set_ylim(height, 0)
    axes.axis("off")
    gap = 0.22
    col_w = (PNG_WIDTH_IN - 0.1 - 3 * gap) / 4
    row_gap = 0.08

    def geometry(box: Box):
        x = 0.05 + box.column * (col_w + gap)
        y = head + box.row * PNG_ROW_IN
        return x, y, col_w, box.rows * PNG_ROW_IN - row_gap

    for n, heading in enumerate(COLUMNS):
        axes.text(0.05 + n * (col_w + gap), 0.22, heading, fontsize=8, fontweight="bold", color=COLOURS["ink"])
    for box in lay.boxes:
        if box.parent is None:
            continue
        px, py, pw, ph = geometry(lay.boxes[box.parent])
        x, y, _w, h = geometry(box)
        x1, y1, y2 = px + pw, py + ph / 2, y + h / 2
        mid = x1 + gap / 2
        axes.plot([x1, mid, mid, x], [y1, y1, y2, y2], color=COLOURS["line"], linewidth=0.8)
    for box in lay.boxes:
        x, y, w, h = geometry(box)
        fill = {"aim": COLOURS["aim"], "primary": COLOURS["primary"], "secondary": COLOURS["secondary"]}.get(
            box.kind, COLOURS["idea_pain"] if box.mark else COLOURS["idea"])
        axes.add_patch(FancyBboxPatch((x, y), w, h, boxstyle="round,pad=0,rounding_size=0.04", facecolor=fill,
                                      edgecolor=COLOURS["border"], linewidth=0.8))
        lines = list(box.lines) + ([box.note] if box.note else [])
        axes.text(x + 0.05, y + h / 2, "\n".join(lines), fontsize=6.5, va="center", ha="left",
                  color="#ffffff" if box.kind == "aim" else COLOURS["ink"],
                  fontweight="bold" if box.kind in ("aim", "primary") else "normal", linespacing=1.25)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=200, metadata={"Software": None})
    return buffer.getvalue()
