"""The Start Anywhere canvas page (read with "view", saved with "edit") and its "insert into the
report's scope section" confirmation. Thin: load, authorize, call scope.py, render."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from ..errors import ValidationProblem
from ..extensions import db
from ..loading import get_team_for, get_team_to_change
from ..markdown import render as render_markdown
from ..permissions import page_capabilities
from . import scope as ops
from .blueprint import bp


def _page(team, notes: dict, version: int, status: int = 200, problem: str | None = None, errors=None):
    canvas = ops.canvas_of(team)
    rendered = {key: render_markdown(value) for key, value in ops.notes_of(canvas).items() if value.strip()}
    return render_template("framework/scope.html", team=team, quadrants=ops.QUADRANTS, notes=notes,
                           version=version, rendered=rendered, problem=problem, errors=errors or {},
                           capabilities=page_capabilities(current_user, team), empty=ops.is_empty(canvas),
                           inserted=ops.is_inserted(canvas),
                           inserted_before=canvas is not None and canvas.inserted_version is not None,
                           limit=ops.NOTES_MAX), status


@bp.get("/teams/<int:team_id>/scope")
def scope(team_id: int):
    team = get_team_for(team_id, "view")
    canvas = ops.canvas_of(team)
    return _page(team, ops.notes_of(canvas), ops.version_of(canvas))


@bp.post("/teams/<int:team_id>/scope")
def save_scope(team_id: int):
    team = get_team_to_change(team_id)
    typed = {key: request.form.get(key, "") for key in ops.KEYS}
    version = request.form.get("version", "")
    try:
        ops.save(team, current_user._get_current_object(), typed, version)
    except ValidationProblem as problem:
        db.session.rollback()
        return _page(team, typed, version, 422, errors=problem.fields)
    except ops.Stale as stale:
        return _page(team, typed, version, 409, problem=str(stale))
    flash("Canvas saved.", "success")
    return redirect(url_for("framework.scope", team_id=team.id))


@bp.route("/teams/<int:team_id>/scope/insert", methods=["GET", "POST"])
def insert_scope(team_id: int):
    team = get_team_to_change(team_id)
    problem = None
    if request.method == "POST":
        try:
            ops.insert_into_report(team, current_user._get_current_object())
        except ops.InsertRefused as refused:
            problem = str(refused)
        else:
            flash("The canvas was inserted at the end of the report's scope section.", "success")
            return redirect(url_for("report.section", team_id=team.id, key=ops.REPORT_SECTION))
    text = ops.as_markdown(ops.canvas_of(team))
    if not text and problem is None:
        problem = "The canvas is empty: there is nothing to insert. Write some notes on the canvas first."
    if problem is None and ops.already_in_report(team):
        problem = ops.ALREADY_THERE
    return render_template("framework/scope_confirm_insert.html", team=team, preview=render_markdown(text),
                           problem=problem), (409 if problem else 200)
