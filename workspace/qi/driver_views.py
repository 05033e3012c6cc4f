"""PLACEHOLDER (qi-log worktree only): the endpoints the overview links to, so its pages run
before the plan helper's pages merge. The integrator takes the plan helper's version."""

from ..loading import get_team_for
from .blueprint import bp


@bp.get("/aim")
def aim(team_id: int):
    get_team_for(team_id, "view")
    return "Aim (placeholder)"


@bp.get("/drivers")
def drivers(team_id: int):
    get_team_for(team_id, "view")
    return "Driver diagram (placeholder)"
