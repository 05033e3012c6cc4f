"""PLACEHOLDER (base branch): the QI overview, the team's QI dashboard."""

from __future__ import annotations

from flask import render_template

from ..loading import get_team_for
from .blueprint import bp


@bp.get("")
def overview(team_id: int):
    team = get_team_for(team_id, "view")
    return render_template("qi/overview.html", team=team)
