"""Where everything on the power/interest grid goes, in figure units, with no drawing library.

The SVG for the page and the matplotlib PNG for the exports both draw this one layout, so the
two pictures always agree. A figure unit is a pixel of the SVG's viewBox (720 x 540 for one
grid) and 0.63 pt of the 16 x 12 cm PNG.

Interest runs left to right and power bottom to top, 1..5 each; a cell is one score pair.
Inside a cell, markers are placed in fixed slots (never on top of each other):
- up to LIST_MAX markers: one under another, each with its (shortened) name beside it;
- more: a compact block of SLOT_COLS x SLOT_ROWS slots with no names (hover or focus names);
- more than fit: the last slot becomes a cluster "+N" that names everyone it holds.
The order inside a cell is by name, then id, so the same people always land in the same slots.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from ..cleaning import clean_line

# --- the drawing's geometry (figure units) -----------------------------------------------------

WIDTH, HEIGHT = 720, 540
SCORES = (1, 2, 3, 4, 5)
PLOT_X, PLOT_Y = 64, 28  # the plot area's top-left corner
CELL_W, CELL_H = 128, 76
PLOT_W, PLOT_H = CELL_W * 5, CELL_H * 5
PLOT_BOTTOM = PLOT_Y + PLOT_H
#: the top of the legend band; the grid proper ends above it
LEGEND_Y = PLOT_BOTTOM + 54

#: a score of HIGH or more is in the high half (the usual split of a 1..5 scale, 3 included)
HIGH = 3

DOT_R = 8  # a marker with no change of attitude: a circle
PILL_W = 40  # a marker with a change: a pill, current attitude left, desired right
PILL_GLYPH_X = 10.5  # each half's glyph, this far from the pill's centre
MARK_H = 16
LIST_MAX = 3
SLOT_COLS, SLOT_ROWS = 3, 4
CELL_CAP = SLOT_COLS * SLOT_ROWS  # markers a cell shows before the last slot becomes a cluster
LIST_ROW = 24
LABEL_SIZE = 11
GLYPH_SIZE = 9

QUADRANTS = ("manage closely", "keep satisfied", "keep informed", "monitor")


def quadrant(power: int, interest: int) -> str:
    """Which of QUADRANTS a score pair falls in: 3 and over is the high half of each axis."""
    high_power, high_interest = power >= HIGH, interest >= HIGH
    if high_power:
        return "manage closely" if high_interest else "keep satisfied"
    return "keep informed" if high_interest else "monitor"


def clamp_score(value) -> int:
    """A score drawn on the grid: bad or missing values land on the nearest edge, never raise."""
    try:
        value = int(value)
    except (TypeError, ValueError):
        return 1
    return min(5, max(1, value))


def cell_origin(power: int, interest: int) -> tuple[float, float]:
    """The top-left corner of a cell."""
    return PLOT_X + (interest - 1) * CELL_W, PLOT_Y + (5 - power) * CELL_H


def score_x(interest: float) -> float:
    return PLOT_X + (interest - 0.5) * CELL_W


def score_y(power: float) -> float:
    return PLOT_Y + (5.5 - power) * CELL_H


#: the quadrant boundaries sit between 2 and 3 on each axis
SPLIT_X, SPLIT_Y = score_x(HIGH - 0.5), score_y(HIGH - 0.5)


# --- attitude ----------------------------------------------------------------------------------

ATTITUDE_LABELS = {-2: "Active resistor", -1: "Sceptic", 0: "Neutral", 1: "Supporter", 2: "Champion"}
#: the CSS name of each attitude (classes app-sh-att--<name>, app-sh-fill--<name>)
ATTITUDE_KEYS = {-2: "resistor", -1: "sceptic", 0: "neutral", 1: "supporter", 2: "champion"}
#: what is written inside a marker, so colour is never the only cue: the -2..+2 score itself
#: (two minus signs run together into one bar at this size; "-2" cannot be misread)
ATTITUDE_GLYPHS = {-2: "\u22122", -1: "\u22121", 0: "0", 1: "+1", 2: "+2"}
#: Okabe-Ito colours, a diverging orange-grey-blue that colour-blind readers tell apart.
#: static/scss/site.scss has the same values for the page (a test keeps them equal).
FILLS = {"resistor": "#d55e00", "sceptic": "#e69f00", "neutral": "#b4b4b4", "supporter": "#56b4e9",
         "champion": "#0072b2", "hidden": "#ffffff"}
#: the glyph's colour on each fill (contrast 4.5:1 or better)
INKS = {"resistor": "#000000", "sceptic": "#000000", "neutral": "#000000", "supporter": "#000000",
        "champion": "#ffffff", "hidden": "#000000"}
OUTLINE = "#212b32"
QUADRANT_FILLS = {"manage closely": "#d8dde0", "keep satisfied": "#e8edee", "keep informed": "#e8edee",
                  "monitor": "#f4f6f7"}
QUADRANT_KEYS = {"manage closely": "manage", "keep satisfied": "satisfy", "keep informed": "inform",
                 "monitor": "monitor"}


def attitude_key(value) -> str | None:
    return ATTITUDE_KEYS.get(value) if isinstance(value, int) and not isinstance(value, bool) else None


def attitude_value(key: str) -> int:
    """The -2..2 score of an attitude key ("sceptic" -> -1)."""
    return next(value for value, name in ATTITUDE_KEYS.items() if name == key)


def shown_attitudes(marker) -> tuple[str | None, str | None]:
    """(current, desired) attitude keys as drawn: both None when the current one is hidden, and
    desired None when it is unknown or the same as now (then there is no change to draw)."""
    current = attitude_key(marker.attitude)
    if current is None:
        return None, None
    desired = attitude_key(marker.desired)
    return current, (desired if desired != current else None)


# --- text --------------------------------------------------------------------------------------

MAX_TEXT = 120  # characters of any one name, organisation or category a figure shows


def text(value) -> str:
    """User text made safe to draw: one line, no controls or bidi overrides, bounded."""
    cleaned = clean_line(value)
    return cleaned if len(cleaned) <= MAX_TEXT else cleaned[: MAX_TEXT - 1] + "\u2026"


_NARROW = set("ijlI.,;:'|!()[]{} tf")
_WIDE = set("mwMW@%")


def text_width(value: str, size: float) -> float:
    """An estimate of a string's width in Arial-like type (Liberation Sans in the PNG)."""
    width = 0.0
    for ch in value:
        if ch in _NARROW:
            width += 0.3
        elif ch in _WIDE:
            width += 0.86
        elif unicodedata.east_asian_width(ch) in ("W", "F"):
            width += 1.0
        elif ch.isupper() or ch.isdigit():
            width += 0.66
        else:
            width += 0.54
    return width * size


def fit_text(value: str, width: float, size: float) -> str:
    """`value`, cut with an ellipsis to fit `width` ("Riverside Acute Trust board" ->
    "Riverside Acute…"): the start of a name is what people recognise."""
    if text_width(value, size) <= width:
        return value
    while value and text_width(value + "…", size) > width:
        value = value[:-1]
    return value.rstrip() + "…" if value else ""


# --- placing markers ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Placed:
    """One marker where it is drawn: its centre, its width, and its name if one fits."""

    marker: object  # a figures.GridMarker
    x: float
    y: float
    width: float
    current: str | None  # attitude key, None when hidden
    desired: str | None  # attitude key when it differs from current, else None
    label: str | None = None


@dataclass(frozen=True)
class Cluster:
    """The markers a crowded cell cannot show one by one."""

    power: int
    interest: int
    x: float
    y: float
    members: tuple  # GridMarkers, in the cell's order
    width: float = PILL_W


@dataclass(frozen=True)
class GridLayout:
    placed: tuple[Placed, ...]
    clusters: tuple[Cluster, ...]

    @property
    def any_attitude(self) -> bool:
        return any(p.current for p in self.placed) or any(
            attitude_key(m.attitude) for c in self.clusters for m in c.members)

    @property
    def any_hidden(self) -> bool:
        return any(p.current is None for p in self.placed) or any(
            attitude_key(m.attitude) is None for c in self.clusters for m in c.members)

    @property
    def any_change(self) -> bool:
        return any(p.desired for p in self.placed)


def _sort_key(marker) -> tuple:
    return (text(marker.label).casefold(), marker.id)


def layout_grid(markers: Sequence, *, labels: bool = True) -> GridLayout:
    """Place every marker in its cell; `labels=False` draws no names (the then/now panels)."""
    cells: dict[tuple[int, int], list] = {}
    for marker in markers:
        cells.setdefault((clamp_score(marker.power), clamp_score(marker.interest)), []).append(marker)
    placed: list[Placed] = []
    clusters: list[Cluster] = []
    for (power, interest), members in sorted(cells.items(), key=lambda item: (-item[0][0], item[0][1])):
        members.sort(key=_sort_key)
        left, top = cell_origin(power, interest)
        if len(members) <= LIST_MAX:
            placed.extend(_as_list(members, left, top, labels))
            continue
        shown = members if len(members) <= CELL_CAP else members[: CELL_CAP - 1]
        slots = _slots(left, top, len(shown) + (len(shown) < len(members)))
        for marker, (x, y) in zip(shown, slots, strict=False):
            current, desired = shown_attitudes(marker)
            placed.append(Placed(marker, x, y, PILL_W if desired else 2 * DOT_R, current, desired))
        if len(shown) < len(members):
            x, y = slots[-1]
            clusters.append(Cluster(power, interest, x, y, tuple(members[len(shown):])))
    return GridLayout(tuple(placed), tuple(clusters))


def _as_list(members: list, left: float, top: float, labels: bool) -> list[Placed]:
    """A few markers one under another, left-aligned, each with its name to the right."""
    out = []
    first_y = top + CELL_H / 2 - (len(members) - 1) * LIST_ROW / 2
    for row, marker in enumerate(members):
        current, desired = shown_attitudes(marker)
        width = PILL_W if desired else 2 * DOT_R
        x = left + 6 + width / 2
        label = None
        if labels:
            room = CELL_W - 6 - width - 5 - 4
            label = fit_text(text(marker.label), room, LABEL_SIZE) or None
        out.append(Placed(marker, x, first_y + row * LIST_ROW, width, current, desired, label))
    return out


def _slots(left: float, top: float, count: int) -> list[tuple[float, float]]:
    """`count` slot centres in a cell, row by row, the block centred vertically."""
    rows = min(SLOT_ROWS, math.ceil(count / SLOT_COLS))
    slot_w, slot_h = CELL_W / SLOT_COLS, CELL_H / SLOT_ROWS
    first_y = top + CELL_H / 2 - (rows - 1) * slot_h / 2
    return [(left + slot_w * (i % SLOT_COLS + 0.5), first_y + slot_h * (i // SLOT_COLS)) for i in range(count)]


# --- the legend --------------------------------------------------------------------------------


@dataclass(frozen=True)
class LegendItem:
    kind: str  # "attitude", "change", "hidden", "cluster"
    x: float
    y: float
    text: str
    key: str | None = None  # the attitude key of an "attitude" item


def legend_items(grid: GridLayout, top: float = LEGEND_Y, width: float = WIDTH) -> list[LegendItem]:
    """Two rows: the five attitudes (only when some attitude is shown), then the change arrow,
    the hidden attitude and the cluster, each only when the figure has one."""
    items: list[LegendItem] = []
    y = top + 12
    if grid.any_attitude:
        step = (width - 2 * PLOT_X + 40) / 5
        for i, value in enumerate(sorted(ATTITUDE_KEYS)):
            items.append(LegendItem("attitude", PLOT_X - 20 + 8 + i * step, y, ATTITUDE_LABELS[value],
                                    ATTITUDE_KEYS[value]))
        y += 26
    x = PLOT_X - 20
    extras = []
    if grid.any_change:
        extras.append(("change", "current \u2192 desired attitude", PILL_W))
    if grid.any_hidden:
        extras.append(("hidden", "attitude not shown", 2 * DOT_R))
    if grid.clusters:
        extras.append(("cluster", "more in this cell (hover or focus for names)", PILL_W))
    for kind, words, mark_width in extras:
        items.append(LegendItem(kind, x + mark_width / 2, y, words))
        x += mark_width + 8 + text_width(words, LABEL_SIZE) + 22
    return items


_SAFE_ID = re.compile(r"[^A-Za-z0-9_-]")


def safe_id(value: str) -> str:
    """An id prefix that is safe inside an attribute and a CSS selector."""
    return _SAFE_ID.sub("-", value)[:40] or "sh"
