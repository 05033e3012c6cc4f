"""What the aim, the drivers and the change ideas accept: one set of rules for the forms and
the API. Each `clean_*` turns what came in (form strings or JSON values) into stored values, or
raises ValidationProblem with a sentence per field that is wrong, keyed by field name.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from ..cleaning import blank, bounded_int, cleaned_text, parsed_date
from ..errors import ValidationProblem, clean_each, refuse_unknown
from .models import SHORT_MAX, TEXT_MAX, TITLE_MAX

AIM_FIELDS = ("what", "how_much", "by_when", "for_whom", "statement")
IDEA_FIELDS = ("title", "description", "driver_id")
AIM_STATEMENT_MAX = 2000
EARLIEST, LATEST = date(2000, 1, 1), date(2100, 12, 31)

LABELS = {"what": "What will improve", "how_much": "By how much", "by_when": "By when", "for_whom": "For whom",
          "statement": "Aim statement", "title": "Title", "description": "Description", "driver_id": "Driver"}





def clean_aim(data: Mapping) -> dict:
    refuse_unknown(data, AIM_FIELDS, "aim")

    def one(name, value):
        label = LABELS[name]
        if name == "by_when":
            return parsed_date(value, label, EARLIEST, LATEST)
        if name == "statement":
            return cleaned_text(value, label, AIM_STATEMENT_MAX, multiline=True)
        return cleaned_text(value, label, SHORT_MAX)

    return clean_each(data, AIM_FIELDS, one)


def statement_from(what: str, how_much: str, by_when: date | None, for_whom: str) -> str:
    """An aim statement built from the SMART parts, for a team that has not written one:
    "To reduce delayed discharges by 20% for patients on Ward 7 by 31 March 2027." """
    if not what:
        return ""
    words = [f"To {what[0].lower()}{what[1:]}" if not what.lower().startswith("to ") else what]
    if how_much:
        words.append(how_much if how_much.split(" ", 1)[0].lower() in ("by", "to", "from") else f"by {how_much}")
    if for_whom:
        words.append(for_whom if for_whom.split(" ", 1)[0].lower() in ("for", "among", "in") else f"for {for_whom}")
    if by_when:
        words.append(f"by {by_when.day} {by_when:%B %Y}")
    return " ".join(words).rstrip(".") + "."


def clean_title(value, label: str = "Title") -> str:
    try:
        return cleaned_text(value, label, TITLE_MAX, required=True)
    except ValueError as problem:
        raise ValidationProblem({"title": str(problem)}) from None


def record_id(value, label: str) -> int | None:
    """A record's id from a select or JSON: None for blank; ValueError for anything else."""
    if blank(value):
        return None
    number = bounded_int(value, 1)
    if number is None:
        raise ValueError(f"{label}: choose one from the list")
    return number


def clean_idea(data: Mapping, *, partial: bool) -> dict:
    refuse_unknown(data, IDEA_FIELDS, "change idea")
    names = [name for name in IDEA_FIELDS if name in data] if partial else IDEA_FIELDS

    def one(name, value):
        label = LABELS[name]
        if name == "title":
            return cleaned_text(value, label, TITLE_MAX, required=True)
        if name == "description":
            return cleaned_text(value, label, TEXT_MAX, multiline=True)
        return record_id(value, label)

    return clean_each(data, names, one)
