"""What an action's fields accept: one set of rules for the form, the API and (later) a CSV row.

`clean(data, members=..., partial=...)` turns what came in (JSON values or form strings) into
stored values, or raises ValidationProblem with a sentence for every field that is wrong, keyed
by field name. The links (a PDSA cycle, a stakeholder, a change idea) are checked here as
whole numbers only; the operations check that each is a live record of the same team.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from ..cleaning import blank, choose, cleaned_text, parsed_date
from ..domains import DOMAINS
from ..errors import clean_each, refuse_unknown
from .models import ACTION_STATUSES, TEXT_MAX, TITLE_MAX

#: every field an action has, in the order the form, the API and the CSV list them
FIELDS = ("title", "detail", "owner_id", "due_on", "status", "pdsa_id", "stakeholder_id", "change_idea_id", "domain")
LINKS = ("pdsa_id", "stakeholder_id", "change_idea_id")

STATUS_LABELS = {"open": "Open", "in_progress": "In progress", "done": "Done", "blocked": "Blocked"}
assert tuple(STATUS_LABELS) == ACTION_STATUSES

FIELD_LABELS = {
    "title": "Title", "detail": "Detail", "owner_id": "Owner", "due_on": "Due date", "status": "Status",
    "pdsa_id": "PDSA cycle", "stakeholder_id": "Stakeholder", "change_idea_id": "Change idea",
    "domain": "Framework domain",
}
EARLIEST, LATEST = date(1990, 1, 1), date(2100, 12, 31)


def _id(value, label: str) -> int | None:
    """A record's id: a JSON integer or digits in text; None for blank."""
    if blank(value):
        return None
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**31:
        return value
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) < 10:
        return int(value.strip())
    raise ValueError(f"{label}: choose one from the list")


def _owner(value, members: Mapping[int, object]) -> int | None:
    if blank(value):
        return None
    number = value if isinstance(value, int) and not isinstance(value, bool) else None
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) < 12:
        number = int(value.strip())
    if number is None or number not in members:
        raise ValueError("The owner must be a member of this team")
    return number


def status_of(value) -> str:
    return choose(value, STATUS_LABELS, "Status", None) or "open"


def domain_of(value) -> str | None:
    return choose(value, DOMAINS, "Framework domain", None)


def clean(data: Mapping, *, members: Mapping[int, object], partial: bool) -> dict:
    """Stored values for the fields `data` names (all of FIELDS when not `partial`). Raises
    ValidationProblem naming every field that is wrong, and any field an action does not have."""
    refuse_unknown(data, FIELDS, "action")
    names = [name for name in FIELDS if name in data] if partial else FIELDS
    return clean_each(data, names, lambda name, value: _one(name, value, members))


def _one(name: str, value, members):
    label = FIELD_LABELS[name]
    match name:
        case "title":
            return cleaned_text(value, label, TITLE_MAX, required=True)
        case "detail":
            return cleaned_text(value, label, TEXT_MAX, multiline=True)
        case "owner_id":
            return _owner(value, members)
        case "due_on":
            return parsed_date(value, label, EARLIEST, LATEST)
        case "status":
            return status_of(value)
        case "pdsa_id" | "stakeholder_id" | "change_idea_id":
            return _id(value, label)
        case "domain":
            return domain_of(value)
    raise AssertionError(name)  # pragma: no cover - FIELDS and the cases above are one list
