"""NHS England's "Making Data Count" rules for run charts and XmR charts, as pure functions of
plain data (`facts.MeasureSeries` -> `facts.Analysis`): no database, no drawing.

Which chart: the series' own choice ("run" or "xmr"), or "auto": a run chart below
XMR_FROM (10) points, an XmR chart from 10. The `chart` argument (the page's switch) overrides.

Phases: a point with `rebase=True` starts a new phase (a rebase on the first point changes
nothing: the operations refuse it). Each phase has its own centre line (and limits); every
rule looks only within one phase.

Run chart (centre line: the median of the phase)
- run_shift: RUN_SHIFT (6) or more consecutive points on one side of the median; a point ON the
  median neither adds to nor breaks the run.
- run_trend: RUN_TREND (5) or more consecutive points all going up or all going down; equal
  neighbours count once (a tie neither adds to nor breaks the trend, and the label counts it
  once: 10,11,12,12,13,14 is "5 points rising", though all six are marked).
- astronomical: a point the team marked, or a point beyond the phase's XmR limits when they
  are computed: the series has XMR_FROM (10) points or more, so that "auto" would draw them
  (they are not drawn on the run chart; with fewer points they are too unsettled to judge by).

XmR chart (centre line: the mean of the phase)
- moving ranges |x_i - x_(i-1)| within the phase; limits mean ± 2.66 × mean moving range; the
  "close" lines (two thirds of the way) at mean ± 1.773 × mean moving range; `trial` limits
  when the phase has fewer than TRIAL_BELOW (12) points; no limits for a one-point phase.
- rules in priority order:
  1. beyond_limit: a point strictly above the upper or below the lower limit (consecutive
     points beyond the same limit make one signal);
  2. trend: XMR_TREND (7) points, each strictly higher (or lower) than the one before (6
     rises in a row); a tie breaks it;
  3. two_of_three: two or more of three consecutive points beyond a close line but not beyond
     the limit, all three strictly on the same side of the mean; only the close points are
     flagged (overlapping windows on the same side make one signal);
  4. shift: XMR_SHIFT (7) or more consecutive points strictly on one side of the mean; a point
     on the mean breaks it.
  A point the team marked astronomical is a signal too.

Variation (the icon), judged on the latest phase only:
- "none" when the latest phase has fewer than JUDGE_FROM (5) points: too few to say;
- otherwise, with no signal in the latest phase, "common";
- otherwise the judgement of ONE signal: the one that involves the latest point (the highest
  priority if several do), else the one that ended most recently (ties: the highest priority).
  Its judgement is "improvement" when it moved the better way, "concern" the other way.

Assurance (XmR only, with a target, when the latest phase has limits): a target beyond the
limits on the wrong side (above the upper limit when up is better) -> "fail"; beyond them on
the right side -> "pass"; between the limits (a limit itself counts as between) ->
"hit_or_miss"; None otherwise.

A constant phase (every point equal: mean moving range 0, so both limits equal the mean): the
variation is "common" (no rule can fire), but the sentence says "No variation: every point ...
equals ...", never that the points vary. Its assurance: a target equal to the value is "pass"
(the points equal the target every time: it is met every time, whichever way is better); any
other target lies beyond the zero-width limits, so the side rule above applies.

The summary sentence names when the deciding signal happened: "on <date>" for one point (or
one date), "on 20 and 27 April 2026" for two points, "since <date>" when it runs to the latest
point, "from 9 March to 20 April 2026" when it ended before; it adds "(trial limits: fewer
than 12 points)" when the latest phase's XmR limits are trial.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import pairwise
from statistics import fmean, median

from .facts import Analysis, MeasureSeries, Phase, Point, Signal

XMR_FROM = 10  # "auto" draws an XmR chart from this many points
TRIAL_BELOW = 12  # XmR limits from fewer points are trial limits
JUDGE_FROM = 5  # the latest phase needs this many points before variation is judged
MAX_POINTS = 1000  # the operations refuse more points than this on one measure
RUN_SHIFT, RUN_TREND = 6, 5
XMR_SHIFT, XMR_TREND = 7, 7
LIMIT_FACTOR = 2.66
CLOSE_FACTOR = 1.773  # two thirds of 2.66

#: the order in which a point involved in several signals is drawn and the variation is decided
PRIORITY = ("beyond_limit", "astronomical", "trend", "two_of_three", "shift", "run_shift", "run_trend")

RULE_NAMES = {
    "beyond_limit": "Point beyond a process limit",
    "astronomical": "Astronomical point",
    "trend": "Run of 7 rising or falling",
    "two_of_three": "2 of 3 points close to a limit",
    "shift": "Run of 7 on one side of the mean",
    "run_shift": "Shift: 6 or more on one side of the median",
    "run_trend": "Trend: 5 or more rising or falling",
}


def rank(rule: str) -> int:
    return PRIORITY.index(rule)


# --- phases ----------------------------------------------------------------------------------


def phase_bounds(points: tuple[Point, ...] | list[Point]) -> list[tuple[int, int]]:
    """(first, last) index of each phase: a new one starts at each rebased point but the first."""
    starts = [0] + [i for i, point in enumerate(points) if point.rebase and i > 0]
    ends = [start - 1 for start in starts[1:]] + [len(points) - 1]
    return list(zip(starts, ends, strict=True)) if points else []


@dataclass(frozen=True)
class Limits:
    centre: float
    lower: float | None
    upper: float | None
    lower_close: float | None
    upper_close: float | None


def xmr_limits(values: list[float]) -> Limits:
    """Mean and the process limits of `values` (no limits for fewer than two)."""
    mean = fmean(values)
    if len(values) < 2:
        return Limits(mean, None, None, None, None)
    mean_mr = fmean(abs(b - a) for a, b in pairwise(values))
    return Limits(mean, mean - LIMIT_FACTOR * mean_mr, mean + LIMIT_FACTOR * mean_mr,
                  mean - CLOSE_FACTOR * mean_mr, mean + CLOSE_FACTOR * mean_mr)


def _side(value: float, centre: float) -> int:
    return (value > centre) - (value < centre)


# --- the rules: each takes the values of one phase and its first index, gives Signal drafts ----


@dataclass(frozen=True)
class _Draft:
    rule: str
    indexes: tuple[int, ...]
    direction: str  # up or down
    counted: int | None = None  # the points the label counts, when not every index (a run-chart tie)


def _distinct_steps(values: list[float], run: tuple[int, ...], offset: int) -> int:
    """The points of a run, equal neighbours counted once: 10,11,12,12,13,14 is 5."""
    return 1 + sum(values[i - offset] != values[i - 1 - offset] for i in run[1:])


def _up(flag: bool) -> str:
    return "up" if flag else "down"


def runs_on_one_side(values: list[float], centre: float, length: int, *, ties_break: bool,
                     offset: int = 0) -> list[tuple[tuple[int, ...], int]]:
    """Maximal runs of points on one side of `centre` with at least `length` points: (indexes,
    side). A point on the centre breaks the run (`ties_break`) or is skipped (neither adds nor
    breaks)."""
    found, run, side = [], [], 0
    for i, value in enumerate(values):
        here = _side(value, centre)
        if here == 0:
            if ties_break:
                if len(run) >= length:
                    found.append((tuple(run), side))
                run, side = [], 0
            continue
        if here != side:
            if len(run) >= length:
                found.append((tuple(run), side))
            run, side = [], here
        run.append(offset + i)
    if len(run) >= length:
        found.append((tuple(run), side))
    return found


def monotone_runs(values: list[float], length: int, *, skip_ties: bool,
                  offset: int = 0) -> list[tuple[tuple[int, ...], int]]:
    """Maximal runs of `length` or more points each higher (or each lower) than the one before:
    (indexes, +1 rising or -1 falling). With `skip_ties` equal neighbours count once (the
    repeated point neither adds to nor breaks the run, and is listed with it); otherwise a tie
    breaks the run. Neighbouring runs share their turning point."""
    # groups of equal neighbours: (first index, last index, value)
    groups: list[list] = []
    for i, value in enumerate(values):
        if skip_ties and groups and groups[-1][2] == value:
            groups[-1][1] = i
        else:
            groups.append([i, i, value])
    found = []
    start, direction = 0, 0
    for g in range(1, len(groups) + 1):
        step = 0 if g == len(groups) else _side(groups[g][2], groups[g - 1][2])
        if g < len(groups) and step == direction and step != 0:
            continue
        # the run from groups[start] to groups[g-1] ends here
        if direction != 0 and g - start >= length:
            first, last = groups[start][0], groups[g - 1][1] if skip_ties else groups[g - 1][0]
            found.append((tuple(range(offset + first, offset + last + 1)), direction))
        start, direction = g - 1, step
    return found


def _beyond_limits(values: list[float], limits: Limits, offset: int) -> list[_Draft]:
    if limits.upper is None:
        return []
    drafts, run, side = [], [], 0
    for i, value in enumerate([*values, None]):
        here = 0 if value is None else (1 if value > limits.upper else -1 if value < limits.lower else 0)
        if here != side and run:
            drafts.append(_Draft("beyond_limit", tuple(run), _up(side > 0)))
            run = []
        side = here
        if here:
            run.append(offset + i)
    return drafts


def _two_of_three(values: list[float], limits: Limits, offset: int) -> list[_Draft]:
    if limits.upper is None:
        return []

    def close(value: float) -> int:
        if limits.upper_close < value <= limits.upper:
            return 1
        if limits.lower <= value < limits.lower_close:
            return -1
        return 0

    drafts: list[_Draft] = []
    for i in range(len(values) - 2):
        window = values[i:i + 3]
        sides = {_side(v, limits.centre) for v in window}
        if len(sides) != 1 or 0 in sides:
            continue
        side = sides.pop()
        flagged = [offset + i + k for k, v in enumerate(window) if close(v) == side]
        if len(flagged) < 2:
            continue
        direction = _up(side > 0)
        if drafts and drafts[-1].direction == direction and drafts[-1].indexes[-1] >= offset + i - 1:
            merged = tuple(sorted(set(drafts[-1].indexes) | set(flagged)))
            drafts[-1] = _Draft("two_of_three", merged, direction)
        else:
            drafts.append(_Draft("two_of_three", tuple(flagged), direction))
    return drafts


def _astronomical(points, first: int, last: int, centre: float, limits: Limits | None) -> list[_Draft]:
    drafts = []
    for i in range(first, last + 1):
        value = points[i].value
        beyond = limits is not None and limits.upper is not None and not limits.lower <= value <= limits.upper
        if points[i].astronomical or beyond:
            drafts.append(_Draft("astronomical", (i,), _up(value >= centre)))
    return drafts


def _phase_rules(points, first: int, last: int, chart: str) -> tuple[Phase, list[_Draft]]:
    values = [point.value for point in points[first:last + 1]]
    limits = xmr_limits(values)
    if chart == "run":
        centre = median(values)
        drafts = [_Draft("run_shift", run, _up(side > 0))
                  for run, side in runs_on_one_side(values, centre, RUN_SHIFT, ties_break=False, offset=first)]
        drafts += [_Draft("run_trend", run, _up(way > 0), _distinct_steps(values, run, first))
                   for run, way in monotone_runs(values, RUN_TREND, skip_ties=True, offset=first)]
        drafts += _astronomical(points, first, last, centre, limits if len(points) >= XMR_FROM else None)
        return Phase(first, last, centre), drafts
    drafts = _beyond_limits(values, limits, first)
    drafts += [_Draft("trend", run, _up(way > 0))
               for run, way in monotone_runs(values, XMR_TREND, skip_ties=False, offset=first)]
    drafts += _two_of_three(values, limits, first)
    drafts += [_Draft("shift", run, _up(side > 0))
               for run, side in runs_on_one_side(values, limits.centre, XMR_SHIFT, ties_break=True, offset=first)]
    drafts += _astronomical(points, first, last, limits.centre, None)
    phase = Phase(first, last, limits.centre, limits.lower, limits.upper, limits.lower_close, limits.upper_close,
                  trial=limits.upper is not None and len(values) < TRIAL_BELOW)
    return phase, drafts


# --- judging -----------------------------------------------------------------------------------


def judgement(direction: str, better: str) -> str:
    if better not in ("up", "down"):
        return "neither"
    return "improvement" if direction == better else "concern"


def _label(draft: _Draft, chart: str) -> str:
    n = draft.counted or len(draft.indexes)
    points = f"{n} point{'s' if n != 1 else ''}"
    above = "above" if draft.direction == "up" else "below"
    centre = "median" if chart == "run" else "mean"
    match draft.rule:
        case "beyond_limit":
            limit = "upper" if draft.direction == "up" else "lower"
            return f"{'a point' if n == 1 else points} {above} the {limit} limit"
        case "astronomical":
            return f"an astronomical point {above} the {centre}"
        case "trend" | "run_trend":
            return f"{points} {'rising' if draft.direction == 'up' else 'falling'}"
        case "two_of_three":
            return f"{points} close to the {'upper' if draft.direction == 'up' else 'lower'} limit"
        case _:  # shift, run_shift
            return f"{points} {above} the {centre}"


def _chart_for(series: MeasureSeries, chart: str | None) -> str:
    choice = chart if chart in ("run", "xmr") else series.chart
    if choice in ("run", "xmr"):
        return choice
    return "xmr" if len(series.points) >= XMR_FROM else "run"


def _variation(phases: tuple[Phase, ...], signals: tuple[Signal, ...]) -> tuple[str, Signal | None]:
    if not phases:
        return "none", None
    latest = phases[-1]
    if latest.end - latest.start + 1 < JUDGE_FROM:
        return "none", None
    recent = [s for s in signals if s.indexes[0] >= latest.start]
    if not recent:
        return "common", None
    touching = [s for s in recent if s.indexes[-1] == latest.end]
    chosen = min(touching or recent, key=lambda s: (-s.indexes[-1], rank(s.rule)))
    return chosen.judgement, chosen


def _flat(phase: Phase) -> bool:
    """Limits of no width: every point of the phase has the same value (mean moving range 0)."""
    return phase.upper is not None and phase.upper == phase.lower


def _assurance(series: MeasureSeries, chart: str, latest: Phase | None) -> str | None:
    if chart != "xmr" or series.target is None or latest is None or latest.upper is None:
        return None
    target = series.target
    if _flat(latest) and target == latest.centre:
        return "pass"  # every point equals the target: it is met every time
    if latest.lower <= target <= latest.upper:
        return "hit_or_miss"
    above = target > latest.upper
    # up is better: a target above the limits is never reached (fail), below them always (pass)
    return ("fail" if above else "pass") if series.better == "up" else ("pass" if above else "fail")


# --- the summary sentence ------------------------------------------------------------------------


SCIENTIFIC_FROM, SCIENTIFIC_BELOW = 1e9, 1e-3


def number(value: float) -> str:
    """A value as the page, the sentence and the chart axes write it (one function for all three):
    85 -> "85", 72.4333 -> "72.43", 1234.5 -> "1,234.5" (thousands separators, two decimals at
    most, from 1 up); 0.012345 -> "0.0123" (three significant figures below 1); and scientific
    with three significant figures from SCIENTIFIC_FROM (1e9) or below SCIENTIFIC_BELOW (1e-3):
    1.5e12 -> "1.5e12", 2.5e-9 -> "2.5e-9". Zero is "0"."""
    size = abs(value)
    if size == 0:
        return "0"
    if size >= SCIENTIFIC_FROM or size < SCIENTIFIC_BELOW:
        mantissa, exponent = f"{value:.2e}".split("e")
        mantissa = mantissa.rstrip("0").rstrip(".")
        return f"{mantissa}e{int(exponent)}"
    if size < 1:
        text = f"{value:.{2 - math.floor(math.log10(size))}f}".rstrip("0").rstrip(".")
    else:
        text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def exact(value: float) -> str:
    """A value written back into a form field: every digit kept (85.0 -> "85", 1e-09 -> "1e-09"),
    so saving the form unchanged never rounds what was stored."""
    value = float(value)
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)


def amount(value: float, unit: str) -> str:
    unit = (unit or "").strip()
    if unit == "%":
        return f"{number(value)}%"
    return f"{number(value)} {unit}" if unit else number(value)


def day(value) -> str:
    return value.strftime("%-d %B %Y")


def _two_days(first, last) -> str:
    """Two dates: 20 and 27 April 2026; 30 March and 6 April 2026; 30 December 2025 and 6 January 2026."""
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day} and {day(last)}"
    if first.year == last.year:
        return f"{first.strftime('%-d %B')} and {day(last)}"
    return f"{day(first)} and {day(last)}"


def _when(series: MeasureSeries, signal: Signal) -> str:
    """When a signal happened: "on 20 April 2026" (one point, or one date), "on 20 and 27 April
    2026" (two points), "since 9 March 2026" when it runs to the latest point, and "from 9 March
    to 20 April 2026" when it ended before the latest point."""
    first, last = series.points[signal.indexes[0]].on, series.points[signal.indexes[-1]].on
    if first == last:
        return f"on {day(first)}"
    if len(signal.indexes) == 2:
        return f"on {_two_days(first, last)}"
    if signal.indexes[-1] == len(series.points) - 1:
        return f"since {day(first)}"
    start = first.strftime("%-d %B") if first.year == last.year else day(first)
    return f"from {start} to {day(last)}"


def _after(series: MeasureSeries, signal: Signal) -> str:
    start = series.points[signal.indexes[0]].on
    before = [m for m in series.markers if m.on <= start]
    pdsa = [m for m in before if m.kind == "pdsa"]
    chosen = (pdsa or before or [None])[-1]
    if chosen is None:
        return ""
    return f", after {chosen.label}" if chosen.kind == "pdsa" else f", after “{chosen.label}”"


def _assurance_sentence(series: MeasureSeries, assurance: str | None, flat: bool = False) -> str:
    if assurance is None:
        return ""
    target = amount(series.target, series.unit)
    if flat and assurance == "pass" and series.points and series.points[-1].value == series.target:
        return f" The points equal the target of {target} every time, so it is met every time."
    return {
        "pass": f" The target of {target} lies beyond the limits on the better side, so it will be met consistently.",
        "fail": f" The target of {target} lies beyond the limits on the wrong side, so it will not be met "
                "unless the process changes.",
        "hit_or_miss": f" The target of {target} lies within the limits, so it will be met only some of the time.",
    }[assurance]


def _summary(series: MeasureSeries, chart: str, phases, variation: str, chosen: Signal | None,
             assurance: str | None) -> str:
    n = len(series.points)
    if n == 0:
        return f"No data yet for {series.name}: add points to see its chart."
    latest = phases[-1]
    centre_name = "median" if chart == "run" else "mean"
    centre = f"{centre_name} of {amount(latest.centre, series.unit)}"
    since = day(series.points[latest.start].on)
    if variation == "none":
        count = latest.end - latest.start + 1
        where = "since the limits were rebased" if latest.start > 0 else "so far"
        return (f"{count} point{'s' if count != 1 else ''} {where} ({centre_name} {amount(latest.centre, series.unit)}):"
                f" at least {JUDGE_FROM} are needed before variation can be judged.")
    trial = f" (trial limits: fewer than {TRIAL_BELOW} points)" if chart == "xmr" and latest.trial else ""
    flat = all(p.value == series.points[latest.start].value for p in series.points[latest.start:latest.end + 1])
    if variation == "common" and flat:
        # every point of the phase is equal: nothing varies, so the sentence must not say it does
        sentence = (f"No variation: every point since {since} equals {amount(latest.centre, series.unit)}, "
                    f"with no signal of change{trial}.")
    elif variation == "common":
        sentence = (f"Common cause variation: the points vary around a {centre} with no signal of change since "
                    f"{since}{trial}.")
    else:
        kind = {"improvement": "Special cause improvement", "concern": "Special cause concern"}.get(
            variation, "Special cause variation")
        sentence = f"{kind}: {chosen.label} {_when(series, chosen)}{_after(series, chosen)}{trial}."
    return sentence + _assurance_sentence(series, assurance, flat)


# --- the analysis --------------------------------------------------------------------------------


def analyse(series: MeasureSeries, chart: str | None = None) -> Analysis:
    """The analysis of `series`, on the chart the team chose (`series.chart`) or `chart`."""
    points = series.points
    if len(points) > MAX_POINTS:
        raise ValueError(f"at most {MAX_POINTS} points are analysed")
    if any(not math.isfinite(point.value) for point in points):
        raise ValueError("every value must be a finite number")
    drawn = _chart_for(series, chart)
    phases, drafts = [], []
    for first, last in phase_bounds(points):
        phase, found = _phase_rules(points, first, last, drawn)
        phases.append(phase)
        drafts += found
    signals = tuple(sorted((Signal(d.rule, d.indexes, d.direction, judgement(d.direction, series.better),
                                   _label(d, drawn)) for d in drafts),
                           key=lambda s: (rank(s.rule), s.indexes)))
    phases = tuple(phases)
    variation, chosen = _variation(phases, signals)
    assurance = _assurance(series, drawn, phases[-1] if phases else None)
    return Analysis(drawn, phases, signals, variation, assurance,
                    _summary(series, drawn, phases, variation, chosen, assurance))


def point_rules(analysis: Analysis) -> dict[int, str]:
    """Each flagged point's highest-priority rule: how the charts mark it."""
    marked: dict[int, str] = {}
    for signal in analysis.signals:  # sorted by priority
        for index in signal.indexes:
            marked.setdefault(index, signal.rule)
    return marked
