"""PLACEHOLDER (qi-log worktree only): the endpoints the overview links to, so its pages run
before the measures helper's pages merge. The integrator takes the measures helper's version."""

from flask import abort
from sqlalchemy import select

from ..extensions import db
from ..loading import get_team_for
from .blueprint import bp
from .models import Measure
from .queries import live_measures


@bp.get("/measures")
def measures(team_id: int):
    get_team_for(team_id, "view")
    return "Measures (placeholder)"


@bp.get("/measures/<int:measure_id>")
def measure(team_id: int, measure_id: int):
    team = get_team_for(team_id, "view")
    if db.session.scalar(select(Measure.id).where(Measure.id == measure_id, live_measures(team))) is None:
        abort(404)
    return "A measure (placeholder)"
