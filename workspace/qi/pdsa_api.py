"""PDSA routes of the JSON API (shared/api.md, and the OpenAPI document):

- `GET, POST /teams/{team_id}/pdsa`: the team's live cycles by id (cursor, limit); a new cycle;
- `GET, PATCH, DELETE /teams/{team_id}/pdsa/{id}`: one cycle; change the fields sent (with
  `version` or `base_version`, the version read: a cycle changed since answers 409 with
  `current_version`, nothing saved);
- `GET /teams/{team_id}/driver-diagram`: the aim, the drivers and the change ideas, as a tree.

Fields: the model's names, and api.md's shorter ones (`change_idea`, `do`, `act`); `measure_ids`
is the list of the team's measures the cycle should move (replaced when sent).
"""

from __future__ import annotations

from flask import jsonify, url_for
from flask_login import current_user
from sqlalchemy import select

from ..api import ApiError, bp, json_body, list_response, page_args, team_for
from ..extensions import db
from ..models import Team
from . import pdsa_operations as ops
from . import plan_api  # noqa: F401 - the aim and the driver tree's routes (api/__init__ imports this module)
from .models import PdsaCycle, PdsaMeasure
from .pdsa_fields import LONG_FIELDS
from .queries import cycle_numbers, driver_tree, live_cycles


def _me():
    return current_user._get_current_object()


def _cycle(team: Team, cycle_id: int) -> PdsaCycle:
    cycle = db.session.scalar(select(PdsaCycle).where(PdsaCycle.id == cycle_id, live_cycles(team)))
    if cycle is None:
        raise ApiError(404, "not_found", "There is no such PDSA cycle in this team.")
    return cycle


def cycle_json(cycle: PdsaCycle, number: int, measure_ids: list[int]) -> dict:
    return {
        "id": cycle.id, "number": number, "label": f"PDSA {number}", "change_idea_id": cycle.change_idea_id,
        "follows_id": cycle.follows_id, "title": cycle.title, "status": cycle.status,
        "started_on": cycle.started_on.isoformat() if cycle.started_on else None,
        "ended_on": cycle.ended_on.isoformat() if cycle.ended_on else None,
        **{name: getattr(cycle, name) for name in LONG_FIELDS},
        "decision": cycle.decision, "act": cycle.decision, "do": cycle.what_happened,
        "measure_ids": measure_ids, "version": cycle.version,
        "created_at": cycle.created_at.isoformat(), "updated_at": cycle.updated_at.isoformat(),
    }


def _one(team: Team, cycle: PdsaCycle) -> dict:
    return cycle_json(cycle, cycle_numbers(team).get(cycle.id, 0), ops.measure_ids_of(cycle))


def _split(data: dict) -> tuple[dict, object, object]:
    """The cycle's fields, its measure ids, and the version the caller read (`version`, or
    `base_version` as the sections API names it)."""
    if "version" in data and "base_version" in data:
        raise ApiError(422, "validation_failed", "Send version or base_version, not both.",
                       {"version": "send version or base_version, not both"})
    fields = {key: value for key, value in data.items() if key not in ("measure_ids", "version", "base_version")}
    return fields, data.get("measure_ids"), data.get("version", data.get("base_version"))


@bp.get("/teams/<int:team_id>/pdsa")
def list_pdsa(team_id: int):
    team = team_for(team_id, "view")
    cursor, limit = page_args()
    stmt = select(PdsaCycle).where(live_cycles(team)).order_by(PdsaCycle.id)
    if cursor is not None:
        stmt = stmt.where(PdsaCycle.id > cursor)
    rows = list(db.session.scalars(stmt.limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    numbers = cycle_numbers(team) if rows else {}
    measures: dict[int, list[int]] = {}
    if rows:
        for pdsa_id, measure_id in db.session.execute(
                select(PdsaMeasure.pdsa_id, PdsaMeasure.measure_id)
                .where(PdsaMeasure.pdsa_id.in_([c.id for c in rows])).order_by(PdsaMeasure.measure_id)):
            measures.setdefault(pdsa_id, []).append(measure_id)
    return list_response([cycle_json(c, numbers.get(c.id, 0), measures.get(c.id, [])) for c in rows],
                         rows[-1].id if more else None)


@bp.post("/teams/<int:team_id>/pdsa")
def create_pdsa(team_id: int):
    team = team_for(team_id, "edit")
    fields, measure_ids, _version = _split(json_body())
    cycle = ops.create_cycle(team, _me(), fields, measure_ids)
    response = jsonify(_one(team, cycle))
    response.headers["Location"] = url_for("api.get_pdsa", team_id=team.id, cycle_id=cycle.id)
    return response, 201


@bp.get("/teams/<int:team_id>/pdsa/<int:cycle_id>")
def get_pdsa(team_id: int, cycle_id: int):
    team = team_for(team_id, "view")
    return jsonify(_one(team, _cycle(team, cycle_id)))


@bp.patch("/teams/<int:team_id>/pdsa/<int:cycle_id>")
def patch_pdsa(team_id: int, cycle_id: int):
    team = team_for(team_id, "edit")
    cycle = _cycle(team, cycle_id)
    fields, measure_ids, version = _split(json_body())
    try:
        ops.update_cycle(team, _me(), cycle, fields, measure_ids, version=version)
    except ops.Stale:
        current = _cycle(team, cycle_id)
        raise ApiError(409, "conflict", "Someone else changed this cycle since you read it. Nothing was saved.",
                       extra={"current_version": current.version}) from None
    return jsonify(_one(team, cycle))


@bp.delete("/teams/<int:team_id>/pdsa/<int:cycle_id>")
def delete_pdsa(team_id: int, cycle_id: int):
    team = team_for(team_id, "edit")
    ops.delete_cycle(team, _me(), _cycle(team, cycle_id))
    return "", 204


# --- the driver diagram (read only: the pages edit it) -----------------------------------------


@bp.get("/teams/<int:team_id>/driver-diagram")
def get_driver_diagram(team_id: int):
    """The aim, its primary and secondary drivers in order, the change ideas under them and
    those not placed yet."""
    team = team_for(team_id, "view")
    tree = driver_tree(team)

    def idea(node) -> dict:
        return {"id": node.id, "title": node.title, "from_pain_point": node.from_pain_point, "cycles": node.cycles}

    return jsonify({
        "aim": tree.aim,
        "primaries": [{"id": p.id, "title": p.title, "secondaries": [
            {"id": s.id, "title": s.title, "ideas": [idea(i) for i in s.ideas]} for s in p.children]}
            for p in tree.primaries],
        "unplaced": [idea(i) for i in tree.unplaced],
    })
