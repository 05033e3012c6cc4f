"""The measure pages: the list (kind, points, latest value, signal icon), a measure (its chart,
the summary sentence to copy, the signals, the run/XmR switch, the points with add, paste and
upload forms, annotations, the PDSA cycles linked, comments), and the new, edit and
delete-confirm pages. Thin: load through the team, authorize, call measure_operations, render.

The run/XmR switch is a GET query (`?chart=run|xmr`): it changes the view only, not the
measure (the team's own choice is on the edit page).
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import FileField, HiddenField, SelectField, StringField, TextAreaField

from ..cleaning import bounded_int
from ..errors import ValidationProblem
from ..forms import choices
from ..http_errors import error_page
from ..loading import get_team_for, get_team_to_change
from ..names import first_name
from ..paging import ListPage, counted_page
from ..permissions import page_capabilities
from ..report.comments import threads_on
from ..submitted import ReportSubmitted
from . import figures, measure_csv, spc
from . import measure_operations as ops
from . import measure_queries as queries
from .blueprint import bp
from .measure_fields import BETTER_LABELS, CHART_LABELS, KIND_LABELS
from .messages import say
from .models import MeasureAnnotation, MeasurePoint
from .targets import measure_target

RULE_NAMES = spc.RULE_NAMES


def _me():
    return current_user._get_current_object()


@bp.errorhandler(ReportSubmitted)
def _submitted(refused: ReportSubmitted):
    return error_page(409, title="The review has been submitted", message=str(refused))


# --- forms (every value is checked by measure_fields, as the API's are) ------------------------------


def _select(label, options, description=None, **extra):
    return SelectField(label, choices=choices(options), validate_choice=False, description=description, **extra)


class _Values(FlaskForm):
    def values(self) -> dict:
        return {f.name: f.data for f in self if f.name not in ("csrf_token", "version")}


class MeasureForm(_Values):
    name = StringField("Name", description="For example: Patients discharged before noon.")
    kind = _select("Kind", list(KIND_LABELS.items()),
                   "Outcome: the result the aim names. Process: a step that leads to it. Balancing: "
                   "something that could get worse as a result.")
    definition = TextAreaField("Operational definition",
                               description="Exactly what is counted, from where, how often: so that anyone "
                                           "would count the same.")
    unit = StringField("Unit", description="For example: %, days, patients. Leave blank for a plain number.")
    better = _select("Which way is better", list(BETTER_LABELS.items()))
    target = StringField("Target (optional)", description="A number, for example 85.")
    chart = _select("Chart", list(CHART_LABELS.items()))
    version = HiddenField()


class PointForm(_Values):
    on = StringField("Date", description="For example, 2027-03-31 or 31/03/2027. A date that already has a "
                                         "point gets a second one, after it.", id="point-on")
    value = StringField("Value", description="A number; 85% is read as 85.", id="point-value")
    note = StringField("Note (optional)", id="point-note")


class ImportForm(_Values):
    csv = TextAreaField("Paste rows", description="One point a line: date,value and an optional note, for example "
                                                  "2027-03-31,85. A header row is allowed; a date given twice keeps both "
                                                  "points, in the order entered.", id="import-csv")
    file = FileField("Or upload a CSV file", id="import-file")


class AnnotationForm(_Values):
    on = StringField("Date", id="annotation-on")
    label = StringField("What happened", description="For example: New discharge checklist live.",
                        id="annotation-label")


# --- helpers -------------------------------------------------------------------------------------


def _page_number(name: str = "page") -> int:
    return bounded_int(request.args.get(name, "1"), 1) or 1


def _common(team) -> dict:
    return {"team": team, "capabilities": page_capabilities(current_user, team), "kinds": KIND_LABELS, "betters": BETTER_LABELS,
            "chart_labels": CHART_LABELS, "rule_names": RULE_NAMES, "amount": spc.amount}


def _back(measure, anchor: str = ""):
    return redirect(url_for("qi.measure", team_id=measure.team_id, measure_id=measure.id) + anchor)


# --- the list ----------------------------------------------------------------------------------------


@bp.get("/measures")
def measures(team_id: int):
    team = get_team_for(team_id, "view")
    page = counted_page(queries.measures_statement(team), page=_page_number(), per_page=queries.PER_PAGE)
    ids = [m.id for m in page.items]
    return render_template("qi/measures.html", **_common(team), page=page, measures=page.items,
                           charted=queries.charted(team, ids))


# --- a measure's fields --------------------------------------------------------------------------------


def _form_page(team, form, measure=None, status: int = 200):
    return render_template("qi/measure_form.html", **_common(team), form=form, measure=measure), status


@bp.route("/measures/new", methods=["GET", "POST"])
def new_measure(team_id: int):
    team = get_team_to_change(team_id)
    if request.method == "GET":
        return _form_page(team, MeasureForm(formdata=None))
    form = MeasureForm()
    if not form.validate_on_submit():
        return _form_page(team, form, status=400)
    try:
        measure = ops.create_measure(team, _me(), form.values())
    except ValidationProblem as problem:
        problem.apply_to(form)
        return _form_page(team, form, status=422)
    say(f"Measure “{measure.name}” created. Add its data points below.", "success")
    return _back(measure, "#add-point")


@bp.route("/measures/<int:measure_id>/edit", methods=["GET", "POST"])
def edit_measure(team_id: int, measure_id: int):
    team = get_team_to_change(team_id)
    measure = queries.measure_or_404(team, measure_id)
    if request.method == "GET":
        form = MeasureForm(formdata=None, name=measure.name, kind=measure.kind, definition=measure.definition,
                           unit=measure.unit, better=measure.better, chart=measure.chart,
                           target="" if measure.target is None else spc.exact(measure.target),
                           version=str(measure.version))
        return _form_page(team, form, measure)
    form = MeasureForm()
    if not form.validate_on_submit():
        return _form_page(team, form, measure, 400)
    try:
        ops.update_measure(team, measure, _me(), form.values(), version=form.version.data)
    except ValidationProblem as problem:
        problem.apply_to(form)
        return _form_page(team, form, measure, 422)
    except ops.Stale as stale:
        form.name.errors = [str(stale)]
        return _form_page(team, form, queries.measure_or_404(team, measure_id), 409)
    flash("Measure saved.", "success")
    return _back(measure)


@bp.route("/measures/<int:measure_id>/delete", methods=["GET", "POST"])
def delete_measure(team_id: int, measure_id: int):
    team = get_team_to_change(team_id)
    measure = queries.measure_or_404(team, measure_id)
    if request.method == "POST":
        ops.delete_measure(team, measure, _me())
        say(f"Measure “{measure.name}” deleted.", "success")
        return redirect(url_for("qi.measures", team_id=team.id))
    return render_template("qi/measure_confirm_delete.html", **_common(team), measure=measure, what="measure",
                           heading=f"Delete “{measure.name}”?", button="Delete measure")


# --- reading a measure -----------------------------------------------------------------------------------


def _measure_page(team, measure, status: int = 200, *, point_form=None, import_form=None, annotation_form=None,
                  problem: str | None = None, import_rows=None):
    switch = request.args.get("chart")
    switch = switch if switch in ("run", "xmr") else None
    found = queries.charted(team, [measure.id], switch)[measure.id]
    state = request.args.get("comments", "open")
    if state not in ("open", "resolved", "all"):
        state = "open"
    target = measure_target(team, measure)
    threads, mentionable = threads_on(team, target, state=state, page=_page_number())
    series, analysis = found.series, found.analysis
    # The table is the series itself, newest first: no second read of the points.
    points = ListPage(series.points[::-1], page=_page_number("points"), per_page=queries.POINTS_PER_PAGE)
    index_of = {point.id: i for i, point in enumerate(series.points)}  # a row's place in the chart
    return render_template(
        "qi/measure.html", **_common(team), measure=measure, series=series, analysis=analysis,
        chart=figures.chart_svg(series, analysis), switch=switch, points=points, index_of=index_of,
        marked=spc.point_rules(analysis), annotations=queries.annotations_of(measure),
        cycles=queries.linked_cycles(team, measure), first_point_id=series.points[0].id if series.points else None,
        point_form=point_form or PointForm(formdata=None), import_form=import_form or ImportForm(formdata=None),
        annotation_form=annotation_form or AnnotationForm(formdata=None), problem=problem, import_rows=import_rows,
        threads=threads.items, threads_page=threads, comment_state=state, mentionable=mentionable, target=target,
        mention_example=first_name(mentionable[0].name) if mentionable else "Aisha",
    ), status


@bp.get("/measures/<int:measure_id>")
def measure(team_id: int, measure_id: int):
    team = get_team_for(team_id, "view")
    return _measure_page(team, queries.measure_or_404(team, measure_id))


# --- points --------------------------------------------------------------------------------------------------


@bp.post("/measures/<int:measure_id>/points")
def add_point(team_id: int, measure_id: int):
    team = get_team_to_change(team_id)
    measure = queries.measure_or_404(team, measure_id)
    form = PointForm()
    if not form.validate_on_submit():
        return _measure_page(team, measure, 400, point_form=form)
    try:
        _added, shared = ops.add_points(team, measure, _me(), [form.values()])
    except ValidationProblem as problem:
        form_fields = {key.split(".")[-1]: message for key, message in problem.fields.items()}
        ValidationProblem(form_fields).apply_to(form)
        return _measure_page(team, measure, 422, point_form=form)
    except ops.Stale as stale:
        return _measure_page(team, measure, 409, point_form=form, problem=str(stale))
    flash("Point added." + (" That date already had a point: both are kept, in the order entered." if shared else ""),
          "success")
    return _back(measure, "#points")


@bp.post("/measures/<int:measure_id>/points/import")
def import_points(team_id: int, measure_id: int):
    team = get_team_to_change(team_id)
    measure = queries.measure_or_404(team, measure_id)
    form = ImportForm()
    try:
        if not form.validate_on_submit():
            raise ValidationProblem({"csv": "Your form could not be sent. Reload the page and try again."})
        upload = request.files.get("file")
        raw = upload.read(measure_csv.MAX_CSV_BYTES + 1) if upload and upload.filename else None
        text = measure_csv.decode(raw) if raw else (form.csv.data or "")
        rows = measure_csv.parse(text)
        added, shared = ops.add_points(team, measure, _me(), rows, cleaned=True, source="csv")
    except measure_csv.CsvProblem as problem:
        form.csv.errors = [problem.message if not problem.rows else
                           f"{len(problem.rows)} row{'s' if len(problem.rows) != 1 else ''} could not be read, "
                           "so nothing was saved. Correct them and send the rows again."]
        return _measure_page(team, measure, 422, import_form=form, import_rows=problem.rows[:measure_csv.MAX_REPORTED])
    except ValidationProblem as problem:
        form.csv.errors = [problem.message]
        return _measure_page(team, measure, 422, import_form=form)
    except ops.Stale as stale:
        return _measure_page(team, measure, 409, import_form=form, problem=str(stale))
    flash(f"{added} point{'s' if added != 1 else ''} added. {ops.shared_words(shared)}".strip(), "success")
    return _back(measure, "#points")


@bp.post("/measures/<int:measure_id>/points/<int:point_id>/flag")
def flag_point(team_id: int, measure_id: int, point_id: int):
    team = get_team_to_change(team_id)
    measure = queries.measure_or_404(team, measure_id)
    point = queries.child_or_404(MeasurePoint, measure, point_id)
    flag, on = request.form.get("flag", ""), request.form.get("on") == "1"
    try:
        ops.set_flag(team, measure, point, _me(), flag, on)
    except ValidationProblem as problem:
        return _measure_page(team, measure, 422, problem=problem.message)
    except ops.Stale as stale:
        return _measure_page(team, measure, 409, problem=str(stale))
    words = {("astronomical", True): "Point marked as astronomical.", ("astronomical", False): "Mark removed.",
             ("rebase", True): "Limits rebased at this point: a new phase starts here.",
             ("rebase", False): "Rebase removed: the phases are joined again."}
    flash(words[(flag, on)], "success")
    return _back(measure, f"#point-{point.id}")


class PointEditForm(_Values):
    value = StringField("Value", description="A number; 85% is read as 85.")
    note = StringField("Note (optional)")


@bp.route("/measures/<int:measure_id>/points/<int:point_id>/edit", methods=["GET", "POST"])
def edit_point(team_id: int, measure_id: int, point_id: int):
    """A point's value and note; its date stays (a new date is a new point)."""
    team = get_team_to_change(team_id)
    measure = queries.measure_or_404(team, measure_id)
    point = queries.child_or_404(MeasurePoint, measure, point_id)
    if request.method == "GET":
        form = PointEditForm(formdata=None, value=spc.exact(point.value), note=point.note)
        return render_template("qi/measure_point.html", **_common(team), measure=measure, point=point, form=form)
    form = PointEditForm()
    status = 400
    if form.validate_on_submit():
        try:
            ops.update_point(team, measure, point, _me(), form.values())
        except ValidationProblem as problem:
            problem.apply_to(form)
            status = 422
        except ops.Stale as stale:
            form.value.errors = [str(stale)]
            status = 409
        else:
            flash(f"The point of {point.on_date.strftime('%-d %B %Y')} saved.", "success")
            return _back(measure, f"#point-{point.id}")
    return render_template("qi/measure_point.html", **_common(team), measure=measure, point=point, form=form), status


@bp.route("/measures/<int:measure_id>/points/<int:point_id>/delete", methods=["GET", "POST"])
def delete_point(team_id: int, measure_id: int, point_id: int):
    team = get_team_to_change(team_id)
    measure = queries.measure_or_404(team, measure_id)
    point = queries.child_or_404(MeasurePoint, measure, point_id)
    if request.method == "POST":
        ops.delete_point(team, measure, point, _me())
        flash("Point deleted.", "success")
        return _back(measure, "#points")
    return render_template("qi/measure_confirm_delete.html", **_common(team), measure=measure, what="point",
                           heading=f"Delete the point of {point.on_date.strftime('%-d %B %Y')}?",
                           button="Delete point", point=point)


# --- annotations ---------------------------------------------------------------------------------------------


@bp.post("/measures/<int:measure_id>/annotations")
def add_annotation(team_id: int, measure_id: int):
    team = get_team_to_change(team_id)
    measure = queries.measure_or_404(team, measure_id)
    form = AnnotationForm()
    if not form.validate_on_submit():
        return _measure_page(team, measure, 400, annotation_form=form)
    try:
        ops.add_annotation(team, measure, _me(), form.values())
    except ValidationProblem as problem:
        problem.apply_to(form)
        return _measure_page(team, measure, 422, annotation_form=form)
    except ops.Stale as stale:
        return _measure_page(team, measure, 409, annotation_form=form, problem=str(stale))
    flash("Annotation added to the chart.", "success")
    return _back(measure, "#annotations")


@bp.route("/measures/<int:measure_id>/annotations/<int:annotation_id>/delete", methods=["GET", "POST"])
def delete_annotation(team_id: int, measure_id: int, annotation_id: int):
    team = get_team_to_change(team_id)
    measure = queries.measure_or_404(team, measure_id)
    annotation = queries.child_or_404(MeasureAnnotation, measure, annotation_id)
    if request.method == "POST":
        ops.delete_annotation(team, measure, annotation, _me())
        flash("Annotation deleted.", "success")
        return _back(measure, "#annotations")
    return render_template("qi/measure_confirm_delete.html", **_common(team), measure=measure, what="annotation",
                           heading=f"Delete the annotation “{annotation.label}”?", button="Delete annotation",
                           annotation=annotation)
