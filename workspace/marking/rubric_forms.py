"""The rubric pages' forms. Numbers are text fields (inputmode numeric) so what was typed comes
back exactly as typed; the operations (rubric_operations) are the one place that validates."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField, TextAreaField

from ..cleaning import clean_line, clean_multiline
from .rubric import MAX_BANDS

NUMBER = {"inputmode": "numeric", "spellcheck": "false", "autocomplete": "off"}


def whole(text):
    """A typed whole number as int; anything else is passed on as typed (the operation then
    says what is wrong with it)."""
    if text is None:
        return None
    value = str(text).strip()
    if value.lstrip("-").isdigit() and len(value) <= 6:
        return int(value)
    return value if value else None


def band_label(bands: list[dict], index: int) -> str:
    """"Distinction (70% and above)", "Merit (60% to 69%)", "Fail (below 50%)"."""
    band = bands[index]
    if index == 0:
        return f"{band['name']} ({band['min']}% and above)"
    upper = bands[index - 1]["min"] - 1
    if band["min"] == 0:
        return f"{band['name']} (below {upper + 1}%)"
    return f"{band['name']} ({band['min']}% to {upper}%)"


class _Versioned(FlaskForm):
    version = HiddenField()


def bands_form_class():
    class BandsForm(_Versioned):
        report_weight = StringField(
            "The report's weight in the overall mark (%)", render_kw=NUMBER,
            description="The presentation weighs the rest. For example 50.")

    for i in range(MAX_BANDS):
        setattr(BandsForm, f"band_name_{i}", StringField(f"Band {i + 1} name", filters=[clean_line]))
        setattr(BandsForm, f"band_min_{i}", StringField(f"Band {i + 1} lowest mark (%)", render_kw=NUMBER))
    return BandsForm


def bands_from(form) -> list[dict]:
    """The bands typed, skipping rows left wholly blank."""
    bands = []
    for i in range(MAX_BANDS):
        name = getattr(form, f"band_name_{i}").data or ""
        low = getattr(form, f"band_min_{i}").data or ""
        if not name.strip() and not str(low).strip():
            continue
        bands.append({"name": name, "min": whole(low)})
    return bands


def criterion_form_class(bands: list[dict]):
    class CriterionForm(_Versioned):
        title = StringField("Title", filters=[clean_line])
        guidance = TextAreaField("Guidance for assessors", filters=[clean_multiline],
                                 description="What this criterion looks for. Assessors and teams read it.")
        weight = StringField("Weight (% of the component)", render_kw=NUMBER,
                             description="The weights of a component must add up to 100.")
        max_score = StringField("Highest score", render_kw=NUMBER, default="100",
                                description="Assessors score from 0 to this. For example 100, or 10.")

    for i, band in enumerate(bands):
        setattr(CriterionForm, f"descriptor_{i}", TextAreaField(
            f"Descriptor: {band_label(bands, i)}", filters=[clean_multiline],
            description=f"What work in the {band['name']} band shows for this criterion."))
    return CriterionForm


def weights_form_class(criteria: list):
    class WeightsForm(_Versioned):
        pass

    for c in criteria:
        setattr(WeightsForm, f"weight_{c.id}", StringField(f"{c.title} (%)", render_kw=NUMBER, default=str(c.weight)))
    return WeightsForm
