"""The rehearsal view: the team's slides one at a time, full screen and keyboard-driven, with
the speaker notes, the presenter and a timer per slide against its minutes and the running
total against the cohort's slot (static/js/rehearse.js). Without JavaScript the page lists
the slides one after another.

A slide's figure is served as a PNG: its figure_key resolved through the export parts registry
(exports.parts.figure_choices) and drawn by exports.figures (cached on disk by content hash).
"""

from __future__ import annotations

import io

from flask import abort, render_template, send_file
from flask_login import current_user

from ..conditional import fingerprint, not_modified, tagged
from ..exports.figures import FigureFailed, figure_png
from ..exports.operations import audience_for
from ..exports.parts import figure_choices
from ..loading import get_for_team, get_team_for
from ..markdown import render
from .blueprint import bp
from .layout import ensure_deck
from .models import Slide
from .page_queries import names_of
from .queries import slides_of, slot_minutes


def clock(seconds: int) -> str:
    """12:40, as the timer shows it."""
    minutes, rest = divmod(max(0, int(seconds)), 60)
    return f"{minutes}:{rest:02d}"


@bp.get("/rehearse")
def rehearse(team_id: int):
    team = get_team_for(team_id, "view")
    ensure_deck(team)
    slides = slides_of(team)
    names = names_of(s.presenter_id for s in slides)
    slot = slot_minutes(team.cohort_id)
    return render_template("presentation/rehearse.html", team=team, slot_seconds=slot * 60, clock=clock,
                           slides=[(s, render(s.body), names.get(s.presenter_id, "")) for s in slides],
                           total_seconds=sum(s.seconds for s in slides))


@bp.get("/slides/<int:slide_id>/figure.png")
def slide_figure(team_id: int, slide_id: int):
    team = get_team_for(team_id, "view")
    slide = get_for_team(Slide, team, slide_id)
    if slide.deleted_at is not None or not slide.figure_key:
        abort(404)
    choice = next((c for c in figure_choices(team, audience_for(current_user, team)) if c.key == slide.figure_key), None)
    if choice is None:
        abort(404)  # the figure is gone (its record deleted), or not the viewer's to see
    etag = fingerprint("slide-figure", team.id, current_user.id, choice.key, choice.figure.content_hash) \
        if choice.figure.content_hash else None
    if etag and (unchanged := not_modified(etag)):
        return unchanged
    try:
        png = figure_png(choice.figure)
    except FigureFailed:
        abort(404)
    response = send_file(io.BytesIO(png), mimetype="image/png", download_name=f"slide-{slide.id}.png")
    return tagged(response, etag) if etag else response
