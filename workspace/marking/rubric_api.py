"""The rubric in the JSON API: a cohort's (facilitator: read and replace) and a team's (anyone
who may view the team's work). Errors: 422 with a message per field when the rubric is not
valid (weights not adding up to 100 per component, bands, scores); 409 when marking has started
and the change would alter marks given, or when `version` is not the rubric's current one."""

from __future__ import annotations

from flask import jsonify
from flask_login import current_user

from ..api import ApiError, bp, json_body, require_api, team_for
from ..extensions import db
from ..models import Cohort
from . import rubric as arithmetic
from . import rubric_operations as ops
from .models import COMPONENTS, Rubric
from .rubric_defaults import criteria_of, ensure_rubric


def rubric_json(rubric: Rubric, criteria) -> dict:
    return {
        "cohort_id": rubric.cohort_id,
        "version": rubric.version,
        "bands": [{"name": b["name"], "min": b["min"]} for b in rubric.bands],
        "report_weight": rubric.report_weight,
        "presentation_weight": 100 - rubric.report_weight,
        "criteria": {component: [criterion_json(c) for c in criteria if c.component == component]
                     for component in COMPONENTS},
        "readiness": arithmetic.readiness(criteria),
        "marking_started": ops.marking_started(rubric.cohort_id),
        "updated_at": rubric.updated_at.isoformat() if rubric.updated_at else None,
    }


def criterion_json(c) -> dict:
    return {"id": c.id, "title": c.title, "guidance": c.guidance, "weight": c.weight, "max_score": c.max_score,
            "position": c.position, "descriptors": dict(c.descriptors or {})}


def _cohort(cohort_id: int) -> Cohort:
    require_api("administer")
    cohort = db.session.get(Cohort, cohort_id)
    if cohort is None:
        raise ApiError(404, "not_found", "Not found.")
    return cohort


@bp.get("/cohorts/<int:cohort_id>/rubric")
def get_cohort_rubric(cohort_id: int):
    cohort = _cohort(cohort_id)
    rubric = ensure_rubric(cohort)
    return jsonify(rubric_json(rubric, criteria_of(cohort.id)))


@bp.put("/cohorts/<int:cohort_id>/rubric")
def put_cohort_rubric(cohort_id: int):
    cohort = _cohort(cohort_id)
    data = json_body()
    unknown = set(data) - {"bands", "report_weight", "criteria", "version", "presentation_weight",
                           "cohort_id", "readiness", "marking_started", "updated_at"}
    if unknown:
        raise ApiError(422, "validation_failed", f"Unknown field: {sorted(unknown)[0]}.",
                       {name: "Unknown field" for name in sorted(unknown)})
    try:
        rubric = ops.replace_rubric(cohort, current_user, data)
    except ops.RubricLocked as locked:
        raise ApiError(409, "rubric_locked", locked.message) from None
    except ops.RubricStale as stale:
        raise ApiError(409, "stale", stale.message, extra={"current_version": ensure_rubric(cohort).version}) from None
    return jsonify(rubric_json(rubric, criteria_of(cohort.id)))


@bp.get("/teams/<int:team_id>/rubric")
def get_team_rubric(team_id: int):
    team = team_for(team_id, "view")
    rubric = ensure_rubric(team.cohort)
    body = rubric_json(rubric, criteria_of(team.cohort_id))
    body.pop("marking_started")  # the facilitator's concern, not the team's
    return jsonify(body)
