"""Export pages: the review copy's download and the team's export settings.

The Word report itself (`/teams/<id>/report.docx`) and the submission belong to assessment.
"""

from __future__ import annotations

import io
import re

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user
from flask_wtf import FlaskForm

from ..errors import RateLimited, ValidationProblem
from ..loading import get_team_for
from ..permissions import capabilities_for
from ..submitted import ReportSubmitted
from . import operations as ops
from .settings import parts_for_settings
from .word import DOCX_MIME, BuildResult

bp = Blueprint("exports", __name__, url_prefix="/teams/<int:team_id>/report")

PART_FIELD = "part:"  # the settings form names each radio group "part:<setting key>"
#: a settings form never needs more fields than this; more is refused before any work
MAX_SETTINGS_FIELDS = 500


class SettingsForm(FlaskForm):
    """Only the CSRF token: the radios are one group per part, read from the request."""


def _me():
    return current_user._get_current_object()


def docx_download(result: BuildResult, filename: str):
    """A .docx as an attachment; the parts that failed are named in X-Export-Failed-Parts."""
    response = send_file(io.BytesIO(result.docx), mimetype=DOCX_MIME, as_attachment=True, download_name=filename)
    if result.failed_parts:
        # Part names come from code, but a key may hold a record's words: printable ASCII only,
        # so the header can never be refused (or split) on its way out.
        names = ", ".join(result.failed_parts)
        response.headers["X-Export-Failed-Parts"] = re.sub(r"[^\x20-\x7e]", "?", names)[:1000]
    return response


def download_name(team, what: str) -> str:
    """'Team Harbour - review copy.docx': letters, digits and a few marks, never a path."""
    name = re.sub(r"[^\w .,()-]+", "", team.name).strip() or f"Team {team.id}"
    return f"{name[:80]} - {what}.docx"


@bp.get("/review-copy.docx")
def review_copy(team_id: int):
    team = get_team_for(team_id, "download_review_copy")
    try:
        result = ops.review_copy(team, _me())
    except RateLimited as limited:
        abort(429, limited.message, retry_after=limited.retry_after)
    return docx_download(result, download_name(team, "review copy"))


@bp.route("/export/settings", methods=["GET", "POST"])
def settings(team_id: int):
    team = get_team_for(team_id, "change_export_settings")
    form = SettingsForm()
    status = 200
    if request.method == "POST":
        if len(request.form) > MAX_SETTINGS_FIELDS:
            abort(413)
        if form.validate_on_submit():
            chosen = {k[len(PART_FIELD):]: v for k, v in request.form.items() if k.startswith(PART_FIELD)}
            try:
                changed = ops.save_placements(team, chosen, _me())
            except ReportSubmitted as refused:
                # The page shows the settings as they stay, read-only, with the reason.
                flash(str(refused), "error")
                status = 409
            except ValidationProblem as problem:
                flash(problem.message, "error")
                status = 400
            else:
                flash("Export settings saved." if changed else "Nothing changed.", "success")
                return redirect(url_for("exports.settings", team_id=team.id))
        else:
            status = 400
    view = parts_for_settings(team)
    return render_template("exports/settings.html", team=team, form=form, parts=view.parts, failed=view.failed,
                           section_titles=view.section_titles,
                           field_prefix=PART_FIELD, capabilities=capabilities_for(current_user, team)), status
