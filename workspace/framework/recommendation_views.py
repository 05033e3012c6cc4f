"""The recommendations register's pages: the register, one recommendation (everything about it,
its findings as links, its comment threads and the host partner's response), adding and
changing one (with the five Useful criteria), deleting one after a confirmation page, moving
one up or down, and the host partner's response.

Thin: load through the team, authorize, call the operations, render. Every write but the
response needs "edit" (a host partner: 403); the response needs "respond_to_recommendations"
(the host partner only: a member or facilitator 403).
"""

from __future__ import annotations

import functools

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm

from ..errors import ValidationProblem
from ..extensions import db
from ..http_errors import error_page
from ..loading import get_team_for, get_team_to_change
from ..models import User
from ..names import first_name
from ..permissions import page_capabilities
from ..report.comments import threads_on
from ..submitted import ReportSubmitted
from . import criteria as useful
from . import recommendation_fields as fields
from . import recommendation_queries as queries
from . import recommendations as ops
from .blueprint import bp
from .models import CRITERIA
from .setup import ensure_framework
from .targets import recommendation_target

TEXT_FIELDS = ("statement", "rationale", "owner", "time_frame", "cost", "intervention_id", "measures_of_success")


def _me():
    return current_user._get_current_object()


def _refusals(view):
    """A change refused because the team submitted meanwhile answers with the reason (409)."""
    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        try:
            return view(*args, **kwargs)
        except ReportSubmitted as refused:
            return error_page(409, title="The review has been submitted", message=str(refused))
    return wrapped


def _recommendation_or_404(team, recommendation_id: int):
    found = queries.get_recommendation(team, recommendation_id)
    if found is None:
        abort(404)
    return found


def _common(team) -> dict:
    return {"team": team, "capabilities": page_capabilities(current_user, team),
            "responses": fields.RESPONSE_LABELS, "awaiting": fields.AWAITING, "ratings": useful.RATING_LABELS}


def _register_url(team, anchor: str = "") -> str:
    return url_for("framework.recommendations", team_id=team.id) + anchor


# --- the register -------------------------------------------------------------------------------


@bp.get("/teams/<int:team_id>/recommendations")
def recommendations(team_id: int):
    team = get_team_for(team_id, "view")
    rows = queries.register(team)
    return render_template("framework/recommendations.html", **_common(team), rows=rows,
                           moved=request.args.get("moved", type=int))


# --- one recommendation ---------------------------------------------------------------------------


def _recommendation_page(team, found, *, status: int = 200, response_form: dict | None = None,
                         errors: dict | None = None):
    state = request.args.get("comments", "open")
    if state not in ("open", "resolved", "all"):
        state = "open"
    target = recommendation_target(team, found)
    threads, mentionable = threads_on(team, target, state=state, page=request.args.get("page", 1, type=int) or 1)
    rows = {row.recommendation.id: row for row in queries.register(team)}
    row = rows[found.id]
    responder = None
    if found.host_responded_by_id:
        person = db.session.get(User, found.host_responded_by_id)
        responder = person.name if person else None
    return render_template(
        "framework/recommendation.html", **_common(team), recommendation=found, row=row,
        findings=queries.linked_findings(team, found, _me()), finding_labels=fields.FINDING_LABELS,
        criteria_rows=useful.rows(found.criteria), responder=responder,
        response_choices=fields.RESPONSE_CHOICES,
        response_form=response_form or {"response": found.host_response or "", "note": found.host_response_note},
        errors=errors or {},
        changed_since_response=bool(found.host_responded_at and found.updated_at
                                    and found.updated_at > found.host_responded_at),
        threads=threads.items, threads_page=threads, comment_state=state, mentionable=mentionable, target=target,
        quote_ok={}, mention_example=first_name(mentionable[0].name) if mentionable else "Helen",
    ), status


@bp.get("/teams/<int:team_id>/recommendations/<int:recommendation_id>")
def recommendation(team_id: int, recommendation_id: int):
    team = get_team_for(team_id, "view")
    return _recommendation_page(team, _recommendation_or_404(team, recommendation_id))


@bp.post("/teams/<int:team_id>/recommendations/<int:recommendation_id>/response")
def recommendation_response(team_id: int, recommendation_id: int):
    """The host partner's response: allowed after the team has submitted (it is their answer)."""
    team = get_team_for(team_id, "respond_to_recommendations")
    found = _recommendation_or_404(team, recommendation_id)
    typed = {"response": request.form.get("response", ""), "note": request.form.get("note", "")}
    if not FlaskForm().validate_on_submit():
        return _recommendation_page(team, found, status=400, response_form=typed,
                                    errors={"response": "Your form could not be sent. Reload the page and try again."})
    try:
        ops.respond(team, found, _me(), typed["response"], typed["note"])
    except ValidationProblem as problem:
        return _recommendation_page(team, found, status=422, response_form=typed, errors=problem.fields)
    flash(f"Your response is saved: {fields.RESPONSE_LABELS[found.host_response].lower()}.", "success")
    return redirect(url_for("framework.recommendation", team_id=team.id, recommendation_id=found.id) + "#response")


# --- adding and changing ------------------------------------------------------------------------


def _typed() -> tuple[dict, dict]:
    """What the form sent, as the operations take it, and as the form shows it again."""
    form = request.form
    data = {name: form.get(name, "") for name in TEXT_FIELDS}
    data["findings"] = form.getlist("finding")
    data["criteria"] = {key: {"rating": form.get(f"rating_{key}", "") or None, "note": form.get(f"note_{key}", "")}
                        for key in CRITERIA}
    shown = {**data, "findings": set(data["findings"]), "version": form.get("version", "")}
    return data, shown


def _values_of(found) -> dict:
    shown = {name: getattr(found, name) or "" for name in TEXT_FIELDS}
    shown["intervention_id"] = str(found.intervention_id or "")
    shown["findings"] = {f"{kind}:{i}" for kind, i in queries.findings_of(found)}
    shown["criteria"] = {key: {"rating": rating or "", "note": note} for key, _label, rating, note in useful.rows(found.criteria)}
    shown["version"] = str(found.version)
    return shown


def _form_page(team, values: dict, found=None, *, status: int = 200, errors: dict | None = None,
               problem: str | None = None):
    menu = queries.intervention_menu(team)
    if not menu and ensure_framework(team.cohort):  # the cohort's first need of its framework
        menu = queries.intervention_menu(team)
    return render_template(
        "framework/recommendation_form.html", **_common(team), values=values, recommendation=found,
        errors=errors or {}, problem=problem, menu=menu,
        options=queries.finding_options(team, _me()), finding_labels=fields.FINDING_LABELS,
        criteria=CRITERIA, labels=fields.FIELD_LABELS,
    ), status


EMPTY = {**dict.fromkeys(TEXT_FIELDS, ""), "findings": set(), "criteria": {}, "version": ""}


@bp.route("/teams/<int:team_id>/recommendations/new", methods=["GET", "POST"])
@_refusals
def recommendation_new(team_id: int):
    team = get_team_to_change(team_id)
    if request.method == "GET":
        return _form_page(team, EMPTY)
    data, shown = _typed()
    if not FlaskForm().validate_on_submit():
        return _form_page(team, shown, status=400, problem="Your form could not be sent. Reload the page and try again.")
    try:
        found = ops.create(team, _me(), data)
    except ValidationProblem as problem:
        return _form_page(team, shown, status=422, errors=problem.fields)
    flash("Recommendation added.", "success")
    return redirect(url_for("framework.recommendation", team_id=team.id, recommendation_id=found.id))


@bp.route("/teams/<int:team_id>/recommendations/<int:recommendation_id>/edit", methods=["GET", "POST"])
@_refusals
def recommendation_edit(team_id: int, recommendation_id: int):
    team = get_team_to_change(team_id)
    found = _recommendation_or_404(team, recommendation_id)
    if request.method == "GET":
        return _form_page(team, _values_of(found), found)
    data, shown = _typed()
    if not FlaskForm().validate_on_submit():
        return _form_page(team, shown, found, status=400,
                          problem="Your form could not be sent. Reload the page and try again.")
    try:
        changed = ops.update(team, found, _me(), data, version=shown["version"] or None)
    except ValidationProblem as problem:
        return _form_page(team, shown, found, status=422, errors=problem.fields)
    except ops.Stale as stale:
        # What was typed stays; the form now carries the current version, so saving again
        # keeps this person's values over the other change.
        shown["version"] = str(ops.stale_version(stale))
        return _form_page(team, shown, found, status=409, problem=str(stale))
    flash("Recommendation saved." if changed else "Nothing changed.", "success" if changed else "info")
    return redirect(url_for("framework.recommendation", team_id=team.id, recommendation_id=found.id))


# --- deleting and moving --------------------------------------------------------------------------


@bp.route("/teams/<int:team_id>/recommendations/<int:recommendation_id>/delete", methods=["GET", "POST"])
@_refusals
def recommendation_delete(team_id: int, recommendation_id: int):
    team = get_team_to_change(team_id)
    found = _recommendation_or_404(team, recommendation_id)
    if request.method == "POST":
        if not FlaskForm().validate_on_submit():
            return error_page(400, title="Nothing was deleted", message="Your form could not be sent. Reload the page and try again.")
        ops.delete(team, found, _me())
        flash("Recommendation deleted.", "success")
        return redirect(_register_url(team))
    number = next(row.number for row in queries.register(team) if row.recommendation.id == found.id)
    return render_template("framework/recommendation_confirm_delete.html", **_common(team), recommendation=found,
                           number=number)


@bp.post("/teams/<int:team_id>/recommendations/<int:recommendation_id>/move")
@_refusals
def recommendation_move(team_id: int, recommendation_id: int):
    team = get_team_to_change(team_id)
    found = _recommendation_or_404(team, recommendation_id)
    if not FlaskForm().validate_on_submit():
        return error_page(400, title="The recommendation was not moved",
                          message="Your form could not be sent. Reload the page and try again.")
    direction = request.form.get("direction", "")
    try:
        ops.move(team, found, _me(), direction)
    except ValidationProblem as problem:
        return error_page(400, title="The recommendation was not moved", message=problem.message)
    except ops.Stale as stale:
        flash(str(stale), "warning")
    return redirect(url_for("framework.recommendations", team_id=team.id, moved=found.id, focus=direction))
