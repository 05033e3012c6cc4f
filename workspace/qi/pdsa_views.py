"""PLACEHOLDER (qi-log worktree only): the endpoints the overview and the action log link to,
so their pages run before the plan helper's pages merge. The integrator takes the plan
helper's version."""

from flask import abort
from sqlalchemy import select

from ..extensions import db
from ..loading import get_team_for
from .blueprint import bp
from .models import PdsaCycle
from .queries import live_cycles


@bp.get("/pdsa")
def pdsa_list(team_id: int):
    get_team_for(team_id, "view")
    return "PDSA cycles (placeholder)"


@bp.get("/pdsa/<int:cycle_id>")
def pdsa(team_id: int, cycle_id: int):
    team = get_team_for(team_id, "view")
    if db.session.scalar(select(PdsaCycle.id).where(PdsaCycle.id == cycle_id, live_cycles(team))) is None:
        abort(404)
    return "A PDSA cycle (placeholder)"
