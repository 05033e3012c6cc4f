"""Request-wide security: CSP nonces and headers, session timeouts, sign-in throttling."""

from __future__ import annotations

import secrets
import time
from datetime import timedelta

from flask import Flask, current_app, g, request, session
from flask_login import current_user, logout_user
from sqlalchemy import delete, func, select

from .extensions import db
from .models import LoginFailure, utcnow


def csp_nonce() -> str:
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(18)
    return g.csp_nonce


def _content_security_policy(nonce: str) -> str:
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' 'nonce-{nonce}'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def set_security_headers(response):
    headers = response.headers
    headers["Content-Security-Policy"] = _content_security_policy(csp_nonce())
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
    headers["X-Frame-Options"] = "DENY"
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
    if request.is_secure:
        headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    # Signed-in pages hold a team's private work: never keep them in any cache. Static assets
    # are public and cacheable, and need no look-up of the user.
    if request.endpoint == "static":
        return response
    if request.path.startswith("/api/") or current_user.is_authenticated:
        headers["Cache-Control"] = "no-store"
        headers["Pragma"] = "no-cache"
    return response


def enforce_session_timeouts() -> None:
    """Sign out a session idle for 30 minutes or older than 12 hours (settings say so)."""
    if "_user_id" not in session:
        return
    now = time.time()
    signed_in_at = session.get("signed_in_at", 0)
    last_seen = session.get("last_seen", 0)
    idle: timedelta = current_app.config["SESSION_IDLE_TIMEOUT"]
    absolute: timedelta = current_app.config["SESSION_ABSOLUTE_TIMEOUT"]
    if now - last_seen > idle.total_seconds() or now - signed_in_at > absolute.total_seconds():
        logout_user()
        session.clear()
        g.session_expired = True
        return
    # A page's own background polling (live updates, presence) is not the person being active,
    # so it does not keep an idle session alive. The stamp is refreshed at most once a minute.
    if request.headers.get("X-Background-Request") == "1":
        return
    if now - last_seen > 60:
        session["last_seen"] = now


def start_session() -> None:
    """Called at sign-in: a fresh session, so a cookie planted before sign-in is worthless."""
    session.clear()
    now = time.time()
    session["signed_in_at"] = now
    session["last_seen"] = now
    session.permanent = True


# --- sign-in throttling -------------------------------------------------------------------


class LoginThrottle:
    """At most N failures per window per key (an account or an IP), shared across workers.

    Counters live in the database, or in Redis when REDIS_URL is set, so every gunicorn worker
    sees the same count.
    """

    def __init__(self, app: Flask):
        self.max_failures = app.config["LOGIN_MAX_FAILURES"]
        self.window = app.config["LOGIN_WINDOW_SECONDS"]
        self.redis = None
        if app.config.get("REDIS_URL"):
            import redis

            self.redis = redis.Redis.from_url(app.config["REDIS_URL"])

    @staticmethod
    def keys(email: str, ip: str | None) -> list[str]:
        keys = [f"account:{email.strip().lower()[:254]}"]
        if ip:
            keys.append(f"ip:{ip}")
        return keys

    def is_blocked(self, keys: list[str]) -> bool:
        return any(self._count(key) >= self.max_failures for key in keys)

    def _count(self, key: str) -> int:
        if self.redis is not None:
            now = time.time()
            rkey = f"workspace:login-failures:{key}"
            self.redis.zremrangebyscore(rkey, 0, now - self.window)
            return int(self.redis.zcard(rkey))
        since = utcnow() - timedelta(seconds=self.window)
        return db.session.scalar(
            select(func.count()).select_from(LoginFailure).where(
                LoginFailure.key == key, LoginFailure.at > since
            )
        ) or 0

    def add_failure(self, keys: list[str]) -> None:
        """Count a failure. With the database backend the caller's commit stores it."""
        if self.redis is not None:
            now = time.time()
            pipe = self.redis.pipeline()
            for key in keys:
                rkey = f"workspace:login-failures:{key}"
                pipe.zadd(rkey, {f"{now}:{secrets.token_hex(4)}": now})
                pipe.expire(rkey, self.window)
            pipe.execute()
            return
        for key in keys:
            db.session.add(LoginFailure(key=key))
        # Old rows are useless; prune them here rather than in a separate job.
        db.session.execute(
            delete(LoginFailure).where(LoginFailure.at < utcnow() - timedelta(seconds=self.window))
        )

    def clear(self, keys: list[str]) -> None:
        """A successful sign-in clears the account's counter (not the IP's)."""
        account_keys = [k for k in keys if k.startswith("account:")]
        if self.redis is not None:
            for key in account_keys:
                self.redis.delete(f"workspace:login-failures:{key}")
            return
        db.session.execute(delete(LoginFailure).where(LoginFailure.key.in_(account_keys)))


def throttle() -> LoginThrottle:
    return current_app.extensions["login_throttle"]


def is_safe_next(target: str | None) -> bool:
    """Only same-site relative paths: '/teams/3', never '//evil', 'http://x', '/\\evil'."""
    if not target or not isinstance(target, str) or len(target) > 2000:
        return False
    if not target.startswith("/") or target.startswith("//") or target.startswith("/\\"):
        return False
    return not any(ch in target for ch in ("\\", "\r", "\n", "\t", "\x00")) and ":" not in target.split("?")[0]
