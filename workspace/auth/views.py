"""Sign-in, sign-out, invitations and the account page."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_user, logout_user

from ..loading import get_owned_or_404
from ..models import ApiToken, utcnow
from ..security import is_safe_next, start_session
from . import operations as ops
from . import resets
from .forms import (
    AcceptInvitationForm,
    ChangePasswordForm,
    ForgotPasswordForm,
    NameForm,
    NewTokenForm,
    ResetPasswordForm,
    SignInForm,
)

bp = Blueprint("auth", __name__)



def _begin_session(user) -> None:
    """Every way of signing in (password, invitation, reset, a changed password) starts a
    fresh session the same way: new session data first, then Flask-Login's user."""
    start_session()
    login_user(user)

@bp.route("/sign-in", methods=["GET", "POST"])
def login():
    next_url = request.args.get("next")
    if not is_safe_next(next_url):
        next_url = None
    if current_user.is_authenticated:
        return redirect(next_url or url_for("teams.dashboard"))
    form = SignInForm()
    status = 200
    if form.validate_on_submit():
        try:
            user = ops.sign_in(form.email.data, form.password.data)
        except ops.PasswordRefused as refused:
            form.password.errors = [str(refused)]
            status = 429 if refused.throttled else 200
        else:
            _begin_session(user)
            return redirect(next_url or url_for("teams.dashboard"))
    elif form.is_submitted():
        status = 200
    return render_template("auth/sign_in.html", form=form, next_url=next_url), status


@bp.post("/sign-out")
def logout():
    ops.sign_out(current_user._get_current_object())
    logout_user()
    flash("You have signed out.", "success")
    return redirect(url_for("auth.login"))


def _open_invitation_or_page(token: str):
    """(invitation, None), or (None, the page saying why the link cannot be used)."""
    try:
        return ops.find_open_invitation(token), None
    except ops.InvitationInvalid as invalid:
        return None, (render_template("auth/invitation_invalid.html", reason=str(invalid)), 410)


def _someone_else_signed_in(invitation) -> bool:
    return current_user.is_authenticated and current_user.id != invitation.user_id


@bp.route("/invitations/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    invitation, refusal = _open_invitation_or_page(token)
    if refusal:
        return refusal
    if _someone_else_signed_in(invitation):
        # Opening a link changes nothing: the person chooses to sign out, with a POST.
        page = render_template("auth/invitation_signed_in.html", invitee=invitation.user, token=token)
        return page, 200 if request.method == "GET" else 409
    form = AcceptInvitationForm()
    form.person_email, form.person_name = invitation.user.email, invitation.user.name
    if form.validate_on_submit():
        user = ops.accept_invitation(invitation, form.password.data)
        _begin_session(user)
        flash("Your password is set and you are signed in.", "success")
        return redirect(url_for("teams.dashboard"))
    return render_template("auth/accept_invitation.html", form=form, invitee=invitation.user)


@bp.post("/invitations/<token>/sign-out")
def sign_out_for_invitation(token: str):
    """Sign out whoever is signed in here, then show the invitation's set-a-password form."""
    invitation, refusal = _open_invitation_or_page(token)
    if refusal:
        return refusal
    if _someone_else_signed_in(invitation):
        ops.sign_out(current_user._get_current_object())
        logout_user()
    return redirect(url_for("auth.accept_invitation", token=token))


# --- forgotten passwords ---------------------------------------------------------------------


@bp.route("/forgot-password", methods=["GET", "POST"])
def forgot_password():
    if not resets.can_email_links():
        return render_template("auth/forgot_password.html", form=None)
    form = ForgotPasswordForm()
    status = 400 if form.is_submitted() else 200
    if form.validate_on_submit():
        try:
            resets.request_reset(form.email.data)
        except ops.PasswordRefused as refused:
            form.email.errors = [str(refused)]
            status = 429
        else:
            # The same answer whether or not the address has an account.
            return render_template("auth/reset_requested.html", email=form.email.data)
    return render_template("auth/forgot_password.html", form=form), status


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    try:
        reset = resets.find_open_reset(token)
    except resets.ResetInvalid as invalid:
        return render_template("auth/reset_invalid.html", reason=str(invalid)), 410
    form = ResetPasswordForm()
    form.person_email, form.person_name = reset.user.email, reset.user.name
    if form.validate_on_submit():
        user = resets.complete_reset(reset, form.password.data)
        _begin_session(user)
        flash("Your password has been changed and you are signed in. Your API tokens have been revoked.", "success")
        return redirect(url_for("teams.dashboard"))
    status = 400 if form.is_submitted() else 200
    return render_template("auth/reset_password.html", form=form, person=reset.user), status


def _account_page(**forms):
    user = current_user._get_current_object()
    context = {
        "name_form": NameForm(formdata=None, obj=user),
        "password_form": ChangePasswordForm(formdata=None),
        "token_form": NewTokenForm(formdata=None),
        "tokens": ops.tokens_of(user),
        "now": utcnow(),
        "new_token_secret": None,
    }
    context.update(forms)
    return render_template("auth/account.html", **context)


@bp.get("/account")
def account():
    return _account_page()


@bp.post("/account/name")
def change_name():
    form = NameForm()
    if form.validate_on_submit():
        ops.change_name(current_user._get_current_object(), form.name.data)
        flash("Your name has been changed.", "success")
        return redirect(url_for("auth.account"))
    return _account_page(name_form=form), 400


@bp.post("/account/password")
def change_password():
    user = current_user._get_current_object()
    form = ChangePasswordForm()
    form.person_email, form.person_name = user.email, user.name
    status = 400
    if form.validate_on_submit():
        try:
            ops.change_password(user, form.current_password.data, form.password.data)
        except ops.PasswordRefused as refused:
            form.current_password.errors = [str(refused)]
            status = 429 if refused.throttled else 400
        else:
            # The old session token is gone; start a fresh session for this browser only.
            _begin_session(user)
            flash("Your password has been changed. Other browsers have been signed out and your API tokens revoked.", "success")
            return redirect(url_for("auth.account"))
    return _account_page(password_form=form), status


@bp.post("/account/tokens")
def create_token():
    form = NewTokenForm()
    if form.validate_on_submit():
        new = ops.create_api_token(current_user._get_current_object(), form.token_name.data, form.expiry_days())
        # The secret is shown once, on this response, and never stored.
        return _account_page(new_token_secret=new.secret, new_token_name=new.token.name), 201
    return _account_page(token_form=form), 400


@bp.post("/account/tokens/<int:token_id>/revoke")
def revoke_token(token_id: int):
    token = get_owned_or_404(ApiToken, current_user.id, token_id)
    ops.revoke_api_token(current_user._get_current_object(), token)
    flash(f"The token '{token.name}' has been revoked.", "success")
    return redirect(url_for("auth.account"))

