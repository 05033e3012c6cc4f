"""Team-scoped loading: every team-owned record is found through its team.

Asking for another team's record by id gives 404, exactly as if it did not exist, so ids
leak nothing across teams.
"""

from __future__ import annotations

from typing import TypeVar

from flask import abort
from sqlalchemy import select

from .extensions import db
from .models import Team

M = TypeVar("M")


def get_team_or_404(team_id: int) -> Team:
    team = db.session.scalar(Team.live().where(Team.id == team_id))
    if team is None:
        abort(404)
    return team


def get_for_team(model: type[M], team: Team, record_id: int) -> M:
    """Load `model` by id only if it belongs to `team` (the model must have `team_id`)."""
    record = db.session.scalar(
        select(model).where(model.id == record_id, model.team_id == team.id)  # type: ignore[attr-defined]
    )
    if record is None:
        abort(404)
    return record


def get_owned_or_404(model: type[M], user_id: int, record_id: int) -> M:
    """Load a personal record (an API token) only if it belongs to `user_id`."""
    record = db.session.scalar(
        select(model).where(model.id == record_id, model.user_id == user_id)  # type: ignore[attr-defined]
    )
    if record is None:
        abort(404)
    return record
