"""A person's secret calendar-feed addresses, made the way API tokens are: the secret is shown
once, only its SHA-256 is stored, and a feed request finds its token by that hash (an index
look-up: no secret is ever compared character by character). A revoked token, an unknown one
and one whose owner's account is closed all find nothing, so the feed answers 404 alike."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select, update

from .. import audit
from ..errors import ValidationProblem
from ..extensions import db
from ..models import User, hash_secret, utcnow
from .models import CalendarToken

#: live feed addresses one person may hold at once (a phone, a laptop, a shared diary...)
MAX_LIVE_TOKENS = 5
#: a feed is polled every few minutes by calendar apps: note its use at most this often
TOUCH_INTERVAL = timedelta(hours=1)
#: the shortest and longest secret the feed route even looks up
SECRET_MIN, SECRET_MAX = 32, 64


@dataclass
class NewCalendarToken:
    token: CalendarToken
    secret: str  # shown once, never stored


def tokens_of(user: User) -> list[CalendarToken]:
    """The person's feed addresses, live ones first, newest first."""
    return list(db.session.scalars(
        select(CalendarToken).where(CalendarToken.user_id == user.id)
        .order_by(CalendarToken.revoked_at.is_not(None), CalendarToken.created_at.desc(), CalendarToken.id.desc())
    ))


def create(user: User) -> NewCalendarToken:
    live = db.session.scalar(select(func.count()).select_from(CalendarToken)
                             .where(CalendarToken.user_id == user.id, CalendarToken.revoked_at.is_(None)))
    if live >= MAX_LIVE_TOKENS:
        raise ValidationProblem({"calendar": f"You have {MAX_LIVE_TOKENS} calendar feed addresses, the most you may "
                                             "hold. Revoke one you no longer use to create another."})
    secret = secrets.token_urlsafe(32)
    token = CalendarToken(user_id=user.id, token_hash=hash_secret(secret), created_at=utcnow())
    db.session.add(token)
    audit.record("calendar_token.created", actor=user, target=token)
    db.session.commit()
    return NewCalendarToken(token, secret)


def revoke(user: User, token: CalendarToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        audit.record("calendar_token.revoked", actor=user, target=token)
        db.session.commit()


def owner_of(secret: str) -> tuple[CalendarToken, User] | None:
    """The live token with this secret and its active owner; None otherwise (unknown, revoked,
    or the person's account closed)."""
    if not SECRET_MIN <= len(secret) <= SECRET_MAX:
        return None
    row = db.session.execute(
        select(CalendarToken, User).join(User, User.id == CalendarToken.user_id)
        .where(CalendarToken.token_hash == hash_secret(secret), CalendarToken.revoked_at.is_(None),
               User.is_active.is_(True))
    ).first()
    return (row[0], row[1]) if row else None


def touch(token: CalendarToken) -> None:
    """Note the feed's use: one conditional UPDATE an hour at most, committed on its own."""
    now = utcnow()
    if token.last_used_at is not None and now - token.last_used_at < TOUCH_INTERVAL:
        return
    db.session.execute(
        update(CalendarToken)
        .where(CalendarToken.id == token.id,
               (CalendarToken.last_used_at.is_(None)) | (CalendarToken.last_used_at < now - TOUCH_INTERVAL))
        .values(last_used_at=now)
    )
    db.session.commit()
