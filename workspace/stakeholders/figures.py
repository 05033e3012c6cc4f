"""The stakeholder figures: the power/interest grid, "then vs now", the relationship network
and a stakeholder's trend. SVG for the pages, PNG for the exports, from one layout each.

The rest of the feature calls only this module. The work is done in:
- layout.py: where every marker, cluster and legend entry goes (pure Python, no drawing);
- svg_drawing.py: the hand-built SVGs (grid, then vs now), classes styled in site.scss;
- trend_drawing.py: a stakeholder's small trend, hand-built SVG too;
- png_drawing.py: the same grid drawn by matplotlib for Word;
- network_drawing.py: networkx's seeded layout drawn by matplotlib, as PNG and as page SVG
  (csp_svg.py makes matplotlib's SVG fit the pages' CSP).

Grid decisions (see layout.py): 3 and over is the high half of each axis; a cell shows up to
12 markers (names beside them when it holds 3 or fewer) and the rest as one "+N" cluster that
names everyone in it. Attitude is colour (an Okabe-Ito orange-grey-blue scale) and a glyph
(--, -, 0, +, ++), never colour alone; a change of attitude is drawn as a pill, current
attitude left -> desired right, not as an arrow across the grid, which would read as a change
of power or interest.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, is_dataclass
from datetime import date, datetime
from functools import lru_cache

from markupsafe import Markup

from . import layout

#: bump when any drawing changes, so cached renders (exports' figure cache) are redrawn
FIGURES_VERSION = 2

#: attitude scale, -2..+2
ATTITUDE_LABELS = layout.ATTITUDE_LABELS
QUADRANTS = layout.QUADRANTS
LINK_KINDS = {"influences": "influences", "reports_to": "reports to", "works_with": "works with",
              "conflicts_with": "is in conflict with"}


@dataclass(frozen=True)
class GridMarker:
    """One stakeholder as a figure sees it. `attitude`/`desired` are None when the viewer may
    not see them (confidential attitude, host audience): the figure then draws a neutral,
    uncoloured marker with no arrow and says nothing about attitude."""

    id: int
    label: str  # the stakeholder's name
    organisation: str
    category: str  # the category's label, e.g. "Acute trust"
    owner: str | None  # the relationship owner's display name
    power: int  # 1..5
    interest: int  # 1..5
    attitude: int | None = None  # -2..2
    desired: int | None = None  # -2..2
    #: the stakeholder's row version: an editable grid sends it with each move (stale writes
    #: are refused) and takes the new one from the answer
    version: int | None = None


@dataclass(frozen=True)
class Link:
    source: int  # GridMarker.id
    target: int
    kind: str  # a key of LINK_KINDS


@dataclass(frozen=True)
class TrendPoint:
    on: date
    power: int
    interest: int
    attitude: int | None


def quadrant(power: int, interest: int) -> str:
    """Which of QUADRANTS a score pair falls in (power and interest 1..5; 3 and over is high)."""
    return layout.quadrant(power, interest)


def grid_svg(markers: Sequence[GridMarker], *, editable: bool, caption: str,
             api_url_template: str | None = None, id_prefix: str = "sh-grid") -> Markup:
    """The grid for a page. `editable` adds what static/js/stakeholder-grid.js needs: markers
    as buttons with their scores and version, and the plot's geometry on the <svg>.
    `api_url_template` is the PATCH address with "{id}" for the stakeholder's id, e.g.
    "/api/v1/teams/3/stakeholders/{id}" (or put data-api-url-template on an ancestor)."""
    return _grid_svg(tuple(markers), editable, caption, api_url_template, id_prefix)


# Markers are frozen dataclasses, so what a grid draws is its own cache key: a page view of an
# unchanged map (150 markers: about 12 ms to draw) costs a lookup. A move changes a marker's
# scores and version, so a changed map is drawn again. Bounded: 32 grids of at most ~200 kB.
@lru_cache(maxsize=32)
def _grid_svg(markers: tuple[GridMarker, ...], editable: bool, caption: str, api_url_template: str | None,
              id_prefix: str) -> Markup:
    from . import svg_drawing

    return svg_drawing.grid(markers, editable=editable, caption=caption, api_url_template=api_url_template,
                            id_prefix=id_prefix)


def grid_png(markers: Sequence[GridMarker], *, caption: str) -> bytes:
    """The same grid for Word: 16 x 12 cm at 150 dpi. (The caption is the document's.)"""
    from . import png_drawing

    return png_drawing.grid(markers)


def grid_summary(markers: Sequence[GridMarker]) -> str:
    """One sentence on the grid (how many in each quadrant), for alt text."""
    from . import svg_drawing

    return svg_drawing.summary(markers)


def then_now_svg(then: Sequence[GridMarker], now: Sequence[GridMarker], *, then_label: str,
                 arrangement: str = "side") -> Markup:
    """Two grids with one legend: then (titled "Then: <then_label>") and now, side by side;
    `arrangement="stacked"` puts them one above the other."""
    from . import svg_drawing

    return svg_drawing.then_now(then, now, then_label=then_label, arrangement=arrangement)


def then_now_png(then: Sequence[GridMarker], now: Sequence[GridMarker], *, then_label: str,
                 arrangement: str = "stacked") -> bytes:
    """Then and now for Word: stacked by default (16 x 23.6 cm), so each grid keeps its size."""
    from . import png_drawing

    return png_drawing.then_now(then, now, then_label=then_label, arrangement=arrangement)


def network_svg(markers: Sequence[GridMarker], links: Sequence[Link], *,
                caption: str = "Relationships between stakeholders") -> Markup:
    """matplotlib's SVG made fit for an inline, CSP-strict page (see network_drawing.py).
    Takes 0.2-0.5 s at 150 nodes: cache it by content_hash("network", markers, links)."""
    from . import network_drawing

    return network_drawing.svg(markers, links, caption=caption,
                               description=network_drawing.summary(markers, links))


def network_png(markers: Sequence[GridMarker], links: Sequence[Link]) -> bytes:
    from . import network_drawing

    return network_drawing.png(markers, links)


def network_summary(markers: Sequence[GridMarker], links: Sequence[Link]) -> str:
    """One sentence on the network (how many people and links of each kind), for alt text."""
    from . import network_drawing

    return network_drawing.summary(markers, links)


def trend_svg(points: Sequence[TrendPoint]) -> Markup:
    """A small sparkline-sized trend of power, interest and attitude over time."""
    from . import trend_drawing

    return trend_drawing.trend(points)


def content_hash(kind: str, *parts) -> str:
    """A stable hash of what a figure draws, for the exports' figure cache: sha256 of canonical
    JSON of the kind, the parts (dataclasses, lists, dicts, dates...) and FIGURES_VERSION."""
    payload = json.dumps({"kind": kind, "version": FIGURES_VERSION, "parts": [_canonical(p) for p in parts]},
                         sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def grid_content_hash(markers: Sequence[GridMarker], *, kind: str = "grid-png") -> str:
    """content_hash of what the grid PNG draws: markers in id order, without `version` (which
    the PNG does not show), so re-saving unchanged scores costs no new render."""
    return content_hash(kind, _drawn(markers, ("version",)))


def network_content_hash(markers: Sequence[GridMarker], links: Sequence[Link], *, kind: str = "network") -> str:
    """content_hash of what the network draws (page SVG or PNG: pass a different `kind`): not
    power, interest or version, so moving someone on the grid does not redraw the network."""
    kept = sorted({(link.source, link.target, link.kind) for link in links})
    return content_hash(kind, _drawn(markers, ("power", "interest", "version")), kept)


def _drawn(markers: Sequence[GridMarker], left_out: tuple[str, ...]) -> list[dict]:
    return [{k: v for k, v in asdict(m).items() if k not in left_out} for m in sorted(markers, key=lambda m: m.id)]


def _canonical(value):
    if is_dataclass(value) and not isinstance(value, type):
        return {"type": type(value).__name__, **{k: _canonical(v) for k, v in asdict(value).items()}}
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _canonical(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_canonical(v) for v in value]
    if isinstance(value, set | frozenset):
        return sorted((_canonical(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
    if value is None or isinstance(value, bool | int | float | str):
        return value
    raise TypeError(f"content_hash cannot hash a {type(value).__name__}")
