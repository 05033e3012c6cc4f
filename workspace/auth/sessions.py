"""Session and token authentication: who is making this request."""

from __future__ import annotations

import secrets
from datetime import timedelta

from sqlalchemy import select

from ..extensions import db
from ..models import ApiToken, User, hash_secret, utcnow

TOKEN_PREFIX = "cpw_"  # noqa: S105 - marks our tokens, not a secret
#: write `last_used_at` (and an audit row) at most this often per token
TOKEN_TOUCH_INTERVAL = timedelta(hours=1)


def new_session_token() -> str:
    return secrets.token_urlsafe(32)


def load_user_from_session(session_token: str) -> User | None:
    """Flask-Login's loader: the cookie holds the user's current session token, not their id."""
    if not session_token or len(session_token) > 64:
        return None
    user = db.session.scalar(select(User).where(User.session_token == session_token))
    if user is None or not user.is_active:
        return None
    return user


def new_api_token_secret() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def user_for_bearer(secret: str) -> tuple[User, ApiToken] | None:
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 100:
        return None
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_secret(secret)))
    if token is None or token.revoked_at is not None or not token.user.is_active:
        return None
    return token.user, token


def token_needs_touch(token: ApiToken) -> bool:
    return token.last_used_at is None or utcnow() - token.last_used_at > TOKEN_TOUCH_INTERVAL
