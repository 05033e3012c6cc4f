"""The presentation pages (thin: load through the team, authorize, call the operations,
render): the outline with its timing, and a slide as it will look with its comments. The edit,
new and delete pages are in slide_edit_views, moving and reordering in slide_order_views.
Importing this module adds all their routes to `bp`."""

from __future__ import annotations

from flask import abort, current_app, render_template, request, url_for
from flask_login import current_user

from ..cleaning import bounded_int
from ..exports.pptx import body_shrinks
from ..extensions import db
from ..loading import get_for_team, get_team_for
from ..markdown import render as render_markdown
from ..names import first_name
from ..permissions import page_capabilities
from ..report.comments import threads_on
from . import slide_edit_views, slide_order_views, timing  # noqa: F401 - their routes
from .blueprint import bp
from .layout import ensure_deck
from .models import MAX_SLIDES, Deck, Slide
from .page_queries import names_of, open_threads, slide_ids
from .queries import slides_of, slot_minutes
from .targets import slide_target


def rehearse_url(team) -> str | None:
    """The rehearsal view's address, once that page exists (another part of issue 12 adds it)."""
    if "presentation.rehearse" not in current_app.view_functions:
        return None
    return url_for("presentation.rehearse", team_id=team.id)


@bp.get("")
def outline(team_id: int):
    team = get_team_for(team_id, "view")
    ensure_deck(team)
    slides = slides_of(team)
    slot = slot_minutes(team.cohort_id)
    names = names_of(s.presenter_id for s in slides)
    deck = db.session.get(Deck, team.id)
    return render_template(
        "presentation/outline.html", team=team, slides=slides, slot_minutes=slot, names=names,
        timing=timing.summary(slides, slot, names), threads=open_threads(team) if slides else {},
        order_version=deck.order_version if deck else 1, format_seconds=timing.format_seconds,
        rehearse_url=rehearse_url(team), max_slides=MAX_SLIDES, capabilities=page_capabilities(current_user, team),
        refocus=_refocus())


def _refocus() -> tuple[int, str] | None:
    """(slide id, "up" or "down") after a move (slide_order_views.move_slide): where the
    outline puts the keyboard's focus back."""
    moved = bounded_int(request.args.get("moved", ""), 1)
    focus = request.args.get("focus", "")
    return (moved, focus) if moved and focus in ("up", "down") else None


@bp.get("/slides/<int:slide_id>")
def slide(team_id: int, slide_id: int):
    team = get_team_for(team_id, "view")
    record = get_for_team(Slide, team, slide_id)
    if record.deleted_at is not None:
        abort(404)
    state = request.args.get("comments", "open")
    if state not in ("open", "resolved", "all"):
        state = "open"
    target = slide_target(team, record)
    threads, mentionable = threads_on(team, target, state=state, page=bounded_int(request.args.get("page", "1"), 1) or 1)
    names = names_of((record.presenter_id, record.updated_by_id))
    ids = slide_ids(team)
    number = ids.index(record.id) + 1
    return render_template(
        "presentation/slide.html", team=team, slide=record, number=number, count=len(ids),
        body_html=render_markdown(record.body) if record.body else "", names=names,
        shrinks=body_shrinks(record.body, with_figure=bool(record.figure_key), cover=number == 1),
        time=timing.format_seconds(record.seconds), capabilities=page_capabilities(current_user, team),
        threads=threads.items, threads_page=threads, comment_state=state, mentionable=mentionable, target=target,
        quote_ok={}, mention_example=first_name(mentionable[0].name) if mentionable else "Aisha")


from . import deck_views as _deck_views  # noqa: E402, F401 - the deck's download (issue 12)
from . import outline_views, rehearse_views  # noqa: E402, F401 - the facilitator's set-up and the rehearsal view (helper rehearse)
