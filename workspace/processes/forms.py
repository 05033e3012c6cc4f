"""The process-map forms. Every value is checked by the operations (fields.py), the same rules
as the API and the CSV; the forms only carry what was typed back to the page."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, SelectField, StringField, TextAreaField

from ..forms import choices
from .fields import STATE_LABELS
from .flow import KIND_LABELS, KINDS, NOTE_KINDS, NOTE_LABELS, VALUE_LABELS, VALUES

UNIT_CHOICES = [("minutes", "Minutes"), ("hours", "Hours"), ("days", "Days")]


def _select(label: str, options, description: str | None = None, **extra) -> SelectField:
    return SelectField(label, choices=choices(options), validate_choice=False, description=description, **extra)


class _Values(FlaskForm):
    def values(self) -> dict:
        return {f.name: f.data for f in self if f.name not in ("csrf_token", "version", "unit", "position")}


class MapForm(_Values):
    title = StringField("Title", description="For example: Hospital discharge to a care home, as it is today.")
    state = _select("State", list(STATE_LABELS.items()))
    redesigns_id = _select("Current map it redesigns", [], "A future-state map names the current map it redesigns.")
    scope = StringField("Scope", description="Which part of the pathway the map covers.")
    start_point = StringField("Start point", description="Where the map starts, for example: GP decides to refer.")
    end_point = StringField("End point", description="Where it ends, for example: first appointment attended.")
    mapped_on = StringField("Date mapped", description="For example, 31/03/2027 or 2027-03-31.")
    participants = StringField("Who took part")
    notes = TextAreaField("Notes", description="Markdown: **bold**, lists, links.")
    version = HiddenField()


class LaneForm(_Values):
    name = StringField("Lane name", description="Who does the steps in this lane, for example: District nurse.")


class StepForm(_Values):
    label = StringField("What happens")
    lane = _select("Lane", [], "Who does it.")
    kind = _select("Kind", [(k, KIND_LABELS[k]) for k in KINDS])
    minutes = StringField("Time", description="Its cycle time; for a wait, how long the wait is. "
                                              "A number, or with a unit: 45 min, 3 hours, 2 days.")
    wait_minutes = StringField("Wait before it starts", description="Leave blank if none.")
    unit = _select("Unit of plain numbers", UNIT_CHOICES)
    value = _select("Value", [("", "Not assessed")] + [(v, VALUE_LABELS[v]) for v in VALUES])
    paper = BooleanField("Information reaches this step on paper")
    position = HiddenField()
    version = HiddenField()


class NoteForm(_Values):
    # Their own ids: the step page holds the step's "kind" select and this form together
    kind = _select("Kind of note", [(k, NOTE_LABELS[k]) for k in NOTE_KINDS], id="note-kind")
    body = TextAreaField("Note", id="note-body")
