"""The stakeholder figures: the power/interest grid, "then vs now", the relationship network
and a stakeholder's trend. SVG for the pages, PNG for the exports, from one layout each.

INTERFACE CONTRACT (the helper building this module replaces every body; the signatures and
dataclasses are what the rest of the feature calls, so change them only together with it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from markupsafe import Markup

#: attitude scale, -2..+2
ATTITUDE_LABELS = {-2: "Active resistor", -1: "Sceptic", 0: "Neutral", 1: "Supporter", 2: "Champion"}
QUADRANTS = ("manage closely", "keep satisfied", "keep informed", "monitor")
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
    raise NotImplementedError


def grid_svg(markers: Sequence[GridMarker], *, editable: bool, caption: str) -> Markup:
    """The grid for a page. `editable` adds what the drag/keyboard script needs."""
    raise NotImplementedError


def grid_png(markers: Sequence[GridMarker], *, caption: str) -> bytes:
    raise NotImplementedError


def then_now_svg(then: Sequence[GridMarker], now: Sequence[GridMarker], *, then_label: str) -> Markup:
    raise NotImplementedError


def then_now_png(then: Sequence[GridMarker], now: Sequence[GridMarker], *, then_label: str) -> bytes:
    raise NotImplementedError


def network_svg(markers: Sequence[GridMarker], links: Sequence[Link]) -> Markup:
    raise NotImplementedError


def network_png(markers: Sequence[GridMarker], links: Sequence[Link]) -> bytes:
    raise NotImplementedError


def trend_svg(points: Sequence[TrendPoint]) -> Markup:
    """A small sparkline-sized trend of power, interest and attitude over time."""
    raise NotImplementedError


def content_hash(kind: str, *parts) -> str:
    """A stable hash of what a figure draws, for the exports' figure cache."""
    raise NotImplementedError
