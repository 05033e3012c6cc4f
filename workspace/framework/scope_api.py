"""The Start Anywhere canvas in the JSON API: `GET, PUT /teams/{team_id}/scope`.

GET answers the four quadrants (key, name, question, guidance, notes) and the version (0 before
the first save). PUT takes the quadrants to change and `version` (required: the version read);
another version answers 409 with current_version, nothing saved.
"""

from __future__ import annotations

from flask import jsonify
from flask_login import current_user

from ..api import ApiError, bp, json_body, team_for
from . import scope as ops


def scope_json(team) -> dict:
    canvas = ops.canvas_of(team)
    notes = ops.notes_of(canvas)
    return {
        "quadrants": [{"key": q.key, "name": q.name, "question": q.question, "guidance": q.guidance,
                       "notes": notes[q.key]} for q in ops.QUADRANTS],
        "version": ops.version_of(canvas),
        "updated_at": canvas.updated_at.isoformat() if canvas else None,
    }


@bp.get("/teams/<int:team_id>/scope")
def get_scope(team_id: int):
    return jsonify(scope_json(team_for(team_id, "view")))


@bp.put("/teams/<int:team_id>/scope")
def put_scope(team_id: int):
    team = team_for(team_id, "edit")
    data = json_body()
    version = data.get("version")
    if version is None or isinstance(version, bool) or not isinstance(version, int):
        raise ApiError(422, "validation_failed", "version must be a whole number: the version you read (0 before "
                                                 "the first save)", {"version": "must be a whole number"})
    try:
        ops.save(team, current_user._get_current_object(), data, version)
    except ops.Stale as stale:
        raise ApiError(409, "conflict", str(stale), extra={"current_version": stale.current_version}) from None
    return jsonify(scope_json(team))
