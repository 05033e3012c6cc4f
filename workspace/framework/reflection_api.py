"""Reflections in the JSON API (the OpenAPI document: `_reflection_paths`):

- `GET, POST /teams/{team_id}/reflections`: the reflections the caller may read (their own and
  those shared with the team), newest first, a page at a time; POST writes one of the caller's
  own (members only), private;
- `GET, PATCH, DELETE /teams/{team_id}/reflections/{id}`: PATCH takes written_on, title, body,
  `shared` (true/false) and `version` (the version read; another answers 409 with
  current_version). Only the author changes one.

A reflection the caller may not read is 404 (a private one to anyone but its author,
facilitators included); a host partner meets 404 on every reflection route. Reflections stay
writable after the team submits (they are not part of the frozen review).
"""

from __future__ import annotations

from flask import jsonify, url_for
from flask_login import current_user
from sqlalchemy import select

from ..api import ApiError, bp, json_body, list_response, page_args, team_for
from ..extensions import db
from . import reflections as ops
from .models import Reflection


def _me():
    return current_user._get_current_object()


def _team(team_id: int):
    team = team_for(team_id, "see_team")
    if not ops.may_read_shared(_me(), team):
        raise ApiError(404, "not_found", "Not found.")
    return team


def _writer_team(team_id: int):
    team = _team(team_id)
    if not ops.may_keep(_me(), team):
        raise ApiError(403, "forbidden", "Only the team's members keep reflections.")
    return team


def _reflection(team, reflection_id: int) -> Reflection:
    found = ops.get_reflection_for(team, reflection_id, _me())
    if found is None:
        raise ApiError(404, "not_found", "There is no such reflection in this team.")
    return found


def _own(team, reflection_id: int) -> Reflection:
    found = _reflection(team, reflection_id)
    if not ops.is_author(_me(), found):
        raise ApiError(403, "forbidden", "Only its author changes a reflection.")
    return found


def reflection_json(reflection: Reflection, names: dict[int, str], viewer) -> dict:
    return {
        "id": reflection.id, "written_on": reflection.written_on.isoformat(), "title": reflection.title,
        "body": reflection.body, "shared": reflection.shared_at is not None,
        "shared_at": reflection.shared_at.isoformat() if reflection.shared_at else None,
        "author": {"id": reflection.author_id, "name": names.get(reflection.author_id, "")},
        "mine": reflection.author_id == viewer.id, "version": reflection.version,
        "created_at": reflection.created_at.isoformat(), "updated_at": reflection.updated_at.isoformat(),
    }


def _one(reflection: Reflection) -> dict:
    return reflection_json(reflection, ops.author_names([reflection.author_id]), _me())


@bp.get("/teams/<int:team_id>/reflections")
def list_reflections(team_id: int):
    team = _team(team_id)
    cursor, limit = page_args()
    stmt = select(Reflection).where(ops.visible_reflections(team, _me())).order_by(Reflection.id.desc())
    if cursor is not None:
        stmt = stmt.where(Reflection.id < cursor)
    rows = list(db.session.scalars(stmt.limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    names = ops.author_names({r.author_id for r in rows})
    return list_response([reflection_json(r, names, _me()) for r in rows], rows[-1].id if more else None)


@bp.post("/teams/<int:team_id>/reflections")
def create_reflection(team_id: int):
    team = _writer_team(team_id)
    reflection = ops.create(team, _me(), json_body())
    response = jsonify(_one(reflection))
    response.headers["Location"] = url_for("api.get_reflection", team_id=team.id, reflection_id=reflection.id)
    return response, 201


@bp.get("/teams/<int:team_id>/reflections/<int:reflection_id>")
def get_reflection(team_id: int, reflection_id: int):
    team = _team(team_id)
    return jsonify(_one(_reflection(team, reflection_id)))


@bp.patch("/teams/<int:team_id>/reflections/<int:reflection_id>")
def patch_reflection(team_id: int, reflection_id: int):
    team = _team(team_id)  # a reflection they may not read is 404 before anything else
    reflection = _own(team, reflection_id)
    data = json_body()
    version = data.pop("version", None)
    shared = data.pop("shared", None)
    if version is not None and (isinstance(version, bool) or not isinstance(version, int)):
        raise ApiError(422, "validation_failed", "version must be a whole number: the version you read",
                       {"version": "must be a whole number"})
    if shared is not None and not isinstance(shared, bool):
        raise ApiError(422, "validation_failed", "shared must be true or false", {"shared": "must be true or false"})
    try:
        if data:
            ops.update(team, reflection, _me(), data, version=version)
        elif version is not None and version != reflection.version:
            raise ops.Stale(reflection)
        if shared is not None:
            ops.set_shared(team, reflection, _me(), shared)
    except ops.Stale:
        db.session.rollback()
        current = db.session.scalar(select(Reflection.version).where(Reflection.id == reflection_id))
        raise ApiError(409, "conflict", "This reflection changed since you read it. Nothing was saved.",
                       extra={"current_version": current}) from None
    return jsonify(_one(reflection))


@bp.delete("/teams/<int:team_id>/reflections/<int:reflection_id>")
def delete_reflection(team_id: int, reflection_id: int):
    team = _team(team_id)  # a reflection they may not read is 404 before anything else
    ops.delete(team, _own(team, reflection_id), _me())
    return "", 204
