"""The stakeholder form. Every value is checked by the operations (fields.py), the same rules
as the API and the CSV import; the form only carries what was typed back to the page."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)

from ..forms import choices
from .fields import ATTITUDE_LABELS
from .models import CATEGORY_LABELS, NINE_CS, Frequency

SCORES = [("", "Choose a score"), ("1", "1 (very low)"), ("2", "2 (low)"), ("3", "3 (medium)"), ("4", "4 (high)"),
          ("5", "5 (very high)")]
ATTITUDES = [("", "Not recorded")] + [(str(score), f"{score:+d} {label}" if score else f"0 {label}")
                                      for score, label in sorted(ATTITUDE_LABELS.items(), reverse=True)]
#: how this stakeholder relates to the one chosen: (kind, whether this stakeholder is the source)
RELATIONS = {
    "influences": ("influences", True), "influenced_by": ("influences", False),
    "reports_to": ("reports_to", True), "manages": ("reports_to", False),
    "works_with": ("works_with", True), "conflicts_with": ("conflicts_with", True),
}
RELATION_LABELS = [("influences", "Influences"), ("influenced_by", "Is influenced by"), ("reports_to", "Reports to"),
                   ("manages", "Is reported to by"), ("works_with", "Works with"),
                   ("conflicts_with", "Is in conflict with")]


def _select(label: str, options, description: str | None = None) -> SelectField:
    return SelectField(label, choices=choices(options), validate_choice=False, description=description)


class StakeholderForm(FlaskForm):
    name = StringField("Name", description="A person, or a group such as ‘Ward managers, acute medicine’.")
    organisation = StringField("Organisation")
    role = StringField("Role")
    category = _select("Category", [("", "Choose a category")] + [(c.value, label) for c, label in CATEGORY_LABELS.items()])
    power = _select("Power or influence", SCORES, "How much they can shape or stop the change.")
    interest = _select("Interest", SCORES, "How much the change matters to them.")
    attitude = _select("Current attitude", ATTITUDES)
    desired_attitude = _select("Desired attitude", ATTITUDES, "Where the team wants them to be.")
    impact = TextAreaField("Impact of the change on them")
    owner_id = _select("Owner", [], "The team member who owns the relationship.")
    engagement_actions = TextAreaField("Engagement actions", description="What the team will do to engage them.")
    channel = StringField("Channel", description="For example: monthly one-to-one, email update, board meeting.")
    frequency = _select("How often", [("", "Not set")] + [(f.value, f.label) for f in Frequency])
    last_contact_on = StringField("Last contact", description="For example, 31/03/2027 or 2027-03-31.")
    next_contact_on = StringField("Next contact due", description="Leave blank to work it out from the last contact and how often.")
    notes = TextAreaField("Notes")
    tags = StringField("Tags", description="Separate tags with commas.")
    nine_cs = SelectMultipleField("Which of the 9 Cs are they?", choices=choices((k, v[0]) for k, v in NINE_CS.items()),
                                  validate_choice=False)
    confidential = BooleanField("Confidential to the team", description="The host partner will not see this stakeholder at all.")
    attitude_confidential = BooleanField(
        "Attitude confidential to the team",
        description="The host partner sees the stakeholder but not their current or desired attitude, or its history.")
    version = HiddenField()

    def values(self) -> dict:
        """What was typed, by field, for the operations."""
        return {field.name: field.data for field in self if field.name not in ("csrf_token", "version")}


class LinkForm(FlaskForm):
    relation = _select("How they are related", RELATION_LABELS)
    other_id = _select("To", [])


class ImportForm(FlaskForm):
    file = FileField("CSV file", description="UTF-8 CSV with the register's columns; up to 1,000 stakeholders.")
