"""The framework's pages (thin: load, authorize, call the operations, render). Importing this
module adds all their routes to `bp`: each page module is imported here with one line."""

from __future__ import annotations

from flask import render_template

from ..loading import get_team_for
from .blueprint import bp


@bp.get("/teams/<int:team_id>/framework")
def overview(team_id: int):
    team = get_team_for(team_id, "view")
    return render_template("framework/overview.html", team=team)

from . import calendar_views as _calendar_views  # noqa: E402, F401 - the calendar feed and its addresses
from . import timeline_views as _timeline_views  # noqa: E402, F401 - the programme timeline
