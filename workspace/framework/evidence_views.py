"""Each member's evidence: the team's work they tagged with the framework, grouped by domain and
theme, and their reflections; and the same as a Word document for their reflective portfolio.

- The page: people who may see the team's history (members, assessors, facilitators; not the
  host partner). A member's private reflections appear only when the viewer is that member.
- The document: the member themselves only; to anyone else it does not exist (404).
"""

from __future__ import annotations

from datetime import datetime

from flask import Response, abort, render_template
from flask_login import current_user

from ..exports.evidence_word import (
    DOCX_MIME,
    EvidenceDocument,
    EvidenceGroup,
    EvidenceLine,
    EvidenceReflection,
    build_evidence_docx,
)
from ..loading import get_team_for
from ..markdown import render as render_markdown
from ..models import Team, User
from ..timefmt import LONDON
from . import coverage_queries as q
from .blueprint import bp
from .coverage import ITEM_KIND, group_evidence

#: the most tagged items one member's evidence lists (the page and the document)
ITEMS_MAX = 500


def _load(team_id: int, user_id: int, capability: str = "see_history") -> tuple[Team, User]:
    team = get_team_for(team_id, capability)
    member = q.member_of(team, user_id)
    if member is None:
        abort(404)
    return team, member


def _evidence(team: Team, member: User):
    """(framework, groups with their items as the viewer may see them, the member's reflections)."""
    framework = q.framework_of(team)
    groups = group_evidence(framework.domains, framework.behaviours,
                            q.counted_tags(team, current_user, tagged_by=member.id))
    wanted = list(dict.fromkeys(entry.item for group in groups for entry in group.entries))[:ITEMS_MAX]
    found = q.items(team, current_user, wanted)
    shown = [(group, [(found[e.item], e.behaviours) for e in group.entries if e.item in found]) for group in groups]
    shown = [(group, entries) for group, entries in shown if entries]
    return framework, shown, q.reflections_of(team, member, current_user, framework)


@bp.get("/teams/<int:team_id>/framework/members/<int:user_id>")
def member_evidence(team_id: int, user_id: int):
    team, member = _load(team_id, user_id)
    _framework, groups, reflections = _evidence(team, member)
    return render_template("framework/member.html", team=team, member=member, groups=groups, reflections=reflections,
                           kinds=ITEM_KIND, md=render_markdown, is_self=current_user.id == member.id)


@bp.get("/teams/<int:team_id>/framework/members/<int:user_id>/evidence.docx")
def member_evidence_docx(team_id: int, user_id: int):
    # To anyone but the member themselves the document does not exist: 404 before any other answer.
    if current_user.id != user_id:
        abort(404)
    team, member = _load(team_id, user_id, "view")
    _framework, groups, reflections = _evidence(team, member)
    made_on = datetime.now(LONDON).date()
    doc = EvidenceDocument(
        learner=member.name, team_name=team.name, review_title=team.review_title,
        host_partner=team.host_organisation.name if team.host_organisation else "",
        cohort=team.cohort.name if team.cohort else "", made_on=made_on,
        groups=[EvidenceGroup(group.name, group.kind,
                              [EvidenceLine(ITEM_KIND[item.type], item.title, behaviours)
                               for item, behaviours in entries])
                for group, entries in groups],
        reflections=[EvidenceReflection(r.written_on, r.title, r.body, r.shared, r.behaviours) for r in reflections],
    )
    return Response(build_evidence_docx(doc), mimetype=DOCX_MIME, headers={
        "Content-Disposition": f'attachment; filename="evidence-team-{team.id}-{member.id}-{made_on.isoformat()}.docx"',
        "Cache-Control": "private, no-store"})
