"""How an HTTP error reaches a person: an NHS.UK-style page, or the API's error format under /api/.

Werkzeug's own descriptions ("read-protected or not readable by the server") are written for
developers, so they are never shown. Our code's own reason for an error (`abort(403, "Template
sections are set by the programme ...")`) is shown, beside wording that says what happened and
what to do next. Headers the error carries (`Allow` on a 405, `Retry-After` on a 429) are kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import current_app, jsonify, render_template, request
from werkzeug.exceptions import HTTPException


@dataclass(frozen=True)
class ErrorKind:
    title: str  # the page's heading: what happened, in plain words
    code: str  # the API's `error.code`
    message: str  # the API's `error.message` when our code gave no reason of its own


ERROR_KINDS: dict[int, ErrorKind] = {
    400: ErrorKind("There was a problem with your request", "bad_request", "The request is not valid."),
    401: ErrorKind("Sign in to continue", "unauthorized", "Sign in or send a valid API token."),
    403: ErrorKind("You do not have permission to do that", "forbidden", "Your role does not allow this."),
    404: ErrorKind("Page not found", "not_found", "Not found."),
    405: ErrorKind(
        "That action is not allowed here", "method_not_allowed", "This address does not accept that method."
    ),
    413: ErrorKind(
        "What you sent is too large", "too_large", "The request is larger than this service accepts."
    ),
    429: ErrorKind("Too many attempts", "rate_limited", "Too many requests: wait, then try again."),
    500: ErrorKind(
        "Sorry, there is a problem with the service", "server_error", "Something went wrong on our side."
    ),
}

#: the headers of an error's own response that describe the error, not its body
_PASSED_ON_HEADERS = frozenset({"allow", "retry-after", "www-authenticate"})


def is_api_request() -> bool:
    return request.path.startswith("/api/")


def error_response(status: int, code: str, message: str, fields: dict | None = None, extra: dict | None = None):
    """The API's error format: `{"error": {"code", "message", "fields"?}, ...extra}`."""
    error: dict[str, Any] = {"code": code, "message": message}
    if fields:
        error["fields"] = fields
    return jsonify({"error": error, **(extra or {})}), status


def _kind(status: int, error: HTTPException | None = None) -> ErrorKind:
    """The wording for a status; a rarer one (410, 415) is named after the error itself."""
    if status in ERROR_KINDS:
        return ERROR_KINDS[status]
    if error is None or status >= 500:
        return ERROR_KINDS[500 if status >= 500 else 400]
    name = error.name or "Error"
    return ErrorKind(name, name.lower().replace(" ", "_"), ERROR_KINDS[400].message)


def own_reason(error: HTTPException) -> str | None:
    """The reason our code gave with `abort(status, reason)`, or None for Werkzeug's default."""
    description = error.description
    if not description or description == type(error).description:
        return None
    return description


def retry_after_seconds(error: HTTPException) -> int | None:
    retry_after = getattr(error, "retry_after", None)
    if retry_after is None:
        return None
    if isinstance(retry_after, int):
        return retry_after
    seconds = (retry_after - retry_after.now(retry_after.tzinfo)).total_seconds()
    return max(int(seconds), 1)


def _passed_on_headers(error: HTTPException) -> list[tuple[str, str]]:
    return [(name, value) for name, value in error.get_headers() if name.lower() in _PASSED_ON_HEADERS]


def _api_message(status: int, error: HTTPException) -> str:
    if status >= 500:
        return _kind(status).message  # never a developer's words or a stack's
    reason = own_reason(error)
    if reason:
        return reason
    if status == 405 and getattr(error, "valid_methods", None):
        usable = [m for m in error.valid_methods if m not in ("HEAD", "OPTIONS")] or list(error.valid_methods)
        return f"This address does not accept {request.method}. Use {' or '.join(usable)}."
    if status == 413:
        return f"The request is larger than this service accepts ({_size_limit()}). Send less."
    return _kind(status, error).message


def _size_limit() -> str:
    limit = current_app.config.get("MAX_CONTENT_LENGTH") or 0
    return f"{limit / (1024 * 1024):g} MB" if limit >= 1024 * 1024 else f"{limit // 1024} KB"


def error_page(status: int, *, title: str | None = None, message: str | None = None, **context):
    """The NHS.UK-style error page: what happened, our reason if any, and what to do next."""
    return render_template(
        "errors/error.html",
        status=status,
        title=title or _kind(status).title,
        message=message,
        size_limit=_size_limit(),
        **context,
    ), status


def answer_http_error(error: HTTPException):
    """An HTTPException as a page, or in the API's error format under /api/."""
    status = error.code or 500
    if is_api_request():
        if hasattr(error, "error_code"):  # an ApiError already carries our error body
            return error.get_response()
        body, status = error_response(status, _kind(status, error).code, _api_message(status, error))
    else:
        reason = own_reason(error) if status < 500 else None
        body, status = error_page(
            status, title=_kind(status, error).title, message=reason, retry_after=retry_after_seconds(error)
        )
    return body, status, _passed_on_headers(error)


def answer_unexpected_error():
    """A failure nobody planned for: the 500 page, or the API's 500, with no details."""
    if is_api_request():
        return error_response(500, ERROR_KINDS[500].code, ERROR_KINDS[500].message)
    return error_page(500)
