"""The presentation pages (thin: load through the team, authorize, call the operations,
render). Importing this module adds all their routes to `bp`."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from ..loading import get_for_team, get_team_for
from ..permissions import page_capabilities
from .blueprint import bp
from .layout import ensure_deck
from .models import Slide
from .queries import slides_of, slot_minutes


@bp.get("")
def outline(team_id: int):
    team = get_team_for(team_id, "view")
    ensure_deck(team)
    return render_template("presentation/outline.html", team=team, slides=slides_of(team),
                           slot_minutes=slot_minutes(team.cohort_id), capabilities=page_capabilities(current_user, team))


@bp.get("/slides/<int:slide_id>")
def slide(team_id: int, slide_id: int):
    team = get_team_for(team_id, "view")
    record = get_for_team(Slide, team, slide_id)
    return render_template("presentation/slide.html", team=team, slide=record,
                           capabilities=page_capabilities(current_user, team))
from . import outline_views, rehearse_views  # noqa: E402, F401 - the facilitator's set-up and the rehearsal view (helper rehearse)
