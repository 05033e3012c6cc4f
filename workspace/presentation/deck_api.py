"""The deck's API route: `GET /api/v1/teams/<id>/presentation.pptx` (endpoint
`api.presentation_pptx`), the same file as the page's."""

from __future__ import annotations

from flask_login import current_user

from ..api import ApiError, bp, team_for
from . import deck_operations as ops
from .deck_views import send_deck


@bp.get("/teams/<int:team_id>/presentation.pptx")
def presentation_pptx(team_id: int):
    team = team_for(team_id, "download_presentation")
    try:
        return send_deck(ops.deck_file(team, current_user._get_current_object()))  # RateLimited -> 429
    except ops.NoFrozenDeck as missing:
        raise ApiError(404, "no_deck", str(missing)) from None
