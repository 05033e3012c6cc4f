from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, TextAreaField
from wtforms.validators import DataRequired, Length

from ..cleaning import clean_multiline
from .models import REASON_MAX


class SubmitForm(FlaskForm):
    # Only asked when the cohort has a declaration; the operation checks it.
    confirm_declaration = BooleanField("We confirm the declaration above on behalf of our team")


class ReopenForm(FlaskForm):
    reason = TextAreaField(
        "Why is the submission being reopened?", filters=[clean_multiline],
        description="The team and the audit log see this reason.",
        validators=[DataRequired("Enter why the submission is being reopened"),
                    Length(max=REASON_MAX, message=f"The reason must be {REASON_MAX:,} characters or fewer")],
    )
