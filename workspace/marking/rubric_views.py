"""The rubric pages: the facilitator's (capability "administer") under
/admin/cohorts/<cohort_id>/rubric, and the read-only rubric a team's viewers read
(/teams/<team_id>/rubric). Thin: load, authorize, call the operations, render."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ..errors import ValidationProblem
from ..extensions import db
from ..loading import get_team_for
from ..models import Cohort
from ..permissions import page_capabilities, require
from . import marks_csv as marks_export
from . import rubric as arithmetic
from . import rubric_operations as ops
from .blueprint import bp
from .models import COMPONENTS, MAX_CRITERIA, RubricCriterion
from .rubric_defaults import criteria_of, ensure_rubric
from .rubric_forms import (
    bands_form_class,
    bands_from,
    criterion_form_class,
    weights_form_class,
    whole,
)

PREFIX = "/admin/cohorts/<int:cohort_id>/rubric"


def _cohort(cohort_id: int) -> Cohort:
    require(current_user, "administer")
    return db.get_or_404(Cohort, cohort_id)


def _criterion(cohort: Cohort, criterion_id: int) -> RubricCriterion:
    row = db.session.get(RubricCriterion, criterion_id)
    if row is None or row.cohort_id != cohort.id:
        abort(404)
    return row


def _component(component: str) -> str:
    if component not in COMPONENTS:
        abort(404)
    return component


def _back(cohort: Cohort, anchor: str = ""):
    return redirect(url_for("marking.rubric", cohort_id=cohort.id) + anchor)


def _by_component(criteria):
    return {component: [c for c in criteria if c.component == component] for component in COMPONENTS}


@bp.get(PREFIX)
def rubric(cohort_id: int):
    cohort = _cohort(cohort_id)
    record = ensure_rubric(cohort)
    criteria = criteria_of(cohort.id)
    return render_template(
        "marking/rubric.html", cohort=cohort, rubric=record, criteria=_by_component(criteria),
        readiness=arithmetic.readiness(criteria), locked=ops.marking_started(cohort.id),
        max_criteria=MAX_CRITERIA)


@bp.route(PREFIX + "/bands", methods=["GET", "POST"])
def rubric_bands(cohort_id: int):
    cohort = _cohort(cohort_id)
    record = ensure_rubric(cohort)
    form_class = bands_form_class()
    if request.method == "POST":
        form = form_class()
        if form.validate_on_submit():
            try:
                ops.save_bands(cohort, current_user, bands_from(form), whole(form.report_weight.data),
                               version=form.version.data)
            except ValidationProblem as problem:
                _apply(problem, form, "band_name_0")
            else:
                flash("Bands and weighting saved.", "success")
                return _back(cohort, "#bands")
    else:
        data = {"report_weight": str(record.report_weight), "version": str(record.version)}
        for i, band in enumerate(record.bands):
            data[f"band_name_{i}"], data[f"band_min_{i}"] = band["name"], str(band["min"])
        form = form_class(formdata=None, data=data)
    status = 400 if form.errors or request.method == "POST" else 200
    return render_template("marking/rubric_bands.html", cohort=cohort, form=form,
                           locked=ops.marking_started(cohort.id)), status


def _apply(problem: ValidationProblem, form, fallback: str) -> None:
    """Each message on its field; a message about the whole (the bands, a stale version) on
    `fallback`, the first field a person sees."""
    def shown(name: str) -> bool:
        field = getattr(form, name, None)
        return field is not None and field.type != "HiddenField"

    fields = {(name if shown(name) else fallback): message for name, message in problem.fields.items()}
    ValidationProblem(fields).apply_to(form)


def _criterion_page(cohort, record, form, component, row=None, status=200):
    return render_template("marking/rubric_criterion.html", cohort=cohort, form=form, component=component,
                           row=row, bands=record.bands, locked=ops.marking_started(cohort.id)), status


def _descriptors(form, bands) -> dict[int, str]:
    return {i: getattr(form, f"descriptor_{i}").data for i in range(len(bands))}


@bp.route(PREFIX + "/<component>/new", methods=["GET", "POST"])
def rubric_new_criterion(cohort_id: int, component: str):
    cohort = _cohort(cohort_id)
    component = _component(component)
    record = ensure_rubric(cohort)
    form_class = criterion_form_class(record.bands)
    form = form_class() if request.method == "POST" else form_class(formdata=None, data={"version": str(record.version)})
    if form.validate_on_submit():
        try:
            row = ops.save_criterion(cohort, current_user, None, component, title=form.title.data,
                                     guidance=form.guidance.data, weight=whole(form.weight.data),
                                     max_score=whole(form.max_score.data), descriptors=_descriptors(form, record.bands),
                                     version=form.version.data)
        except ValidationProblem as problem:
            _apply(problem, form, "title")
        else:
            flash(f"Criterion “{row.title}” added.", "success")
            return _back(cohort, f"#criterion-{row.id}")
    return _criterion_page(cohort, record, form, component, status=400 if request.method == "POST" else 200)


@bp.route(PREFIX + "/criteria/<int:criterion_id>", methods=["GET", "POST"])
def rubric_criterion(cohort_id: int, criterion_id: int):
    cohort = _cohort(cohort_id)
    record = ensure_rubric(cohort)
    row = _criterion(cohort, criterion_id)
    form_class = criterion_form_class(record.bands)
    if request.method == "POST":
        form = form_class()
    else:
        data = {"title": row.title, "guidance": row.guidance, "weight": str(row.weight),
                "max_score": str(row.max_score), "version": str(record.version)}
        for i, band in enumerate(record.bands):
            data[f"descriptor_{i}"] = (row.descriptors or {}).get(band["name"], "")
        form = form_class(formdata=None, data=data)
    if form.validate_on_submit():
        try:
            ops.save_criterion(cohort, current_user, row, row.component, title=form.title.data,
                               guidance=form.guidance.data, weight=whole(form.weight.data),
                               max_score=whole(form.max_score.data), descriptors=_descriptors(form, record.bands),
                               version=form.version.data)
        except ValidationProblem as problem:
            _apply(problem, form, "title")
        else:
            flash("Criterion saved.", "success")
            return _back(cohort, f"#criterion-{row.id}")
    return _criterion_page(cohort, record, form, row.component, row, 400 if request.method == "POST" else 200)


@bp.post(PREFIX + "/criteria/<int:criterion_id>/move")
def rubric_move_criterion(cohort_id: int, criterion_id: int):
    cohort = _cohort(cohort_id)
    row = _criterion(cohort, criterion_id)
    direction = request.form.get("direction")
    if direction not in ("up", "down"):
        abort(400, "Move a criterion up or down.")
    ops.move_criterion(cohort, current_user, row, direction)
    return _back(cohort, f"#criterion-{row.id}")


@bp.route(PREFIX + "/criteria/<int:criterion_id>/remove", methods=["GET", "POST"])
def rubric_remove_criterion(cohort_id: int, criterion_id: int):
    cohort = _cohort(cohort_id)
    row = _criterion(cohort, criterion_id)
    locked = ops.marking_started(cohort.id)
    if request.method == "POST":
        title = row.title
        try:
            ops.remove_criterion(cohort, current_user, row)
        except ops.RubricLocked:
            flash(ops.LOCKED_MESSAGE, "error")
            return _back(cohort)
        flash(f"Criterion “{title}” removed. Check that the weights still add up to 100%.", "success")
        return _back(cohort, f"#{row.component}")
    return render_template("marking/rubric_remove.html", cohort=cohort, row=row, locked=locked)


@bp.route(PREFIX + "/<component>/weights", methods=["GET", "POST"])
def rubric_weights(cohort_id: int, component: str):
    cohort = _cohort(cohort_id)
    component = _component(component)
    record = ensure_rubric(cohort)
    rows = [c for c in criteria_of(cohort.id) if c.component == component]
    form_class = weights_form_class(rows)
    if request.method == "POST":
        form = form_class()
    else:
        form = form_class(formdata=None, data={"version": str(record.version),
                                               **{f"weight_{c.id}": str(c.weight) for c in rows}})
    if form.validate_on_submit():
        weights = {c.id: whole(getattr(form, f"weight_{c.id}").data) for c in rows}
        try:
            ops.save_weights(cohort, current_user, component, weights, version=form.version.data)
        except ValidationProblem as problem:
            _apply(problem, form, f"weight_{rows[0].id}" if rows else "version")
        else:
            flash("Weights saved.", "success")
            return _back(cohort, f"#{component}")
    total = sum(c.weight for c in rows)
    return render_template("marking/rubric_weights.html", cohort=cohort, form=form, rows=rows, component=component,
                           total=total, locked=ops.marking_started(cohort.id)), 400 if request.method == "POST" else 200


@bp.get("/teams/<int:team_id>/rubric")
def team_rubric(team_id: int):
    team = get_team_for(team_id, "view")
    record = ensure_rubric(team.cohort)
    criteria = criteria_of(team.cohort_id)
    return render_template("marking/rubric_team.html", team=team, rubric=record, criteria=_by_component(criteria),
                           readiness=arithmetic.readiness(criteria),
                           capabilities=page_capabilities(current_user, team))


@bp.get("/admin/cohorts/<int:cohort_id>/marks.csv")
def marks_csv(cohort_id: int):
    require(current_user, "see_all_marks")
    cohort = db.get_or_404(Cohort, cohort_id)
    body = marks_export.download(cohort, current_user)
    return Response(body, mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{marks_export.filename(cohort)}"'})
