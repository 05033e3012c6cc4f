"""The JSON API under /api/v1: auth (session or Bearer token), the error format, lists.

Feature packages add their routes to `bp` from their own `api.py`; the modules are imported at
the bottom of this file so that registering the blueprint registers every route.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, g, jsonify, request
from flask_login import current_user
from werkzeug.exceptions import HTTPException

from ..cleaning import bounded_int
from ..errors import RateLimited, ValidationProblem
from ..extensions import csrf
from ..http_errors import error_response
from ..submitted import ReportSubmitted

bp = Blueprint("api", __name__)
csrf.exempt(bp)  # checked below, only for session-authenticated writes

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
#: API endpoints that need no caller
PUBLIC_API_ENDPOINTS = frozenset({"api.openapi"})


class ApiError(HTTPException):
    """An API failure with our error body: raise it anywhere under /api/v1."""

    def __init__(self, status: int, code: str, message: str, fields: dict | None = None, extra: dict | None = None):
        super().__init__(description=message)
        self.code = status
        self.error_code = code
        self.fields = fields
        self.extra = extra or {}

    def get_response(self, environ=None, scope=None):
        return error_response(self.code, self.error_code, self.description, self.fields, self.extra)


@bp.before_request
def authenticate():
    from ..auth.operations import touch_api_token
    from ..auth.sessions import user_for_bearer

    if request.endpoint in PUBLIC_API_ENDPOINTS:
        return None
    header = request.headers.get("Authorization", "")
    if header:
        scheme, _, secret = header.partition(" ")
        found = user_for_bearer(secret.strip()) if scheme.lower() == "bearer" else None
        if found is None:
            raise ApiError(401, "invalid_token", "The API token is missing, malformed, expired, revoked or unknown.")
        user, token = found
        g._login_user = user  # Flask-Login's current_user for this request only; no cookie
        g.api_token = token
        touch_api_token(token)
        return None
    if not current_user.is_authenticated:
        raise ApiError(401, "unauthorized", "Sign in or send a valid API token.")
    if request.method in WRITE_METHODS:
        csrf.protect()  # a browser session writing must prove it is our page
    return None


def json_body() -> dict:
    """The request's JSON object, or a 4xx that says what was wrong with it."""
    if not request.is_json:
        raise ApiError(415, "unsupported_media_type", "Send JSON with Content-Type: application/json.")
    try:
        data = json.loads(request.get_data(cache=True))
    except (ValueError, RecursionError):  # RecursionError: absurdly deep nesting
        raise ApiError(400, "malformed_json", "The request body is not valid JSON.") from None
    if not isinstance(data, dict):
        raise ApiError(400, "malformed_json", "The request body must be a JSON object.")
    return data


def require_api(capability: str, team=None) -> None:
    """The permissions module's rule, answered in the API's error format."""
    from ..permissions import require

    try:
        require(current_user, capability, team)
    except HTTPException as refused:
        if refused.code == 404:
            raise ApiError(404, "not_found", "Not found.") from None
        raise ApiError(403, "forbidden", "Your role does not allow this.") from None


def team_for(team_id: int, capability: str):
    """The live team, if the caller holds `capability` on it: 404 when the team is not theirs
    to see (or does not exist), 403 when they see it but may not do this. Every feature's API
    loads its team through this."""
    from ..loading import load_live_team

    team = load_live_team(team_id)
    if team is None:
        raise ApiError(404, "not_found", "Not found.")
    require_api(capability, team)
    return team


def list_response(items: list, next_cursor: Any = None):
    return jsonify({"items": items, "next": next_cursor})


def page_args(default: int = 50, maximum: int = 200) -> tuple[int | None, int]:
    """`cursor` (an id to continue after) and `limit` from the query string, validated."""
    limit = bounded_int(request.args.get("limit", str(default)))
    cursor = request.args.get("cursor")
    cursor_id = bounded_int(cursor) if cursor not in (None, "") else None
    if limit is None or (cursor not in (None, "") and cursor_id is None):
        raise ApiError(400, "bad_request", "cursor and limit must be whole numbers.")
    if not 1 <= limit <= maximum:
        raise ApiError(400, "bad_request", f"limit must be between 1 and {maximum}.")
    return cursor_id, limit


def paginate_by_id(stmt, model, serialize) -> Any:
    from ..extensions import db

    cursor_id, limit = page_args()
    if cursor_id is not None:
        stmt = stmt.where(model.id > cursor_id)
    rows = list(db.session.scalars(stmt.order_by(model.id).limit(limit + 1)).unique())
    more = len(rows) > limit
    rows = rows[:limit]
    return list_response([serialize(r) for r in rows], rows[-1].id if more else None)


@bp.errorhandler(ValidationProblem)
def _validation_problem(problem: ValidationProblem):
    return error_response(422, "validation_failed", problem.message, problem.fields)


@bp.errorhandler(ReportSubmitted)
def _report_submitted(refused: ReportSubmitted):
    # Any change to a submitted team's review, whichever feature refused it (submitted.py).
    return error_response(409, "submitted", str(refused))


@bp.errorhandler(RateLimited)
def _rate_limited(problem: RateLimited):
    response, status = error_response(429, "rate_limited", problem.message, problem.fields)
    response.headers["Retry-After"] = str(problem.retry_after)
    return response, status


@bp.get("/openapi.json")
def openapi():
    from .openapi import document

    return jsonify(document())


# Register the feature routes (each module adds its routes to `bp`).
from ..admin import api as _admin_api  # noqa: E402, F401
from ..assessment import api as _assessment_api  # noqa: E402, F401
from ..auth import api as _auth_api  # noqa: E402, F401
from ..exports import api as _exports_api  # noqa: E402, F401
from ..framework import recommendation_api as _framework_recommendation_api  # noqa: E402, F401
from ..framework import reflection_api as _framework_reflection_api  # noqa: E402, F401
from ..framework import scope_api as _framework_scope_api  # noqa: E402, F401
from ..framework import tag_api as _framework_tag_api  # noqa: E402, F401
from ..framework import timeline_api as _framework_timeline_api  # noqa: E402, F401
from ..marking import marks_api as _marking_marks_api  # noqa: E402, F401
from ..marking import rubric_api as _marking_rubric_api  # noqa: E402, F401
from ..presentation import deck_api as _presentation_deck_api  # noqa: E402, F401
from ..presentation import slides_api as _presentation_slides_api  # noqa: E402, F401
from ..processes import api as _processes_api  # noqa: E402, F401
from ..qi import action_api as _qi_action_api  # noqa: E402, F401
from ..qi import measure_api as _qi_measure_api  # noqa: E402, F401
from ..qi import pdsa_api as _qi_pdsa_api  # noqa: E402, F401
from ..report import api as _report_api  # noqa: E402, F401
from ..stakeholders import api as _stakeholders_api  # noqa: E402, F401
from ..teams import api as _teams_api  # noqa: E402, F401
