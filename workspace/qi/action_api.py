"""The action log in the JSON API (shared/api.md, and the OpenAPI document):

- `GET, POST /teams/{team_id}/actions`: the log by id, a page at a time, filtered by `owner`
  (a member's id, or none), `status` and `due` (overdue, week, none) as query arguments;
- `GET, PATCH, DELETE /teams/{team_id}/actions/{id}`: PATCH changes the fields sent; with
  `version` (the version read), an action changed since answers 409 with `current_version`.

A stakeholder a host partner may not see is `null` in their answers.
"""

from __future__ import annotations

from flask import jsonify, request, url_for
from flask_login import current_user

from ..api import ApiError, bp, json_body, list_response, page_args, team_for
from ..domains import DOMAINS
from ..extensions import db
from ..permissions import can
from . import action_operations as ops
from . import action_queries
from .action_fields import STATUS_LABELS
from .models import Action


def _me():
    return current_user._get_current_object()


def _action(team, action_id: int) -> Action:
    action = action_queries.get_action(team, action_id)
    if action is None:
        raise ApiError(404, "not_found", "There is no such action in this team.")
    return action


def action_json(action: Action, links: action_queries.Links, owners: dict[int, str], on) -> dict:
    return {
        "id": action.id, "title": action.title, "detail": action.detail, "owner_id": action.owner_id,
        "owner": {"id": action.owner_id, "name": owners.get(action.owner_id, "")} if action.owner_id else None,
        "due_on": action.due_on.isoformat() if action.due_on else None, "status": action.status,
        "status_label": STATUS_LABELS[action.status], "overdue": action_queries.is_overdue(action, on),
        "domain": action.domain, "domain_label": DOMAINS.get(action.domain or "") or None,
        "pdsa_id": action.pdsa_id if action.pdsa_id in links.cycles else None,
        "change_idea_id": action.change_idea_id if action.change_idea_id in links.ideas else None,
        "stakeholder_id": action.stakeholder_id if action.stakeholder_id in links.stakeholders else None,
        "completed_on": action.completed_on.isoformat() if action.completed_on else None,
        "version": action.version, "created_at": action.created_at.isoformat(),
        "updated_at": action.updated_at.isoformat(),
    }


def _serialized(team, actions: list[Action]) -> list[dict]:
    links = action_queries.links_for(team, actions, can(current_user, "see_confidential_stakeholders", team))
    owners = action_queries.owner_names(action_queries.members_of(team), actions)
    on = action_queries.today()
    return [action_json(action, links, owners, on) for action in actions]


def _split(data: dict) -> tuple[dict, object]:
    version = data.pop("version", None)
    return data, version


@bp.get("/teams/<int:team_id>/actions")
def list_actions(team_id: int):
    team = team_for(team_id, "view")
    filters, problems = action_queries.read_filters(request.args, set(action_queries.members_of(team)))
    if problems:
        raise ApiError(400, "bad_request", next(iter(problems.values())), problems)
    cursor, limit = page_args()
    stmt = action_queries.filtered(
        db.select(Action).where(Action.team_id == team.id, Action.deleted_at.is_(None)), filters,
        action_queries.today()).order_by(Action.id)
    if cursor is not None:
        stmt = stmt.where(Action.id > cursor)
    rows = list(db.session.scalars(stmt.limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    return list_response(_serialized(team, rows), rows[-1].id if more else None)


@bp.post("/teams/<int:team_id>/actions")
def create_action(team_id: int):
    team = team_for(team_id, "edit")
    data, _version = _split(json_body())
    action = ops.create(team, _me(), data)
    response = jsonify(_serialized(team, [action])[0])
    response.headers["Location"] = url_for("api.get_action", team_id=team.id, action_id=action.id)
    return response, 201


@bp.get("/teams/<int:team_id>/actions/<int:action_id>")
def get_action(team_id: int, action_id: int):
    team = team_for(team_id, "view")
    return jsonify(_serialized(team, [_action(team, action_id)])[0])


@bp.patch("/teams/<int:team_id>/actions/<int:action_id>")
def patch_action(team_id: int, action_id: int):
    team = team_for(team_id, "edit")
    action = _action(team, action_id)
    data, version = _split(json_body())
    if version is not None and (isinstance(version, bool) or not isinstance(version, int)):
        raise ApiError(422, "validation_failed", "version must be a whole number: the version you read",
                       {"version": "must be a whole number"})
    try:
        ops.update(team, action, _me(), data, version=version)
    except ops.Stale as stale:
        raise ApiError(409, "conflict", str(stale), extra={"current_version": ops.stale_version(stale)}) from None
    return jsonify(_serialized(team, [action])[0])


@bp.delete("/teams/<int:team_id>/actions/<int:action_id>")
def delete_action(team_id: int, action_id: int):
    team = team_for(team_id, "edit")
    ops.delete(team, _action(team, action_id), _me())
    return "", 204
