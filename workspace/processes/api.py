"""Process-map routes of the JSON API (shared/api.md, and the OpenAPI document):

- `GET, POST /teams/{team_id}/process-maps`; `GET, PATCH, DELETE .../process-maps/{id}`
- `PUT .../process-maps/{id}/order`: the step ids in a new order, from the version read (the
  drag script's save; 409 when the map changed since).

A step carries `minutes` (its cycle time, or for a `wait` step the wait) and an optional
`wait_minutes` before it. A map POSTed (or PATCHed) with `steps` is laid out in that order,
each step flowing to the next unless its `branches` ([{"to": <step number>, "label": "yes"}])
say otherwise; `pain_points`, `ideas` and `questions` are lists of sticky-note texts.
"""

from __future__ import annotations

from flask import jsonify, url_for
from flask_login import current_user

from ..api import ApiError, bp, json_body, list_response, page_args, team_for
from ..extensions import db
from ..models import Team
from . import operations as ops
from . import queries
from .fields import MAP_FIELDS
from .flow import NOTE_KINDS
from .metrics import measure
from .models import ProcessMap

NOTE_KEYS = {"pain_point": "pain_points", "idea": "ideas", "question": "questions"}


def _me():
    return current_user._get_current_object()


def _map(team: Team, map_id: int) -> ProcessMap:
    process_map = queries.get_map(team, map_id)
    if process_map is None:
        raise ApiError(404, "not_found", "There is no such process map in this team.")
    return process_map


def _summary(m: ProcessMap) -> dict:
    return {"id": m.id, "title": m.title, "state": m.state, "redesigns_id": m.redesigns_id, "scope": m.scope,
            "start_point": m.start_point, "end_point": m.end_point,
            "mapped_on": m.mapped_on.isoformat() if m.mapped_on else None, "participants": m.participants,
            "notes": m.notes, "version": m.version, "created_at": m.created_at.isoformat(),
            "updated_at": m.updated_at.isoformat()}


def map_json(process_map: ProcessMap) -> dict:
    data = queries.load(process_map)
    numbers = data.number_of
    lanes = data.lane_names
    steps = []
    for step in data.steps:
        notes = data.notes.get(step.id, [])
        steps.append({
            "id": step.id, "number": numbers[step.id], "lane": lanes.get(step.lane_id, ""), "label": step.label,
            "kind": step.kind, "minutes": step.minutes, "wait_minutes": step.wait_minutes, "value": step.value,
            "paper": step.paper,
            "branches": [{"to": numbers.get(b.target_id), "step_id": b.target_id, "label": b.label}
                         for b in data.branches.get(step.id, [])],
            **{NOTE_KEYS[kind]: [n.body for n in notes if n.kind == kind] for kind in NOTE_KINDS},
        })
    metrics = measure(queries.flow_of(data))
    return {**_summary(process_map), "lanes": [lane.name for lane in data.lanes], "steps": steps,
            "metrics": {"lead_minutes": metrics.lead_minutes, "value_added_minutes": metrics.value_added_minutes,
                        "efficiency": metrics.efficiency, "steps": metrics.steps, "waits": metrics.waits,
                        "wait_minutes": metrics.wait_minutes, "handoffs": metrics.handoffs,
                        "people_met": metrics.people_met,
                        "longest_wait": ({"label": metrics.longest_wait[0], "minutes": metrics.longest_wait[1]}
                                         if metrics.longest_wait else None),
                        "paper_share": metrics.paper_share, "loops": metrics.loops},
            "warnings": list(metrics.warnings)}


def _split(data: dict) -> tuple[dict, object, object, object]:
    allowed = set(MAP_FIELDS) | {"steps", "lanes", "version"}
    unknown = [key for key in data if key not in allowed]
    if unknown:
        raise ApiError(422, "validation_failed", f"Unknown fields: {', '.join(map(str, unknown[:20]))}",
                       {str(key): "is not a process map field" for key in unknown[:20]})
    fields = {key: value for key, value in data.items() if key in MAP_FIELDS}
    return fields, data.get("steps"), data.get("lanes"), data.get("version")


@bp.get("/teams/<int:team_id>/process-maps")
def list_process_maps(team_id: int):
    """The team's maps (without their steps), by id with cursor and limit."""
    team = team_for(team_id, "view")
    cursor, limit = page_args()
    stmt = queries.maps_statement(team).order_by(None).order_by(ProcessMap.id)
    if cursor is not None:
        stmt = stmt.where(ProcessMap.id > cursor)
    rows = list(db.session.scalars(stmt.limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    return list_response([_summary(m) for m in rows], rows[-1].id if more else None)


@bp.post("/teams/<int:team_id>/process-maps")
def create_process_map(team_id: int):
    team = team_for(team_id, "edit")
    fields, steps, lanes, _version = _split(json_body())
    process_map = ops.create_map(team, _me(), fields, steps=steps or [], lanes=lanes or [])
    response = jsonify(map_json(process_map))
    response.headers["Location"] = url_for("api.get_process_map", team_id=team.id, map_id=process_map.id)
    return response, 201


@bp.get("/teams/<int:team_id>/process-maps/<int:map_id>")
def get_process_map(team_id: int, map_id: int):
    team = team_for(team_id, "view")
    return jsonify(map_json(_map(team, map_id)))


@bp.patch("/teams/<int:team_id>/process-maps/<int:map_id>")
def patch_process_map(team_id: int, map_id: int):
    """Change the fields sent; `steps` (and `lanes`) replace the map's steps. With `version`,
    a map changed since is a 409 and nothing is saved."""
    team = team_for(team_id, "edit")
    process_map = _map(team, map_id)
    fields, steps, lanes, version = _split(json_body())
    if steps is not None:
        ops.check_steps(steps, lanes or [])  # all of the request is checked before any of it is saved
    try:
        if fields or steps is None:
            ops.update_map(team, process_map, _me(), fields, version=version)
            version = None if version is None else process_map.version
        if steps is not None:
            ops.replace_steps(team, process_map, _me(), steps, lanes, version=version)
    except ops.StaleMap as stale:
        raise ApiError(409, "conflict", str(stale), extra={"current_version": stale.map.version}) from None
    return jsonify(map_json(process_map))


@bp.delete("/teams/<int:team_id>/process-maps/<int:map_id>")
def delete_process_map(team_id: int, map_id: int):
    team = team_for(team_id, "edit")
    ops.delete_map(team, _map(team, map_id), _me())
    return "", 204


@bp.put("/teams/<int:team_id>/process-maps/<int:map_id>/order")
def process_map_reorder(team_id: int, map_id: int):
    """{"order": [step ids], "version": N} -> {"version": N+1}; 409 when the map moved on."""
    team = team_for(team_id, "edit")
    process_map = _map(team, map_id)
    data = json_body()
    if "version" not in data:
        raise ApiError(428, "precondition_required", "Send the version of the map you reordered.")
    try:
        ops.reorder_steps(team, process_map, _me(), data.get("order"), version=data.get("version"))
    except ops.StaleMap as stale:
        db.session.refresh(stale.map)
        raise ApiError(409, "conflict", str(stale), extra={"current_version": stale.map.version}) from None
    return jsonify({"version": process_map.version, "order": [s["id"] for s in map_json(process_map)["steps"]]})
