"""The calendar feed: a person's secret feed addresses on their account page (create: the
address is shown once; revoke, after a confirmation) and the public feed itself,
`GET /calendar/<secret>.ics` (no session: a calendar app has none; listed in PUBLIC_ENDPOINTS).

The feed answers 404 alike for an unknown, revoked or malformed secret and for a closed
account. It is rate-limited per address and per client, and answers 304 to a calendar that
already holds the current version (ETag)."""

from __future__ import annotations

from flask import Response, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm

from .. import ratelimit, security
from ..conditional import fingerprint, not_modified, tagged
from ..errors import ValidationProblem
from ..http_errors import error_page
from ..loading import get_owned_or_404
from . import calendar_tokens as tokens
from .blueprint import bp
from .calendar_feed import build
from .models import CalendarToken
from .timeline_queries import feed_cohorts, feed_events, feed_state

#: feed requests allowed per client address, and per feed address, in each window
FEED_LIMIT_PER_CLIENT, FEED_LIMIT_PER_TOKEN, FEED_WINDOW_SECONDS = 120, 60, 600
#: feeds built lately, by ETag, in this process: calendar apps poll the same unchanged feed
#: every few hours, and a facilitator's (every cohort) takes about half a second to build.
#: The ETag names the token, so a body is never served for another person's feed.
BUILT_KEEP = 32
_BUILT: dict[str, bytes] = {}


def feed_url(secret: str) -> str:
    path = url_for("framework.calendar_feed", secret=secret)
    base = security.trusted_base_url()
    return base + path if base is not None else url_for("framework.calendar_feed", secret=secret, _external=True)


def _me():
    return current_user._get_current_object()


@bp.app_template_global("calendar_feeds")
def calendar_feeds() -> list[CalendarToken]:
    """The signed-in person's feed addresses, for the account page."""
    return tokens.tokens_of(_me()) if current_user.is_authenticated else []


@bp.post("/account/calendar")
def create_calendar_feed():
    form = FlaskForm()
    if not form.validate_on_submit():
        return redirect(url_for("auth.account") + "#calendar")
    try:
        new = tokens.create(_me())
    except ValidationProblem as problem:
        flash(problem.message, "error")
        return redirect(url_for("auth.account") + "#calendar")
    url = feed_url(new.secret)
    return render_template("framework/calendar_created.html", url=url,
                           webcal="webcal://" + url.split("://", 1)[-1]), 201


@bp.route("/account/calendar/<int:token_id>/revoke", methods=["GET", "POST"])
def revoke_calendar_feed(token_id: int):
    token = get_owned_or_404(CalendarToken, current_user.id, token_id)
    form = FlaskForm()
    if form.validate_on_submit():
        tokens.revoke(_me(), token)
        flash("The calendar feed address has been revoked: calendars using it stop updating.", "success")
        return redirect(url_for("auth.account") + "#calendar")
    return render_template("framework/calendar_revoke.html", token=token), 400 if form.is_submitted() else 200


def _not_found():
    return error_page(404, title="Page not found", message="This calendar address is not valid. It may have been "
                      "revoked: create a new one on your account page.")


@bp.get("/calendar/<secret>.ics")
def calendar_feed(secret: str):
    client = ratelimit.hit(f"calendar:client:{request.remote_addr}", FEED_LIMIT_PER_CLIENT, FEED_WINDOW_SECONDS)
    if not client.allowed:
        return _too_many(client.retry_after)
    found = tokens.owner_of(secret)
    if found is None:
        return _not_found()
    token, user = found
    per_token = ratelimit.hit(f"calendar:token:{token.id}", FEED_LIMIT_PER_TOKEN, FEED_WINDOW_SECONDS)
    if not per_token.allowed:
        return _too_many(per_token.retry_after)
    tokens.touch(token)
    cohorts = feed_cohorts(user)
    ids = [c.id for c in cohorts]
    etag = fingerprint("calendar", token.id, tuple((c.id, c.name) for c in cohorts), feed_state(ids))
    unchanged = not_modified(etag)
    if unchanged is not None:
        return unchanged
    body = _BUILT.get(etag)
    if body is None:
        body = build(feed_events(ids), cohorts)
        _BUILT[etag] = body
        while len(_BUILT) > BUILT_KEEP:
            _BUILT.pop(next(iter(_BUILT)))
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    response.headers["Content-Disposition"] = 'inline; filename="programme-timeline.ics"'
    response.headers["Cache-Control"] = "private, no-cache"
    return tagged(response, etag)


def _too_many(retry_after: int):
    response = Response(f"Too many requests for this calendar feed. Try again in {ratelimit.wait_phrase(retry_after)}.\n",
                        status=429, mimetype="text/plain")
    response.headers["Retry-After"] = str(retry_after)
    return response
