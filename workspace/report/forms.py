from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from ..cleaning import clean_line, clean_multiline
from ..forms import TypedTextAreaField, choices
from .models import SectionStatus

STATUS_CHOICES = choices((s.value, s.label) for s in SectionStatus)


class SectionForm(FlaskForm):
    body = TypedTextAreaField("Section text (markdown)", filters=[clean_multiline])
    base_version = HiddenField(validators=[InputRequired("The page is missing the version it started from. Reload it.")])


class StatusForm(FlaskForm):
    status = SelectField("Status", choices=STATUS_CHOICES, validators=[InputRequired()])


class NewSectionForm(FlaskForm):
    title = StringField(
        "Section title", filters=[clean_line],
        validators=[DataRequired("Enter a title for the new section"), Length(max=120, message="Section title must be 120 characters or fewer")],
    )


class CommentForm(FlaskForm):
    # Its own id: the section page also holds the section's "body" textarea, and two elements
    # with one id would tie this label (and error link) to the section text instead.
    body = TextAreaField(
        "Comment", id="body-comment", filters=[clean_multiline],
        description="Mention someone with @ and their name, for example @Aisha.",
        validators=[DataRequired("Enter a comment"), Length(max=5000, message="A comment must be 5,000 characters or fewer")],
    )
    quote = HiddenField()
    parent_id = HiddenField()


class EditCommentForm(FlaskForm):
    body = TextAreaField(
        "Edit your comment", filters=[clean_multiline],
        validators=[DataRequired("Enter a comment"), Length(max=5000, message="A comment must be 5,000 characters or fewer")],
    )


class RulesForm(FlaskForm):
    word_limit = IntegerField(
        "Word limit", description="For the sections that count towards the total.",
        validators=[InputRequired("Enter the word limit"), NumberRange(100, 100_000, "Word limit must be from 100 to 100,000")],
    )
    tolerance_percent = IntegerField(
        "Tolerance (%)", description="How far over the limit a report may go, for example 10.",
        validators=[InputRequired("Enter the tolerance"), NumberRange(0, 100, "Tolerance must be from 0 to 100")],
    )
    count_tables = BooleanField("Count words in tables")


class TemplateSectionForm(FlaskForm):
    title = StringField(
        "Section title", filters=[clean_line],
        validators=[DataRequired("Enter the section title"), Length(max=120, message="Section title must be 120 characters or fewer")],
    )
    guidance = TextAreaField(
        "Guidance", filters=[clean_multiline], description="What the team should write here.",
        validators=[Length(max=4000, message="Guidance must be 4,000 characters or fewer")],
    )
    word_budget = IntegerField(
        "Suggested word budget", validators=[Optional(), NumberRange(1, 50_000, "Word budget must be from 1 to 50,000")],
    )
    excluded_from_count = BooleanField("Leave out of the report's word count")
