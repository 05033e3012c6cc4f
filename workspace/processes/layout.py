"""Where everything on a swimlane diagram goes: pure Python, no drawing.

Both drawings (svg_drawing.py for the page, png_drawing.py for Word) draw a `Layout` shape for
shape, in the same units (an SVG user unit; the PNG scales them to its width).

Decisions:
- **Columns** come from `networkx.topological_generations` on the flow's graph with rework loops
  (back links, paths.py) set aside: a step's column is the length of the longest forward run of
  links into it. Steps nothing leads to (a second start, an orphan) land in column 0.
- **Rows** are the lanes in the map's order (a step naming a lane the map does not list gets a
  row after them). Two steps of one lane in one column are stacked in map order: the lane is as
  tall as its tallest stack. A lane with no step in view is a thin row that keeps its name.
- **Links** run only through the empty space between boxes, so no line crosses a box: out of
  the source's right side (a second branch out of the bottom, a third out of the top), along
  the vertical gap after the source's column, along the horizontal channel above the target,
  down the gap before the target's column, and into its left side. A rework loop comes back
  along the channel and drops into the target's top. Lines sharing a gap or a channel are
  spread a few units apart.
- **Bands**: `layout(flow, columns=range(a, b))` lays out only those columns (the PNG cuts a
  long map into bands of columns); a link to or from a step outside the band is a short stub
  that names the other step's number ("to 12", "from 30").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from workspace.cleaning import clean_line

from . import paths
from .durations import format_minutes
from .flow import Flow, FlowStep

# --- sizes, in drawing units ---------------------------------------------------------------------
LANE_LABEL_W = 118  # the lane names' column at the left
COL_W = 168  # one column: a box and the gap after it
BOX_W = 128
GAP = COL_W - BOX_W
BOX_H = 64
CHANNEL_H = 26  # the corridor above each row of boxes, where long links and loops run
BELOW_H = 16  # the corridor under each row (a decision's second branch leaves through it)
SLOT_H = CHANNEL_H + BOX_H + BELOW_H
EMPTY_LANE_H = 34
TOP = 4
LEGEND_GAP = 14
LEGEND_ROW_H = 24
MIN_WIDTH = 660  # room for the legend however few columns
LABEL_SIZE = 11
INFO_SIZE = 9.5
SMALL_SIZE = 9
LANE_SIZE = 11.5
MAX_LABEL = 120  # characters of a label the diagram shows (the table shows all)


# --- text ------------------------------------------------------------------------------------------

_NARROW = set("ijlI.,;:'|!()[]{} tf-")
_WIDE = set("mwMW@%")


def text(value) -> str:
    cleaned = clean_line(value)
    return cleaned if len(cleaned) <= MAX_LABEL else cleaned[: MAX_LABEL - 1] + "\u2026"


def text_width(value: str, size: float) -> float:
    """An estimate of a string's width in Arial-like type: enough to wrap and to place."""
    em = sum(0.3 if ch in _NARROW else 0.86 if ch in _WIDE else 0.72 if ch.isupper() else 0.56 for ch in value)
    return em * size


def wrap(value: str, width: float, size: float, max_lines: int) -> list[str]:
    """Words into at most `max_lines` lines of `width`; the last line ends in "…" if cut. A word
    longer than a line is cut too."""
    lines: list[str] = []
    current = ""
    for word in value.split(" "):
        candidate = f"{current} {word}" if current else word
        if text_width(candidate, size) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = word
        while text_width(current, size) > width:  # one word wider than the line
            cut = _fit(current, width, size)
            lines.append(current[:cut])
            current = current[cut:]
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = _fit_ellipsis(lines[-1], width, size)
    return lines


def _fit(word: str, width: float, size: float) -> int:
    cut = 1
    while cut < len(word) and text_width(word[: cut + 1], size) <= width:
        cut += 1
    return cut


def _fit_ellipsis(line: str, width: float, size: float) -> str:
    while line and text_width(line + "\u2026", size) > width:
        line = line[:-1]
    return line.rstrip() + "\u2026"


# --- the pieces --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Lane:
    name: str
    lines: tuple[str, ...]  # the name wrapped for the label column
    y: float
    height: float
    has_steps: bool  # any step in view


@dataclass(frozen=True)
class Box:
    step: FlowStep
    number: int  # 1-based position in map order: the steps table's number
    column: int
    lane: int
    x: float
    y: float
    lines: tuple[str, ...]  # the label, wrapped
    info: str  # cycle time ("20 min"; a wait step's wait), "" for none
    wait_before: str  # the wait before the step ("2 days"), "" for none
    handoff_in: bool  # reached from a step in another lane along a link
    w: float = BOX_W
    h: float = BOX_H

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def cy(self) -> float:
        return self.y + self.h / 2


@dataclass(frozen=True)
class Edge:
    source: int
    target: int
    kind: str  # "flow", "handoff" (between lanes) or "loop" (rework: a back link)
    points: tuple[tuple[float, float], ...]  # a polyline; the drawing rounds its corners
    label: str = ""
    label_at: tuple[float, float, str] | None = None  # x, y, anchor ("start"/"end")
    stub: str = ""  # "to 12" / "from 30" when the other end is outside the band


@dataclass(frozen=True)
class Layout:
    width: float
    height: float  # without the legend
    lanes: tuple[Lane, ...]
    boxes: tuple[Box, ...]
    edges: tuple[Edge, ...]
    first_column: int
    columns: int  # how many columns in view
    legend_y: float
    legend: tuple[tuple[str, float, float], ...] = field(default=())  # (item key, x, y)

    @property
    def total_height(self) -> float:
        """The height with the legend (the legend's rows are centred on their y)."""
        return max((y for _, _, y in self.legend), default=self.height) + LEGEND_ROW_H / 2 + 4


# --- the grid: columns, lanes, stacks ------------------------------------------------------------------


@dataclass(frozen=True)
class Grid:
    lanes: tuple[str, ...]
    column: dict  # step id -> column
    lane: dict  # step id -> lane index
    stack: dict  # step id -> place in its (lane, column) stack
    columns: int
    links: paths.SplitLinks


def grid_of(flow: Flow) -> Grid:
    import networkx as nx

    links = paths.split_links(flow)
    steps = _unique_steps(flow)
    graph = nx.DiGraph()
    graph.add_nodes_from(step.id for step in steps)
    graph.add_edges_from((link.source, link.target) for link in links.forward)
    column = {}
    for generation, ids in enumerate(nx.topological_generations(graph)):
        for step_id in ids:
            column[step_id] = generation
    lanes = list(dict.fromkeys(flow.lanes))
    for step in steps:
        if step.lane not in lanes:
            lanes.append(step.lane)
    lane_of = {name: i for i, name in enumerate(lanes)}
    lane = {step.id: lane_of[step.lane] for step in steps}
    stack, counts = {}, {}
    for step in steps:
        key = (lane[step.id], column[step.id])
        stack[step.id] = counts.get(key, 0)
        counts[key] = stack[step.id] + 1
    return Grid(tuple(lanes), column, lane, stack, max(column.values(), default=-1) + 1, links)


def _unique_steps(flow: Flow) -> list[FlowStep]:
    seen, out = set(), []
    for step in flow.steps:
        if step.id not in seen:
            seen.add(step.id)
            out.append(step)
    return out


# --- placing -------------------------------------------------------------------------------------------


def column_x(column: int, first: int) -> float:
    """The left edge of a column's boxes."""
    return LANE_LABEL_W + (column - first) * COL_W + GAP / 2


def gap_x(column: int, first: int) -> float:
    """The middle of the gap before a column (the gap after column c is the gap before c + 1)."""
    return LANE_LABEL_W + (column - first) * COL_W


def layout(flow: Flow, columns: range | None = None, grid: Grid | None = None, width: float | None = None) -> Layout:
    """Lay out `columns` (all by default) of the flow; `width` widens the drawing (the PNG's
    bands share one width, so they share one scale)."""
    grid = grid or grid_of(flow)
    if columns is None:
        columns = range(0, max(grid.columns, 1))
    first = columns.start
    steps = _unique_steps(flow)
    numbers = {step.id: n for n, step in enumerate(steps, start=1)}
    in_view = [s for s in steps if grid.column[s.id] in columns]
    # lane heights: as many rows as the tallest stack in view
    depth = [0] * len(grid.lanes)
    for s in in_view:
        depth[grid.lane[s.id]] = max(depth[grid.lane[s.id]], grid.stack[s.id] + 1)
    lanes, y = [], TOP
    for i, name in enumerate(grid.lanes):
        height = depth[i] * SLOT_H if depth[i] else EMPTY_LANE_H
        label_lines = wrap(text(name) or "(no name)", LANE_LABEL_W - 14, LANE_SIZE, 3 if depth[i] else 1)
        lanes.append(Lane(text(name), tuple(label_lines), y, height, bool(depth[i])))
        y += height
    height = y + 4
    by_id = {s.id: s for s in steps}
    lane_changes = {link.target for link in grid.links.forward + grid.links.back
                    if by_id[link.source].lane != by_id[link.target].lane}
    boxes = {}
    for s in in_view:
        lane = lanes[grid.lane[s.id]]
        bx = column_x(grid.column[s.id], first)
        by = lane.y + grid.stack[s.id] * SLOT_H + CHANNEL_H
        boxes[s.id] = Box(step=s, number=numbers[s.id], column=grid.column[s.id], lane=grid.lane[s.id], x=bx, y=by,
                          lines=tuple(label_lines_of(s)), info=info_of(s), wait_before=wait_before_of(s),
                          handoff_in=s.id in lane_changes)
    width = max(LANE_LABEL_W + len(columns) * COL_W + 8, MIN_WIDTH, width or 0)
    edges = route_all(grid, boxes, by_id, numbers, first, columns)
    legend = legend_places(width, height + LEGEND_GAP)
    return Layout(width=width, height=height, lanes=tuple(lanes), boxes=tuple(boxes.values()), edges=tuple(edges),
                  first_column=first, columns=len(columns), legend_y=height + LEGEND_GAP, legend=legend)


def label_lines_of(step: FlowStep) -> list[str]:
    label = text(step.label) or "(no label)"
    if step.kind == "decision":
        return wrap(label, BOX_W * 0.62, LABEL_SIZE, 2)
    return wrap(label, BOX_W - 14, LABEL_SIZE, 2)


def info_of(step: FlowStep) -> str:
    if step.kind == "decision" and not step.minutes:
        return ""
    if step.kind in ("start", "end") and not step.minutes:
        return ""
    return format_minutes(step.minutes)


def wait_before_of(step: FlowStep) -> str:
    return format_minutes(step.wait_minutes) if step.wait_minutes > 0 else ""


# --- routing ---------------------------------------------------------------------------------------------


class _Spreader:
    """Hands out offsets so that lines sharing a gap or a channel do not lie on each other."""

    def __init__(self, step: float, lanes: int):
        self.step, self.lanes, self.used = step, lanes, {}

    def __call__(self, key) -> float:
        n = self.used.get(key, 0)
        self.used[key] = n + 1
        return ((n % self.lanes) - (self.lanes - 1) / 2) * self.step


def route_all(grid: Grid, boxes: dict, by_id: dict, numbers: dict, first: int, columns: range) -> list[Edge]:
    gaps, channels = _Spreader(5, 7), _Spreader(5, 4)
    out_index: dict[int, int] = {}
    back = set(grid.links.back)
    edges = []
    for link in grid.links.forward + grid.links.back:
        source, target = boxes.get(link.source), boxes.get(link.target)
        n = out_index.get(link.source, 0)
        out_index[link.source] = n + 1
        if source is None and target is None:
            continue
        loop = link in back
        kind = "loop" if loop else ("handoff" if by_id[link.source].lane != by_id[link.target].lane else "flow")
        label = text(link.label)[:24]
        if source is not None and target is not None:
            points, label_at = route(source, target, n, loop, first, gaps, channels)
            edges.append(Edge(link.source, link.target, kind, points, label, label_at))
        elif source is not None:
            points, label_at = exit_leg(source, n)
            x, y = points[-1]
            points = (*points, (x + GAP / 2 - 4, y)) if x < source.x + source.w + GAP / 2 - 4 else points
            edges.append(Edge(link.source, link.target, kind, points, label, label_at,
                              stub=f"to {numbers[link.target]}"))
        else:
            # into the top (a loop at the middle, a forward link near the left), from the channel
            x = target.cx if loop else target.x + 26
            points = ((x, target.y - CHANNEL_H + 8), (x, target.y))
            edges.append(Edge(link.source, link.target, kind, points, label, None,
                              stub=f"from {numbers[link.source]}"))
    return edges


def exit_leg(source: Box, n: int) -> tuple[tuple, tuple | None]:
    """The start of a line out of a box: branch 0 from the right side, 1 from the bottom, 2 from
    the top, more from the right again; and where its label goes."""
    right = source.x + source.w
    if n == 1:
        below = source.y + source.h + BELOW_H / 2
        return ((source.cx, source.y + source.h), (source.cx, below), (right + 6, below)), \
            (source.cx + 4, source.y + source.h + 11, "start")
    if n == 2:
        above = source.y - 7
        return ((source.cx, source.y), (source.cx, above), (right + 6, above)), (source.cx + 4, source.y - 10, "start")
    return ((right, source.cy), (right + 6, source.cy)), (right + 3, source.cy - 4, "start")


def route(source: Box, target: Box, n: int, loop: bool, first: int, gaps: _Spreader, channels: _Spreader):
    start, label_at = exit_leg(source, n)
    points = list(start)
    out_gap = gap_x(source.column + 1, first) + gaps(("gap", source.column + 1))
    sy = points[-1][1]
    points[-1] = (min(points[-1][0], out_gap), sy)
    points.append((out_gap, sy))
    adjacent = not loop and target.column == source.column + 1
    if adjacent:
        points += [(out_gap, target.cy), (target.x, target.cy)]
    else:
        channel_y = target.y - CHANNEL_H / 2 + channels(("channel", target.lane, target.y))
        if loop:
            points += [(out_gap, channel_y), (target.cx, channel_y), (target.cx, target.y)]
        else:
            in_gap = gap_x(target.column, first) + gaps(("gap", target.column))
            points += [(out_gap, channel_y), (in_gap, channel_y), (in_gap, target.cy), (target.x, target.cy)]
    return tuple(_tidy(points)), label_at


def _tidy(points: list) -> list:
    """Drop repeated points and the middle of three on one straight line."""
    out = []
    for p in points:
        p = (round(p[0], 2), round(p[1], 2))
        if out and p == out[-1]:
            continue
        if len(out) >= 2 and (out[-2][0] == out[-1][0] == p[0] or out[-2][1] == out[-1][1] == p[1]):
            out[-1] = p
            continue
        out.append(p)
    return out


# --- the legend --------------------------------------------------------------------------------------------

LEGEND_ITEMS = (
    ("start", "Start or end"), ("step", "Step"), ("decision", "Decision"), ("wait", "Wait"),
    ("handoff", "Hand-off step"), ("va", "VA: value-adding"), ("nva", "NVA: non-value-adding (dashed)"),
    ("bnva", "BNVA: necessary but not value-adding (dotted)"), ("paper", "Information on paper"),
    ("link-handoff", "Hand-off between lanes"), ("link-loop", "Rework loop"),
    ("pain_point", "Pain points"), ("idea", "Ideas"), ("question", "Questions"),
)
LEGEND_WIDTHS = {"bnva": 300, "nva": 230, "link-handoff": 190, "paper": 170, "va": 150}


def legend_places(width: float, top: float) -> tuple[tuple[str, float, float], ...]:
    """Legend items in rows that fit the drawing's width."""
    x, y, out = 10.0, top + LEGEND_ROW_H / 2, []
    for key, _words in LEGEND_ITEMS:
        w = LEGEND_WIDTHS.get(key, 130)
        if x + w > width and x > 10:
            x, y = 10.0, y + LEGEND_ROW_H
        out.append((key, x, y))
        x += w
    return tuple(out)


LEGEND_WORDS = dict(LEGEND_ITEMS)
