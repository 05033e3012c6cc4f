"""GET /api/v1/teams and /api/v1/teams/{team_id}."""

from __future__ import annotations

from flask import jsonify
from flask_login import current_user

from ..api import ApiError, bp, paginate_by_id, require_api
from ..extensions import db
from ..loading import load_live_team
from ..models import Team
from ..permissions import can
from .queries import team_people, visible_teams


def team_summary(team: Team) -> dict:
    return {
        "id": team.id,
        "name": team.name,
        "review_title": team.review_title,
        "cohort": {"id": team.cohort.id, "name": team.cohort.name},
        "host_organisation": {
            "id": team.host_organisation.id,
            "name": team.host_organisation.name,
            "kind": team.host_organisation.kind,
        },
        "submitted_at": team.submitted_at.isoformat() if team.submitted_at else None,
    }


def team_with_members(team: Team) -> dict:
    """The team and its people; their email addresses only for a caller allowed to see them."""
    people = db.session.scalars(team_people(team)).all()
    with_emails = can(current_user, "see_email_addresses", team)
    return {
        **team_summary(team),
        "members": [
            {"user_id": m.user.id, "name": m.user.name, "role": m.role, "invited": not m.user.has_password,
             **({"email": m.user.email} if with_emails else {})}
            for m in people
        ],
    }


def api_team_or_404(team_id: int) -> Team:
    team = load_live_team(team_id)
    if team is None:
        raise ApiError(404, "not_found", "Not found.")
    return team


@bp.get("/teams")
def list_teams():
    return paginate_by_id(visible_teams(current_user).order_by(None), Team, team_summary)


@bp.get("/teams/<int:team_id>")
def get_team(team_id: int):
    team = api_team_or_404(team_id)
    require_api("see_team", team)
    return jsonify(team_with_members(team))
