"""What a measure, a data point and an annotation accept: one set of rules for the forms, the
API and the CSV. Each `clean_*` gives stored values or raises ValidationProblem with a sentence
per field that is wrong, keyed by field name.

Values: a JSON number, or text as people type it ("85", "85.5", "85%", "-3", "1e3"); never
NaN, infinity or anything beyond ±MAX_VALUE; a decimal comma ("85,5") is refused with a
sentence that says to use a point (it is ambiguous with a thousands separator).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from datetime import date

from ..cleaning import blank, choose, cleaned_text, parsed_date
from ..errors import ValidationProblem, clean_each, refuse_unknown
from .models import BETTER, CHART_CHOICES, DEFINITION_MAX, MEASURE_KINDS, SHORT_MAX, TITLE_MAX

MEASURE_FIELDS = ("name", "kind", "definition", "unit", "better", "target", "chart")
POINT_FIELDS = ("on", "value", "note")
ANNOTATION_FIELDS = ("on", "label")
UNIT_MAX, LABEL_MAX = 40, 120
MAX_VALUE = 1e12
EARLIEST, LATEST = date(1990, 1, 1), date(2100, 12, 31)

KIND_LABELS = {"outcome": "Outcome", "process": "Process", "balancing": "Balancing"}
BETTER_LABELS = {"up": "Higher is better", "down": "Lower is better"}
CHART_LABELS = {"auto": "Run chart below 10 points, XmR chart from 10", "run": "Always a run chart",
                "xmr": "Always an XmR chart"}
FIELD_LABELS = {"name": "Name", "kind": "Kind", "definition": "Operational definition", "unit": "Unit",
                "better": "Which way is better", "target": "Target", "chart": "Chart", "on": "Date",
                "value": "Value", "note": "Note", "label": "Label"}
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d{1,3})?")


def number(value, label: str = "Value", *, required: bool = True) -> float | None:
    """A finite number from JSON or text ("85", "85%", "1.5e3"); None for blank when not required."""
    if blank(value):
        if required:
            raise ValueError(f"Enter the {label.lower()}")
        return None
    if isinstance(value, bool):
        raise ValueError(f"{label} must be a number")
    if isinstance(value, int | float):
        found = float(value)
    elif isinstance(value, str):
        text = value.strip().replace("\u00a0", "").replace(" ", "")
        if text.endswith("%"):
            text = text[:-1]
        if re.fullmatch(r"[+-]?\d+,\d+", text):
            raise ValueError(f"{label} “{value.strip()[:20]}” has a decimal comma: write it with a point, like 85.5")
        if len(text) > 40 or not _NUMBER.fullmatch(text):
            raise ValueError(f"{label} must be a number, like 42 or 85.5 (it was “{value.strip()[:20]}”)")
        found = float(text)
    else:
        raise ValueError(f"{label} must be a number")
    if not math.isfinite(found) or abs(found) > MAX_VALUE:
        raise ValueError(f"{label} must be a number between -1,000,000,000,000 and 1,000,000,000,000")
    return found


def a_date(value, label: str = "Date") -> date:
    found = parsed_date(value, label, EARLIEST, LATEST)
    if found is None:
        raise ValueError(f"Enter the {label.lower()}, like 2027-03-31 or 31/03/2027")
    return found






def clean_measure(data: Mapping, *, partial: bool) -> dict:
    refuse_unknown(data, MEASURE_FIELDS, "measure")
    names = [f for f in MEASURE_FIELDS if f in data] if partial else MEASURE_FIELDS

    def one(name, value):
        label = FIELD_LABELS[name]
        match name:
            case "name":
                return cleaned_text(value, label, TITLE_MAX, required=True)
            case "kind":
                return choose(value, KIND_LABELS, label, None) or "outcome"
            case "definition":
                return cleaned_text(value, label, DEFINITION_MAX, multiline=True)
            case "unit":
                return cleaned_text(value, label, UNIT_MAX)
            case "better":
                return choose(value, BETTER_LABELS, label, None) or "up"
            case "target":
                return number(value, label, required=False)
            case "chart":
                return choose(value, CHART_LABELS, label, None) or "auto"
        raise AssertionError(name)  # pragma: no cover

    return clean_each(data, names, one)


def clean_point(data: Mapping) -> dict:
    """{"on": date, "value": float, "note": str}."""
    if not isinstance(data, Mapping):
        raise ValidationProblem({"point": "Each point must be an object: {on, value, note}"})
    refuse_unknown(data, POINT_FIELDS, "point")

    def one(name, value):
        match name:
            case "on":
                return a_date(value)
            case "value":
                return number(value)
            case "note":
                return cleaned_text(value, "Note", SHORT_MAX)
        raise AssertionError(name)  # pragma: no cover

    return clean_each(data, POINT_FIELDS, one)


def clean_annotation(data: Mapping) -> dict:
    refuse_unknown(data, ANNOTATION_FIELDS, "annotation")

    def one(name, value):
        if name == "on":
            return a_date(value)
        return cleaned_text(value, "Label", LABEL_MAX, required=True)

    return clean_each(data, ANNOTATION_FIELDS, one)


assert set(KIND_LABELS) == set(MEASURE_KINDS) and set(BETTER_LABELS) == set(BETTER)
assert set(CHART_LABELS) == set(CHART_CHOICES)
