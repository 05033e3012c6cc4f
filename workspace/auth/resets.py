"""Forgotten passwords: a one-time link, valid for an hour, to choose a new password.

With a mail server the person asks for it on the sign-in page and it is emailed; without one a
facilitator makes it on the person's page and passes it on, as with invitations. Only a hash of
each link is stored. Validate, change, audit, commit once.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import select, update

from .. import audit, security
from ..audit import client_ip
from ..errors import ValidationProblem
from ..extensions import db
from ..models import PasswordReset, User, hash_secret, utcnow
from .operations import (
    SECRET_MAX,
    PasswordRefused,
    PublicLink,
    public_link,
    revoke_all_api_tokens,
    rotate_session,
    row_for_secret,
    send_link_email,
)
from .passwords import hash_password


def can_email_links() -> bool:
    """Whether a reset link can be emailed from here: mail is set up and the site knows a
    trusted address to put in the link. Otherwise the page says to ask a facilitator, rather
    than promising an email that would never be sent."""
    return bool(current_app.config.get("MAIL_SERVER")) and security.trusted_base_url() is not None


def _issue(user: User, created_by: User | None) -> PublicLink:
    """A new link for `user`; any older unused one stops working. No commit."""
    now = utcnow()
    db.session.execute(
        update(PasswordReset)
        .where(PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None), PasswordReset.expires_at > now)
        .values(expires_at=now)
    )
    secret = secrets.token_urlsafe(32)
    minutes = current_app.config["PASSWORD_RESET_MINUTES"]
    db.session.add(
        PasswordReset(
            user_id=user.id,
            token_hash=hash_secret(secret),
            created_by_id=created_by.id if created_by else None,
            expires_at=now + timedelta(minutes=minutes),
        )
    )
    return public_link("auth.reset_password", token=secret)


def request_reset(email: str) -> None:
    """Email a link if `email` belongs to an open account. The caller answers the same either
    way, so the page never tells who has an account. Throttled like sign-in."""
    attempt = security.count_password_attempt(email, client_ip(), scope="password-reset")
    if not attempt.allowed:
        for key, hit in attempt.refusals_to_audit():
            audit.record("password_reset.throttled", detail={"email": email[:254], "key": key, "refused_in_window": hit.refused_so_far})
        db.session.commit()
        raise PasswordRefused("Too many requests. Wait a few minutes, then try again", throttled=True)
    user = db.session.scalar(select(User).where(User.email == email))
    if user is None or not user.is_active or not user.has_password:
        audit.record("password_reset.requested", detail={"email": email[:254], "known": False})
        db.session.commit()
        return
    link = _issue(user, None)
    audit.record("password_reset.requested", actor=user, target=user, detail={"email": email[:254], "known": True})
    db.session.commit()
    minutes = current_app.config["PASSWORD_RESET_MINUTES"]
    body = (
        f"Hello {user.name},\n\n"
        f"Someone (we hope you) asked to reset your password for the change-project workspace.\n"
        f"Open this link to choose a new one (it works once, for {minutes} minutes):\n\n{link.url}\n\n"
        "If you did not ask, ignore this email: your password stays as it is.\n"
    )
    send_link_email(user, link, "Reset your change-project workspace password", body)


def issue_by_facilitator(user: User, actor: User) -> PublicLink:
    if not user.is_active:
        raise ValidationProblem({"user": "This account is closed. Open it again first"})
    if not user.has_password:
        raise ValidationProblem({"user": f"{user.name} has not set a password yet: make a new invitation link instead"})
    link = _issue(user, actor)
    audit.record("password_reset.issued", target=user, detail={"user_email": user.email})
    db.session.commit()
    return link


class ResetInvalid(Exception):
    pass


def find_open_reset(secret: str) -> PasswordReset:
    """The reset behind a link, or ResetInvalid with the reason a person can act on."""
    if not secret or len(secret) > SECRET_MAX:
        raise ResetInvalid("This password reset link is not valid.")
    reset = row_for_secret(PasswordReset, secret)
    if reset is None:
        raise ResetInvalid("This password reset link is not valid. Check you copied all of it.")
    if reset.used_at is not None:
        raise ResetInvalid("This password reset link has already been used.")
    if reset.expires_at <= utcnow():
        raise ResetInvalid("This password reset link has expired or a newer one was made. Ask for a new one.")
    if not reset.user.is_active:
        raise ResetInvalid("This account has been closed.")
    return reset


def complete_reset(reset: PasswordReset, password: str) -> User:
    """Set the new password: every session signs out and every API token is revoked."""
    user = reset.user
    user.password_hash = hash_password(password)
    reset.used_at = utcnow()
    rotate_session(user)
    revoke_all_api_tokens(user, "password reset")
    security.forget_password_failures(user.email)
    user.last_sign_in_at = utcnow()
    audit.record("password_reset.completed", actor=user, target=user)
    db.session.commit()
    return user
