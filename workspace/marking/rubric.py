"""The rubric's arithmetic: pure functions of plain values, no database, no Flask.

A cohort's rubric has bands (a name and the lowest mark in it, highest band first, the last
starting at 0), the report's weight in the overall mark (the presentation weighs the rest) and,
per component ("report", "presentation"), criteria each with a weight (percent of its
component; a component's weights add up to 100) and a highest score (`max_score`).

Criteria are anything with the attributes `id`, `component`, `weight` and `max_score`
(`models.RubricCriterion` or a plain object in tests).

**The rounding rule.** A component's mark is the exact sum of weight * score / max_score over
its criteria (a percent, computed with fractions, never floats), rounded to a whole percent
half up: 69.5 becomes 70 (a Distinction), 69.49 stays 69. The overall mark is the exact
weighted mean of the two (already rounded) component marks, rounded the same way. Marks are
always between 0 and 100.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from math import floor
from typing import Any

COMPONENTS = ("report", "presentation")
COMPONENT_NAMES = {"report": "report", "presentation": "presentation"}
MIN_BANDS, MAX_BANDS = 1, 8
BAND_NAME_MAX = 60


def round_half_up(value: Fraction | int) -> int:
    """The nearest whole number, halves going up (69.5 -> 70; 69.49 -> 69)."""
    return floor(Fraction(value) + Fraction(1, 2))


def of_component(criteria: Iterable[Any], component: str) -> list[Any]:
    """The criteria of one component, in the order given."""
    return [c for c in criteria if c.component == component]


def readiness(criteria: Iterable[Any]) -> dict[str, list[str]]:
    """What stops each component being marked: {"report": [...], "presentation": [...]}; an
    empty list means the component is ready. A component needs at least one criterion and its
    weights must add up to exactly 100."""
    criteria = list(criteria)
    problems: dict[str, list[str]] = {}
    for component in COMPONENTS:
        mine = of_component(criteria, component)
        found: list[str] = []
        if not mine:
            found.append(f"The {COMPONENT_NAMES[component]} has no criteria: add at least one.")
        else:
            total = sum(c.weight for c in mine)
            if total != 100:
                found.append(f"The {COMPONENT_NAMES[component]}'s criteria weigh {total}% in all: "
                             "they must add up to 100%.")
        problems[component] = found
    return problems


def is_ready(criteria: Iterable[Any]) -> bool:
    """True when both components can be marked."""
    return not any(readiness(criteria).values())


def score_problem(criterion: Any, score: Any) -> str | None:
    """Why a score cannot be given for this criterion, or None when it can (None = unscored
    is allowed in a draft). Scores are whole numbers from 0 to the criterion's max_score."""
    if score is None:
        return None
    if isinstance(score, bool) or not isinstance(score, int):
        return "Enter the score as a whole number."
    if score < 0 or score > criterion.max_score:
        return f"Enter a score from 0 to {criterion.max_score}."
    return None


def exact_component_mark(criteria: Sequence[Any], scores: Mapping[int, int | None]) -> Fraction | None:
    """The unrounded mark of one component (sum of weight * score / max_score), or None when
    the component has no criteria or any criterion is unscored."""
    if not criteria:
        return None
    total = Fraction(0)
    for criterion in criteria:
        score = scores.get(criterion.id)
        if score is None:
            return None
        score = min(max(score, 0), criterion.max_score)
        total += Fraction(criterion.weight * score, criterion.max_score)
    return total


def component_mark(criteria: Sequence[Any], scores: Mapping[int, int | None]) -> int | None:
    """One component's mark, a whole percent 0..100 rounded half up, from the criteria of that
    component and the scores by criterion id; None when any criterion is unscored (or there are
    no criteria). Scores outside 0..max_score are clamped (validation refuses them earlier)."""
    exact = exact_component_mark(criteria, scores)
    if exact is None:
        return None
    return min(100, max(0, round_half_up(exact)))


def overall_mark(report: int | None, presentation: int | None, report_weight: int) -> int | None:
    """The overall mark: report * w + presentation * (100 - w), over 100, rounded half up;
    None until both component marks are known."""
    if report is None or presentation is None:
        return None
    exact = Fraction(report * report_weight + presentation * (100 - report_weight), 100)
    return min(100, max(0, round_half_up(exact)))


@dataclass(frozen=True)
class Marks:
    """One set of scores worked out: each component's mark, the overall mark and its band
    (each None until every criterion it needs is scored)."""

    report: int | None
    presentation: int | None
    overall: int | None
    band: str | None


def marks_for(criteria: Iterable[Any], scores: Mapping[int, int | None], report_weight: int,
              bands: Sequence[Mapping[str, Any]]) -> Marks:
    """The report's and the presentation's marks from one assessor's scores (by criterion id),
    the overall mark by the rubric's weighting and the band it falls in."""
    criteria = list(criteria)
    report = component_mark(of_component(criteria, "report"), scores)
    presentation = component_mark(of_component(criteria, "presentation"), scores)
    overall = overall_mark(report, presentation, report_weight)
    return Marks(report, presentation, overall, band_for(overall, bands))


def band_for(mark: int | None, bands: Sequence[Mapping[str, Any]]) -> str | None:
    """The name of the highest band whose lowest mark the mark reaches (70 with Distinction 70
    is a Distinction, 69 a Merit); None for no mark."""
    if mark is None:
        return None
    for band in sorted(bands, key=lambda b: b["min"], reverse=True):
        if mark >= band["min"]:
            return band["name"]
    return None


def band_problems(bands: Sequence[Mapping[str, Any]]) -> list[str]:
    """Why the bands cannot be used: 1 to 8 bands, each with a name (unique, at most 60
    characters) and a whole lowest mark, strictly descending, the last starting at 0."""
    problems: list[str] = []
    if not MIN_BANDS <= len(bands) <= MAX_BANDS:
        return [f"Give from {MIN_BANDS} to {MAX_BANDS} bands."]
    names: set[str] = set()
    mins: list[int] = []
    for number, band in enumerate(bands, start=1):
        name = band.get("name")
        low = band.get("min")
        if not isinstance(name, str) or not name.strip():
            problems.append(f"Enter a name for band {number}.")
        elif len(name) > BAND_NAME_MAX:
            problems.append(f"Band {number}'s name must be {BAND_NAME_MAX} characters or fewer.")
        elif name.strip().casefold() in names:
            problems.append(f"Two bands are called “{name.strip()}”: give each band its own name.")
        else:
            names.add(name.strip().casefold())
        if isinstance(low, bool) or not isinstance(low, int) or not 0 <= low <= 100:
            problems.append(f"Band {number}'s lowest mark must be a whole number from 0 to 100.")
        else:
            mins.append(low)
    if problems:
        return problems
    if any(a <= b for a, b in zip(mins, mins[1:], strict=False)):
        problems.append("List the bands highest first: each band's lowest mark must be below the one before.")
    if mins[-1] != 0:
        problems.append("The last band must start at 0, so that every mark has a band.")
    return problems


def weight_problem(weight: Any) -> str | None:
    if isinstance(weight, bool) or not isinstance(weight, int) or not 0 <= weight <= 100:
        return "Enter the weight as a whole percent from 0 to 100."
    return None


def max_score_problem(max_score: Any) -> str | None:
    if isinstance(max_score, bool) or not isinstance(max_score, int) or not 1 <= max_score <= 1000:
        return "Enter the highest score as a whole number from 1 to 1000."
    return None
