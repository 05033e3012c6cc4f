"""Every export that changes something: the review copy's download (counted and audited) and
the team's export settings. Validate, change, audit, commit once."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import select

from .. import audit, ratelimit
from ..errors import ValidationProblem
from ..extensions import db
from ..models import Role, Team, User, utcnow
from ..permissions import membership_for
from ..submitted import hold_team_open, refuse_if_submitted
from .models import ExportSetting
from .parts import Placement
from .settings import parts_for_settings
from .word import BuildResult, build_report_docx

EXPORTING_TOO_FAST = "You have downloaded a lot of documents in a short time. Wait {wait}, then try again"


def audience_for(user: User, team: Team) -> str:
    """Whose copy to build: a host partner's leaves out what hosts may not see."""
    membership = None if user.is_facilitator else membership_for(user, team)
    if membership is not None and membership.role == Role.HOST:
        return "host"
    if membership is not None and membership.role == Role.ASSESSOR:
        return "assessor"
    return "team"


def count_export(user: User) -> None:
    """One build of a Word document, counted before the work: over the limit raises
    RateLimited (a page answers 429, the API 429 with Retry-After)."""
    config = current_app.config
    ratelimit.enforce(f"export:user:{user.id}", config["EXPORT_RATE_LIMIT"], config["EXPORT_RATE_WINDOW_SECONDS"],
                      field="export", message=EXPORTING_TOO_FAST)


def review_copy(team: Team, user: User) -> BuildResult:
    """The draft with its open comment threads as Word comments, for a member or the host."""
    count_export(user)
    # A submitted team's text is frozen: its review copy is not marked a draft.
    result = build_report_docx(team, audience_for(user, team), review_copy=True, draft=not team.is_submitted)
    audit.record("report.review_copy_downloaded", team=team, actor=user,
                 detail={"bytes": len(result.docx), **({"failed_parts": result.failed_parts} if result.failed_parts else {})})
    db.session.commit()
    return result


def save_placements(team: Team, chosen: dict[str, str], user: User) -> int:
    """Store the team's placement for each part listed on the settings page; returns how many
    changed. Keys that are not one of the team's parts are refused, so the table holds only
    real parts. A submitted team's settings are refused like its report (ReportSubmitted): the
    frozen Word file was built with them, and they stay as submitted until a reopen."""
    refuse_if_submitted(team)
    known = {p.setting_key: p for p in parts_for_settings(team).parts}
    unknown = [key for key in chosen if key not in known]
    if unknown:
        raise ValidationProblem({"placements": "Choose a placement only for the parts listed"})
    bad = [key for key, value in chosen.items() if value not in (Placement.MAIN, Placement.APPENDIX)]
    if bad:
        raise ValidationProblem({"placements": "Choose main text or appendix for each part"})
    rows = {row.part_key: row for row in db.session.scalars(
        select(ExportSetting).where(ExportSetting.team_id == team.id))}
    changed = {}
    for key, value in chosen.items():
        if known[key].placement == value:  # already placed so (by default or before)
            continue
        row = rows.get(key)
        if row is None:
            db.session.add(ExportSetting(team_id=team.id, part_key=key, placement=value, updated_by_id=user.id))
        else:
            row.placement, row.updated_at, row.updated_by_id = value, utcnow(), user.id
        changed[key] = value
    if changed:
        hold_team_open(team)  # a submission that began meanwhile wins: nothing is changed
        audit.record("exports.settings_changed", team=team, actor=user, detail={"placements": changed})
    db.session.commit()
    return len(changed)
