"""What a process map's fields accept: one set of rules for the forms, the API and the CSV.

`clean_map(data, partial=...)`, `clean_step(data, partial=...)` and `clean_note(data)` turn what
came in (JSON values, form strings or CSV cells) into stored values, or raise ValidationProblem
with a sentence for every field that is wrong, keyed by field name.

Durations: a whole number of minutes (the API), or text with a unit as people write it
("45", "45 min", "3 hours", "2 days", "1.5 h"); never negative, never over ten years.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date

from ..cleaning import blank, choose, cleaned_text, parsed_date
from ..errors import ValidationProblem, clean_each, refuse_unknown
from .flow import KIND_LABELS, KINDS, NOTE_KINDS, NOTE_LABELS, STATES, VALUE_LABELS, VALUES
from .models import (
    BRANCH_LABEL_MAX,
    LABEL_MAX,
    LANE_MAX,
    MAX_MINUTES,
    NOTE_MAX,
    NOTES_MAX,
    TEXT_MAX,
    TITLE_MAX,
)

MAP_FIELDS = ("title", "state", "redesigns_id", "scope", "start_point", "end_point", "mapped_on", "participants",
              "notes")
STEP_FIELDS = ("lane", "label", "kind", "minutes", "wait_minutes", "value", "paper")
NOTE_FIELDS = ("kind", "body")

FIELD_LABELS = {
    "title": "Title", "state": "State", "redesigns_id": "Current map it redesigns", "scope": "Scope",
    "start_point": "Start point", "end_point": "End point", "mapped_on": "Date mapped",
    "participants": "Who took part", "notes": "Notes", "lane": "Lane", "label": "Label", "kind": "Kind",
    "minutes": "Time", "wait_minutes": "Wait before the step", "value": "Value", "paper": "On paper",
    "body": "Note",
}
STATE_LABELS = {"current": "Current state", "future": "Future state"}
UNITS = {"minutes": 1, "hours": 60, "days": 24 * 60}
_UNIT_WORDS = {"m": 1, "min": 1, "mins": 1, "minute": 1, "minutes": 1, "h": 60, "hr": 60, "hrs": 60, "hour": 60,
               "hours": 60, "d": 1440, "day": 1440, "days": 1440, "w": 10080, "wk": 10080, "week": 10080,
               "weeks": 10080, "y": 525600, "yr": 525600, "yrs": 525600, "year": 525600, "years": 525600}
EARLIEST, LATEST = date(1990, 1, 1), date(2100, 12, 31)


def minutes_of(value, label: str = "Time", unit: str = "minutes") -> int:
    """Whole minutes from a number in `unit`, or from text with its own unit ("2 days")."""
    if blank(value):
        return 0
    if isinstance(value, bool):
        raise ValueError(f"{label} must be a number of minutes")
    factor = UNITS.get(unit, 1)
    if isinstance(value, int | float):
        amount = float(value)
    elif isinstance(value, str):
        found = re.fullmatch(r"\s*'?\s*([+-]?\d{1,9}(?:[.,]\d{1,3})?)\s*([a-zA-Z]{0,7})\s*", value)
        if not found:
            raise ValueError(f"{label} must be a number, like 45, 3 hours or 2 days")
        amount = float(found.group(1).replace(",", "."))
        if found.group(2):
            word = found.group(2).casefold()
            if word not in _UNIT_WORDS:
                raise ValueError(f"{label}: “{found.group(2)}” is not a unit; use minutes, hours or days")
            factor = _UNIT_WORDS[word]
    else:
        raise ValueError(f"{label} must be a number of minutes")
    if amount != amount or amount < 0:  # NaN or negative
        raise ValueError(f"{label} cannot be negative")
    minutes = round(amount * factor)
    if minutes > MAX_MINUTES:
        raise ValueError(f"{label} must be at most ten years")
    return minutes


def _choice(value, label: str, values, labels: dict, *, blank_ok: bool):
    return choose(value, {option: labels[option] for option in values}, label,
                  None if blank_ok else f"Choose the {label.lower()}")


def kind_of(value) -> str:
    return _choice(value, "Kind", KINDS, {**KIND_LABELS, "handoff": "Hand-off"}, blank_ok=True) or "step"


_YES, _NO = {"true", "yes", "y", "1", "on", "paper"}, {"false", "no", "n", "0", "off", "", "electronic"}


def flag(value, label: str) -> bool:
    if value is None or isinstance(value, bool):
        return bool(value)
    if isinstance(value, str) and value.strip().casefold() in _YES | _NO:
        return value.strip().casefold() in _YES
    raise ValueError(f"{label} must be yes or no")


def _id(value, label: str):
    if blank(value):
        return None
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**31:
        return value
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) < 10:
        return int(value.strip())
    raise ValueError(f"{label}: choose a map from the list")






def clean_map(data: Mapping, *, partial: bool) -> dict:
    refuse_unknown(data, MAP_FIELDS, "process map")
    names = [f for f in MAP_FIELDS if f in data] if partial else MAP_FIELDS
    return clean_each(data, names, _map_one)


def _map_one(name: str, value):
    label = FIELD_LABELS[name]
    match name:
        case "title":
            return cleaned_text(value, label, TITLE_MAX, required=True)
        case "state":
            return _choice(value, label, STATES, STATE_LABELS, blank_ok=True) or "current"
        case "redesigns_id":
            return _id(value, label)
        case "scope" | "start_point" | "end_point" | "participants":
            return cleaned_text(value, label, TEXT_MAX)
        case "mapped_on":
            return parsed_date(value, label, EARLIEST, LATEST)
        case "notes":
            return cleaned_text(value, label, NOTES_MAX, multiline=True)
    raise AssertionError(name)  # pragma: no cover


def clean_step(data: Mapping, *, partial: bool, unit: str = "minutes") -> dict:
    """A step's values; `lane` stays a cleaned lane name (the operation finds or refuses it)."""
    refuse_unknown(data, STEP_FIELDS, "step")
    names = [f for f in STEP_FIELDS if f in data] if partial else STEP_FIELDS

    def one(name, value):
        label = FIELD_LABELS[name]
        match name:
            case "lane":
                return cleaned_text(value, label, LANE_MAX)
            case "label":
                return cleaned_text(value, label, LABEL_MAX, required=True)
            case "kind":
                return kind_of(value)
            case "minutes" | "wait_minutes":
                return minutes_of(value, label, unit)
            case "value":
                return _choice(value, label, VALUES, VALUE_LABELS, blank_ok=True)
            case "paper":
                return flag(value, label)
        raise AssertionError(name)  # pragma: no cover

    return clean_each(data, names, one)


def clean_lane_name(value) -> str:
    try:
        return cleaned_text(value, "Lane name", LANE_MAX, required=True)
    except ValueError as problem:
        raise ValidationProblem({"name": str(problem)}) from None


def clean_branch_label(value) -> str:
    try:
        return cleaned_text(value, "Branch label", BRANCH_LABEL_MAX)
    except ValueError as problem:
        raise ValidationProblem({"label": str(problem)}) from None


def clean_note(data: Mapping) -> dict:
    refuse_unknown(data, NOTE_FIELDS, "sticky note")

    def one(name, value):
        if name == "kind":
            return _choice(value, "Kind", NOTE_KINDS, NOTE_LABELS, blank_ok=True) or "pain_point"
        return cleaned_text(value, "Note", NOTE_MAX, multiline=True, required=True)

    return clean_each(data, NOTE_FIELDS, one)
