"""Who reaches a team's marks, for the pages and the API alike.

To a member or the host partner, marks before release do not exist: every route answers 404
(a host never sees marks at all). Anyone else gets the permissions module's answer (a stranger:
404). An assessor before submission gets 403 with the reason: on the pages, a page of its own
("Nothing to mark yet") with a link back; in the API, the error format with the reason.
"""

from __future__ import annotations

from flask import abort, make_response, render_template
from flask_login import current_user

from ..http_errors import is_api_request
from ..loading import get_team_or_404
from ..models import Team
from ..permissions import can, require
from . import queries


def team_for_marks(team_id: int, capability: str) -> Team:
    team = get_team_or_404(team_id)
    if not can(current_user, capability, team):
        if queries.is_team_side(current_user, team):
            abort(404)
        if capability == "mark" and not team.is_submitted and queries.is_assessor_of(current_user, team):
            if is_api_request():
                abort(403, queries.NOT_SUBMITTED + ".")
            abort(make_response(render_template("marking/nothing_to_mark.html", team=team), 403))
    require(current_user, capability, team)
    return team


def team_for_feedback(team_id: int):
    """The team and its released agreement, for its members: 404 before release, and to a host."""
    team = team_for_marks(team_id, "see_released_marks")
    moderation = queries.released_moderation(team)
    if moderation is None:
        abort(404)
    return team, moderation
