"""Adding, editing and deleting a slide (thin: load through the team, authorize, call
presentation.operations, render).

Editing is co-editing: the form carries the version it was loaded at; a save that others got
in before is merged (and says with whom), and one that overlaps theirs comes back with the text
marked where both changed it, what they saved beside it, and everything this person typed."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for

from ..errors import ValidationProblem
from ..exports.parts import figure_choices
from ..extensions import db
from ..loading import get_for_team, get_team_to_change
from ..merging import has_markers
from ..names import first_name
from . import operations as ops
from .blueprint import bp
from .models import Slide
from .page_queries import members_of, names_of, slide_ids
from .slide_fields import SlideValues
from .slide_forms import SlideForm, figure_groups, form_from, set_presenters
from .timing import format_seconds
from .view_helpers import me, refusals

SCALAR_LABELS = {"presenter_id": "presenter", "seconds": "minutes", "figure_key": "figure"}


def _live_slide(team, slide_id: int) -> Slide:
    record = get_for_team(Slide, team, slide_id)
    if record.deleted_at is not None:
        abort(404)
    return record


def _outline(team, anchor: str = ""):
    return redirect(url_for("presentation.outline", team_id=team.id) + anchor)


# --- edit ------------------------------------------------------------------------------------------


def _edit_page(team, slide: Slide, form: SlideForm, status: int = 200, *, problem: str | None = None,
               conflict: dict | None = None):
    members = members_of(team)
    names = names_of((slide.presenter_id, slide.updated_by_id,
                      *([conflict["theirs"]["presenter_id"]] if conflict else []),
                      int(form.presenter_id.data) if (form.presenter_id.data or "").isdigit() else None))
    set_presenters(form, members, names)
    groups = figure_groups(figure_choices(team, "team"), slide.figure_hint, form.figure_key.data or slide.figure_key,
                           slide.figure_caption)
    ids = slide_ids(team)
    return render_template(
        "presentation/edit.html", team=team, slide=slide, form=form, groups=groups, problem=problem,
        conflict=conflict, names=names, number=ids.index(slide.id) + 1, format_seconds=format_seconds), status


@bp.get("/slides/<int:slide_id>/edit")
@refusals
def edit_slide(team_id: int, slide_id: int):
    team = get_team_to_change(team_id)
    slide = _live_slide(team, slide_id)
    return _edit_page(team, slide, form_from(SlideValues.of(slide), slide.version))


@bp.post("/slides/<int:slide_id>/edit")
@refusals
def save_slide(team_id: int, slide_id: int):
    team = get_team_to_change(team_id)
    slide = _live_slide(team, slide_id)
    form = SlideForm()
    if not form.validate_on_submit():
        return _edit_page(team, slide, form, 400)
    typed = form.values()
    try:
        outcome = ops.save_slide(team, slide.id, typed, form.base_version.data, me())
    except ops.SlideGone:
        return render_template("presentation/slide_gone.html", team=team, typed=typed), 410
    except ops.SlideSaveBusy as busy:
        return _edit_page(team, slide, form, 409, problem=busy.MESSAGE)
    except ops.SlideConflict as conflict:
        return _conflict_page(team, slide_id, form, conflict)
    except ValidationProblem as problem:
        if "base_version" in problem.fields:
            return _edit_page(team, slide, form, 400, problem="The page's version number is not valid. "
                                                             "Copy your text, reload the page and try again.")
        problem.apply_to(form)
        return _edit_page(team, slide, form, 422)
    if outcome.merged and outcome.changed:
        who = " and ".join(f"{first_name(name)}’s" for name in outcome.merged_with) or "someone else’s"
        flash(f"Saved. Merged with {who} change saved meanwhile: both sets of changes are kept.", "success")
    elif outcome.changed:
        flash("Slide saved.", "success")
    else:
        flash("Nothing changed.", "info")
    return redirect(url_for("presentation.slide", team_id=team.id, slide_id=slide.id))


def _conflict_page(team, slide_id: int, form: SlideForm, conflict: ops.SlideConflict):
    """The form again, now based on the version saved meanwhile: each text field merged (marked
    where both changed the same words; a title keeps this person's, as one line holds no
    markers), each scalar field as this person chose it; what the other person saved beside it."""
    db.session.expire_all()
    slide = _live_slide(team, slide_id)
    for name in ("body", "notes"):
        getattr(form, name).data = conflict.merged_with_markers[name]
    if not has_markers(conflict.merged_with_markers["title"]):
        form.title.data = conflict.merged_with_markers["title"]
    form.base_version.data = str(conflict.current_version)
    theirs = conflict.current
    clashes = [SCALAR_LABELS[name] for name in conflict.scalars]
    marked = [name for name in ("title", "body", "notes") if has_markers(conflict.merged_with_markers[name])]
    names = names_of((slide.updated_by_id, theirs["presenter_id"]))
    who = names.get(slide.updated_by_id, "Someone else")
    for name in ("body", "notes"):
        if name in marked:
            getattr(form, name).errors = ["Choose what to keep and remove the conflict markers"]
    shown = {"presenter_id": names.get(theirs["presenter_id"], "no presenter") if theirs["presenter_id"] else "no presenter",
             "seconds": format_seconds(theirs["seconds"]),
             "figure_key": theirs["figure_caption"] or ("a figure" if theirs["figure_key"] else "no figure")}
    for name in conflict.scalars:
        field = form.minutes if name == "seconds" else getattr(form, name)
        field.errors = [f"{who} chose {shown[name]}. Yours is kept here: save to keep it"]
    return _edit_page(team, slide, form, 409, conflict={
        "theirs": theirs, "who": who, "marked": marked, "clashes": clashes,
        "theirs_time": format_seconds(theirs["seconds"])})


# --- new -------------------------------------------------------------------------------------------


def _new_page(team, form: SlideForm, status: int = 200):
    members = members_of(team)
    set_presenters(form, members, {})
    # The same picker as the edit page's; a new slide has no suggested kind and no figure chosen
    # before, so only the team's figures are offered (a key that is not one comes back refused).
    groups = figure_groups(figure_choices(team, "team"), None, None, None)
    return render_template("presentation/new.html", team=team, form=form, groups=groups), status


@bp.route("/slides/new", methods=["GET", "POST"])
@refusals
def new_slide(team_id: int):
    team = get_team_to_change(team_id)
    if request.method == "GET":
        form = form_from(SlideValues(seconds=60))
        form.after_id.data = request.args.get("after", "")[:12]
        return _new_page(team, form)
    form = SlideForm()
    if not form.validate_on_submit():
        return _new_page(team, form, 400)
    try:
        slide = ops.create_slide(team, me(), form.values(), after_id=form.after_id.data or None)
    except ops.OrderStale as stale:
        form.title.errors = [str(stale)]
        return _new_page(team, form, 409)
    except ValidationProblem as problem:
        if "after_id" in problem.fields:  # the slide to follow was deleted meanwhile: say so, keep the rest
            form.after_id.data = ""
            problem = ValidationProblem({"title": "The slide you were adding this after has been deleted. "
                                                  "Add it again and it will go at the end."})
        problem.apply_to(form)
        return _new_page(team, form, 422)
    flash(f"Slide “{slide.title}” added.", "success")
    return _outline(team, f"#slide-{slide.id}")


# --- delete ----------------------------------------------------------------------------------------


@bp.route("/slides/<int:slide_id>/delete", methods=["GET", "POST"])
@refusals
def delete_slide(team_id: int, slide_id: int):
    team = get_team_to_change(team_id)
    slide = _live_slide(team, slide_id)
    if request.method == "GET":
        return render_template("presentation/confirm_delete.html", team=team, slide=slide)
    try:
        ops.delete_slide(team, slide, me())
    except ops.SlideGone:
        flash("That slide had already been deleted.", "info")
        return _outline(team)
    except ops.OrderStale as stale:
        flash(str(stale), "warning")
        return _outline(team)
    flash(f"Slide “{slide.title}” deleted.", "success")
    return _outline(team)
