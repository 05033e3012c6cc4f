"""Facilitators: a cohort's report template (sections, guidance, budgets) and word rules."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ..errors import ValidationProblem
from ..extensions import db
from ..models import Cohort
from ..permissions import require
from . import operations as ops
from .forms import RulesForm, TemplateSectionForm
from .models import TemplateSection

bp = Blueprint("report_template", __name__, url_prefix="/admin/cohorts/<int:cohort_id>/report")


@bp.before_request
def facilitators_only():
    require(current_user, "administer")


def _template_section(cohort: Cohort, template_id: int) -> TemplateSection:
    row = db.session.get(TemplateSection, template_id)
    if row is None or row.cohort_id != cohort.id:
        abort(404)
    return row


def _page(cohort: Cohort, status: int = 200, rules_form=None, new_form=None):
    rules = ops.rules_for(cohort)
    return render_template(
        "report/template.html", cohort=cohort, rows=ops.template_for(cohort),
        rules_form=rules_form or RulesForm(formdata=None, obj=rules),
        new_form=new_form or TemplateSectionForm(formdata=None),
    ), status


@bp.get("")
def template(cohort_id: int):
    return _page(db.get_or_404(Cohort, cohort_id))


@bp.post("/rules")
def save_rules(cohort_id: int):
    cohort = db.get_or_404(Cohort, cohort_id)
    form = RulesForm()
    if form.validate_on_submit():
        ops.save_rules(cohort, form.word_limit.data, form.tolerance_percent.data, form.count_tables.data)
        flash("Word count rules saved.", "success")
        return redirect(url_for("report_template.template", cohort_id=cohort.id))
    return _page(cohort, 400, rules_form=form)


@bp.post("/sections")
def add_section(cohort_id: int):
    cohort = db.get_or_404(Cohort, cohort_id)
    form = TemplateSectionForm()
    if form.validate_on_submit():
        try:
            row = ops.save_template_section(cohort, None, form.title.data, form.guidance.data,
                                            form.word_budget.data, form.excluded_from_count.data)
        except ValidationProblem as problem:
            problem.apply_to(form)
        else:
            flash(f"Section '{row.title}' added to the template and to every team's report.", "success")
            return redirect(url_for("report_template.template", cohort_id=cohort.id))
    return _page(cohort, 400, new_form=form)


@bp.route("/sections/<int:template_id>", methods=["GET", "POST"])
def edit_section(cohort_id: int, template_id: int):
    cohort = db.get_or_404(Cohort, cohort_id)
    row = _template_section(cohort, template_id)
    form = TemplateSectionForm(obj=row)
    if form.validate_on_submit():
        try:
            ops.save_template_section(cohort, row, form.title.data, form.guidance.data,
                                      form.word_budget.data, form.excluded_from_count.data)
        except ValidationProblem as problem:
            problem.apply_to(form)
        else:
            flash("Template section saved.", "success")
            return redirect(url_for("report_template.template", cohort_id=cohort.id))
    status = 400 if form.errors else 200
    return render_template("report/template_section.html", cohort=cohort, row=row, form=form), status


@bp.post("/sections/<int:template_id>/move")
def move_section(cohort_id: int, template_id: int):
    cohort = db.get_or_404(Cohort, cohort_id)
    row = _template_section(cohort, template_id)
    direction = request.form.get("direction")
    if direction not in ("up", "down"):
        abort(400, "Move a section up or down.")
    ops.move_template_section(cohort, row, direction)
    return redirect(url_for("report_template.template", cohort_id=cohort.id) + f"#row-{row.id}")


@bp.route("/sections/<int:template_id>/remove", methods=["GET", "POST"])
def remove_section(cohort_id: int, template_id: int):
    cohort = db.get_or_404(Cohort, cohort_id)
    row = _template_section(cohort, template_id)
    if request.method == "POST":
        title = row.title
        ops.remove_template_section(cohort, row)
        flash(f"Section '{title}' removed from the template.", "success")
        return redirect(url_for("report_template.template", cohort_id=cohort.id))
    return render_template("report/confirm_remove_template_section.html", cohort=cohort, row=row)
