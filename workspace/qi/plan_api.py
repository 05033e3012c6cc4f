"""The aim and the driver tree in the JSON API (imported by pdsa_api, which api/__init__ imports):

- `GET, PUT /teams/{team_id}/aim`: the SMART parts and the statement (PUT with `version`, the
  version read, or 0 for an aim not written yet: a changed aim answers 409, nothing saved);
- `POST /teams/{team_id}/drivers`: a primary driver, or a secondary under `parent_id`;
  `PATCH, DELETE .../drivers/{id}`: rename (`title`), move under another primary (`parent_id`),
  one place up or down (`move`: "up" or "down"); delete (its ideas stay, unplaced);
- `POST /teams/{team_id}/change-ideas`; `GET, PATCH, DELETE .../change-ideas/{id}`: title,
  description, driver_id (a secondary driver, or null: not placed), `move` up or down.

The read of the whole tree is `GET .../driver-diagram` (pdsa_api).
"""

from __future__ import annotations

from flask import jsonify, url_for
from flask_login import current_user

from ..api import ApiError, bp, json_body, team_for
from ..cleaning import bounded_int
from ..extensions import db
from ..models import Team
from . import plan_operations as ops
from .models import Aim, ChangeIdea, Driver
from .queries import aim_of


def _me():
    return current_user._get_current_object()


def aim_json(aim: Aim | None) -> dict:
    if aim is None:
        return {"what": "", "how_much": "", "by_when": None, "for_whom": "", "statement": "", "version": 0}
    return {"what": aim.what, "how_much": aim.how_much, "by_when": aim.by_when.isoformat() if aim.by_when else None,
            "for_whom": aim.for_whom, "statement": aim.statement, "version": aim.version,
            "updated_at": aim.updated_at.isoformat()}


def driver_json(driver: Driver) -> dict:
    return {"id": driver.id, "title": driver.title, "level": driver.level, "parent_id": driver.parent_id,
            "position": driver.position}


def idea_json(idea: ChangeIdea) -> dict:
    return {"id": idea.id, "title": idea.title, "description": idea.description, "driver_id": idea.driver_id,
            "position": idea.position}


def _one(model, team: Team, record_id: int, what: str):
    record = db.session.scalar(db.select(model).where(model.id == record_id, model.team_id == team.id))
    if record is None:
        raise ApiError(404, "not_found", f"There is no such {what} in this team.")
    return record


def _only(data: dict, allowed: tuple[str, ...], what: str) -> None:
    unknown = [key for key in data if key not in allowed]
    if unknown:
        raise ApiError(422, "validation_failed", f"Unknown fields: {', '.join(map(str, unknown[:20]))}",
                       {str(key): f"is not a {what} field" for key in unknown[:20]})


def _move(data: dict) -> int | None:
    if "move" not in data:
        return None
    if data["move"] not in ("up", "down"):
        raise ApiError(422, "validation_failed", "move must be up or down", {"move": "move must be up or down"})
    return -1 if data["move"] == "up" else 1


@bp.get("/teams/<int:team_id>/aim")
def get_aim(team_id: int):
    return jsonify(aim_json(aim_of(team_for(team_id, "view"))))


@bp.put("/teams/<int:team_id>/aim")
def put_aim(team_id: int):
    team = team_for(team_id, "edit")
    data = json_body()
    if "version" not in data:
        raise ApiError(428, "precondition_required", "Send the version of the aim you read (0 if none yet).")
    version = data.pop("version")
    try:
        aim = ops.save_aim(team, _me(), data, version=version)
    except ops.Stale:
        current = aim_of(team)
        raise ApiError(409, "conflict", "Someone else changed the aim since you read it. Nothing was saved.",
                       extra={"current_version": current.version if current else 0}) from None
    return jsonify(aim_json(aim))


@bp.post("/teams/<int:team_id>/drivers")
def create_driver(team_id: int):
    team = team_for(team_id, "edit")
    data = json_body()
    _only(data, ("title", "parent_id"), "driver")
    driver = ops.add_driver(team, _me(), data.get("title"), data.get("parent_id"))
    response = jsonify(driver_json(driver))
    response.headers["Location"] = url_for("api.get_driver_diagram", team_id=team.id)
    return response, 201


@bp.patch("/teams/<int:team_id>/drivers/<int:driver_id>")
def patch_driver(team_id: int, driver_id: int):
    team = team_for(team_id, "edit")
    driver = _one(Driver, team, driver_id, "driver")
    data = json_body()
    _only(data, ("title", "parent_id", "move"), "driver")
    step = _move(data)
    # all of the request is checked before any of it is saved
    if "title" in data:
        ops.fields.clean_title(data["title"])
    if "parent_id" in data:
        if driver.level != "secondary":
            raise ApiError(422, "validation_failed", "Only a secondary driver moves to another primary driver",
                           {"parent_id": "only a secondary driver moves to another primary driver"})
        ops.primary_of(team, bounded_int(data["parent_id"], 1))
    if "title" in data:
        ops.rename_driver(team, _me(), driver, data["title"])
    if "parent_id" in data:
        ops.reparent_driver(team, _me(), driver, data["parent_id"])
    if step is not None:
        ops.move_driver(team, _me(), driver, step)
    return jsonify(driver_json(driver))


@bp.delete("/teams/<int:team_id>/drivers/<int:driver_id>")
def delete_driver(team_id: int, driver_id: int):
    team = team_for(team_id, "edit")
    ops.delete_driver(team, _me(), _one(Driver, team, driver_id, "driver"))
    return "", 204


@bp.post("/teams/<int:team_id>/change-ideas")
def create_change_idea(team_id: int):
    team = team_for(team_id, "edit")
    idea = ops.add_idea(team, _me(), json_body())
    response = jsonify(idea_json(idea))
    response.headers["Location"] = url_for("api.get_change_idea", team_id=team.id, idea_id=idea.id)
    return response, 201


@bp.get("/teams/<int:team_id>/change-ideas/<int:idea_id>")
def get_change_idea(team_id: int, idea_id: int):
    team = team_for(team_id, "view")
    return jsonify(idea_json(_one(ChangeIdea, team, idea_id, "change idea")))


@bp.patch("/teams/<int:team_id>/change-ideas/<int:idea_id>")
def patch_change_idea(team_id: int, idea_id: int):
    team = team_for(team_id, "edit")
    idea = _one(ChangeIdea, team, idea_id, "change idea")
    data = json_body()
    step = _move(data)
    fields = {key: value for key, value in data.items() if key != "move"}
    if fields:
        ops.update_idea(team, _me(), idea, fields)
    if step is not None:
        ops.move_idea(team, _me(), idea, step)
    return jsonify(idea_json(idea))


@bp.delete("/teams/<int:team_id>/change-ideas/<int:idea_id>")
def delete_change_idea(team_id: int, idea_id: int):
    team = team_for(team_id, "edit")
    ops.delete_idea(team, _me(), _one(ChangeIdea, team, idea_id, "change idea"))
    return "", 204
