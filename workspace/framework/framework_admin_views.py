"""Facilitators: a cohort's framework editor, /admin/cohorts/<id>/framework (administer).
Thin: load the cohort, call admin_operations, render."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField

from ..errors import ValidationProblem
from ..extensions import db
from ..models import Cohort
from ..permissions import require
from . import admin_operations as ops
from .blueprint import bp
from .models import THEMES
from .setup import framework_for

PREFIX = "/admin/cohorts/<int:cohort_id>/framework"


class DomainForm(FlaskForm):
    name = StringField("Name")
    description = TextAreaField("Description", description="One or two sentences: what work in this domain is about.")


class BehaviourForm(FlaskForm):
    group = SelectField("Domain or theme", validate_choice=False)
    name = StringField("Name", description="As the framework words it, for example “Create shared vision”.")
    description = TextAreaField("Description", description="Optional. For a domain's entries: “Leadership role” or "
                                                          "“Behaviour demonstrated”.")


class BehaviourEditForm(FlaskForm):
    name = StringField("Name")
    description = TextAreaField("Description", description="Optional.")


class InterventionForm(FlaskForm):
    domain_id = SelectField("Domain", validate_choice=False)
    name = StringField("Name", description="For example “Action Learning Sets”.")


class InterventionEditForm(FlaskForm):
    name = StringField("Name")


def _me():
    return current_user._get_current_object()


def _cohort(cohort_id: int) -> Cohort:
    require(current_user, "administer")
    return db.get_or_404(Cohort, cohort_id)


def _values(form) -> dict:
    return {f.name: f.data for f in form if f.name != "csrf_token"}


def _back(cohort: Cohort, anchor: str = ""):
    return redirect(url_for("framework.admin", cohort_id=cohort.id) + (f"#{anchor}" if anchor else ""))


def _page(cohort: Cohort, status: int = 200, behaviour_form=None, intervention_form=None):
    framework = framework_for(cohort)  # the cohort's first need of it copies it in (and commits)
    behaviour_form = behaviour_form or BehaviourForm(formdata=None)
    behaviour_form.group.choices = ([("", "Choose a domain or theme")]
                                    + [(f"domain:{d.id}", d.name) for d in framework.domains]
                                    + [(f"theme:{t}", f"{t} (system leadership behaviours)") for t in THEMES])
    intervention_form = intervention_form or InterventionForm(formdata=None)
    intervention_form.domain_id.choices = [("", "Choose a domain")] + [(str(d.id), d.name) for d in framework.domains]
    return render_template("framework/admin.html", cohort=cohort, framework=framework,
                           behaviour_form=behaviour_form, intervention_form=intervention_form), status


@bp.get(PREFIX)
def admin(cohort_id: int):
    return _page(_cohort(cohort_id))


# --- domains ---


@bp.route(PREFIX + "/domains/<int:domain_id>", methods=["GET", "POST"])
def admin_domain(cohort_id: int, domain_id: int):
    cohort = _cohort(cohort_id)
    try:
        domain = ops.get_domain(cohort, domain_id)
    except LookupError:
        abort(404)
    form = DomainForm(data={"name": domain.name, "description": domain.description})
    if form.validate_on_submit():
        try:
            ops.save_domain(cohort, domain, _values(form), _me())
        except ValidationProblem as problem:
            problem.apply_to(form)
        else:
            flash(f"Domain “{domain.name}” saved.", "success")
            return _back(cohort, f"domain-{domain.id}")
    return render_template("framework/admin_domain.html", cohort=cohort, domain=domain, form=form), \
        400 if form.errors else 200


# --- behaviours ---


@bp.post(PREFIX + "/behaviours")
def admin_add_behaviour(cohort_id: int):
    cohort = _cohort(cohort_id)
    form = BehaviourForm()
    if form.validate_on_submit():
        try:
            behaviour = ops.add_behaviour(cohort, _values(form), _me())
        except ValidationProblem as problem:
            problem.apply_to(form)
        else:
            flash(f"“{behaviour.name}” added.", "success")
            return _back(cohort, f"behaviour-{behaviour.id}")
    return _page(cohort, 400, behaviour_form=form)


def _behaviour(cohort, behaviour_id):
    try:
        return ops.get_behaviour(cohort, behaviour_id)
    except LookupError:
        abort(404)


@bp.route(PREFIX + "/behaviours/<int:behaviour_id>", methods=["GET", "POST"])
def admin_behaviour(cohort_id: int, behaviour_id: int):
    cohort = _cohort(cohort_id)
    behaviour = _behaviour(cohort, behaviour_id)
    form = BehaviourEditForm(data={"name": behaviour.name, "description": behaviour.description})
    if form.validate_on_submit():
        try:
            ops.save_behaviour(cohort, behaviour, _values(form), _me())
        except ValidationProblem as problem:
            problem.apply_to(form)
        else:
            flash(f"“{behaviour.name}” saved.", "success")
            return _back(cohort, f"behaviour-{behaviour.id}")
    group = behaviour.theme or ops.get_domain(cohort, behaviour.domain_id).name
    return render_template("framework/admin_item.html", cohort=cohort, item=behaviour, group=group, form=form,
                           kind="behaviour"), 400 if form.errors else 200


@bp.route(PREFIX + "/behaviours/<int:behaviour_id>/remove", methods=["GET", "POST"])
def admin_remove_behaviour(cohort_id: int, behaviour_id: int):
    cohort = _cohort(cohort_id)
    behaviour = _behaviour(cohort, behaviour_id)
    if request.method == "POST":
        try:
            name, tags = ops.remove_behaviour(cohort, behaviour, _me())
        except ops.InUseBySubmitted as refused:
            return _remove_page(cohort, behaviour, "behaviour", refused.teams, 409, tags=ops.tags_naming(behaviour))
        flash(f"“{name}” removed" + (f", with {tags} tag{'s' if tags != 1 else ''}." if tags else "."), "success")
        return _back(cohort)
    return _remove_page(cohort, behaviour, "behaviour", ops.submitted_teams_tagging(behaviour),
                        tags=ops.tags_naming(behaviour))


def _remove_page(cohort, item, kind: str, submitted: list[str], status: int = 200, *, tags: int = 0,
                 recommendations: int = 0):
    """The confirmation page; when submitted teams use the item it says so, and offers renaming instead."""
    blocked = ops.in_use_message(submitted) if submitted else None
    return render_template("framework/admin_remove.html", cohort=cohort, item=item, name=item.name, kind=kind,
                           tags=tags, recommendations=recommendations, blocked=blocked,
                           refused=status == 409), status


# --- interventions ---


@bp.post(PREFIX + "/interventions")
def admin_add_intervention(cohort_id: int):
    cohort = _cohort(cohort_id)
    form = InterventionForm()
    if form.validate_on_submit():
        try:
            intervention = ops.add_intervention(cohort, _values(form), _me())
        except ValidationProblem as problem:
            problem.apply_to(form)
        else:
            flash(f"“{intervention.name}” added to the menu.", "success")
            return _back(cohort, f"intervention-{intervention.id}")
    return _page(cohort, 400, intervention_form=form)


def _intervention(cohort, intervention_id):
    try:
        return ops.get_intervention(cohort, intervention_id)
    except LookupError:
        abort(404)


@bp.route(PREFIX + "/interventions/<int:intervention_id>", methods=["GET", "POST"])
def admin_intervention(cohort_id: int, intervention_id: int):
    cohort = _cohort(cohort_id)
    intervention = _intervention(cohort, intervention_id)
    form = InterventionEditForm(data={"name": intervention.name})
    if form.validate_on_submit():
        try:
            ops.save_intervention(cohort, intervention, _values(form), _me())
        except ValidationProblem as problem:
            problem.apply_to(form)
        else:
            flash(f"“{intervention.name}” saved.", "success")
            return _back(cohort, f"intervention-{intervention.id}")
    group = ops.get_domain(cohort, intervention.domain_id).name
    return render_template("framework/admin_item.html", cohort=cohort, item=intervention, group=group, form=form,
                           kind="intervention"), 400 if form.errors else 200


@bp.route(PREFIX + "/interventions/<int:intervention_id>/remove", methods=["GET", "POST"])
def admin_remove_intervention(cohort_id: int, intervention_id: int):
    cohort = _cohort(cohort_id)
    intervention = _intervention(cohort, intervention_id)
    if request.method == "POST":
        try:
            name = ops.remove_intervention(cohort, intervention, _me())
        except ops.InUseBySubmitted as refused:
            return _remove_page(cohort, intervention, "intervention", refused.teams, 409,
                                recommendations=ops.recommendations_choosing(intervention))
        flash(f"“{name}” removed from the menu.", "success")
        return _back(cohort)
    return _remove_page(cohort, intervention, "intervention", ops.submitted_teams_choosing(intervention),
                        recommendations=ops.recommendations_choosing(intervention))
