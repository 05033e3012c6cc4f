"""Pages: the submission page (checklist and submit, or the submitted version to read),
the facilitator's reopen form, and the Word report download."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user

from ..errors import RateLimited, ValidationProblem
from ..loading import get_for_team, get_team_for
from ..markdown import render
from ..permissions import capabilities_for
from ..report import readiness as report
from . import operations as ops
from .downloads import send_word_file, word_report_for
from .forms import ReopenForm, SubmitForm
from .models import Submission
from .queries import deadline_of, standing_submission, submissions_of
from .reopen_notes import reopen_notes

bp = Blueprint("assessment", __name__, url_prefix="/teams/<int:team_id>")


def _me():
    return current_user._get_current_object()


def _submission_page(team, status: int = 200, form: SubmitForm | None = None, refusal: str | None = None):
    standing = standing_submission(team) if team.is_submitted else None
    return render_template(
        "assessment/submission.html", team=team, standing=standing,
        frozen=[(s, render(s["body"])) for s in standing.sections] if standing else [],
        readiness=None if standing else report.readiness(team),
        deadline=deadline_of(team), history=submissions_of(team),
        declaration=(team.cohort.declaration_text or "").strip(),
        form=form or SubmitForm(formdata=None), refusal=refusal,
        capabilities=capabilities_for(current_user, team),
    ), status


@bp.get("/submission")
def submission(team_id: int):
    return _submission_page(get_team_for(team_id, "view"))


@bp.post("/submission")
def submit(team_id: int):
    team = get_team_for(team_id, "submit_report")
    form = SubmitForm()
    if not form.validate_on_submit():
        return _submission_page(team, 400, form)
    try:
        outcome = ops.submit(team, _me(), declaration_confirmed=bool(form.confirm_declaration.data))
    except ValidationProblem as problem:
        problem.apply_to(form)
        return _submission_page(team, 400, form)
    except ops.SubmissionRefused as refused:
        return _submission_page(team, 409, form, refusal=str(refused))
    if outcome.created:
        late = " It was submitted after the due date, so it is marked late." if outcome.submission.late else ""
        flash(f"Your report has been submitted for assessment.{late}", "success")
    else:
        flash("Your team had already submitted this report; nothing new was submitted.", "info")
    return redirect(url_for("assessment.submission", team_id=team.id))


def _reopen_page(team, submission: Submission, form: ReopenForm, status: int = 200):
    return render_template("assessment/reopen.html", team=team, submission=submission, form=form,
                           notes=reopen_notes(submission)), status


@bp.route("/submissions/<int:submission_id>/reopen", methods=["GET", "POST"])
def reopen(team_id: int, submission_id: int):
    team = get_team_for(team_id, "reopen_submission")
    submission = get_for_team(Submission, team, submission_id)
    form = ReopenForm()
    if not submission.is_standing:
        flash(f"Submission {submission.number} has been reopened already.", "info")
        return redirect(url_for("assessment.submission", team_id=team.id))
    if not form.validate_on_submit():
        return _reopen_page(team, submission, form, 400 if form.errors else 200)
    try:
        ops.reopen(team, submission, _me(), form.reason.data)
    except ValidationProblem as problem:
        problem.apply_to(form)
        return _reopen_page(team, submission, form, 400)
    except ops.NotStanding:
        flash(f"Submission {submission.number} has been reopened already.", "info")
    except ops.SubmissionRefused as refused:
        form.reason.errors = [str(refused)]
        return _reopen_page(team, submission, form, 409)
    else:
        flash("The submission is reopened: the team can edit the report and submit it again.", "success")
    return redirect(url_for("assessment.submission", team_id=team.id))


@bp.get("/report.docx")
def report_docx(team_id: int):
    team = get_team_for(team_id, "see_team")
    try:
        return send_word_file(word_report_for(_me(), team))
    except RateLimited as limited:
        abort(429, limited.message, retry_after=limited.retry_after)
