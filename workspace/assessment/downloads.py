"""Which Word report a person gets, for the page and the API alike.

Before submission the only Word report is the live draft, for those who may read drafts (the
team and facilitators); to anyone else (an assessor, a host partner) no file exists yet: 404.
After submission it is the frozen file, byte for byte, for those who may download it; a host
partner may see that the team submitted but never gets the assessor's file: 403.
"""

from __future__ import annotations

import re
from io import BytesIO

from flask import abort, send_file

from ..models import Team, User
from ..permissions import can
from . import operations as ops
from .queries import standing_submission

DOCX_MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def word_report_for(user: User, team: Team) -> ops.WordFile:
    """The caller must already be allowed to see the team (else 404 before this)."""
    if team.is_submitted:
        if not can(user, "download_submission", team):
            abort(403, "The submitted report is for the team, its assessors and the programme's facilitators.")
        standing = standing_submission(team)
        if standing is None:
            abort(404)
        return ops.submitted_file(team, standing, user)
    if not can(user, "download_draft_report", team):
        abort(404)
    return ops.draft_file(team, user)


def send_word_file(file: ops.WordFile):
    response = send_file(
        BytesIO(file.content), mimetype=DOCX_MIMETYPE, as_attachment=True, download_name=file.filename,
        conditional=False, etag=False, max_age=0,
    )
    # The hash lets an assessor check the file is the one the team submitted.
    response.headers["X-Content-SHA256"] = file.sha256
    response.headers["Cache-Control"] = "private, no-store"
    if file.failed_parts:
        # The same header as the review copy's (exports.views): printable ASCII, bounded.
        names = ", ".join(file.failed_parts)
        response.headers["X-Export-Failed-Parts"] = re.sub(r"[^\x20-\x7e]", "?", names)[:1000]
    return response
