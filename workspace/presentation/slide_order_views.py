"""Moving slides: one place up or down (forms, the keyboard's way), and a whole new order (what
the outline's drag-and-drop script posts: the ids in order and the order version it saw)."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for

from ..errors import ValidationProblem
from ..http_errors import error_page
from ..loading import get_for_team, get_team_to_change
from . import operations as ops
from .blueprint import bp
from .models import Slide
from .view_helpers import me, refusals


@bp.post("/slides/<int:slide_id>/move")
@refusals
def move_slide(team_id: int, slide_id: int):
    team = get_team_to_change(team_id)
    slide = get_for_team(Slide, team, slide_id)
    if slide.deleted_at is not None:
        abort(404)
    direction = request.form.get("direction", "")
    try:
        ops.move_slide(team, slide, direction, me())
    except ValidationProblem as problem:
        return error_page(400, title="The slide was not moved", message=problem.message)
    except ops.SlideGone:
        abort(404)
    except ops.OrderStale as stale:
        flash(str(stale), "warning")
    # The outline puts the focus back on the moved slide's same button (its card, if that button
    # is gone), so a keyboard user can press it again: the page reload would leave it on <body>.
    # No "#slide-N" here: a browser ignores autofocus when the address names a fragment, and
    # the focused button is scrolled into view anyway.
    return redirect(url_for("presentation.outline", team_id=team.id, moved=slide.id, focus=direction))


@bp.post("/order")
@refusals
def reorder_slides(team_id: int):
    team = get_team_to_change(team_id)
    try:
        ops.reorder(team, request.form.getlist("order"), request.form.get("order_version"), me())
    except ValidationProblem as problem:
        return error_page(400, title="The slides were not reordered", message=problem.message)
    except ops.OrderStale as stale:
        return error_page(409, title="The slides were not reordered", message=str(stale))
    flash("Slides reordered.", "success")
    return redirect(url_for("presentation.outline", team_id=team.id))
