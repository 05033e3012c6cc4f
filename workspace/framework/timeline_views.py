"""The programme timeline's pages: the facilitator's set-up of a cohort's events (under the
cohort's admin pages, "administer"), the team's whole-year timeline ("view"), and the team
page's next events and deadlines (a template global, one statement)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField

from ..errors import ValidationProblem
from ..extensions import db
from ..forms import choices
from ..loading import get_team_for
from ..models import Cohort, Team
from ..permissions import can, require
from . import timeline as ops
from .blueprint import bp
from .models import EVENT_KINDS, MILESTONE_KINDS
from .timeline_queries import NextEvents, events_of, kind_label, last_day, london_today, next_events


class EventForm(FlaskForm):
    kind = SelectField("Kind", validate_choice=False, choices=choices([("", "Choose a kind"), *EVENT_KINDS.items()]))
    title = StringField("Title", description="For example “Adaptive leaders (2 of 6)”. Calendars show the kind first: "
                                                 "“Seminar: Adaptive leaders (2 of 6)”.")
    starts_on = StringField("Date", description="For example 2027-01-16 (or 16/01/2027).")
    ends_on = StringField("End date (optional)", description="For an event over several days: its last day.")
    starts_at = StringField("Start time (optional)", description="London time, 24-hour clock, for example 09:30. "
                                                                 "Leave blank for an all-day event or a deadline.")
    ends_at = StringField("End time (optional)", description="For example 16:30.")
    location = StringField("Location (optional)", description="A venue, or “Online”.")
    description = TextAreaField("Description (optional)")

    def values(self) -> dict:
        return {f.name: f.data for f in self if f.name != "csrf_token"}


def _me():
    return current_user._get_current_object()


def _cohort(cohort_id: int) -> Cohort:
    require(current_user, "administer")
    return db.get_or_404(Cohort, cohort_id)


def _event(cohort: Cohort, event_id: int):
    event = ops.event_of(cohort, event_id)
    if event is None:
        abort(404)
    return event


def _flash_warnings(warnings: list[str]) -> None:
    for warning in warnings:
        flash(warning, "warning")


def _admin_page(cohort: Cohort, form: EventForm | None = None, status: int = 200):
    return render_template("framework/timeline_admin.html", cohort=cohort, events=events_of(cohort.id),
                           form=form or EventForm(formdata=None), kinds=EVENT_KINDS, today=london_today(),
                           max_events=ops.MAX_EVENTS, last_day=last_day, milestones=MILESTONE_KINDS), status


@bp.get("/admin/cohorts/<int:cohort_id>/timeline")
def cohort_timeline(cohort_id: int):
    return _admin_page(_cohort(cohort_id))


@bp.post("/admin/cohorts/<int:cohort_id>/timeline")
def add_event(cohort_id: int):
    cohort = _cohort(cohort_id)
    form = EventForm()
    if form.validate_on_submit():
        try:
            saved = ops.add_event(cohort, _me(), form.values())
        except ValidationProblem as problem:
            problem.apply_to(form)
        else:
            flash(f"“{saved.event.title}” added to the timeline.", "success")
            _flash_warnings(saved.warnings)
            return redirect(url_for("framework.cohort_timeline", cohort_id=cohort.id) + f"#event-{saved.event.id}")
    return _admin_page(cohort, form, 400)


@bp.route("/admin/cohorts/<int:cohort_id>/timeline/<int:event_id>", methods=["GET", "POST"])
def edit_event(cohort_id: int, event_id: int):
    cohort = _cohort(cohort_id)
    event = _event(cohort, event_id)
    form = EventForm(data=ops.values_of(event))
    status = 200
    if form.validate_on_submit():
        try:
            saved = ops.update_event(cohort, event, _me(), form.values())
        except ValidationProblem as problem:
            problem.apply_to(form)
        else:
            flash(f"“{saved.event.title}” saved.", "success")
            _flash_warnings(saved.warnings)
            return redirect(url_for("framework.cohort_timeline", cohort_id=cohort.id) + f"#event-{event.id}")
        status = 400
    elif form.is_submitted():
        status = 400
    return render_template("framework/timeline_edit.html", cohort=cohort, event=event, form=form), status


@bp.route("/admin/cohorts/<int:cohort_id>/timeline/<int:event_id>/remove", methods=["GET", "POST"])
def remove_event(cohort_id: int, event_id: int):
    cohort = _cohort(cohort_id)
    event = _event(cohort, event_id)
    form = FlaskForm()
    if form.validate_on_submit():
        title = event.title
        ops.remove_event(cohort, event, _me())
        flash(f"“{title}” removed from the timeline.", "success")
        return redirect(url_for("framework.cohort_timeline", cohort_id=cohort.id))
    return render_template("framework/timeline_remove.html", cohort=cohort, event=event,
                           kind=kind_label(event)), 400 if form.is_submitted() else 200


@bp.get("/teams/<int:team_id>/timeline")
def team_timeline(team_id: int):
    team = get_team_for(team_id, "view")
    return render_template("framework/timeline.html", team=team, events=events_of(team.cohort_id),
                           today=london_today(), kind_label=kind_label, last_day=last_day, milestones=MILESTONE_KINDS)


@bp.app_template_global("programme_next")
def programme_next(team: Team) -> NextEvents | None:
    """The team page's next events and deadlines, for someone who may view the team's work;
    None for anyone else (one statement either way at most)."""
    if not can(current_user, "view", team):
        return None
    return next_events(team.cohort_id)


@bp.app_template_global("event_kind_label")
def event_kind_label(kind: str) -> str:
    return EVENT_KINDS.get(kind, kind)
