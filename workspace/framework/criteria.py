"""The framework's five "Useful criteria" and a recommendation's score against them. Pure: no
database, no Flask, so the rule is tested on its own.

The rule, written down:

- Each of the five criteria (models.CRITERIA) is either not assessed, or rated "met",
  "partly" (partly met) or "not_met", with an optional note. A note needs a rating.
- A rating counts met = 1, partly = 0.5, not met = 0. The score is the sum over the ASSESSED
  criteria, out of the number assessed: "3.5 of 5 met" when all five are assessed.
- Some but not all assessed: the count says so, "1.5 of 2 met (2 of 5 assessed)", so a
  half-assessed recommendation never looks as good or as bad as a fully assessed one.
- None assessed: "Not assessed". Never a zero: nobody has judged it yet, which is not the
  same as judging that it meets none of them.
- Sorting by score (`Score.fraction`): the share of assessed criteria met (0..1), None when
  nothing is assessed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .models import CRITERIA, RATINGS

RATING_LABELS = {"met": "Met", "partly": "Partly met", "not_met": "Not met"}
assert tuple(RATING_LABELS) == RATINGS
WEIGHTS = {"met": 1.0, "partly": 0.5, "not_met": 0.0}
NOTE_MAX = 1000


def _number(value: float) -> str:
    """3.0 -> "3", 3.5 -> "3.5"."""
    return f"{value:g}"


@dataclass(frozen=True)
class Score:
    met: float  # the weighted count over the assessed criteria
    assessed: int  # how many criteria are rated
    total: int = len(CRITERIA)

    @property
    def is_assessed(self) -> bool:
        return self.assessed > 0

    @property
    def fraction(self) -> float | None:
        return self.met / self.assessed if self.assessed else None

    @property
    def headline(self) -> str:
        """"3.5 of 5 met", or "Not assessed"."""
        if not self.assessed:
            return "Not assessed"
        return f"{_number(self.met)} of {self.assessed} met"

    @property
    def coverage(self) -> str:
        """"(2 of 5 assessed)" while some are unassessed; "" when all are, or none."""
        if not self.assessed or self.assessed == self.total:
            return ""
        return f"({self.assessed} of {self.total} assessed)"

    @property
    def label(self) -> str:
        return f"{self.headline} {self.coverage}".strip()


def score(criteria: Mapping | None) -> Score:
    """The score of a stored assessment ({key: {"rating": ..., "note": ...}}); keys that are
    not criteria and ratings that are not RATINGS are ignored (not assessed)."""
    met, assessed = 0.0, 0
    for key in CRITERIA:
        entry = (criteria or {}).get(key)
        rating = entry.get("rating") if isinstance(entry, Mapping) else None
        if rating in WEIGHTS:
            met += WEIGHTS[rating]
            assessed += 1
    return Score(met=met, assessed=assessed)


def rows(criteria: Mapping | None) -> list[tuple[str, str, str | None, str]]:
    """Each criterion in order: (key, label, rating or None, note)."""
    found = []
    for key, label in CRITERIA.items():
        entry = (criteria or {}).get(key)
        entry = entry if isinstance(entry, Mapping) else {}
        rating = entry.get("rating") if entry.get("rating") in WEIGHTS else None
        found.append((key, label, rating, entry.get("note") or "" if rating else ""))
    return found


def clean(value, clean_note) -> dict:
    """A stored assessment from what came in: {key: {"rating": r, "note": n}} (the API), where a
    key may be left out, or its rating be null/"" (not assessed). `clean_note(text, label)`
    cleans a note (the caller's text rule). Raises ValueError naming the first problem; a key
    that is not a criterion is refused by name."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise ValueError("Criteria must be an object of criterion: {rating, note}")
    unknown = [str(k) for k in value if k not in CRITERIA]
    if unknown:
        raise ValueError(f"Not a Useful criterion: {', '.join(unknown[:5])}. "
                         f"The criteria are: {', '.join(CRITERIA)}")
    cleaned = {}
    for key, label in CRITERIA.items():
        entry = value.get(key)
        if entry is None:
            continue
        if not isinstance(entry, Mapping):
            raise ValueError(f"{label}: give a rating and a note")
        extra = [str(k) for k in entry if k not in ("rating", "note")]
        if extra:
            raise ValueError(f"{label}: only a rating and a note, not {', '.join(extra[:5])}")
        rating = entry.get("rating")
        rating = None if rating in (None, "") else rating
        if rating is not None and rating not in RATINGS:
            raise ValueError(f"{label}: the rating must be one of: {', '.join(RATINGS)} (or none: not assessed)")
        note = clean_note(entry.get("note"), f"{label}: the note")
        if rating is None and note:
            raise ValueError(f"{label}: choose met, partly met or not met for the note to count")
        if rating is not None:
            cleaned[key] = {"rating": rating, "note": note}
    return cleaned
