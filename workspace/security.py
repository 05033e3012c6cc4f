"""Request-wide security: CSP nonces and headers, session timeouts, password-guess throttling."""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit

from flask import current_app, g, has_request_context, request, session
from flask_login import current_user, logout_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape
from werkzeug.sansio.utils import host_is_trusted

from . import ratelimit
from .ratelimit import Hit


def csp_nonce() -> str:
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(18)
    return g.csp_nonce


def csrf_input() -> Markup:
    """A form's hidden CSRF field. The same token `{{ form.csrf_token }}` renders, without
    WTForms' widget machinery (a twentieth of a short page's time) and without its
    `id="csrf_token"`, which repeated on every page holding more than one form. Built once per
    request: a page of comment threads holds two forms a thread."""
    if "csrf_input" not in g:
        g.csrf_input = Markup('<input type="hidden" name="csrf_token" value="%s">') % generate_csrf()
    return g.csrf_input


def post_button(action: str, text: str, options: dict | None = None) -> Markup:
    """A POST button in its own form, for actions such as revoke, resolve or remove. A function
    rather than a template macro: a page of comment threads calls it once a thread, and a Jinja
    macro call cost more than the HTML it made. Every value is escaped.

    options: "classes" (default: a small secondary button), "attributes" (on the form),
    "fields" (hidden inputs), "aria_label" (the button's), "hidden_text" (words after the
    visible text that only assistive technology reads, e.g. "Move down" + " recommendation 1":
    the accessible name then starts with the visible text, as WCAG 2.5.3 asks, which an
    aria_label that rewords it does not), "autofocus" (true: the button takes the focus when the
    page loads, as after a move that reloads the page).
    """
    options = options or {}
    attributes = "".join(f' {escape(name)}="{escape(value)}"' for name, value in options.get("attributes", {}).items())
    fields = "".join(f'\n    <input type="hidden" name="{escape(name)}" value="{escape(value)}">'
                     for name, value in options.get("fields", {}).items())
    label = f' aria-label="{escape(options["aria_label"])}"' if options.get("aria_label") else ""
    if options.get("autofocus"):
        label += " autofocus"
    classes = escape(options.get("classes", "nhsuk-button--secondary nhsuk-button--small"))
    content = escape(text)
    if options.get("hidden_text"):
        content += Markup('<span class="nhsuk-u-visually-hidden">%s</span>') % options["hidden_text"]
    return Markup(  # noqa: S704 - every value above is escaped
        f'<form method="post" action="{escape(action)}" class="app-inline-form" novalidate{attributes}>\n'
        f"    {csrf_input()}{fields}\n"
        f'    <button type="submit" class="nhsuk-button {classes}" data-module="nhsuk-button"{label}>{content}</button>\n'
        "  </form>"
    )


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


# --- password-guess throttling ----------------------------------------------------------


@dataclass(frozen=True)
class PasswordAttempt:
    """One password guess, already counted against its account and its IP address."""

    hits: dict[str, Hit]  # rate-limit key -> what counting found

    @property
    def allowed(self) -> bool:
        return all(hit.allowed for hit in self.hits.values())

    @property
    def retry_after(self) -> int:
        return max((hit.retry_after for hit in self.hits.values() if not hit.allowed), default=0)

    def refusals_to_audit(self) -> list[tuple[str, Hit]]:
        """The refused keys worth an audit row now: the 1st, 10th, 100th... refusal in a window.

        Anyone can send refused guesses without an account; one row each would let them grow
        the audit table without limit. These rows carry the running count instead.
        """
        return [(key, hit) for key, hit in self.hits.items() if _is_power_of_ten(hit.refused_so_far)]


def _is_power_of_ten(n: int) -> bool:
    digits = str(n)
    return n > 0 and digits[0] == "1" and set(digits[1:]) <= {"0"}


def _account_key(email: str, scope: str = "password") -> str:
    return f"{scope}:account:{email.strip().lower()[:254]}"


def count_password_attempt(email: str, ip: str | None, scope: str = "password") -> PasswordAttempt:
    """Count a password guess before checking it: per account (a few) and per IP (many, since
    a whole NHS trust can share one address behind its NAT). Another `scope` (password-reset
    requests) counts the same way in counters of its own."""
    config = current_app.config
    window = config["LOGIN_WINDOW_SECONDS"]
    limits = {_account_key(email, scope): config["LOGIN_MAX_FAILURES"]}
    if ip:
        limits[_ip_key(ip, scope)] = config["LOGIN_MAX_PER_IP"]
    return PasswordAttempt({key: ratelimit.hit(key, limit, window) for key, limit in limits.items()})


def _ip_key(ip: str, scope: str = "password") -> str:
    return f"{scope}:ip:{ip}"


def forget_password_failures(email: str, ip: str | None = None) -> None:
    """The right password clears its account's count, and gives back the one guess it cost
    its IP address: others share that address (a whole trust behind one NAT), so a morning of
    correct sign-ins must not use up the IP's budget. Its failures still count."""
    ratelimit.clear(_account_key(email))
    if ip:
        ratelimit.refund(_ip_key(ip))


# --- links that leave the site ----------------------------------------------------------

#: addresses of the local development server, trusted for links in development only
LOCAL_HOSTNAMES = frozenset({"localhost", "127.0.0.1", "::1"})


def trusted_base_url() -> str | None:
    """The site's address for links sent by email, or None when no trusted one is known.

    Never the Host header on its own: anyone can send any Host, and a link built from it would
    carry a password-setting secret to their server. Trusted are PUBLIC_BASE_URL; else this
    request's host when TRUSTED_HOSTS lists it (Flask refuses other hosts then anyway); else,
    in development, the local server's own address.
    """
    config = current_app.config
    if config.get("PUBLIC_BASE_URL"):
        return config["PUBLIC_BASE_URL"].rstrip("/")
    if not has_request_context():
        return None
    trusted_hosts = config.get("TRUSTED_HOSTS")
    if trusted_hosts:
        trusted = host_is_trusted(request.host, trusted_hosts)
    else:
        local = urlsplit("//" + request.host).hostname in LOCAL_HOSTNAMES
        trusted = local and config["ENV_NAME"] in {"development", "test"}
    return request.host_url.rstrip("/") if trusted else None


def is_safe_next(target: str | None) -> bool:
    """Only same-site relative paths: '/teams/3', never '//evil', 'http://x', '/\\evil'."""
    if not target or not isinstance(target, str) or len(target) > 2000:
        return False
    if not target.startswith("/") or target.startswith("//") or target.startswith("/\\"):
        return False
    return not any(ch in target for ch in ("\\", "\r", "\n", "\t", "\x00")) and ":" not in target.split("?")[0]
