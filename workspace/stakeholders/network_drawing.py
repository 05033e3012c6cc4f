"""The relationship network: networkx's seeded spring layout, drawn by matplotlib.

One drawing function makes both the PNG (exports) and the SVG (the page). The page's SVG is
matplotlib's, rewritten for the pages' strict CSP by csp_svg.py (style attributes become
presentation attributes, which CSP does not touch). Inline rather than an <img>, so that each
node's <title> shows its details on hover, names can be found with the browser's search, and
the figure takes the page's font.

Stable between renders: nodes and links go to networkx sorted by id, the layout is seeded,
SVG ids come from a fixed salt, and neither file carries a date.
"""

from __future__ import annotations

import functools
import io
import math
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from markupsafe import Markup

from . import csp_svg
from . import layout as L
from . import png_drawing as P
from .svg_drawing import detail_lines

SEED = 20260312
SPREAD = 0.6  # see _even_out
GRAVITY = 0.06  # the hidden hub's pull on each node, against 1.0 for a real link
WIDTH, HEIGHT = 720, 720
AREA = (30, 24, 690, 620)  # x0, y0, x1, y1: where node centres go
LEGEND_TOP = 654
DIRECTED = {"influences", "reports_to"}
ARROW_LEN, ARROW_HALF, CROSS = 6.0, 2.6, 3.2  # arrowhead and conflict cross sizes, in units
EDGE_STYLE = {  # colour, width (units), dash, arrow
    "influences": ("#425563", 1.1, None, True),
    "reports_to": ("#425563", 1.1, (0, (4, 2.5)), True),
    "works_with": ("#768692", 1.1, None, False),
    "conflicts_with": ("#d5281b", 1.8, None, False),
}
EDGE_WORDS = {"influences": "influences", "reports_to": "reports to", "works_with": "works with",
              "conflicts_with": "in conflict (\u00d7)"}



def clean_links(markers: Sequence, links: Sequence) -> list[tuple[int, int, str]]:
    """Links between drawn markers, of known kinds, no self-links or repeats, sorted."""
    ids = {m.id for m in markers}
    kept = set()
    for link in links:
        if link.source in ids and link.target in ids and link.source != link.target and link.kind in EDGE_STYLE:
            source, target = link.source, link.target
            if link.kind not in DIRECTED and source > target:
                source, target = target, source
            kept.add((source, target, link.kind))
    return sorted(kept)


def positions(markers: Sequence, links: list[tuple[int, int, str]]) -> dict[int, tuple[float, float]]:
    """Node centres in figure units (see _positions)."""
    return dict(_positions(tuple(sorted(m.id for m in markers)), tuple(sorted({(s, t) for s, t, _ in links}))))


@functools.lru_cache(maxsize=32)
def _positions(ids: tuple[int, ...], pairs: tuple[tuple[int, int], ...]) -> tuple:
    """Node centres from a seeded spring layout scaled to fill AREA, cached: the page's SVG
    and the export's PNG of one network need the layout (about 0.1-0.3 s) once.

    The spring layout pushes people with no link (and small groups) far out, which squeezes
    everyone else into a corner once scaled. A hidden hub tied weakly to every node acts as
    gravity: the picture stays one cloud. The hub itself is dropped after the layout."""
    import networkx as nx

    if not ids:
        return ()
    if len(ids) == 1:
        return ((ids[0], ((AREA[0] + AREA[2]) / 2, (AREA[1] + AREA[3]) / 2)),)
    graph = nx.Graph()
    graph.add_nodes_from(ids)
    graph.add_edges_from(pairs, weight=1.0)
    hub = ("hub",)
    graph.add_edges_from(((hub, node) for node in ids), weight=GRAVITY)
    raw = nx.spring_layout(graph, seed=SEED, iterations=80, k=1.4 / math.sqrt(len(ids)), weight="weight")
    raw.pop(hub)
    raw = _even_out(raw)
    xs, ys = [p[0] for p in raw.values()], [p[1] for p in raw.values()]
    span_x, span_y = (max(xs) - min(xs)) or 1, (max(ys) - min(ys)) or 1
    x0, y0, x1, y1 = AREA
    return tuple((node, (x0 + (p[0] - min(xs)) / span_x * (x1 - x0), y0 + (max(ys) - p[1]) / span_y * (y1 - y0)))
                 for node, p in sorted(raw.items()))


def _even_out(raw: dict) -> dict:
    """Spread the crowded middle of a spring layout: each node's distance from the centre
    becomes distance ** SPREAD (of the farthest), which thins the core and keeps the rim."""
    cx = sum(p[0] for p in raw.values()) / len(raw)
    cy = sum(p[1] for p in raw.values()) / len(raw)
    far = max(math.hypot(p[0] - cx, p[1] - cy) for p in raw.values()) or 1.0
    out = {}
    for node, (x, y) in raw.items():
        r = math.hypot(x - cx, y - cy) / far
        scale = (r ** SPREAD / r) if r > 0 else 0
        out[node] = (cx + (x - cx) * scale, cy + (y - cy) * scale)
    return out


def sizes(count: int) -> tuple[float, float, float]:
    """(node radius, label size, label width) in units: smaller and shorter as nodes multiply."""
    if count <= 30:
        return 10, 10, 120
    if count <= 80:
        return 8, 8.5, 80
    return 6.5, 7, 56


def edge_paths(kept, where, radius: float) -> list[tuple[str, list[tuple[float, float]]]]:
    """(kind, polyline) for each link, cut back to the nodes' rims. A second or third link
    between the same two people bends away from the first, so none hides another."""
    out, seen = [], {}
    for source, target, kind in kept:
        pair = frozenset((source, target))
        n = seen[pair] = seen.get(pair, -1) + 1
        bend = 0.0 if n == 0 else 0.22 * (1 + (n - 1) // 2) * (1 if n % 2 else -1)
        (x0, y0), (x1, y1) = where[source], where[target]
        length = math.hypot(x1 - x0, y1 - y0) or 1.0
        # the control point of a quadratic curve, off the straight line by `bend` of its length
        cx, cy = (x0 + x1) / 2 - bend * (y1 - y0), (y0 + y1) / 2 + bend * (x1 - x0)
        steps = 1 if bend == 0 else 12
        points = [((1 - t) ** 2 * x0 + 2 * (1 - t) * t * cx + t * t * x1,
                   (1 - t) ** 2 * y0 + 2 * (1 - t) * t * cy + t * t * y1)
                  for t in (i / steps for i in range(steps + 1))]
        end_gap = radius + (ARROW_LEN if kind in DIRECTED else 0) + 1
        if length > radius + end_gap + 2:
            out.append((kind, _trim(points, radius + 0.5, end_gap)))
    return out


def _trim(points, head: float, tail: float):
    """The polyline without its first `head` and last `tail` units of length (inside nodes)."""
    def cut(pts, amount):
        for i in range(1, len(pts)):
            (ax_, ay), (bx, by) = pts[i - 1], pts[i]
            seg = math.hypot(bx - ax_, by - ay)
            if seg >= amount and seg > 0:
                f = amount / seg
                return [(ax_ + (bx - ax_) * f, ay + (by - ay) * f), *pts[i:]]
            amount -= seg
        return pts[-1:]
    return cut(cut(points, head)[::-1], tail)[::-1]


def _arrowhead(points) -> list[tuple[float, float]]:
    (x0, y0), (x1, y1) = points[-2], points[-1]
    length = math.hypot(x1 - x0, y1 - y0) or 1.0
    ux, uy = (x1 - x0) / length, (y1 - y0) / length
    tip = (x1 + ux * ARROW_LEN, y1 + uy * ARROW_LEN)
    return [tip, (x1 - uy * ARROW_HALF, y1 + ux * ARROW_HALF), (x1 + uy * ARROW_HALF, y1 - ux * ARROW_HALF)]


def draw_edges(ax, paths) -> None:
    """All links as a few collections (one draw call per kind, not one per link)."""
    from matplotlib.collections import LineCollection, PolyCollection

    for kind, (colour, width, dash, arrow) in EDGE_STYLE.items():
        lines = [points for k, points in paths if k == kind]
        if not lines:
            continue
        ax.add_collection(LineCollection(lines, colors=colour, linewidths=width * P.PT * 1.1,
                                         linestyles=dash or "solid", zorder=1, capstyle="butt"))
        if arrow:
            ax.add_collection(PolyCollection([_arrowhead(points) for points in lines], facecolors=colour,
                                             edgecolors=colour, linewidths=0.5 * P.PT, zorder=1))
        if kind == "conflicts_with":
            crosses = []
            for points in lines:
                mx, my = points[len(points) // 2] if len(points) > 2 else (
                    (points[0][0] + points[-1][0]) / 2, (points[0][1] + points[-1][1]) / 2)
                crosses += [[(mx - CROSS, my - CROSS), (mx + CROSS, my + CROSS)],
                            [(mx - CROSS, my + CROSS), (mx + CROSS, my - CROSS)]]
            ax.add_collection(LineCollection(crosses, colors=colour, linewidths=2 * P.PT * 1.1, zorder=2))


def draw(markers: Sequence, links: Sequence, *, gids: bool = False):
    """The network figure (a matplotlib Figure). `gids` tags each node for the SVG's titles."""
    from matplotlib.patches import Circle

    markers = sorted(markers, key=lambda m: m.id)
    kept = clean_links(markers, links)
    where = positions(markers, kept)
    radius, label_size, label_width = sizes(len(markers))
    fig, ax = P.new_figure(WIDTH, HEIGHT)
    paths = edge_paths(kept, where, radius)
    draw_edges(ax, paths)
    for marker in markers:
        x, y = where[marker.id]
        key = L.attitude_key(marker.attitude) or "hidden"
        node = Circle((x, y), radius, facecolor=L.FILLS[key], edgecolor=L.OUTLINE, linewidth=1 * P.PT, zorder=3)
        if gids:
            node.set_gid(f"sh-node-{marker.id}")
        ax.add_artist(node)  # not add_patch: the limits are fixed, and updating them is slow
        if key != "hidden":
            glyph = L.ATTITUDE_GLYPHS[marker.attitude]
            P.write(ax, x, y + radius * 0.36, glyph, radius * 0.95, ha="center", color=L.INKS[key], weight="bold")
    for (x, y), words, leader in place_labels(markers, kept, paths, where, radius, label_size, label_width):
        if leader is not None:  # a name placed further out points back to its node
            ax.plot([leader[0], x], [leader[1], y - label_size * 0.35], color=L.OUTLINE, linewidth=0.5 * P.PT, zorder=2)
        text = P.write(ax, x, y, words, label_size, ha="center", halo=not gids)
        if gids:
            text.set_gid("sh-name")  # the SVG gets its white edge from attributes instead
    _legend(ax, markers)
    return fig


class _Boxes:
    """Rectangles bucketed on a coarse grid, so "does this overlap anything?" stays cheap."""

    CELL = 24.0

    def __init__(self):
        self.buckets: dict[tuple[int, int], list] = {}

    def _keys(self, box):
        for i in range(int(box[0] // self.CELL), int(box[2] // self.CELL) + 1):
            for j in range(int(box[1] // self.CELL), int(box[3] // self.CELL) + 1):
                yield i, j

    def add(self, box) -> None:
        for key in self._keys(box):
            self.buckets.setdefault(key, []).append(box)

    def hits(self, box) -> bool:
        return any(_overlap(box, other) for key in self._keys(box) for other in self.buckets.get(key, ()))


def place_labels(markers, kept, paths, where, radius, size, width) -> list[tuple[tuple[float, float], str, tuple | None]]:
    """Every node's name, each as (point, words, leader): below, above, right or left of its
    node where it covers no node, name or link, else no node or name; failing those, further
    out on eight bearings, with `leader` the node's centre for a thin line back; failing that,
    its node over whatever is there. Every node is named: Word has no hover title, and a
    picture with nameless nodes is a puzzle. The best-linked people are placed first."""
    degree = {m.id: 0 for m in markers}
    for source, target, _ in kept:
        degree[source] += 1
        degree[target] += 1
    solid, lines = _Boxes(), _Boxes()
    for x, y in where.values():
        solid.add((x - radius, y - radius, x + radius, y + radius))
    for _, points in paths:
        for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
            steps = max(1, int(math.hypot(x1 - x0, y1 - y0) // 6))
            for k in range(steps + 1):
                px, py = x0 + (x1 - x0) * k / steps, y0 + (y1 - y0) * k / steps
                lines.add((px - 1, py - 1, px + 1, py + 1))
    placed = []
    for marker in sorted(markers, key=lambda m: (-degree[m.id], L.text(m.label).casefold(), m.id)):
        words = L.fit_text(L.text(marker.label), width, size)
        if not words:
            continue
        x, y = where[marker.id]
        w, h = L.text_width(words, size), size
        near = _in_bounds(w, h, ((x, y + radius + h), (x, y - radius - 2), (x + radius + 2 + w / 2, y + h * 0.35),
                                 (x - radius - 2 - w / 2, y + h * 0.35)))
        free = [b for b in near if not solid.hits(b[1])]
        clear = [b for b in free if not lines.hits(b[1])]
        led = False
        if clear or free:
            point, box = (clear or free)[0]
        else:
            far = [b for b in _in_bounds(w, h, _further_out(x, y, radius, w, h)) if not solid.hits(b[1])]
            if far:
                (point, box), led = far[0], True
            elif near:
                point, box = near[0]
            else:
                continue
        solid.add(box)
        placed.append((point, words, (x, y) if led else None))
    return placed


def _in_bounds(w: float, h: float, points) -> list[tuple[tuple[float, float], tuple[float, float, float, float]]]:
    boxes = []
    for cx, baseline in points:
        box = (cx - w / 2 - 1.5, baseline - h * 0.85 - 1, cx + w / 2 + 1.5, baseline + h * 0.25 + 1)
        if box[0] >= 0 and box[2] <= WIDTH and box[1] >= 0 and box[3] <= LEGEND_TOP - 4:
            boxes.append(((cx, baseline), box))
    return boxes


def _further_out(x: float, y: float, radius: float, w: float, h: float):
    """Label places on eight bearings at growing distances, nearest first."""
    for reach in (2.2, 3.4, 4.8):
        distance = reach * (radius + h)
        for k in range(8):
            angle = math.pi / 2 + k * math.pi / 4
            yield x + math.cos(angle) * (distance + w / 4), y + math.sin(angle) * distance + h * 0.35


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _legend(ax, markers: Sequence) -> None:
    from matplotlib.patches import FancyArrowPatch

    shapes = P._Shapes()
    x, y = 24, LEGEND_TOP + 12
    shown = [L.attitude_key(m.attitude) for m in markers]
    if any(shown):
        for value, key in sorted(L.ATTITUDE_KEYS.items()):
            P.draw_mark(ax, shapes, x + 8, y, key, None)
            P.write(ax, x + 21, y + 4, L.ATTITUDE_LABELS[value], L.LABEL_SIZE)
            x += 30 + L.text_width(L.ATTITUDE_LABELS[value], L.LABEL_SIZE) + 12
    if not all(shown):
        P.draw_mark(ax, shapes, x + 8, y, None, None)
        P.write(ax, x + 21, y + 4, "attitude not shown", L.LABEL_SIZE)
    shapes.draw(ax, zorder=3)
    x, y = 24, y + 26
    for kind, (colour, width, dash, arrow) in EDGE_STYLE.items():
        sample = FancyArrowPatch((x, y), (x + 34, y), arrowstyle="-|>" if arrow else "-", mutation_scale=7 * P.PT * 1.6,
                                 color=colour, linewidth=width * P.PT * 1.1, shrinkA=0, shrinkB=0)
        if dash:
            sample.set_linestyle(dash)
        ax.add_patch(sample)
        if kind == "conflicts_with":
            ax.plot([x + 14, x + 20], [y - 3, y + 3], color=colour, lw=2 * P.PT * 1.1)
            ax.plot([x + 14, x + 20], [y + 3, y - 3], color=colour, lw=2 * P.PT * 1.1)
        P.write(ax, x + 40, y + 4, EDGE_WORDS[kind], L.LABEL_SIZE)
        x += 40 + L.text_width(EDGE_WORDS[kind], L.LABEL_SIZE) + 26


def png(markers: Sequence, links: Sequence) -> bytes:
    with P.rendering():
        return P.png_bytes(draw(markers, links))


# --- the SVG for the page ----------------------------------------------------------------------


def svg(markers: Sequence, links: Sequence, *, caption: str, description: str) -> Markup:
    with P.rendering():
        fig = draw(markers, links, gids=True)
        out = io.StringIO()
        fig.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    root = csp_svg.parse(out.getvalue())
    by_id = {m.id: m for m in markers}
    for element in root.iter():
        gid = element.get("id", "")
        if gid == "sh-name":  # a name's white edge, drawn under its letters (paint-order)
            element.attrib.update({"stroke": "#ffffff", "stroke-width": "1.4", "paint-order": "stroke",
                                   "stroke-linejoin": "round"})
        elif gid.startswith("sh-node-") and gid[8:].isdigit() and int(gid[8:]) in by_id:
            marker = by_id[int(gid[8:])]
            title = ET.Element(csp_svg.tag("title"))
            title.text = "\n".join([L.text(marker.label) or "(no name)", *detail_lines(marker)])
            element.insert(0, title)
    return csp_svg.for_the_page(root, css_class="app-sh-figure app-sh-network", caption=L.text(caption),
                                description=description, id_prefix="sh-network")


def summary(markers: Sequence, links: Sequence) -> str:
    kept = clean_links(markers, links)
    counts = {kind: sum(1 for *_, k in kept if k == kind) for kind in EDGE_STYLE}
    said = ", ".join(f"{n} {EDGE_WORDS[k].replace(' (×)', '')}" for k, n in counts.items() if n)
    people = f"{len(markers)} stakeholder{'s' if len(markers) != 1 else ''}"
    return f"{people} and {len(kept)} link{'s' if len(kept) != 1 else ''}" + (f": {said}." if said else ".")
