"""The framework and tags in the JSON API.

- GET /cohorts/<id>/framework: the cohort's framework (facilitators, and anyone in a live team
  of the cohort; to anyone else the cohort does not exist: 404).
- GET /teams/<id>/tags (?target_type=&target_id=, cursor, limit): the team's tags on items the caller
  may see, oldest first, a page at a time.
- POST /teams/<id>/tags {target_type, target_id, tag: "domain:<id>" | "behaviour:<id>"}: 201 with
  the new tag, 200 with the one it had (tagging again changes nothing). 422 for a tag not of the
  cohort's framework or an unknown type, 404 for an item the caller may not see, 409 once submitted.
- DELETE /teams/<id>/tags/<tag_id>: 204.
"""

from __future__ import annotations

from flask import jsonify, request
from flask_login import current_user
from sqlalchemy import select
from werkzeug.exceptions import HTTPException

from ..api import ApiError, bp, json_body, page_args, team_for
from ..errors import ValidationProblem, refuse_unknown
from ..extensions import db
from ..models import Cohort, Membership, Team
from . import tags as ops
from .setup import Framework, framework_for
from .tag_queries import MAX_IDS, tag_view, team_tags


def framework_json(framework: Framework) -> dict:
    def item(i):
        return {"id": i.id, "name": i.name, "description": i.description, "position": i.position}

    return {
        "cohort_id": framework.cohort_id,
        "domains": [{"id": d.id, "key": d.key, "name": d.name, "description": d.description, "position": d.position,
                     "ref": f"domain:{d.id}",
                     "behaviours": [{**item(b), "ref": f"behaviour:{b.id}"} for b in d.behaviours],
                     "interventions": [item(i) for i in d.interventions]} for d in framework.domains],
        "themes": [{"name": theme, "behaviours": [{**item(b), "ref": f"behaviour:{b.id}"} for b in items]}
                   for theme, items in framework.themes.items()],
    }


def _cohort_for_caller(cohort_id: int) -> Cohort:
    cohort = db.session.get(Cohort, cohort_id)
    if cohort is not None and not current_user.is_facilitator:
        member = db.session.scalar(select(Membership.id).join(Team, Team.id == Membership.team_id).where(
            Membership.user_id == current_user.id, Team.cohort_id == cohort_id, Team.deleted_at.is_(None)).limit(1))
        if member is None:
            cohort = None
    if cohort is None:
        raise ApiError(404, "not_found", "Not found.")
    return cohort


@bp.get("/cohorts/<int:cohort_id>/framework")
def get_cohort_framework(cohort_id: int):
    return jsonify(framework_json(framework_for(_cohort_for_caller(cohort_id))))


def _refused(refused: HTTPException):
    if refused.code == 404:
        return ApiError(404, "not_found", "Not found.")
    return ApiError(403, "forbidden", "Your role does not allow this.")


@bp.get("/teams/<int:team_id>/tags")
def list_tags(team_id: int):
    team = team_for(team_id, "view")
    target_type = request.args.get("target_type") or None
    raw_id = request.args.get("target_id") or None
    try:
        if target_type is not None:
            ops.check_target_type(target_type)
        target_id = ops.check_target_id(raw_id) if raw_id is not None else None
    except ValidationProblem as problem:
        raise ApiError(400, "bad_request", problem.message) from None
    if target_id is not None and target_type is None:
        raise ApiError(400, "bad_request", "Give target_type with target_id.")
    after, limit = page_args(default=200, maximum=MAX_IDS)
    items = team_tags(team, current_user, target_type, target_id, after=after, limit=limit + 1)
    more, items = len(items) > limit, items[:limit]
    return jsonify({"items": [t.as_json() for t in items], "next": items[-1].id if more else None})


@bp.post("/teams/<int:team_id>/tags")
def add_tag(team_id: int):
    team = team_for(team_id, "view")
    data = json_body()
    refuse_unknown(data, {"target_type", "target_id", "tag"}, "tag")
    try:
        tag, created = ops.tag_item(team, data.get("target_type"), data.get("target_id"), data.get("tag"),
                          current_user._get_current_object())
    except ops.TargetMissing:
        raise ApiError(404, "not_found", "Not found.") from None
    except HTTPException as refused:
        raise _refused(refused) from None
    return jsonify(tag_view(team, tag.id).as_json()), 201 if created else 200


@bp.delete("/teams/<int:team_id>/tags/<int:tag_id>")
def delete_tag(team_id: int, tag_id: int):
    team = team_for(team_id, "view")
    try:
        ops.remove_tag(team, tag_id, current_user._get_current_object())
    except ops.TargetMissing:
        raise ApiError(404, "not_found", "Not found.") from None
    except HTTPException as refused:
        raise _refused(refused) from None
    return "", 204

