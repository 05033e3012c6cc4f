"""The deck's page route: `GET /teams/<id>/presentation.pptx` (endpoint
`presentation.download_pptx`). Its address sits beside the blueprint's prefix, not under it,
so it is added to the app when the blueprint is registered."""

from __future__ import annotations

from io import BytesIO

from flask import abort, send_file
from flask_login import current_user

from ..errors import RateLimited
from ..exports.pptx import PPTX_MIME
from ..loading import get_team_for
from . import deck_operations as ops
from .blueprint import bp


def send_deck(file: ops.DeckFile):
    response = send_file(BytesIO(file.content), mimetype=PPTX_MIME, as_attachment=True, download_name=file.filename,
                         conditional=False, etag=False, max_age=0)
    # The hash lets an assessor check the deck is the one the team submitted.
    response.headers["X-Content-SHA256"] = file.sha256
    response.headers["Cache-Control"] = "private, no-store"
    if file.failed_parts:
        response.headers["X-Export-Failed-Parts"] = ops.failed_header(file.failed_parts)
    return response


def download_pptx(team_id: int):
    team = get_team_for(team_id, "download_presentation")
    try:
        return send_deck(ops.deck_file(team, current_user._get_current_object()))
    except ops.NoFrozenDeck as missing:
        abort(404, str(missing))
    except RateLimited as limited:
        abort(429, limited.message, retry_after=limited.retry_after)


bp.record(lambda state: state.app.add_url_rule(
    "/teams/<int:team_id>/presentation.pptx", "presentation.download_pptx", download_pptx, methods=["GET"]))
