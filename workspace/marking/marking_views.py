"""An assessor's pages: their marking of a submitted team (a draft saved as they go, with the
others' marks once everyone who started has finalised) and the confirmation to finalise it.
Thin: load through the team, authorize, call the operations, render.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm

from ..errors import ValidationProblem
from ..http_errors import error_page
from . import marking_operations as ops
from . import queries
from .access import team_for_marks
from .blueprint import bp
from .rubric_defaults import ensure_rubric


def _me():
    return current_user._get_current_object()


def _page(team, status: int = 200, typed: dict | None = None, errors: dict | None = None, problem: str | None = None):
    ensure_rubric(team.cohort)
    submission = queries.standing_submission(team)
    criteria = queries.criteria_of(team.cohort_id)
    markings = queries.markings_of(submission)
    me = _me()
    mine = next((m for m in markings if m.assessor_id == me.id), None)
    visible = [m for m in markings if m is mine or queries.others_visible(mine, markings)]
    views = queries.views_of(visible, criteria, markings)
    my_view = next((v for v in views if v.marking is mine), None)
    if my_view is None:
        my_view = queries.view_of_blank(criteria)
    others = [v for v in views if v.marking is not mine]
    waiting = [] if mine is None or mine.status != "final" else \
        [f"Assessor {i + 1}" for i, m in enumerate(markings) if m.status != "final"]
    problems = ops.readiness_problems(criteria) if mine is None else []
    return render_template("marking/mine.html", team=team, submission=submission, mine=mine, view=my_view,
                           others=others, waiting=waiting, typed=typed, errors=errors or {}, problem=problem,
                           not_ready=problems, form=FlaskForm(), status=status,
                           finalised=ops.finalised_message(mine) if mine and mine.status == "final" else None), status


def entries_from(form) -> dict:
    """criterion id -> {score, feedback} from the form's score-<id> and feedback-<id> fields."""
    entries: dict = {}
    for name in form:
        kind, _, raw_id = name.partition("-")
        if kind in ("score", "feedback") and raw_id.isdigit() and len(raw_id) < 10:
            entries.setdefault(int(raw_id), {})[kind] = form.get(name)
    return entries


@bp.get("/teams/<int:team_id>/marking/mine")
def my_marking(team_id: int):
    return _page(team_for_marks(team_id, "mark"))


@bp.post("/teams/<int:team_id>/marking/mine")
def save_marking(team_id: int):
    team = team_for_marks(team_id, "mark")
    ensure_rubric(team.cohort)
    typed = request.form.to_dict()
    if not FlaskForm().validate_on_submit():
        return _page(team, 400, typed, problem="Your form could not be sent. Reload the page and try again.")
    try:
        ops.save(team, _me(), entries_from(request.form), request.form.get("overall_feedback"),
                 version=request.form.get("version"))
    except ValidationProblem as problem:
        return _page(team, 400, typed, problem.fields)
    except ops.Stale as stale:
        return _page(team, 409, typed, problem=str(stale))
    except ops.Refused as refused:
        return _page(team, 409, typed, problem=str(refused))
    flash("Your draft marking is saved.", "success")
    return redirect(url_for("marking.my_marking", team_id=team.id))


@bp.route("/teams/<int:team_id>/marking/mine/finalise", methods=["GET", "POST"])
def finalise_marking(team_id: int):
    team = team_for_marks(team_id, "mark")
    submission = queries.standing_submission(team)
    mine = queries.my_marking(submission, _me())
    if mine is not None and mine.status == "final":
        return error_page(409, title="Your marking is final", message=ops.finalised_message(mine))
    if request.method == "POST":
        if not FlaskForm().validate_on_submit():
            return error_page(400, message="Your form could not be sent. Reload the page and try again.")
        try:
            ops.finalise(team, _me(), version=request.form.get("version"))
        except ValidationProblem as problem:
            return _page(team, 400, problem=problem.message)
        except (ops.Stale, ops.Refused) as refused:
            return _page(team, 409, problem=str(refused))
        flash("Your marking is final." + ("" if queries.all_final(queries.standing_submission(team)) else
              " You will see the other assessors' marks once they have finalised too."), "success")
        return redirect(url_for("marking.my_marking", team_id=team.id))
    criteria = queries.criteria_of(team.cohort_id)
    view = queries.view_of(mine, "", "", criteria, queries.scores_of([mine])[mine.id]) if mine else None
    return render_template("marking/finalise.html", team=team, mine=mine, view=view, form=FlaskForm())
