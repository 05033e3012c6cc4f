"""Marks in the JSON API (the OpenAPI document describes each route):

- `GET /teams/{team_id}/marks`: an assessor's own marking, and the others' only once they and
  every other assessor who started have finalised; a facilitator's every marking and the
  agreement. Members and the host partner: 404 (they read released feedback instead).
- `PUT /teams/{team_id}/marks/mine` and `POST .../marks/mine/finalise`: the assessor's draft and
  its finalisation (422 out of range; 409 finalised, stale or not submitted).
- `POST /teams/{team_id}/agreement` and `POST .../agreement/release`: the facilitator's.
- `GET /teams/{team_id}/feedback`: the team's released feedback; 404 before release, and to a host.
"""

from __future__ import annotations

from flask import jsonify
from flask_login import current_user
from werkzeug.exceptions import HTTPException

from ..api import ApiError, bp, json_body
from ..errors import refuse_unknown
from ..permissions import can
from . import access, queries
from . import feedback as released_feedback
from . import marking_operations as marking_ops
from . import moderation_operations as moderation_ops
from .rubric_defaults import ensure_rubric


def _me():
    return current_user._get_current_object()


def _team(team_id: int, capability: str):
    try:
        return access.team_for_marks(team_id, capability)
    except HTTPException as refused:
        if refused.code == 404:
            raise ApiError(404, "not_found", "Not found.") from None
        reason = refused.description if refused.description != type(refused).description else None
        raise ApiError(403, "forbidden", reason or "Your role does not allow this.") from None


def _conflict(problem: Exception, current_version: int | None = None):
    extra = {"current_version": current_version} if current_version is not None else None
    return ApiError(409, "conflict", str(problem), extra=extra)


def marking_json(view: queries.MarkingView, mine: bool) -> dict:
    m = view.marking
    return {
        "id": m.id, "label": view.label, "assessor": {"id": m.assessor_id, "name": view.assessor_name},
        "mine": mine, "status": m.status, "version": m.version, "overall_feedback": m.overall_feedback,
        "finalised_at": m.finalised_at.isoformat() if m.finalised_at else None,
        "component_marks": view.component_marks,
        "scores": [{"criterion_id": r.criterion.id, "component": component, "criterion": r.criterion.title,
                    "weight": r.criterion.weight, "max_score": r.criterion.max_score, "score": r.score,
                    "feedback": r.feedback} for component, rows in view.rows.items() for r in rows],
    }


def moderation_json(moderation) -> dict | None:
    if moderation is None:
        return None
    return {"report_mark": moderation.report_mark, "presentation_mark": moderation.presentation_mark,
            "overall_mark": moderation.overall_mark, "band": moderation.band, "note": moderation.note,
            "feedback": moderation.feedback, "agreed_at": moderation.agreed_at.isoformat(),
            "released_at": moderation.released_at.isoformat() if moderation.released_at else None,
            "version": moderation.version}


@bp.get("/teams/<int:team_id>/marks")
def get_marks(team_id: int):
    facilitator = False
    try:
        team = access.team_for_marks(team_id, "see_all_marks")
        facilitator = True
    except HTTPException as refused:
        if refused.code == 404:
            raise ApiError(404, "not_found", "Not found.") from None
        team = _team(team_id, "mark")
    submission = queries.standing_submission(team)
    if submission is None:
        return jsonify({"submitted": False, "markings": [], "agreement": None})
    criteria = queries.criteria_of(team.cohort_id)
    markings = queries.markings_of(submission)
    me = _me()
    if facilitator:
        visible = markings
    else:
        mine = next((m for m in markings if m.assessor_id == me.id), None)
        visible = [m for m in markings if m is mine or queries.others_visible(mine, markings)]
    views = queries.views_of(visible, criteria, markings)
    return jsonify({"submitted": True, "submission": submission.number,
                    "markings": [marking_json(v, v.marking.assessor_id == me.id) for v in views],
                    "agreement": moderation_json(queries.moderation_of(submission)) if facilitator else None})


def _version(data: dict):
    """The version the caller read: a whole number, 0 or more (as the document says), else 422
    (never a 409 conflict: a version that cannot exist is a malformed request, not a stale one)."""
    version = data.get("version")
    if version is not None and (isinstance(version, bool) or not isinstance(version, int) or version < 0):
        raise ApiError(422, "validation_failed", "version must be a whole number, 0 or more: the version you read",
                       {"version": "must be a whole number, 0 or more"})
    return version


def _is_number(value) -> bool:
    """JSON's number (integer or float, whose wholeness the operations check), never text or true/false:
    the forms send text, the API must send the type its document names."""
    return not isinstance(value, bool) and isinstance(value, int | float)


def _refuse_mistyped_marks(data: dict) -> None:
    """The agreement's marks are integers in the document: text and true/false are refused (422)."""
    problems = {name: f"{name} must be a whole number from 0 to 100"
                for name in ("report_mark", "presentation_mark")
                if data.get(name) is not None and not _is_number(data[name])}
    if problems:
        raise ApiError(422, "validation_failed", "; ".join(problems.values()), problems)


def _my_view(team):
    submission = queries.standing_submission(team)
    mine = queries.my_marking(submission, _me())
    criteria = queries.criteria_of(team.cohort_id)
    markings = queries.markings_of(submission)
    return marking_json(queries.views_of([mine], criteria, markings)[0], True)


@bp.put("/teams/<int:team_id>/marks/mine")
def put_my_marks(team_id: int):
    team = _team(team_id, "mark")
    data = json_body()
    refuse_unknown(data, {"scores", "overall_feedback", "version"}, "marking")
    scores = data.get("scores", [])
    if not isinstance(scores, list) or len(scores) > 200 or not all(isinstance(s, dict) for s in scores):
        raise ApiError(422, "validation_failed", "scores must be a list of {criterion_id, score, feedback}",
                       {"scores": "must be a list of objects"})
    entries: dict = {}
    for item in scores:
        refuse_unknown(item, {"criterion_id", "score", "feedback"}, "score")
        cid = item.get("criterion_id")
        if isinstance(cid, bool) or not isinstance(cid, int):
            raise ApiError(422, "validation_failed", "criterion_id must be a criterion's id",
                           {"criterion_id": "must be a whole number"})
        score = item.get("score")
        if score is not None and not _is_number(score):
            raise ApiError(422, "validation_failed", f"score (criterion {cid}) must be a whole number or null",
                           {f"score-{cid}": "must be a whole number or null"})
        entries[cid] = {k: item[k] for k in ("score", "feedback") if k in item}
    ensure_rubric(team.cohort)
    try:
        marking_ops.save(team, _me(), entries, data.get("overall_feedback"), version=_version(data))
    except marking_ops.Stale as stale:
        raise _conflict(stale, stale.marking.version if stale.marking is not None else 0) from None
    except marking_ops.Refused as refused:
        raise _conflict(refused) from None
    return jsonify(_my_view(team))


@bp.post("/teams/<int:team_id>/marks/mine/finalise")
def finalise_my_marks(team_id: int):
    team = _team(team_id, "mark")
    data = json_body()
    refuse_unknown(data, {"version"}, "finalise")
    try:
        marking_ops.finalise(team, _me(), version=_version(data))
    except marking_ops.Stale as stale:
        raise _conflict(stale, stale.marking.version if stale.marking is not None else 0) from None
    except marking_ops.Refused as refused:
        raise _conflict(refused) from None
    return jsonify(_my_view(team))


@bp.post("/teams/<int:team_id>/agreement")
def post_agreement(team_id: int):
    team = _team(team_id, "moderate_marks")
    data = json_body()
    refuse_unknown(data, {"report_mark", "presentation_mark", "note", "feedback", "version"}, "agreement")
    _refuse_mistyped_marks(data)
    try:
        moderation = moderation_ops.agree(team, _me(), data, version=_version(data))
    except (moderation_ops.Stale, marking_ops.Refused) as refused:
        raise _conflict(refused) from None
    return jsonify(moderation_json(moderation))


@bp.post("/teams/<int:team_id>/agreement/release")
def release_agreement(team_id: int):
    team = _team(team_id, "moderate_marks")
    try:
        moderation = moderation_ops.release(team, _me())
    except (moderation_ops.Stale, marking_ops.Refused) as refused:
        raise _conflict(refused) from None
    return jsonify(moderation_json(moderation))


@bp.get("/teams/<int:team_id>/feedback")
def get_feedback(team_id: int):
    team = _team(team_id, "see_released_marks")
    moderation = queries.released_moderation(team)
    if moderation is None or not can(current_user, "see_released_marks", team):
        raise ApiError(404, "not_found", "Not found.")
    return jsonify(released_feedback.as_json(team, moderation))
