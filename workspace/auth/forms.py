from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from ..cleaning import clean_email, clean_line
from ..forms import choices
from ..models import EMAIL_MAX, NAME_MAX
from .passwords import MAX_LENGTH, password_problem


class SignInForm(FlaskForm):
    email = EmailField(
        "Email address",
        filters=[clean_email],
        validators=[DataRequired("Enter your email address"), Length(max=EMAIL_MAX)],
        render_kw={"autocomplete": "username", "spellcheck": "false"},
    )
    password = PasswordField(
        "Password",
        validators=[DataRequired("Enter your password"), Length(max=MAX_LENGTH * 4)],
        render_kw={"autocomplete": "current-password"},
    )


class NewPasswordMixin:
    """A new password typed twice, checked against the policy."""

    #: set by the view so the policy can refuse the person's own name or email
    person_email: str | None = None
    person_name: str | None = None

    def validate_password(self, field):
        problem = password_problem(field.data or "", email=self.person_email, name=self.person_name)
        if problem:
            raise ValidationError(problem)


CHOOSING_HINT = "12 characters or more. A few random words make a strong password that is easy to remember."


def _new_password_fields(label: str, confirm_label: str, missing: str, confirm_missing: str):
    """A new password and its confirmation, as every form that sets a password asks for them."""
    password = PasswordField(
        label,
        description=CHOOSING_HINT,
        validators=[DataRequired(missing)],
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        confirm_label,
        validators=[DataRequired(confirm_missing), EqualTo("password", "Passwords do not match")],
        render_kw={"autocomplete": "new-password"},
    )
    return password, confirm


class AcceptInvitationForm(NewPasswordMixin, FlaskForm):
    password, confirm = _new_password_fields(
        "Create a password", "Confirm your password", "Enter a password", "Confirm your password"
    )


class ForgotPasswordForm(FlaskForm):
    email = EmailField(
        "Email address",
        filters=[clean_email],
        validators=[DataRequired("Enter your email address"), Length(max=EMAIL_MAX)],
        render_kw={"autocomplete": "username", "spellcheck": "false"},
    )


class ResetPasswordForm(NewPasswordMixin, FlaskForm):
    password, confirm = _new_password_fields(
        "New password", "Confirm new password", "Enter a new password", "Confirm your new password"
    )


class ChangePasswordForm(NewPasswordMixin, FlaskForm):
    current_password = PasswordField(
        "Current password",
        validators=[DataRequired("Enter your current password")],
        render_kw={"autocomplete": "current-password"},
    )
    password, confirm = _new_password_fields(
        "New password", "Confirm new password", "Enter a new password", "Confirm your new password"
    )


class NameForm(FlaskForm):
    name = StringField(
        "Full name",
        filters=[clean_line],
        validators=[DataRequired("Enter your name"), Length(max=NAME_MAX, message=f"Name must be {NAME_MAX} characters or fewer")],
        render_kw={"autocomplete": "name"},
    )


class NewTokenForm(FlaskForm):
    token_name = StringField(
        "Token name",
        description="What the token is for, for example 'Report sync script'.",
        filters=[clean_line],
        validators=[DataRequired("Enter a name for the token"), Length(max=NAME_MAX, message=f"Name must be {NAME_MAX} characters or fewer")],
    )
    expires_in_days = SelectField(
        "Expires",
        description="A token that never expires keeps working until you revoke it or change your password.",
        choices=choices([("30", "In 30 days"), ("90", "In 90 days"), ("365", "In a year"), ("never", "Never")]),
        default="90",
    )

    def expiry_days(self) -> int | None:
        return None if self.expires_in_days.data == "never" else int(self.expires_in_days.data)
