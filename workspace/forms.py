"""Validators shared by every feature's forms."""

from __future__ import annotations

from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email


class EmailCheck(Email):
    """Email validation with a sentence a person understands."""

    def __init__(self):
        super().__init__(
            message="Enter an email address in the correct format, like name@example.nhs.uk",
            check_deliverability=False,
        )


def choices(pairs) -> list[SelectChoice]:
    """WTForms choices from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]
