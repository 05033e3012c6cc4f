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
from . import framework_admin_views as _framework_admin_views  # noqa: E402, F401  (fw-data: the facilitator's editor)
from . import reflection_views as _reflection_views  # noqa: E402, F401 - fw-reflect
from . import scope_views as _scope_views  # noqa: E402, F401 - fw-reflect
from . import tag_views as _tag_views  # noqa: E402, F401  (fw-data: the tag panel and its routes)
