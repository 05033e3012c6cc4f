"""The Coverage page (the Systems leadership tab's first page): the heatmap of the four domains
by the kinds of the team's work, the gaps' prompts, the themes' counts and a link to each
member's evidence; and the list behind each of the heatmap's cells.

Counts are the viewer's: items they may see, shared reflections and their own private ones
(coverage_queries.py). A fixed number of statements whatever the team holds.
"""

from __future__ import annotations

from flask import abort, current_app, render_template
from flask_login import current_user

from ..loading import get_team_for
from ..permissions import can
from . import coverage_queries as q
from .blueprint import bp
from .coverage import ITEM_LABELS, ITEM_PLURAL, ITEM_SINGULAR, ITEM_TYPES, count
from .reflections import may_keep, may_read_shared


@bp.context_processor
def _subnav_endpoints() -> dict:
    """The endpoints that exist, for framework/_subnav.html (it links only to pages that exist)."""
    return {"endpoints_available": current_app.view_functions.keys()}


@bp.get("/teams/<int:team_id>/framework")
def overview(team_id: int):
    team = get_team_for(team_id, "view")
    framework = q.framework_of(team, ensure=True)
    coverage = count(framework.domains, framework.behaviours, q.counted_tags(team, current_user))
    members = q.team_members(team) if can(current_user, "see_history", team) else []
    return render_template(
        "framework/overview.html", team=team, coverage=coverage, framework=framework, members=members,
        item_types=ITEM_TYPES, labels=ITEM_LABELS, singular=ITEM_SINGULAR, plural=ITEM_PLURAL, keeps_reflections=may_keep(current_user, team),
        reads_reflections=may_read_shared(current_user, team))


@bp.get("/teams/<int:team_id>/framework/domains/<key>/<item_type>")
def coverage_cell(team_id: int, key: str, item_type: str):
    """The items of one kind tagged with one domain (or its behaviours): a heatmap cell's list."""
    team = get_team_for(team_id, "view")
    if item_type not in ITEM_TYPES:
        abort(404)
    framework = q.framework_of(team)
    domain = framework.domain_by_key(key)
    if domain is None:
        abort(404)
    coverage = count(framework.domains, framework.behaviours, q.counted_tags(team, current_user))
    ids = coverage.items[(domain.id, item_type)]
    found = q.items(team, current_user, [(item_type, i) for i in ids[:q.LIST_MAX]])
    listed = [found[(item_type, i)] for i in ids[:q.LIST_MAX] if (item_type, i) in found]
    return render_template("framework/coverage_cell.html", team=team, domain=domain, item_type=item_type,
                           label=ITEM_LABELS[item_type], singular=ITEM_SINGULAR[item_type], plural=ITEM_PLURAL[item_type], listed=listed,
                           total=len(ids))
