"""Every change to who someone is and how they sign in: validate, change, audit, commit once."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

from flask import current_app, has_request_context, url_for
from flask_mailman import EmailMessage
from sqlalchemy import or_, select, update

from .. import audit, security
from ..audit import client_ip
from ..extensions import db
from ..models import ApiToken, Invitation, User, hash_secret, utcnow
from ..ratelimit import wait_phrase
from .passwords import hash_password, verify_password
from .sessions import TOKEN_TOUCH_INTERVAL, new_api_token_secret, new_session_token


class PasswordRefused(Exception):
    """A password guess was wrong, or too many guesses came in a short time."""

    def __init__(self, message: str, *, throttled: bool = False):
        super().__init__(message)
        self.throttled = throttled


WRONG_CREDENTIALS = "Enter a correct email address and password"
WRONG_CURRENT_PASSWORD = "Your current password is not correct"  # noqa: S105 - a message
THROTTLED = "Too many failed attempts. Wait {wait}, then try again"


def _count_password_guess(action: str, email: str, actor: User | None) -> None:
    """Count a password guess before it is checked (atomically, so parallel guesses cannot
    slip past the limit); over the limit, refuse it unchecked with PasswordRefused(throttled)."""
    attempt = security.count_password_attempt(email, client_ip())
    if attempt.allowed:
        return
    for key, hit in attempt.refusals_to_audit():
        audit.record(
            f"{action}.throttled",
            actor=actor,
            detail={"email": email[:254], "key": key, "refused_in_window": hit.refused_so_far},
        )
    db.session.commit()
    raise PasswordRefused(THROTTLED.format(wait=wait_phrase(attempt.retry_after)), throttled=True)


def sign_in(email: str, password: str) -> User:
    """Check credentials under the throttle. Raises PasswordRefused; commits either way."""
    _count_password_guess("sign_in", email, actor=None)
    user = db.session.scalar(select(User).where(User.email == email))
    ok = verify_password(user.password_hash if user else None, password)
    if not ok or user is None or not user.is_active:
        audit.record("sign_in.failed", actor=user, detail={"email": email[:254]})
        db.session.commit()
        raise PasswordRefused(WRONG_CREDENTIALS)
    security.forget_password_failures(email, client_ip())
    user.last_sign_in_at = utcnow()
    audit.record("sign_in", actor=user)
    db.session.commit()
    return user


def sign_out(user: User) -> None:
    """Rotating the session token signs out this cookie and every other one the user holds."""
    user.session_token = new_session_token()
    audit.record("sign_out", actor=user)
    db.session.commit()


def rotate_session(user: User) -> None:
    """Invalidate every session of `user` (no commit: part of a larger operation)."""
    user.session_token = new_session_token()


# --- invitations ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicLink:
    url: str
    #: built from a trusted address, so it may be emailed; otherwise only shown to the facilitator
    trusted: bool


def public_link(endpoint: str, **values) -> PublicLink:
    """A link to send outside the site (an invitation, a password reset)."""
    path = url_for(endpoint, **values)
    base = security.trusted_base_url()
    if base is not None:
        return PublicLink(base + path, trusted=True)
    # Shown to the facilitator only, who sees it in their own browser and copies it.
    shown = url_for(endpoint, _external=True, **values) if has_request_context() else path
    return PublicLink(shown, trusted=False)


def invitation_link(secret: str) -> PublicLink:
    return public_link("auth.accept_invitation", token=secret)


def send_link_email(user: User, link: PublicLink, subject: str, body: str) -> bool:
    """Email a link when a mail server is configured and the link's address is trusted.
    Returns whether a message was sent."""
    if not current_app.config.get("MAIL_SERVER") and current_app.config["MAIL_BACKEND"] == "dummy":
        return False
    if not link.trusted:
        current_app.logger.warning("not emailing a link: set PUBLIC_BASE_URL or TRUSTED_HOSTS")
        return False
    try:
        EmailMessage(subject, body, to=[user.email]).send()
    except OSError:
        current_app.logger.exception("could not email %r to user %s", subject, user.id)
        return False
    return True


def issue_invitation(user: User, created_by: User | None) -> str:
    """A new one-time link for `user`; older unused links stop working. No commit."""
    now = utcnow()
    db.session.execute(
        update(Invitation)
        .where(Invitation.user_id == user.id, Invitation.used_at.is_(None), Invitation.superseded_at.is_(None))
        .values(superseded_at=now)
    )
    secret = secrets.token_urlsafe(32)
    days = current_app.config["INVITATION_DAYS"]
    db.session.add(
        Invitation(
            user=user,
            token_hash=hash_secret(secret),
            created_by_id=created_by.id if created_by else None,
            expires_at=now + timedelta(days=days),
        )
    )
    return secret


def send_invitation_email(user: User, link: PublicLink, team_name: str | None = None) -> bool:
    where = f" for {team_name}" if team_name else ""
    body = (
        f"Hello {user.name},\n\n"
        f"You have been invited to the change-project workspace{where}.\n"
        f"Open this link to set your password (it works once, for "
        f"{current_app.config['INVITATION_DAYS']} days):\n\n{link.url}\n"
    )
    return send_link_email(user, link, "Your invitation to the change-project workspace", body)


class InvitationInvalid(Exception):
    pass


#: a link's secret is 43 characters; anything far longer is not one of ours
SECRET_MAX = 100


def row_for_secret(model, secret: str):
    """The row of `model` (an invitation, a password reset) whose link carries `secret`, found
    by the secret's hash (only hashes are stored); None for no such row or no plausible secret."""
    if not secret or len(secret) > SECRET_MAX:
        return None
    return db.session.scalar(select(model).where(model.token_hash == hash_secret(secret)))


def find_open_invitation(secret: str) -> Invitation:
    """The invitation behind a link, or InvitationInvalid with the reason a person can act on."""
    if not secret or len(secret) > SECRET_MAX:
        raise InvitationInvalid("This invitation link is not valid.")
    invitation = row_for_secret(Invitation, secret)
    if invitation is None:
        raise InvitationInvalid("This invitation link is not valid. Check you copied all of it.")
    if invitation.used_at is not None:
        raise InvitationInvalid("This invitation link has already been used. Sign in with your password.")
    if invitation.superseded_at is not None:
        raise InvitationInvalid("A newer invitation link was made for you. Use the newest one.")
    if invitation.expires_at < utcnow():
        raise InvitationInvalid("This invitation link has expired. Ask your programme facilitator for a new one.")
    if not invitation.user.is_active:
        raise InvitationInvalid("This account has been closed.")
    return invitation


def accept_invitation(invitation: Invitation, password: str) -> User:
    user = invitation.user
    user.password_hash = hash_password(password)
    invitation.used_at = utcnow()
    rotate_session(user)
    user.last_sign_in_at = utcnow()
    audit.record("invitation.accepted", actor=user, target=invitation)
    db.session.commit()
    return user


# --- account ---------------------------------------------------------------------------------


def change_name(user: User, name: str) -> None:
    old = user.name
    user.name = name
    audit.record("account.name_changed", actor=user, target=user, detail={"from": old, "to": name})
    db.session.commit()


def change_password(user: User, current_password: str, new_password: str) -> None:
    """Check the current password under the sign-in throttle, then change it. Raises
    PasswordRefused; a wrong guess is audited and committed like a failed sign-in."""
    _count_password_guess("account.password_check", user.email, actor=user)
    if not verify_password(user.password_hash, current_password):
        audit.record("account.password_check_failed", actor=user, target=user)
        db.session.commit()
        raise PasswordRefused(WRONG_CURRENT_PASSWORD)
    security.forget_password_failures(user.email, client_ip())
    user.password_hash = hash_password(new_password)
    rotate_session(user)  # every other signed-in browser is signed out
    revoke_all_api_tokens(user, "password changed")  # a token made by whoever knew the old password
    audit.record("account.password_changed", actor=user, target=user)
    db.session.commit()


@dataclass
class NewToken:
    token: ApiToken
    secret: str  # shown once, never stored


def create_api_token(user: User, name: str, days: int | None | Literal["default"] = "default") -> NewToken:
    """A new token; it expires after `days` (by default API_TOKEN_DAYS), or never with None."""
    if days == "default":
        days = current_app.config["API_TOKEN_DAYS"]
    secret = new_api_token_secret()
    expires_at = utcnow() + timedelta(days=days) if days is not None else None
    token = ApiToken(user=user, name=name, token_hash=hash_secret(secret), prefix=secret[:10], expires_at=expires_at)
    db.session.add(token)
    audit.record("token.created", actor=user, target=token, detail={"name": name, "expires_in_days": days})
    db.session.commit()
    return NewToken(token, secret)


def revoke_api_token(user: User, token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        audit.record("token.revoked", actor=user, target=token, detail={"name": token.name})
        db.session.commit()


def revoke_all_api_tokens(user: User, reason: str) -> int:
    """Revoke every live token of `user` (no commit: part of a password change or a closure).
    Revoked tokens stay revoked, so reopening an account does not bring them back."""
    revoked = db.session.execute(
        update(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None)).values(revoked_at=utcnow())
    ).rowcount
    if revoked:
        audit.record("token.revoked_all", target=user, detail={"reason": reason, "count": revoked})
    return revoked


#: a use after this long a pause is worth an audit row; uses in between only move last_used_at
TOKEN_USE_AUDIT_GAP = timedelta(hours=1)


def touch_api_token(token: ApiToken) -> None:
    """Note that a token was used: at most one write a minute per token, however busy the
    client, because the UPDATE only matches when the stored time is older than that."""
    now = utcnow()
    previous = token.last_used_at
    if previous is not None and now - previous < TOKEN_TOUCH_INTERVAL:
        return  # the common case for a busy client: no write at all
    touched = db.session.execute(
        update(ApiToken)
        .where(ApiToken.id == token.id, or_(ApiToken.last_used_at.is_(None), ApiToken.last_used_at < now - TOKEN_TOUCH_INTERVAL))
        .values(last_used_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if not touched:
        db.session.rollback()
        return
    if previous is None or now - previous > TOKEN_USE_AUDIT_GAP:
        audit.record("token.used", actor=token.user, target=token, detail={"name": token.name})
    db.session.commit()


def tokens_of(user: User) -> list[ApiToken]:
    return list(
        db.session.scalars(
            select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.revoked_at.is_not(None), ApiToken.created_at.desc())
        )
    )
