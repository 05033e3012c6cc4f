"""The recommendations register in the JSON API (and the OpenAPI document):

- `GET, POST /teams/{team_id}/recommendations`: the register in the team's order (numbered),
  a page at a time by position;
- `GET, PATCH, DELETE /teams/{team_id}/recommendations/{id}`: PATCH changes the fields sent;
  with `version` (the version read), one changed since answers 409 with `current_version`;
- `PUT /teams/{team_id}/recommendations/{id}/response`: the host partner's response
  ({"response": "accept" | "consider" | "decline", "note": "..."}): the host's one write here.
"""

from __future__ import annotations

from flask import jsonify, url_for
from flask_login import current_user

from ..api import ApiError, bp, json_body, list_response, page_args, team_for
from ..errors import refuse_unknown
from . import criteria as useful
from . import recommendation_fields as fields
from . import recommendation_queries as queries
from . import recommendations as ops
from .models import Recommendation


def _me():
    return current_user._get_current_object()


def _recommendation(team, recommendation_id: int) -> Recommendation:
    found = queries.get_recommendation(team, recommendation_id)
    if found is None:
        raise ApiError(404, "not_found", "There is no such recommendation in this team.")
    return found


def recommendation_json(team, row: queries.Row, findings: list | None = None) -> dict:
    r = row.recommendation
    score = row.score
    return {
        "id": r.id, "number": row.number, "statement": r.statement, "rationale": r.rationale, "owner": r.owner,
        "time_frame": r.time_frame, "cost": r.cost, "intervention_id": r.intervention_id,
        "intervention": {"id": r.intervention_id, "name": row.intervention, "domain": row.domain}
        if row.intervention else None,
        "measures_of_success": r.measures_of_success,
        "criteria": {key: {"rating": rating, "note": note} if rating else None
                     for key, _label, rating, note in useful.rows(r.criteria)},
        "score": {"met": score.met, "assessed": score.assessed, "of": score.total, "label": score.label},
        "findings": findings if findings is not None else None,
        "host_response": r.host_response, "host_response_label": fields.RESPONSE_LABELS.get(r.host_response or "",
                                                                                             fields.AWAITING),
        "host_response_note": r.host_response_note,
        "host_responded_at": r.host_responded_at.isoformat() if r.host_responded_at else None,
        "version": r.version, "created_at": r.created_at.isoformat(), "updated_at": r.updated_at.isoformat(),
    }


def _one(team, found: Recommendation) -> dict:
    row = next(row for row in queries.register(team) if row.recommendation.id == found.id)
    findings = [{"kind": kind, "id": target.id, "title": target.title, "url": target.url}
                for kind, target in queries.linked_findings(team, found, _me())]
    return recommendation_json(team, row, findings)


@bp.get("/teams/<int:team_id>/recommendations")
def list_recommendations(team_id: int):
    """By number (the team's order); `cursor` is the number to continue after. Findings are
    on each recommendation's own answer."""
    team = team_for(team_id, "view")
    cursor, limit = page_args()
    rows = [row for row in queries.register(team) if cursor is None or row.number > cursor]
    page = rows[:limit]
    return list_response([recommendation_json(team, row) for row in page],
                         page[-1].number if len(rows) > limit else None)


@bp.post("/teams/<int:team_id>/recommendations")
def create_recommendation(team_id: int):
    team = team_for(team_id, "edit")
    found = ops.create(team, _me(), json_body())
    response = jsonify(_one(team, found))
    response.headers["Location"] = url_for("api.get_recommendation", team_id=team.id, recommendation_id=found.id)
    return response, 201


@bp.get("/teams/<int:team_id>/recommendations/<int:recommendation_id>")
def get_recommendation(team_id: int, recommendation_id: int):
    team = team_for(team_id, "view")
    return jsonify(_one(team, _recommendation(team, recommendation_id)))


@bp.patch("/teams/<int:team_id>/recommendations/<int:recommendation_id>")
def patch_recommendation(team_id: int, recommendation_id: int):
    team = team_for(team_id, "edit")
    found = _recommendation(team, recommendation_id)
    data = json_body()
    version = data.pop("version", None)
    if version is not None and (isinstance(version, bool) or not isinstance(version, int)):
        raise ApiError(422, "validation_failed", "version must be a whole number: the version you read",
                       {"version": "must be a whole number"})
    try:
        ops.update(team, found, _me(), data, version=version)
    except ops.Stale as stale:
        raise ApiError(409, "conflict", str(stale), extra={"current_version": ops.stale_version(stale)}) from None
    return jsonify(_one(team, found))


@bp.delete("/teams/<int:team_id>/recommendations/<int:recommendation_id>")
def delete_recommendation(team_id: int, recommendation_id: int):
    team = team_for(team_id, "edit")
    ops.delete(team, _recommendation(team, recommendation_id), _me())
    return "", 204


@bp.put("/teams/<int:team_id>/recommendations/<int:recommendation_id>/response")
def put_recommendation_response(team_id: int, recommendation_id: int):
    """The host partner's response; allowed after the team has submitted."""
    team = team_for(team_id, "respond_to_recommendations")
    found = _recommendation(team, recommendation_id)
    data = json_body()
    refuse_unknown(data, ("response", "note"), "response")
    ops.respond(team, found, _me(), data.get("response"), data.get("note", ""))
    return jsonify(_one(team, found))
