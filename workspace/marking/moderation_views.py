"""The facilitator's pages: a team's markings side by side with the agreement form, the
confirmation to release the feedback to the team, and the cohort's marking overview.
Thin: load through the team, authorize, call the operations, render.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm

from ..errors import ValidationProblem
from ..extensions import db
from ..http_errors import error_page
from ..models import Cohort
from ..permissions import require
from . import moderation_operations as ops
from . import queries
from .access import team_for_marks
from .blueprint import bp
from .marking_operations import Refused


def _me():
    return current_user._get_current_object()


def comparison(views: list[queries.MarkingView]) -> dict[str, list[dict]]:
    """Per component, a row per criterion: each marking's score and the spread between them."""
    out: dict[str, list[dict]] = {}
    for v in views[:1]:
        for component, rows in v.rows.items():
            out[component] = []
            for i, row in enumerate(rows):
                scores = [w.rows[component][i].score for w in views]
                given = [s for s in scores if s is not None]
                out[component].append({"criterion": row.criterion, "scores": scores,
                                       "difference": max(given) - min(given) if len(given) > 1 else None})
    return out


def _page(team, status: int = 200, typed: dict | None = None, errors: dict | None = None, problem: str | None = None):
    submission = queries.standing_submission(team)
    context = {"team": team, "submission": submission, "typed": typed, "errors": errors or {}, "problem": problem,
               "status": status, "labels": queries.COMPONENT_LABELS}
    if submission is None:
        return render_template("marking/moderate.html", **context, not_submitted=queries.NOT_SUBMITTED), status
    criteria = queries.criteria_of(team.cohort_id)
    markings = queries.markings_of(submission)
    views = queries.views_of(markings, criteria, markings)
    spread = {c: (max(vals) - min(vals) if len(vals) > 1 else None) for c in queries.COMPONENT_LABELS
              for vals in [[v.component_marks[c] for v in views if v.component_marks.get(c) is not None]]}
    moderation = queries.moderation_of(submission)
    bands, report_weight = queries.bands_and_weight(team.cohort_id)
    drafts = [v for v in views if v.marking.status == "draft"]
    return render_template("marking/moderate.html", **context, views=views, rows=comparison(views), spread=spread,
                           moderation=moderation, defaults=queries.mean_marks(views), drafts=drafts,
                           finals=len(views) - len(drafts), bands=bands, report_weight=report_weight,
                           form=FlaskForm()), status


@bp.get("/teams/<int:team_id>/marking")
def moderate(team_id: int):
    return _page(team_for_marks(team_id, "see_all_marks"))


@bp.post("/teams/<int:team_id>/marking")
def agree(team_id: int):
    team = team_for_marks(team_id, "moderate_marks")
    typed = request.form.to_dict()
    if not FlaskForm().validate_on_submit():
        return _page(team, 400, typed, problem="Your form could not be sent. Reload the page and try again.")
    try:
        ops.agree(team, _me(), request.form, version=request.form.get("version"))
    except ValidationProblem as problem:
        return _page(team, 400, typed, problem.fields)
    except (ops.Stale, Refused) as refused:
        return _page(team, 409, typed, problem=str(refused))
    flash("The agreed marks are saved. Release them when the team should see its feedback.", "success")
    return redirect(url_for("marking.moderate", team_id=team.id))


@bp.route("/teams/<int:team_id>/marking/release", methods=["GET", "POST"])
def release(team_id: int):
    team = team_for_marks(team_id, "moderate_marks")
    submission = queries.standing_submission(team)
    moderation = queries.moderation_of(submission) if submission else None
    if moderation is None:
        return error_page(409, title="Nothing to release",
                          message="Record the agreed marks before releasing the feedback to the team.")
    if moderation.released_at is not None:
        return error_page(409, title="Already released", message="The feedback has already been released to the team.")
    if request.method == "POST":
        if not FlaskForm().validate_on_submit():
            return error_page(400, message="Your form could not be sent. Reload the page and try again.")
        try:
            ops.release(team, _me())
        except (ops.Stale, Refused) as refused:
            return _page(team, 409, problem=str(refused))
        flash("The marks and feedback are released: the team can read them now.", "success")
        return redirect(url_for("marking.moderate", team_id=team.id))
    return render_template("marking/release.html", team=team, moderation=moderation)


@bp.get("/admin/cohorts/<int:cohort_id>/marking")
def cohort_marking(cohort_id: int):
    require(current_user, "administer")
    cohort = db.get_or_404(Cohort, cohort_id)
    return render_template("marking/cohort.html", cohort=cohort, rows=queries.cohort_overview(cohort))
