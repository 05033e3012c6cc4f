"""Tagging pages: the tag panel every tagged item's page shows (`tags_panel`, a Jinja global),
and its two POST routes, which go back to the item's page (a safe `next` within the site)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup

from ..errors import ValidationProblem
from ..http_errors import error_page
from ..loading import get_team_for
from ..security import is_safe_next
from ..submitted import ReportSubmitted
from . import tags as ops
from .blueprint import bp
from .setup import ensure_framework
from .tag_queries import panel_data


def _me():
    return current_user._get_current_object()


@bp.app_template_global("tags_panel")
def tags_panel(team, target_type: str, target_id: int, can_edit: bool) -> Markup:
    """The item's tags as NHS.UK tags and, for those who may change them, a remove button each
    and a picker to add one. One statement whatever the item carries (tag_queries.panel_data)."""
    framework, tags = panel_data(team, target_type, target_id)
    if framework.is_empty and ensure_framework(team.cohort):  # the cohort's first need of it
        framework, tags = panel_data(team, target_type, target_id)
    applied = {t.ref for t in tags}
    return Markup(render_template(  # noqa: S704 - a rendered, autoescaped template
        "framework/_tags.html", team=team, target_type=target_type, target_id=target_id, tags=tags,
        applied=applied, framework=framework, can_edit=can_edit, here=request.full_path.rstrip("?")))


def _back(team):
    target = request.form.get("next", "")
    if not is_safe_next(target):
        target = url_for("teams.team_page", team_id=team.id)
    return redirect(target.split("#", 1)[0] + "#tags")


@bp.errorhandler(ReportSubmitted)
def _submitted(refused: ReportSubmitted):
    return error_page(409, title="The review has been submitted", message=str(refused))


@bp.post("/teams/<int:team_id>/tags")
def add_tag(team_id: int):
    team = get_team_for(team_id, "view")
    try:
        ops.add_tag(team, request.form.get("target_type"), request.form.get("target_id"),
                          request.form.get("tag"), _me())
    except ops.TargetMissing:
        abort(404)
    except ValidationProblem as problem:
        flash(problem.message, "error")
        return _back(team)
    flash("Tag added.", "success")
    return _back(team)


@bp.post("/teams/<int:team_id>/tags/<int:tag_id>/remove")
def remove_tag(team_id: int, tag_id: int):
    team = get_team_for(team_id, "view")
    try:
        ops.remove_tag(team, tag_id, _me())
    except ops.TargetMissing:
        abort(404)
    flash("Tag removed.", "success")
    return _back(team)
