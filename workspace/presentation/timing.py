"""A deck's timing, with no database and no Flask: minutes as people type them ("2", "1.5",
"1:30") to whole seconds and back ("2 min 30 s"), and the summary the outline shows (the total
against the cohort's slot, each presenter's share, the time nobody presents yet)."""

from __future__ import annotations

import re
from dataclasses import dataclass

#: the most a single slide may take whatever the slot (the slot itself is at most 120 minutes)
MAX_SLIDE_SECONDS = 120 * 60

_DECIMAL = re.compile(r"^(\d{1,3})(?:[.,](\d{1,2}))?$")
_CLOCK = re.compile(r"^(\d{1,3}):([0-5]\d)$")
_WORDS = re.compile(r"^(?:(\d{1,3})\s*m(?:in(?:ute)?s?)?)?\s*(?:(\d{1,4})\s*s(?:ec(?:ond)?s?)?)?$")

NOT_A_TIME = "Enter minutes as a number, like 2, 1.5 or 1:30"


def parse_minutes(value) -> int:
    """Seconds from minutes as typed: "2" (2 min), "1.5" (1 min 30 s), "1:30", "2 min 30 s";
    a number from JSON is minutes too. Blank is 0. Raises ValueError with a message a person
    can act on ("abc", "-1")."""
    if value is None:
        return 0
    if isinstance(value, bool):
        raise ValueError(NOT_A_TIME)
    if isinstance(value, int | float):
        if value != value or value in (float("inf"), float("-inf")):  # NaN, infinities
            raise ValueError(NOT_A_TIME)
        if value < 0:
            raise ValueError("Minutes cannot be negative")
        if value > MAX_SLIDE_SECONDS / 60:
            raise ValueError(f"A slide can take at most {MAX_SLIDE_SECONDS // 60} minutes")
        return round(value * 60)
    if not isinstance(value, str):
        raise ValueError(NOT_A_TIME)
    text = value.strip().lower()
    if not text:
        return 0
    if text.startswith("-"):
        raise ValueError("Minutes cannot be negative")
    if match := _DECIMAL.match(text):
        whole, fraction = match.groups()
        seconds = int(whole) * 60 + (round(float("0." + fraction) * 60) if fraction else 0)
    elif match := _CLOCK.match(text):
        seconds = int(match.group(1)) * 60 + int(match.group(2))
    elif (match := _WORDS.match(text)) and any(match.groups()):
        seconds = int(match.group(1) or 0) * 60 + int(match.group(2) or 0)
    else:
        raise ValueError(NOT_A_TIME)
    if seconds > MAX_SLIDE_SECONDS:
        raise ValueError(f"A slide can take at most {MAX_SLIDE_SECONDS // 60} minutes")
    return seconds


def format_seconds(seconds: int) -> str:
    """"2 min 30 s", "2 min", "45 s", "0 min"."""
    seconds = max(0, int(seconds))
    minutes, rest = divmod(seconds, 60)
    if minutes and rest:
        return f"{minutes} min {rest} s"
    if rest:
        return f"{rest} s"
    return f"{minutes} min"


def minutes_field(seconds: int) -> str:
    """The value a minutes box shows for stored seconds: "2", "1:30", "0:45"; parse_minutes reads
    it back to the same seconds."""
    minutes, rest = divmod(max(0, int(seconds)), 60)
    return f"{minutes}:{rest:02d}" if rest else str(minutes)


@dataclass(frozen=True)
class PresenterShare:
    presenter_id: int
    name: str
    seconds: int
    slides: int
    share: int  # whole per cent of the deck's total time

    @property
    def time(self) -> str:
        return format_seconds(self.seconds)


@dataclass(frozen=True)
class TimingSummary:
    total_seconds: int
    slot_seconds: int
    presenters: tuple[PresenterShare, ...]
    unassigned_seconds: int
    unassigned_slides: int
    over_by: int  # seconds past the slot; 0 when within it

    @property
    def over(self) -> bool:
        return self.over_by > 0

    @property
    def total(self) -> str:
        return format_seconds(self.total_seconds)

    @property
    def left(self) -> str:
        return format_seconds(max(0, self.slot_seconds - self.total_seconds))

    @property
    def slot_minutes(self) -> int:
        return self.slot_seconds // 60


def _share(part: int, whole: int) -> int:
    return round(part * 100 / whole) if whole else 0


def summary(slides, slot_minutes: int, names: dict[int, str] | None = None) -> TimingSummary:
    """The deck's timing. `slides` are anything with `presenter_id` and `seconds` (rows or
    plain objects); `names` maps presenter ids to names (a presenter without one shows as
    "Former member"). Presenters come in order of first appearance in the deck."""
    names = names or {}
    total = 0
    per: dict[int, list[int]] = {}
    unassigned = unassigned_slides = 0
    for slide in slides:
        seconds = max(0, int(slide.seconds or 0))
        total += seconds
        if slide.presenter_id is None:
            unassigned += seconds
            unassigned_slides += 1
        else:
            entry = per.setdefault(slide.presenter_id, [0, 0])
            entry[0] += seconds
            entry[1] += 1
    slot = max(0, int(slot_minutes)) * 60
    presenters = tuple(PresenterShare(pid, names.get(pid, "Former member"), secs, count, _share(secs, total))
                       for pid, (secs, count) in per.items())
    return TimingSummary(total, slot, presenters, unassigned, unassigned_slides, max(0, total - slot))


#: the name the brief gives it (`timing.format(150)` -> "2 min 30 s")
format = format_seconds  # noqa: A001
