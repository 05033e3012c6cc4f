"""What a PDSA cycle accepts: one set of rules for the form and the API.

`clean_cycle(data, partial=...)` gives stored values or raises ValidationProblem with a
sentence per wrong field. The API's shorter names from shared/api.md are accepted too:
`change_idea` (the idea's id), `do` (what happened), `act` (the decision).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from ..cleaning import blank, bounded_int, choose, cleaned_text, parsed_date
from ..errors import ValidationProblem, refuse_unknown
from .models import PDSA_DECISIONS, PDSA_STATUSES, TEXT_MAX, TITLE_MAX
from .plan_fields import record_id

LONG_FIELDS = ("objective", "questions", "prediction", "plan", "data_to_collect", "what_happened", "observations",
               "study", "next_step")
FIELDS = ("change_idea_id", "follows_id", "title", "status", "started_on", "ended_on", *LONG_FIELDS, "decision")
ALIASES = {"change_idea": "change_idea_id", "do": "what_happened", "act": "decision"}
MAX_MEASURES = 20  # measures one cycle links to
EARLIEST, LATEST = date(2000, 1, 1), date(2100, 12, 31)

STATUS_LABELS = {"planned": "Planned", "running": "Running", "complete": "Complete", "abandoned": "Abandoned"}
DECISION_LABELS = {"adopt": "Adopt", "adapt": "Adapt", "abandon": "Abandon"}
LABELS = {
    "change_idea_id": "Change idea", "follows_id": "Follows on from", "title": "Title", "status": "Status",
    "started_on": "Start date", "ended_on": "End date", "objective": "Objective",
    "questions": "Questions", "prediction": "Prediction", "plan": "Plan: who, what, where, when",
    "data_to_collect": "Data to collect", "what_happened": "What happened", "observations": "Observations",
    "study": "Results against the prediction", "decision": "Decision", "next_step": "Next step",
    "measure_ids": "Measures",
}
assert tuple(STATUS_LABELS) == PDSA_STATUSES and tuple(DECISION_LABELS) == PDSA_DECISIONS


def with_aliases(data: Mapping) -> dict:
    out = {}
    for key, value in data.items():
        name = ALIASES.get(key, key)
        if name in out:
            raise ValidationProblem({name: f"Send {name} once (not also as {key})"})
        out[name] = value
    return out


def clean_cycle(data: Mapping, *, partial: bool) -> dict:
    data = with_aliases(data)
    refuse_unknown(data, FIELDS, "PDSA cycle")
    names = [name for name in FIELDS if name in data] if partial else FIELDS
    cleaned, problems = {}, {}
    for name in names:
        value, label = data.get(name), LABELS[name]
        try:
            if name in ("change_idea_id", "follows_id"):
                cleaned[name] = record_id(value, label)
            elif name == "title":
                cleaned[name] = cleaned_text(value, label, TITLE_MAX, required=True)
            elif name == "status":
                cleaned[name] = choose(value, STATUS_LABELS, label, None) or "planned"
            elif name == "decision":
                cleaned[name] = choose(value, DECISION_LABELS, label, None)
            elif name in ("started_on", "ended_on"):
                cleaned[name] = parsed_date(value, label, EARLIEST, LATEST)
            else:
                cleaned[name] = cleaned_text(value, label, TEXT_MAX, multiline=True)
        except ValueError as problem:
            problems[name] = str(problem)
    if not partial and "change_idea_id" not in problems and cleaned.get("change_idea_id") is None:
        problems["change_idea_id"] = "Choose the change idea this cycle tests"
    if problems:
        raise ValidationProblem(problems)
    return cleaned


def clean_measure_ids(value) -> list[int]:
    """A list of measure ids (the form's checkboxes or JSON), each once."""
    if value is None or (isinstance(value, str) and blank(value)):
        return []
    if not isinstance(value, list | tuple):
        raise ValidationProblem({"measure_ids": "measure_ids must be a list of measure ids"})
    if len(value) > MAX_MEASURES:
        raise ValidationProblem({"measure_ids": f"A cycle links to at most {MAX_MEASURES} measures"})
    ids = []
    for item in value:
        number = bounded_int(item, 1)
        if number is None:
            raise ValidationProblem({"measure_ids": "Each measure must be one of this team's measures"})
        if number not in ids:
            ids.append(number)
    return ids
