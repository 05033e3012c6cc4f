from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, EmailField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from ..cleaning import clean_email, clean_line, clean_multiline
from ..forms import EmailCheck, choices
from ..models import EMAIL_MAX, NAME_MAX, TITLE_MAX, OrganisationKind, Role


def _name_length(what: str, limit: int = NAME_MAX) -> Length:
    return Length(max=limit, message=f"{what} must be {limit} characters or fewer")


ROLE_CHOICES = choices((r.value, r.label) for r in Role)


class CohortForm(FlaskForm):
    name = StringField(
        "Cohort name",
        description="For example 'System Leadership Programme 2026–27'.",
        filters=[clean_line],
        validators=[DataRequired("Enter a cohort name"), _name_length("Cohort name")],
    )
    starts_on = DateField("Start date", validators=[InputRequired("Enter a start date")])
    ends_on = DateField("End date", validators=[InputRequired("Enter an end date")])

    def validate_ends_on(self, field):
        if self.starts_on.data and field.data and field.data < self.starts_on.data:
            raise ValidationError("End date must be the same as or after the start date")


class CohortSettingsForm(CohortForm):
    """Editing a cohort also sets when its report is due and the declaration it carries."""

    report_due_on = DateField(
        "Report due date", validators=[Optional()],
        description="Teams see it with the days left. A report submitted after this day is marked late.",
    )
    declaration_text = TextAreaField(
        "Declaration (optional)", filters=[clean_multiline],
        description="Printed on its own page of the Word report, and confirmed by the team when it submits. "
                    "For example: ‘We declare that this report is our own work…’.",
        validators=[Length(max=4000, message="The declaration must be 4,000 characters or fewer")],
    )


class OrganisationForm(FlaskForm):
    name = StringField(
        "Organisation name",
        filters=[clean_line],
        validators=[DataRequired("Enter the organisation's name"), _name_length("Organisation name")],
    )
    kind = RadioField(
        "Kind of organisation",
        choices=choices((k.value, k.value[0].upper() + k.value[1:]) for k in OrganisationKind),
        validators=[InputRequired("Select the kind of organisation")],
    )


class TeamForm(FlaskForm):
    name = StringField(
        "Team name",
        filters=[clean_line],
        validators=[DataRequired("Enter a team name"), _name_length("Team name")],
    )
    cohort_id = SelectField("Cohort", coerce=int, validators=[InputRequired("Select a cohort")])
    host_organisation_id = SelectField(
        "Host organisation", coerce=int, validators=[InputRequired("Select the host organisation")]
    )
    review_title = StringField(
        "Review title",
        description="The strategic change review the team is doing, in a sentence.",
        filters=[clean_line],
        validators=[DataRequired("Enter the review title"), _name_length("Review title", TITLE_MAX)],
    )

    def set_choices(self, cohorts, organisations) -> None:
        self.cohort_id.choices = choices([(0, "Select a cohort")] + [(c.id, c.name) for c in cohorts])
        self.host_organisation_id.choices = choices(
            [(0, "Select an organisation")] + [(o.id, f"{o.name} ({o.kind})") for o in organisations]
        )

    def validate_cohort_id(self, field):
        if not field.data:
            raise ValidationError("Select a cohort")

    def validate_host_organisation_id(self, field):
        if not field.data:
            raise ValidationError("Select the host organisation")


class AddPersonForm(FlaskForm):
    email = EmailField(
        "Email address",
        filters=[clean_email],
        validators=[DataRequired("Enter their email address"), Length(max=EMAIL_MAX), EmailCheck()],
        render_kw={"spellcheck": "false", "autocomplete": "off"},
    )
    name = StringField(
        "Full name",
        description="Used if this person is new to the workspace.",
        filters=[clean_line],
        validators=[Optional(), _name_length("Name")],
    )
    role = RadioField("Role in this team", choices=ROLE_CHOICES, validators=[InputRequired("Select a role")])


class ChangeRoleForm(FlaskForm):
    role = SelectField("Role", choices=ROLE_CHOICES, validators=[InputRequired("Select a role")])


class AuditFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET filter changes nothing

    team_id = SelectField("Team", coerce=int, validators=[Optional()])
    user_id = SelectField("Person", coerce=int, validators=[Optional()])
