"""The forms of the aim, the driver diagram and the PDSA cycles. Every value is checked by the
operations (plan_fields.py, pdsa_fields.py: the same rules as the API); the forms only carry
what was typed back to the page."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.widgets import CheckboxInput, ListWidget

from ..forms import choices
from .pdsa_fields import DECISION_LABELS, LONG_FIELDS, STATUS_LABELS


def _select(label: str, options=(), description: str | None = None, **extra) -> SelectField:
    return SelectField(label, choices=choices(options), validate_choice=False, description=description, **extra)


class _Values(FlaskForm):
    SKIP = ("csrf_token", "version", "measure_ids")

    def values(self) -> dict:
        return {f.name: f.data for f in self if f.name not in self.SKIP}


class AimForm(_Values):
    what = StringField("What will improve", description="For example: reduce delayed discharges to care homes.")
    how_much = StringField("By how much", description="A number you can measure, for example: by 20%, or from 9 "
                                                       "days to 5.")
    by_when = StringField("By when", description="A date, for example 31/03/2027 or 2027-03-31.")
    for_whom = StringField("For whom", description="Who benefits, for example: patients on Ward 7 going to a care "
                                                   "home.")
    statement = TextAreaField("Aim statement", description="One sentence that says all four. Leave it blank and "
                                                           "we will suggest one from the parts.")
    version = HiddenField()


class IdeaForm(_Values):
    title = StringField("Title", description="A change you could test, for example: a discharge checklist started "
                                             "on admission.")
    description = TextAreaField("Description", description="Markdown: **bold**, lists, links.")
    driver_id = _select("Secondary driver", description="Where it sits in the driver diagram. You can place it "
                                                        "later.")


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class PdsaForm(_Values):
    change_idea_id = _select("Change idea", description="The change this cycle tests.")
    follows_id = _select("Follows on from", description="The earlier cycle of the same change idea that this one "
                                                        "builds on, if any: together they form the idea's ramp.")
    title = StringField("Title", description="For example: checklist on one ward for a week.")
    status = _select("Status", list(STATUS_LABELS.items()))
    started_on = StringField("Start date", description="For example 31/03/2027 or 2027-03-31.")
    ended_on = StringField("End date", description="Not before the start date.")
    objective = TextAreaField("Objective", description="What this cycle is for.")
    questions = TextAreaField("Questions", description="What you want to learn.")
    prediction = TextAreaField("Prediction", description="What you expect to happen, and why.")
    plan = TextAreaField("Plan: who, what, where, when")
    data_to_collect = TextAreaField("Data to collect", description="How you will know what happened.")
    what_happened = TextAreaField("What happened", description="Carry out the test and record what happened.")
    observations = TextAreaField("Observations", description="Problems and unexpected findings.")
    study = TextAreaField("Results against the prediction", description="Compare the data with your prediction.")
    decision = _select("Decision", [("", "Not decided yet"), *DECISION_LABELS.items()])
    next_step = TextAreaField("Next step", description="What the next cycle will test, or how you will spread it.")
    measure_ids = CheckboxesField("Measures it should move", choices=[], validate_choice=False, coerce=str)
    version = HiddenField()


assert set(LONG_FIELDS) <= set(PdsaForm.__dict__)
