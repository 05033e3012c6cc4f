"""The dashboard and the team page."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from ..extensions import db
from ..loading import get_team_or_404
from ..models import Role
from ..permissions import capabilities_for, require
from .queries import memberships_of, team_people, visible_teams

bp = Blueprint("teams", __name__)


@bp.get("/")
def dashboard():
    user = current_user._get_current_object()
    memberships = list(db.session.scalars(memberships_of(user)))
    other_teams = []
    if user.is_facilitator:
        mine = {m.team_id for m in memberships}
        other_teams = [t for t in db.session.scalars(visible_teams(user)).unique() if t.id not in mine]
    return render_template("teams/dashboard.html", memberships=memberships, other_teams=other_teams)


@bp.get("/teams/<int:team_id>")
def team_page(team_id: int):
    team = get_team_or_404(team_id)
    require(current_user, "see_team", team)
    people = list(db.session.scalars(team_people(team)))
    by_role = {role: [m for m in people if m.role == role] for role in Role}
    return render_template(
        "teams/team.html",
        team=team,
        by_role=by_role,
        capabilities=capabilities_for(current_user, team),
    )
