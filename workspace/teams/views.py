"""The dashboard and the team page."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user

from ..assessment.queries import assessor_rows, team_panel
from ..cleaning import bounded_int
from ..loading import get_team_or_404
from ..models import Role, Team
from ..paging import counted_page
from ..permissions import capabilities_for, require
from ..qi.action_queries import overdue as overdue_actions
from ..stakeholders.queries import overdue_for
from .queries import memberships_of, people_by_role, visible_teams

bp = Blueprint("teams", __name__)

TEAMS_PER_PAGE = 50


@bp.get("/")
def dashboard():
    user = current_user._get_current_object()
    memberships = memberships_of(user)
    other_teams = None
    if user.is_facilitator:
        # Every team of every cohort: paged, so a programme of many cohorts stays one quick page.
        others = visible_teams(user).where(Team.id.not_in([m.team_id for m in memberships]))
        other_teams = counted_page(others, page=bounded_int(request.args.get("page", "1"), 1) or 1,
                                   per_page=TEAMS_PER_PAGE)
    # Teams this person assesses, with deadlines and submissions (the assessment feature's).
    to_assess = assessor_rows(user) if any(m.role == Role.ASSESSOR for m in memberships) else []
    return render_template("teams/dashboard.html", memberships=memberships, other_teams=other_teams,
                           to_assess=to_assess)


@bp.get("/teams/<int:team_id>")
def team_page(team_id: int):
    team = get_team_or_404(team_id)
    require(current_user, "see_team", team)
    by_role = people_by_role(team)
    capabilities = capabilities_for(current_user, team)
    # A member's own overdue engagement contacts (the stakeholder map's one exposed question):
    # only members own relationships, so no one else is asked.
    overdue = None
    if "edit" in capabilities and not current_user.is_facilitator:
        overdue = overdue_for(team, current_user, "see_confidential_stakeholders" in capabilities)
    # The team's overdue QI actions, the viewer's own first (the action log's one exposed question).
    qi_overdue = overdue_actions(team, current_user, limit=5) if "view" in capabilities else None
    return render_template(
        "teams/team.html",
        team=team,
        by_role=by_role,
        capabilities=capabilities,
        overdue=overdue,
        qi_overdue=qi_overdue,
        # The report's due date, and for the team its checklist (the assessment feature's).
        panel=team_panel(team, may_submit="submit_report" in capabilities) if "view" in capabilities else None,
    )
