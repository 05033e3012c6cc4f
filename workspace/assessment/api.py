"""Submission routes of the JSON API: status and history, submit, reopen, the Word report."""

from __future__ import annotations

from flask import jsonify, request
from flask_login import current_user

from ..api import ApiError, bp, json_body, team_for
from ..loading import get_for_team
from ..permissions import can
from ..report import readiness as report
from . import operations as ops
from .downloads import send_word_file, word_report_for
from .models import Submission
from .queries import deadline_of, submissions_of


def _me():
    return current_user._get_current_object()


def _iso(value):
    return value.isoformat() if value else None


def submission_json(submission: Submission, *, with_reason: bool) -> dict:
    """`with_reason`: whether the reader may see why it was reopened (see_reopen_reasons)."""
    return {
        "id": submission.id, "number": submission.number, "submitted_at": _iso(submission.submitted_at),
        "submitted_by": ({"id": submission.submitted_by.id, "name": submission.submitted_by.name}
                         if submission.submitted_by else None),
        "sha256": submission.sha256, "size": submission.size, "late": submission.late,
        "due_on": _iso(submission.due_on), "word_count": submission.word_count,
        "failed_parts": submission.failed_parts or [],
        # The presentation deck frozen with the report (issue 12); null before that issue.
        "pptx_sha256": submission.pptx_sha256, "pptx_size": submission.pptx_size,
        "pptx_failed_parts": submission.pptx_failed_parts or [],
        "reopened_at": _iso(submission.reopened_at),
        "reopened_by": ({"id": submission.reopened_by.id, "name": submission.reopened_by.name}
                        if submission.reopened_by else None),
        "reopen_reason": submission.reopen_reason if with_reason else None,
    }


def checklist_json(ready: report.Readiness) -> dict:
    return {
        "complete": ready.complete,
        "empty_sections": [s.key for s in ready.empty],
        "sections_not_final": [s.key for s in ready.not_final],
        "word_total": ready.total.as_json(),
        "over_limit": ready.over_limit,
        "open_comments": ready.open_comment_total,
        "sections_with_conflict_markers": [s.key for s in ready.conflicted],
    }


@bp.get("/teams/<int:team_id>/submission")
def get_submission(team_id: int):
    team = team_for(team_id, "view")
    history = submissions_of(team)
    standing = next((s for s in history if s.is_standing), None) if team.is_submitted else None
    deadline = deadline_of(team)
    with_reason = can(current_user, "see_reopen_reasons", team)
    return jsonify({
        "status": "submitted" if standing else "not_submitted",
        "submitted_at": _iso(standing.submitted_at) if standing else None,
        "sha256": standing.sha256 if standing else None,
        "late": standing.late if standing else None,
        "due_on": _iso(deadline.due_on), "days_left": deadline.days_left,
        "checklist": None if standing else checklist_json(report.readiness(team)),
        "history": [submission_json(s, with_reason=with_reason) for s in history],
    })


def _optional_json() -> dict:
    """The submit call needs no body; when one is sent it must be a JSON object."""
    return json_body() if request.get_data(cache=True) else {}


@bp.post("/teams/<int:team_id>/submission")
def post_submission(team_id: int):
    team = team_for(team_id, "submit_report")
    data = _optional_json()
    confirmed = data.get("confirm_declaration", False)
    if not isinstance(confirmed, bool):
        raise ApiError(400, "bad_request", "confirm_declaration must be true or false.",
                       {"confirm_declaration": "must be true or false"})
    try:
        outcome = ops.submit(team, _me(), declaration_confirmed=confirmed)
    except ops.SubmissionRefused as refused:
        raise ApiError(409, refused.code, str(refused)) from None
    body = {**submission_json(outcome.submission, with_reason=True), "created": outcome.created}
    return jsonify(body), 201 if outcome.created else 200


@bp.post("/teams/<int:team_id>/submissions/<int:submission_id>/reopen")
def reopen_submission(team_id: int, submission_id: int):
    team = team_for(team_id, "reopen_submission")
    submission = get_for_team(Submission, team, submission_id)  # its 404 answers in the API's format
    try:
        ops.reopen(team, submission, _me(), json_body().get("reason"))
    except ops.NotStanding:
        raise ApiError(409, "not_standing", "This submission has been reopened already.") from None
    except ops.SubmissionRefused as refused:
        raise ApiError(409, refused.code, str(refused)) from None
    return jsonify(submission_json(submission, with_reason=True))


@bp.get("/teams/<int:team_id>/report.docx")
def report_docx(team_id: int):
    team = team_for(team_id, "see_team")
    return send_word_file(word_report_for(_me(), team))
