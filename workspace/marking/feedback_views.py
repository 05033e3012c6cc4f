"""The team's feedback, once released: a page and a Word download. Before release (and to a host
partner, ever) both answer 404, as if there were none.
"""

from __future__ import annotations

from flask import Response, render_template

from ..exports.feedback_word import DOCX_MIME, build_feedback_docx
from ..markdown import render as render_markdown
from ..timefmt import LONDON
from . import feedback as released_feedback
from .access import team_for_feedback
from .blueprint import bp


@bp.get("/teams/<int:team_id>/feedback")
def feedback(team_id: int):
    team, moderation = team_for_feedback(team_id)
    return render_template("marking/feedback.html", team=team, released=released_feedback.of(team, moderation),
                           moderation=moderation, md=render_markdown, labels={"report": "Report", "presentation": "Presentation"})


@bp.get("/teams/<int:team_id>/feedback.docx")
def feedback_docx(team_id: int):
    team, moderation = team_for_feedback(team_id)
    body = build_feedback_docx(released_feedback.document_of(team, moderation))
    on = moderation.released_at.astimezone(LONDON).date().isoformat()
    return Response(body, mimetype=DOCX_MIME, headers={
        "Content-Disposition": f'attachment; filename="feedback-team-{team.id}-{on}.docx"',
        "Cache-Control": "private, no-store"})
