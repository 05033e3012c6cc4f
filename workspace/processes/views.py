"""Process-map pages: the list, a map (diagram, metrics, steps, notes, threads), editing its
fields, lanes, steps, branches and sticky notes, current versus future, a printable view and
the steps as CSV. Thin: load through the team, authorize, call the operations, render.

Every edit works as a plain form without JavaScript; static/js/process-steps.js adds drag and
keyboard reordering with undo on top, saving through the API with the map's version.
"""

from __future__ import annotations

import base64

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ..cleaning import bounded_int
from ..errors import ValidationProblem
from ..extensions import db
from ..http_errors import error_page
from ..loading import get_team_for, get_team_to_change
from ..markdown import render as render_markdown
from ..names import first_name
from ..paging import counted_page
from ..permissions import page_capabilities
from ..report.comments import threads_on
from . import compare as comparing
from . import csvfile, figures, queries, targets
from . import operations as ops
from .durations import format_minutes
from .fields import STATE_LABELS
from .flow import KIND_LABELS, NOTE_LABELS, VALUE_LABELS
from .forms import LaneForm, MapForm, NoteForm, StepForm
from .metrics import measure
from .models import ProcessLane, ProcessNote, ProcessStep

bp = Blueprint("processes", __name__, url_prefix="/teams/<int:team_id>/process-maps")


def _me():
    return current_user._get_current_object()


@bp.errorhandler(ops.ReportSubmitted)
def _submitted(refused: ops.ReportSubmitted):
    return error_page(409, title="The review has been submitted", message=str(refused))


@bp.errorhandler(ops.StaleMap)
def _stale(stale: ops.StaleMap):
    flash(str(stale), "error")
    return redirect(url_for("processes.edit", team_id=stale.map.team_id, map_id=stale.map.id))


def _page_number() -> int:
    return bounded_int(request.args.get("page", "1"), 1) or 1


def _map_or_404(team, map_id: int):
    process_map = queries.get_map(team, map_id)
    if process_map is None:
        abort(404)
    return process_map


def _child_or_404(model, process_map, record_id: int):
    record = db.session.get(model, record_id)
    if record is None or record.map_id != process_map.id or record.team_id != process_map.team_id:
        abort(404)
    return record


def _common(team) -> dict:
    return {"team": team, "capabilities": page_capabilities(current_user, team), "kinds": KIND_LABELS, "values": VALUE_LABELS,
            "note_labels": NOTE_LABELS, "states": STATE_LABELS, "format_minutes": format_minutes}


# --- the list --------------------------------------------------------------------------------------


@bp.get("")
def index(team_id: int):
    team = get_team_for(team_id, "view")
    page = counted_page(queries.maps_statement(team), page=_page_number(), per_page=queries.PER_PAGE)
    return render_template("processes/index.html", **_common(team), page=page, maps=page.items,
                           counts=queries.step_counts(team))


# --- a map's fields ----------------------------------------------------------------------------------


def _map_form_page(team, form: MapForm, process_map=None, status: int = 200):
    current = [m for m in queries.all_maps(team) if m.state == "current" and (process_map is None or m.id != process_map.id)]
    form.redesigns_id.choices = [("", "None")] + [(str(m.id), m.title) for m in current]
    return render_template("processes/map_form.html", **_common(team), form=form, process_map=process_map), status


@bp.route("/new", methods=["GET", "POST"])
def new(team_id: int):
    team = get_team_to_change(team_id)
    form = MapForm()
    if request.method == "GET":
        form = MapForm(formdata=None, state=request.args.get("state", "current"),
                       redesigns_id=request.args.get("redesigns", ""))
        return _map_form_page(team, form)
    if not form.validate_on_submit():
        return _map_form_page(team, form, status=400)
    try:
        process_map = ops.create_map(team, _me(), form.values())
    except ValidationProblem as problem:
        problem.apply_to(form)
        return _map_form_page(team, form, status=422)
    flash("Map created. Its first lane is the patient; add the other lanes and the steps.", "success")
    return redirect(url_for("processes.edit", team_id=team.id, map_id=process_map.id))


@bp.route("/<int:map_id>/details", methods=["GET", "POST"])
def details(team_id: int, map_id: int):
    team = get_team_to_change(team_id)
    process_map = _map_or_404(team, map_id)
    if request.method == "GET":
        data = {name: getattr(process_map, name) for name in ("title", "state", "scope", "start_point", "end_point",
                                                               "participants", "notes")}
        form = MapForm(formdata=None, **data, redesigns_id=str(process_map.redesigns_id or ""),
                       mapped_on=process_map.mapped_on.isoformat() if process_map.mapped_on else "",
                       version=str(process_map.version))
        return _map_form_page(team, form, process_map)
    form = MapForm()
    if not form.validate_on_submit():
        return _map_form_page(team, form, process_map, 400)
    try:
        ops.update_map(team, process_map, _me(), form.values(), version=bounded_int(form.version.data, 1))
    except ValidationProblem as problem:
        problem.apply_to(form)
        return _map_form_page(team, form, process_map, 422)
    except ops.StaleMap as stale:
        form.title.errors = [str(stale)]
        return _map_form_page(team, form, process_map, 409)
    flash("Map details saved.", "success")
    return redirect(url_for("processes.detail", team_id=team.id, map_id=process_map.id))


@bp.route("/<int:map_id>/delete", methods=["GET", "POST"])
def delete(team_id: int, map_id: int):
    team = get_team_to_change(team_id)
    process_map = _map_or_404(team, map_id)
    if request.method == "POST":
        ops.delete_map(team, process_map, _me())
        flash(f"“{process_map.title}” deleted.", "success")
        return redirect(url_for("processes.index", team_id=team.id))
    return render_template("processes/confirm_delete.html", **_common(team), process_map=process_map)


# --- reading a map -----------------------------------------------------------------------------------


def _read(process_map):
    data = queries.load(process_map)
    flow = queries.flow_of(data)
    return data, flow, measure(flow)


@bp.get("/<int:map_id>")
def detail(team_id: int, map_id: int):
    team = get_team_for(team_id, "view")
    process_map = _map_or_404(team, map_id)
    data, flow, metrics = _read(process_map)
    state = request.args.get("comments", "open")
    if state not in ("open", "resolved", "all"):
        state = "open"
    target = targets.target(team, process_map)
    threads, mentionable = threads_on(team, target, state=state, page=_page_number())
    about = _child_or_404(ProcessStep, process_map, bounded_int(request.args.get("about"), 1) or 0) \
        if request.args.get("about") else None
    return render_template(
        "processes/detail.html", **_common(team), process_map=process_map, data=data, flow=flow, metrics=metrics,
        diagram=figures.swimlane_svg(flow), large=figures.is_large(flow), notes_html=render_markdown(process_map.notes),
        threads=threads.items, threads_page=threads, comment_state=state, mentionable=mentionable, target=target,
        quote_ok={}, about=about, numbers=data.number_of, note_form=NoteForm(formdata=None),
        mention_example=first_name(mentionable[0].name) if mentionable else "Aisha",
        future_maps=queries.future_maps_of(team, process_map) if process_map.state == "current" else [],
        redesigns=queries.get_map(team, process_map.redesigns_id) if process_map.redesigns_id else None,
    )


@bp.get("/<int:map_id>/print")
def printable(team_id: int, map_id: int):
    team = get_team_for(team_id, "view")
    process_map = _map_or_404(team, map_id)
    data, flow, metrics = _read(process_map)
    # The diagram as the Word report has it, cut into page-sized pictures: the page's SVG is
    # as wide as the map and a printer cuts it off. Inline (the CSP allows data: images), so
    # the view prints as it stands; drawn once per content hash.
    pictures = [base64.b64encode(png).decode() for png in figures.swimlane_png_pages(flow)] if flow.steps else []
    return render_template("processes/print.html", **_common(team), process_map=process_map, data=data, flow=flow,
                           metrics=metrics, pictures=pictures, summary=figures.summary(flow),
                           numbers=data.number_of, notes_html=render_markdown(process_map.notes))


@bp.get("/<int:map_id>/steps.csv")
def steps_csv(team_id: int, map_id: int):
    team = get_team_for(team_id, "view")
    process_map = _map_or_404(team, map_id)
    body = csvfile.export(queries.load(process_map))
    return Response(body, mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="process-map-{process_map.id}-steps.csv"'})


@bp.get("/<int:map_id>/compare")
def compare(team_id: int, map_id: int):
    """A future map beside the current map it redesigns (from either end), with every metric's delta."""
    team = get_team_for(team_id, "view")
    process_map = _map_or_404(team, map_id)
    if process_map.state == "future":
        future, current = process_map, queries.get_map(team, process_map.redesigns_id) if process_map.redesigns_id else None
    else:
        current = process_map
        futures = queries.future_maps_of(team, process_map)
        future = futures[0] if futures else None
    if current is None or future is None:
        return render_template("processes/compare.html", **_common(team), process_map=process_map, pair=None)
    sides = [(m, *_read(m)) for m in (current, future)]
    deltas = comparing.compare(sides[0][3], sides[1][3])
    return render_template("processes/compare.html", **_common(team), process_map=process_map, pair=sides,
                           deltas=deltas, diagrams=[figures.swimlane_svg(side[2]) for side in sides])


# --- editing lanes, steps, branches and notes ---------------------------------------------------------


def _edit_page(team, process_map, status: int = 200, *, lane_form=None, step_form=None, problem: str | None = None):
    data = queries.load(process_map)
    lane_choices = [(str(lane.id), lane.name) for lane in data.lanes]
    step_form = step_form or StepForm(formdata=None, lane=lane_choices[0][0] if lane_choices else "", unit="minutes")
    step_form.lane.choices = lane_choices
    return render_template("processes/edit.html", **_common(team), process_map=process_map, data=data,
                           numbers=data.number_of, lane_form=lane_form or LaneForm(formdata=None),
                           step_form=step_form, problem=problem), status


def _version() -> int | None:
    return bounded_int(request.form.get("version"), 1)


def _back(process_map, anchor: str = ""):
    return redirect(url_for("processes.edit", team_id=process_map.team_id, map_id=process_map.id) + anchor)


@bp.get("/<int:map_id>/edit")
def edit(team_id: int, map_id: int):
    team = get_team_to_change(team_id)
    return _edit_page(team, _map_or_404(team, map_id))


@bp.post("/<int:map_id>/lanes")
def add_lane(team_id: int, map_id: int):
    team = get_team_to_change(team_id)
    process_map = _map_or_404(team, map_id)
    form = LaneForm()
    if not form.validate_on_submit():
        return _edit_page(team, process_map, 400, lane_form=form)
    try:
        ops.add_lane(team, process_map, _me(), form.name.data, version=_version())
    except ValidationProblem as problem:
        problem.apply_to(form)
        return _edit_page(team, process_map, 422, lane_form=form)
    except ops.StaleMap as stale:
        return _edit_page(team, process_map, 409, lane_form=form, problem=str(stale))
    flash(f"Lane “{form.name.data.strip()}” added.", "success")
    return _back(process_map, "#lanes")


@bp.post("/<int:map_id>/lanes/<int:lane_id>/rename")
def rename_lane(team_id: int, map_id: int, lane_id: int):
    team = get_team_to_change(team_id)
    process_map = _map_or_404(team, map_id)
    lane = _child_or_404(ProcessLane, process_map, lane_id)
    try:
        ops.rename_lane(team, process_map, lane, _me(), request.form.get("name", ""), version=_version())
    except ValidationProblem as problem:
        return _edit_page(team, process_map, 422, problem=f"{lane.name}: {problem.message}")
    flash("Lane renamed.", "success")
    return _back(process_map, "#lanes")


@bp.post("/<int:map_id>/lanes/<int:lane_id>/move")
def move_lane(team_id: int, map_id: int, lane_id: int):
    team = get_team_to_change(team_id)
    process_map = _map_or_404(team, map_id)
    lane = _child_or_404(ProcessLane, process_map, lane_id)
    ops.move_lane(team, process_map, lane, _me(), -1 if request.form.get("direction") == "up" else 1, version=_version())
    flash(f"Lane “{lane.name}” moved {request.form.get('direction') == 'up' and 'up' or 'down'}.", "success")
    return _back(process_map, "#lanes")


@bp.route("/<int:map_id>/lanes/<int:lane_id>/delete", methods=["GET", "POST"])
def delete_lane(team_id: int, map_id: int, lane_id: int):
    team = get_team_to_change(team_id)
    process_map = _map_or_404(team, map_id)
    lane = _child_or_404(ProcessLane, process_map, lane_id)
    if request.method == "POST":
        try:
            ops.delete_lane(team, process_map, lane, _me())
        except ValidationProblem as problem:
            return _edit_page(team, process_map, 422, problem=problem.message)
        flash(f"Lane “{lane.name}” deleted.", "success")
        return _back(process_map, "#lanes")
    return render_template("processes/confirm_delete_lane.html", **_common(team), process_map=process_map, lane=lane)


@bp.post("/<int:map_id>/steps")
def add_step(team_id: int, map_id: int):
    team = get_team_to_change(team_id)
    process_map = _map_or_404(team, map_id)
    form = StepForm()
    if not form.validate_on_submit():
        return _edit_page(team, process_map, 400, step_form=form)
    try:
        step = ops.add_step(team, process_map, _me(), form.values(), at=form.position.data or None,
                            unit=form.unit.data, version=_version())
    except ValidationProblem as problem:
        problem.apply_to(form)
        return _edit_page(team, process_map, 422, step_form=form)
    except ops.StaleMap as stale:  # the page again with the new map and the step as typed
        return _edit_page(team, process_map, 409, step_form=form, problem=str(stale))
    flash(f"Step “{step.label}” added.", "success")
    return _back(process_map, f"#step-{step.id}")


def _stored_step_form(process_map, step) -> StepForm:
    """The step's form as stored, for its page."""
    return StepForm(formdata=None, label=step.label, lane=str(step.lane_id), kind=step.kind,
                    minutes=str(step.minutes), wait_minutes=str(step.wait_minutes or ""), unit="minutes",
                    value=step.value or "", paper=step.paper, version=str(process_map.version))


def _step_page(team, process_map, step, form: StepForm, status: int = 200, problem: str | None = None,
               note_form=None):
    data = queries.load(process_map)
    form.lane.choices = [(str(lane.id), lane.name) for lane in data.lanes]
    others = [s for s in data.steps if s.id != step.id]
    return render_template("processes/step.html", **_common(team), process_map=process_map, data=data, step=step,
                           form=form, others=others, numbers=data.number_of, problem=problem,
                           branches=data.branches.get(step.id, []), notes=data.notes.get(step.id, []),
                           note_form=note_form or NoteForm(formdata=None)), status


@bp.route("/<int:map_id>/steps/<int:step_id>", methods=["GET", "POST"])
def step(team_id: int, map_id: int, step_id: int):
    team = get_team_to_change(team_id)
    process_map = _map_or_404(team, map_id)
    found = _child_or_404(ProcessStep, process_map, step_id)
    if request.method == "GET":
        return _step_page(team, process_map, found, _stored_step_form(process_map, found))
    form = StepForm()
    if not form.validate_on_submit():
        return _step_page(team, process_map, found, form, 400)
    try:
        ops.update_step(team, process_map, found, _me(), form.values(), unit=form.unit.data, version=_version())
    except ValidationProblem as problem:
        problem.apply_to(form)
        return _step_page(team, process_map, found, form, 422)
    except ops.StaleMap as stale:
        return _step_page(team, process_map, found, form, 409, problem=str(stale))
    flash("Step saved.", "success")
    return _back(process_map, f"#step-{found.id}")


@bp.post("/<int:map_id>/steps/<int:step_id>/move")
def move_step(team_id: int, map_id: int, step_id: int):
    team = get_team_to_change(team_id)
    process_map = _map_or_404(team, map_id)
    found = _child_or_404(ProcessStep, process_map, step_id)
    up = request.form.get("direction") == "up"
    ops.move_step(team, process_map, found, _me(), -1 if up else 1, version=_version())
    flash(f"Step “{found.label}” moved {'up' if up else 'down'}.", "success")
    return _back(process_map, f"#step-{found.id}")


@bp.route("/<int:map_id>/steps/<int:step_id>/delete", methods=["GET", "POST"])
def delete_step(team_id: int, map_id: int, step_id: int):
    team = get_team_to_change(team_id)
    process_map = _map_or_404(team, map_id)
    found = _child_or_404(ProcessStep, process_map, step_id)
    if request.method == "POST":
        ops.delete_step(team, process_map, found, _me())
        flash(f"Step “{found.label}” deleted.", "success")
        return _back(process_map, "#steps")
    data = queries.load(process_map)
    return render_template("processes/confirm_delete_step.html", **_common(team), process_map=process_map,
                           step=found, numbers=data.number_of, notes=data.notes.get(found.id, []),
                           incoming=[b for bs in data.branches.values() for b in bs if b.target_id == found.id])


@bp.post("/<int:map_id>/steps/<int:step_id>/branches")
def set_branches(team_id: int, map_id: int, step_id: int):
    """The branch rows of the step page: target step and label, blank rows ignored."""
    team = get_team_to_change(team_id)
    process_map = _map_or_404(team, map_id)
    found = _child_or_404(ProcessStep, process_map, step_id)
    targets_ = request.form.getlist("target")[:ops.MAX_BRANCHES + 1]
    labels = request.form.getlist("label")[:ops.MAX_BRANCHES + 1]
    pairs = [(t, labels[n] if n < len(labels) else "") for n, t in enumerate(targets_) if t.strip()]
    try:
        ops.set_branches(team, process_map, found, _me(), pairs, version=_version())
    except ValidationProblem as problem:
        return _step_page(team, process_map, found, _stored_step_form(process_map, found), 422,
                          problem=problem.message)
    flash("Branches saved." if pairs else "Branches removed: the step flows to the next one.", "success")
    return redirect(url_for("processes.step", team_id=team.id, map_id=process_map.id, step_id=found.id) + "#branches")


@bp.post("/<int:map_id>/steps/<int:step_id>/notes")
def add_note(team_id: int, map_id: int, step_id: int):
    team = get_team_to_change(team_id)
    process_map = _map_or_404(team, map_id)
    found = _child_or_404(ProcessStep, process_map, step_id)
    form = NoteForm()
    try:
        if not form.validate_on_submit():
            raise ValidationProblem({"body": "Your form could not be sent. Reload the page and try again."})
        ops.add_note(team, process_map, found, _me(), form.values())
    except ValidationProblem as problem:
        # the note as typed comes back with its message, beside the step's stored form
        form.body.errors = [problem.message]
        return _step_page(team, process_map, found, _stored_step_form(process_map, found), 422, note_form=form)
    flash(f"{NOTE_LABELS.get(form.kind.data, 'Note')} added.", "success")
    return redirect(url_for("processes.step", team_id=team.id, map_id=process_map.id, step_id=found.id) + "#notes")


@bp.route("/<int:map_id>/notes/<int:note_id>/delete", methods=["GET", "POST"])
def delete_note(team_id: int, map_id: int, note_id: int):
    team = get_team_to_change(team_id)
    process_map = _map_or_404(team, map_id)
    note = _child_or_404(ProcessNote, process_map, note_id)
    back = url_for("processes.step", team_id=team.id, map_id=process_map.id, step_id=note.step_id) + "#notes"
    if request.method == "POST":
        ops.delete_note(team, process_map, note, _me())
        flash("Sticky note deleted.", "success")
        return redirect(back)
    return render_template("processes/confirm_delete_note.html", **_common(team), process_map=process_map, note=note,
                           back=back)

