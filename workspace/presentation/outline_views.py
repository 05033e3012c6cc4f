"""Facilitators: a cohort's presentation set-up (the slot and the outline), under the cohort's
admin pages. Thin: load the cohort, call outline_operations, render. Slides are addressed by
their number in the outline (outline_operations explains why)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField

from ..errors import ValidationProblem
from ..extensions import db
from ..forms import choices
from ..models import Cohort
from ..permissions import require
from . import outline_operations as ops
from .models import MAX_SLIDES, MAX_SLOT_MINUTES
from .queries import slot_minutes
from .timing import minutes_field

bp = Blueprint("presentation_admin", __name__, url_prefix="/admin/cohorts/<int:cohort_id>/presentation")


@bp.before_request
def facilitators_only():
    require(current_user, "administer")


class SlotForm(FlaskForm):
    slot_minutes = StringField("Slot (minutes)", description=f"How long each team presents for, from 1 to "
                                                             f"{MAX_SLOT_MINUTES}. It applies to every team of the cohort at once.")


class OutlineSlideForm(FlaskForm):
    title = StringField("Slide title", description="It may name the team's details: {review_title}, {team_name}, "
                                                   "{host_partner} or {cohort_name}.")
    body = TextAreaField("Suggested bullets", description="Markdown: one bullet a line, starting with a dash.")
    notes = TextAreaField("Guidance notes", description="Shown to the team as the slide's speaker notes.")
    minutes = StringField("Minutes", description="For example 2, 1.5 or 1:30.")
    figure_hint = SelectField("Suggested figure", validate_choice=False, choices=choices(
        [("", "None"), *ops.FIGURE_HINTS.items()]),
        description="Offered first when the team picks the slide's figure.")

    def values(self) -> dict:
        return {f.name: f.data for f in self if f.name != "csrf_token"}


def _me():
    return current_user._get_current_object()


def _page(cohort: Cohort, status: int = 200, slot_form=None, new_form=None):
    entries = ops.entries_for(cohort)
    slot = slot_minutes(cohort.id)
    return render_template(
        "presentation/outline_admin.html", cohort=cohort, entries=entries, customised=ops.is_customised(cohort),
        slot=slot, total_seconds=sum(e.seconds for e in entries), minutes_field=minutes_field,
        hints=ops.FIGURE_HINTS, max_slides=MAX_SLIDES,
        slot_form=slot_form or SlotForm(formdata=None, data={"slot_minutes": str(slot)}),
        new_form=new_form or OutlineSlideForm(formdata=None),
    ), status


def _back(cohort: Cohort, number: int | None = None):
    return redirect(url_for("presentation_admin.outline", cohort_id=cohort.id) + (f"#slide-{number}" if number else ""))


@bp.get("")
def outline(cohort_id: int):
    return _page(db.get_or_404(Cohort, cohort_id))


@bp.post("/slot")
def save_slot(cohort_id: int):
    cohort = db.get_or_404(Cohort, cohort_id)
    form = SlotForm()
    if form.validate_on_submit():
        try:
            minutes = ops.save_slot(cohort, form.slot_minutes.data, _me())
        except ValidationProblem as problem:
            problem.apply_to(form)
        else:
            flash(f"Slot saved: {minutes} minutes for every team of the cohort.", "success")
            return _back(cohort)
    return _page(cohort, 400, slot_form=form)


@bp.post("/slides")
def add_slide(cohort_id: int):
    cohort = db.get_or_404(Cohort, cohort_id)
    form = OutlineSlideForm()
    if form.validate_on_submit():
        try:
            number = ops.add_entry(cohort, form.values(), _me())
        except ValidationProblem as problem:
            problem.apply_to(form)
        else:
            flash(f"Slide '{form.title.data.strip()}' added to the outline.", "success")
            return _back(cohort, number)
    return _page(cohort, 400, new_form=form)


def _entry_or_404(cohort: Cohort, number: int):
    entries = ops.entries_for(cohort)
    if not 1 <= number <= len(entries):
        abort(404)
    return entries[number - 1]


@bp.route("/slides/<int:number>", methods=["GET", "POST"])
def edit_slide(cohort_id: int, number: int):
    cohort = db.get_or_404(Cohort, cohort_id)
    entry = _entry_or_404(cohort, number)
    form = OutlineSlideForm(data={"title": entry.title, "body": entry.body, "notes": entry.notes,
                                  "minutes": minutes_field(entry.seconds), "figure_hint": entry.figure_hint or ""})
    if form.validate_on_submit():
        try:
            ops.save_entry(cohort, number, form.values(), _me())
        except ValidationProblem as problem:
            problem.apply_to(form)
        except LookupError:
            abort(404)
        else:
            flash("Outline slide saved.", "success")
            return _back(cohort, number)
    status = 400 if form.errors else 200
    return render_template("presentation/outline_admin_slide.html", cohort=cohort, number=number, entry=entry,
                           form=form, slot=slot_minutes(cohort.id)), status


@bp.post("/slides/<int:number>/move")
def move_slide(cohort_id: int, number: int):
    cohort = db.get_or_404(Cohort, cohort_id)
    _entry_or_404(cohort, number)
    try:
        moved_to = ops.move_entry(cohort, number, request.form.get("direction", ""), _me())
    except ValidationProblem as problem:
        abort(400, problem.message)
    except LookupError:
        abort(404)
    return _back(cohort, moved_to)


@bp.route("/slides/<int:number>/remove", methods=["GET", "POST"])
def remove_slide(cohort_id: int, number: int):
    cohort = db.get_or_404(Cohort, cohort_id)
    entry = _entry_or_404(cohort, number)
    if request.method == "POST":
        try:
            title = ops.remove_entry(cohort, number, _me())
        except LookupError:
            abort(404)
        flash(f"Slide '{title}' removed from the outline.", "success")
        return _back(cohort)
    return render_template("presentation/outline_admin_remove.html", cohort=cohort, number=number, entry=entry)


@bp.route("/reset", methods=["GET", "POST"])
def reset(cohort_id: int):
    cohort = db.get_or_404(Cohort, cohort_id)
    if request.method == "POST":
        ops.reset_outline(cohort, _me())
        flash("The outline is the default one again.", "success")
        return _back(cohort)
    return render_template("presentation/outline_admin_reset.html", cohort=cohort)
