"""Team-scoped loading: every team-owned record is found through its team.

Asking for another team's record by id gives 404, exactly as if it did not exist, so ids
leak nothing across teams.
"""

from __future__ import annotations

from typing import TypeVar

from flask import abort, has_request_context
from flask_login import current_user
from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload

from .extensions import db
from .models import Membership, Team
from .permissions import remember_membership, require
from .submitted import ReportSubmitted

M = TypeVar("M")


#: a team's cohort and host partner, joined to the team's own query (built once: options never change)
WITH_COHORT_AND_HOST = (joinedload(Team.cohort), joinedload(Team.host_organisation))

# Every team page runs this: built once and bound per request, since building a statement and its
# cache key costs SQLAlchemy about as much as running it (issue 7).
_LIVE_TEAM = Team.live().where(Team.id == bindparam("team_id")).options(*WITH_COHORT_AND_HOST)
_LIVE_TEAM_AND_MEMBERSHIP = _LIVE_TEAM.add_columns(Membership).outerjoin(
    Membership, (Membership.team_id == Team.id) & (Membership.user_id == bindparam("viewer_id")))


def load_live_team(team_id: int) -> Team | None:
    """The live team with its cohort and host partner, and the signed-in person's membership of
    it, in one query. The membership goes to the permission checks' per-request cache, so the
    check that follows (require/can) asks the database nothing more; the rule is unchanged."""
    viewer = current_user._get_current_object() if has_request_context() else None
    if viewer is None or not viewer.is_authenticated:
        return db.session.scalar(_LIVE_TEAM, {"team_id": team_id})
    row = db.session.execute(_LIVE_TEAM_AND_MEMBERSHIP, {"team_id": team_id, "viewer_id": viewer.id}).first()
    if row is None:
        return None
    team, membership = row
    remember_membership(viewer, team, membership)
    return team


def get_team_or_404(team_id: int) -> Team:
    team = load_live_team(team_id)
    if team is None:
        abort(404)
    return team


def get_team_for(team_id: int, capability: str) -> Team:
    """The live team, if the signed-in person holds `capability` on it: 404 when the team is
    not theirs to see, 403 when they see it but may not do this (permissions.require)."""
    team = get_team_or_404(team_id)
    require(current_user, capability, team)
    return team


def get_team_to_change(team_id: int) -> Team:
    """The team, for a page that changes its work: once the review is submitted every such page
    answers as its changes do (ReportSubmitted: 409 "submitted"), rather than showing forms that
    would all be refused."""
    team = get_team_for(team_id, "edit")
    if team.is_submitted:
        raise ReportSubmitted()
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
