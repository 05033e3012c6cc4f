"""What a recommendation's fields accept: one set of rules for the form and the API.

`clean(data, partial=...)` turns what came in into stored values, or raises ValidationProblem
with a sentence for every field that is wrong, keyed by field name. The intervention and the
findings are checked here as shapes only (whole numbers, known kinds); the operations check
that the intervention is on the team's cohort's menu and that each finding is the team's own.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..cleaning import blank, cleaned_text
from ..errors import clean_each, refuse_unknown
from . import criteria as useful
from .models import FINDING_KINDS, HOST_RESPONSES, SHORT_MAX, TEXT_MAX

FIELDS = ("statement", "rationale", "findings", "owner", "time_frame", "cost", "intervention_id",
          "measures_of_success", "criteria")
FIELD_LABELS = {
    "statement": "Recommendation", "rationale": "Rationale", "findings": "Findings", "owner": "Owner at the host partner",
    "time_frame": "Time frame", "cost": "Cost", "intervention_id": "Intervention type",
    "measures_of_success": "Measures of success", "criteria": "Useful criteria",
}
FINDING_LABELS = {"section": "Report section", "measure": "Measure", "process_map": "Process map"}
assert tuple(FINDING_LABELS) == FINDING_KINDS
RESPONSE_LABELS = {"accept": "Accepted", "consider": "To consider", "decline": "Declined"}
RESPONSE_CHOICES = {"accept": "Accept", "consider": "Consider", "decline": "Decline"}
assert tuple(RESPONSE_LABELS) == HOST_RESPONSES
AWAITING = "Awaiting response"
STATEMENT_MAX = 2000
MAX_FINDINGS = 30


def _whole(value) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**31:
        return value
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) < 10:
        return int(value.strip())
    return None


def intervention_of(value) -> int | None:
    if blank(value):
        return None
    number = _whole(value)
    if number is None:
        raise ValueError("Intervention type: choose one from the programme's menu")
    return number


def findings_of(value) -> list[tuple[str, int]]:
    """[(kind, id)] from a list of {"kind": k, "id": n} (the API) or of "kind:id" (a form's
    checkboxes); duplicates collapse, order kept."""
    if value is None:
        return []
    if not isinstance(value, list | tuple):
        raise ValueError("Findings must be a list of {kind, id}")
    found: list[tuple[str, int]] = []
    for item in value:
        if isinstance(item, Mapping):
            kind, number = item.get("kind"), _whole(item.get("id"))
            if set(item) - {"kind", "id", "title", "url"}:
                raise ValueError("A finding is {kind, id}")
        elif isinstance(item, str) and ":" in item:
            kind, _, raw = item.partition(":")
            number = _whole(raw)
        else:
            raise ValueError("A finding is {kind, id}")
        if kind not in FINDING_KINDS:
            raise ValueError(f"A finding's kind must be one of: {', '.join(FINDING_KINDS)}")
        if number is None:
            raise ValueError("A finding's id must be a whole number")
        if (kind, number) not in found:
            found.append((kind, number))
    if len(found) > MAX_FINDINGS:
        raise ValueError(f"Link at most {MAX_FINDINGS} findings to one recommendation")
    return found


def note_text(value, label: str) -> str:
    return cleaned_text(value, label, useful.NOTE_MAX, multiline=True)


def clean(data: Mapping, *, partial: bool) -> dict:
    """Stored values for the fields `data` names (all of FIELDS when not `partial`)."""
    refuse_unknown(data, FIELDS, "recommendation")
    names = [name for name in FIELDS if name in data] if partial else FIELDS
    return clean_each(data, names, _one)


def _one(name: str, value):
    label = FIELD_LABELS[name]
    match name:
        case "statement":
            return cleaned_text(value, label, STATEMENT_MAX, multiline=True, required=True)
        case "rationale" | "measures_of_success":
            return cleaned_text(value, label, TEXT_MAX, multiline=True)
        case "owner" | "time_frame" | "cost":
            return cleaned_text(value, label, SHORT_MAX)
        case "intervention_id":
            return intervention_of(value)
        case "findings":
            return findings_of(value)
        case "criteria":
            return useful.clean(value, note_text)
    raise AssertionError(name)  # pragma: no cover - FIELDS and the cases above are one list


def response_of(value) -> str:
    if isinstance(value, str) and value.strip().lower() in HOST_RESPONSES:
        return value.strip().lower()
    raise ValueError("Choose accept, consider or decline")
