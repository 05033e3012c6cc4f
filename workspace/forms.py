"""Fields and validators shared by every feature's forms."""

from __future__ import annotations

from wtforms import TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.utils import unset_value
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


class TypedTextAreaField(TextAreaField):
    """A textarea whose filters clean what a person typed, not what is already stored.

    WTForms runs a field's filters on every `process`, also when a page is only showing stored
    text (`formdata=None`). Stored text was cleaned when it was saved, and cleaning a 5,000-word
    section again on every view cost the section page about a tenth of its time.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.type = "TextAreaField"  # the templates' field macro draws a textarea by this name

    def process(self, formdata, data=unset_value, extra_filters=None):
        if formdata is not None:
            return super().process(formdata, data, extra_filters)
        filters, self.filters = self.filters, ()
        try:
            return super().process(formdata, data)
        finally:
            self.filters = filters
