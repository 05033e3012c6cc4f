"""QI work as plain data: what the analysis, the drawings, the pages and the exports read.

`queries.py` turns stored rows into these; nothing that takes them touches the database, so the
SPC rules and the figures are tested on hand-built values and rendered once per content hash
(`content_hash`).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from datetime import date

# --- a measure and its data ------------------------------------------------------------------


@dataclass(frozen=True)
class Point:
    on: date
    value: float
    note: str = ""
    astronomical: bool = False  # the team marks it as one
    rebase: bool = False  # a new phase of the limits starts at this point
    id: int | None = None  # the stored point's (None in a hand-built series)


@dataclass(frozen=True)
class Marker:
    """A date marked on a chart's x axis: a PDSA cycle's start or a team's annotation."""

    on: date
    label: str  # "PDSA 2 (adopt)", "New discharge checklist live"
    kind: str = "annotation"  # "pdsa" or "annotation"


@dataclass(frozen=True)
class MeasureSeries:
    id: int
    name: str
    kind: str  # outcome, process, balancing
    unit: str
    better: str  # up, down
    target: float | None
    chart: str  # auto, run, xmr (the team's choice; auto picks by the number of points)
    points: tuple[Point, ...] = ()  # in date order
    markers: tuple[Marker, ...] = ()  # in date order
    definition: str = ""


# --- the analysis of a series (spc.py makes it) ---------------------------------------------

#: the rules a signal can name, in the order the pages explain them
RULES = ("astronomical", "beyond_limit", "trend", "two_of_three", "shift", "run_shift", "run_trend")
VARIATIONS = ("common", "improvement", "concern", "neither", "none")  # none: too few points to say
ASSURANCES = ("pass", "fail", "hit_or_miss")  # None when there is no target or no limits


@dataclass(frozen=True)
class Signal:
    rule: str  # one of RULES
    indexes: tuple[int, ...]  # the points involved, as indexes into the series' points
    direction: str  # "up" or "down": which way the points moved or sit
    judgement: str  # "improvement", "concern" or "neither" (against the better direction)
    label: str  # plain English, for the chart's key and the page: "7 points above the mean"


@dataclass(frozen=True)
class Phase:
    """A stretch of points with its own centre line (and limits on an XmR chart)."""

    start: int  # index of its first point
    end: int  # index of its last point (inclusive)
    centre: float  # the median on a run chart, the mean on an XmR chart
    lower: float | None = None  # process limits (XmR only)
    upper: float | None = None
    lower_close: float | None = None  # two thirds of the way to a limit (XmR only)
    upper_close: float | None = None
    trial: bool = False  # XmR limits from fewer than 12 points


@dataclass(frozen=True)
class Analysis:
    chart: str  # "run" or "xmr": the chart actually drawn
    phases: tuple[Phase, ...]
    signals: tuple[Signal, ...]
    variation: str  # one of VARIATIONS, judged on the latest phase
    assurance: str | None  # one of ASSURANCES, or None
    summary: str  # one plain-English sentence the team can paste into the report

    @property
    def latest(self) -> Phase | None:
        return self.phases[-1] if self.phases else None


# --- the driver diagram ----------------------------------------------------------------------


@dataclass(frozen=True)
class IdeaNode:
    id: int
    title: str
    from_pain_point: bool = False  # came from a process-map pain point
    cycles: int = 0  # PDSA cycles testing it


@dataclass(frozen=True)
class DriverNode:
    id: int
    title: str
    level: str  # primary, secondary
    children: tuple[DriverNode, ...] = ()  # a primary's secondary drivers
    ideas: tuple[IdeaNode, ...] = ()  # a secondary's change ideas


@dataclass(frozen=True)
class DriverTree:
    aim: str  # the aim statement ("" when not written yet)
    primaries: tuple[DriverNode, ...] = ()
    unplaced: tuple[IdeaNode, ...] = ()  # ideas not yet under a secondary driver


def content_hash(value, *extra) -> str:
    """A stable hash of plain data (a series with its analysis, a tree), for render caches."""
    payload = json.dumps([asdict(value) if hasattr(value, "__dataclass_fields__") else value, *extra],
                         sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()[:32]


__all__ = ["Point", "Marker", "MeasureSeries", "Signal", "Phase", "Analysis", "IdeaNode", "DriverNode",
           "DriverTree", "content_hash", "RULES", "VARIATIONS", "ASSURANCES"]
