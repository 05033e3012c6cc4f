"""Export routes of the JSON API: the review copy as a file."""

from __future__ import annotations

from flask_login import current_user

from ..api import ApiError, bp, require_api
from ..loading import load_live_team
from . import operations as ops
from .views import docx_download, download_name


@bp.get("/teams/<int:team_id>/report/review-copy.docx")
def review_copy_docx(team_id: int):
    team = load_live_team(team_id)
    if team is None:
        raise ApiError(404, "not_found", "Not found.")
    require_api("download_review_copy", team)
    result = ops.review_copy(team, current_user._get_current_object())  # RateLimited -> 429
    return docx_download(result, download_name(team, "review copy"))
