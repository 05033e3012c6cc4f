"""What a stakeholder's fields accept: one set of rules for the form, the API and each CSV row.

`clean(data, members=..., partial=...)` turns what came in (JSON values, form strings or CSV
cells) into stored values, or raises ValidationProblem with a sentence for every field that is
wrong, keyed by field name, so a form shows each next to its field, the API answers 422 with
all of them and an import reports them row by row.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date

from ..cleaning import blank, choose, clean_line, cleaned_text, parsed_date
from ..errors import ValidationProblem
from .figures import ATTITUDE_LABELS
from .models import (
    CATEGORY_LABELS,
    LONG_MAX,
    NAME_MAX,
    NINE_CS,
    NOTES_MAX,
    TEXT_MAX,
    Category,
    Frequency,
)

#: every field a stakeholder has, in the order forms, the API and the CSV list them
FIELDS = (
    "name", "organisation", "role", "category", "power", "interest", "attitude", "desired_attitude", "impact",
    "owner_id", "engagement_actions", "channel", "frequency", "last_contact_on", "next_contact_on", "notes",
    "tags", "nine_cs", "confidential", "attitude_confidential",
)
#: the fields whose every change is kept with its date (StakeholderChange)
SCORED = ("power", "interest", "attitude", "desired_attitude")
#: what a new stakeholder must have
REQUIRED = ("name", "category", "power", "interest")

MAX_TAGS = 10
TAG_MAX = 40
EARLIEST, LATEST = date(1990, 1, 1), date(2100, 12, 31)

FIELD_LABELS = {
    "name": "Name", "organisation": "Organisation", "role": "Role", "category": "Category", "power": "Power",
    "interest": "Interest", "attitude": "Current attitude", "desired_attitude": "Desired attitude",
    "impact": "Impact", "owner_id": "Owner", "engagement_actions": "Engagement actions", "channel": "Channel",
    "frequency": "How often", "last_contact_on": "Last contact", "next_contact_on": "Next contact due",
    "notes": "Notes", "tags": "Tags", "nine_cs": "9 Cs", "confidential": "Confidential",
    "attitude_confidential": "Attitude confidential",
}


def _whole(value, label: str, low: int, high: int, *, blank_ok: bool, words: dict[str, int] | None = None):
    """A whole number from low to high: a JSON integer, or text holding one ("+1", " 3 ")."""
    if blank(value):
        if blank_ok:
            return None
        raise ValueError(f"Enter {label.lower()}, a whole number from {low} to {high}")
    number = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str):
        text = value.strip().lstrip("'")  # a CSV cell neutralised against formulas: '-1
        if re.fullmatch(r"[+-]?\d{1,3}", text):
            number = int(text)
        elif words and text.casefold() in words:
            number = words[text.casefold()]
    if number is None or not low <= number <= high:
        raise ValueError(f"{label} must be a whole number from {low} to {high}")
    return number


_ATTITUDE_WORDS = {label.casefold(): score for score, label in ATTITUDE_LABELS.items()}


def _attitude(value, label: str):
    try:
        return _whole(value, label, -2, 2, blank_ok=True, words=_ATTITUDE_WORDS)
    except ValueError:
        raise ValueError(f"{label} must be a whole number from -2 (active resistor) to +2 (champion), "
                         "or blank if not assessed yet") from None


def _choice(value, label: str, enum_type, labels: dict, *, blank_ok: bool):
    return choose(value, {member.value: labels[member] for member in enum_type}, label,
                  None if blank_ok else f"Choose {label.lower()}")


def category_of(value) -> str:
    return _choice(value, "Category", Category, CATEGORY_LABELS, blank_ok=False)


_FREQUENCY_LABELS = {f: f.label for f in Frequency}


def _words_list(value, label: str) -> list[str]:
    """A list of short texts, from a JSON list or a comma- or semicolon-separated string."""
    if blank(value):
        return []
    if isinstance(value, str):
        items = re.split(r"[,;]", value)
    elif isinstance(value, list | tuple) and all(isinstance(item, str) for item in value):
        items = list(value)
    else:
        raise ValueError(f"{label} must be a list of words, or words separated by commas")
    return [clean_line(item) for item in items if clean_line(item)]


def _tags(value) -> list[str]:
    tags: list[str] = []
    seen: set[str] = set()
    for tag in _words_list(value, "Tags"):
        if len(tag) > TAG_MAX:
            raise ValueError(f"Each tag must be {TAG_MAX} characters or fewer (“{tag[:TAG_MAX]}…” is longer)")
        if tag.casefold() not in seen:
            seen.add(tag.casefold())
            tags.append(tag)
    if len(tags) > MAX_TAGS:
        raise ValueError(f"Give at most {MAX_TAGS} tags")
    return tags


_NINE_C_WORDS = {**{key: key for key in NINE_CS}, **{label.casefold(): key for key, (label, _) in NINE_CS.items()}}


def _nine_cs(value) -> list[str]:
    chosen = set()
    for word in _words_list(value, "9 Cs"):
        key = _NINE_C_WORDS.get(word.casefold())
        if key is None:
            raise ValueError(f"“{word}” is not one of the 9 Cs: {', '.join(label for label, _ in NINE_CS.values())}")
        chosen.add(key)
    return [key for key in NINE_CS if key in chosen]  # in the checklist's order


_YES, _NO = {"true", "yes", "y", "1", "on"}, {"false", "no", "n", "0", "off", ""}


def _flag(value, label: str) -> bool:
    if value is None or isinstance(value, bool):
        return bool(value)
    if isinstance(value, str) and value.strip().casefold() in _YES | _NO:
        return value.strip().casefold() in _YES
    raise ValueError(f"{label} must be yes or no")


def _owner(value, members: Mapping[int, object]):
    if blank(value):
        return None
    number = value if isinstance(value, int) and not isinstance(value, bool) else None
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) < 12:
        number = int(value.strip())
    if number is None or number not in members:
        raise ValueError("The owner must be a member of this team")
    return number


def clean(data: Mapping, *, members: Mapping[int, object], partial: bool) -> dict:
    """Stored values for the fields `data` names (all of FIELDS when not `partial`, blanks
    allowed where a field is optional). Raises ValidationProblem naming every field that is
    wrong, and any field the register does not have."""
    unknown = [key for key in data if key not in FIELDS]
    if unknown:
        raise ValidationProblem({key: f"{key} is not a stakeholder field" for key in unknown[:20]},
                                f"Unknown fields: {', '.join(str(k) for k in unknown[:20])}")
    cleaned: dict = {}
    problems: dict[str, str] = {}
    names = FIELDS if not partial else [f for f in FIELDS if f in data]
    for name in names:
        value = data.get(name)
        try:
            cleaned[name] = _clean_one(name, value, members)
        except ValueError as problem:
            problems[name] = str(problem)
    if (not partial or "name" in data) and "name" not in problems and not cleaned.get("name"):
        problems["name"] = "Enter the stakeholder's name"
    if problems:
        raise ValidationProblem(problems)
    return cleaned


def _clean_one(name: str, value, members):
    label = FIELD_LABELS[name]
    match name:
        case "name":
            return cleaned_text(value, label, NAME_MAX)
        case "organisation" | "role" | "channel":
            return cleaned_text(value, label, TEXT_MAX)
        case "impact" | "engagement_actions":
            return cleaned_text(value, label, LONG_MAX, multiline=True)
        case "notes":
            return cleaned_text(value, label, NOTES_MAX, multiline=True)
        case "category":
            return category_of(value)
        case "power" | "interest":
            return _whole(value, label, 1, 5, blank_ok=False)
        case "attitude" | "desired_attitude":
            return _attitude(value, label)
        case "owner_id":
            return _owner(value, members)
        case "frequency":
            return _choice(value, label, Frequency, _FREQUENCY_LABELS, blank_ok=True)
        case "last_contact_on" | "next_contact_on":
            return parsed_date(value, label, EARLIEST, LATEST)
        case "tags":
            return _tags(value)
        case "nine_cs":
            return _nine_cs(value)
        case "confidential" | "attitude_confidential":
            return _flag(value, label)
    raise AssertionError(name)  # pragma: no cover - FIELDS and the cases above are one list


def attitude_label(score: int | None) -> str:
    return "Not recorded" if score is None else f"{score:+d} {ATTITUDE_LABELS[score]}" if score else "0 Neutral"
