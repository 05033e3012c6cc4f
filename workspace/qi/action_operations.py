"""Every change to the action log: validate, change, commit once (operations.commit: the
version-guarded flush, the submission hold, the audit event).

An update may name the `version` it read: another version is a Stale (409, nothing saved). The
links are checked against the team: a PDSA cycle must be a live cycle of the team, a change
idea one of its ideas, a stakeholder one of its live stakeholders (a team member edits, and
sees every one of them).
"""

from __future__ import annotations

from sqlalchemy import func, select

from ..errors import ValidationProblem
from ..extensions import db
from ..models import Team, User, utcnow
from ..stakeholders.queries import names_of as stakeholder_names
from . import action_fields as fields
from .action_queries import members_of, today
from .models import Action, ChangeIdea, PdsaCycle
from .operations import Stale, check_version, commit, refuse_if_submitted

__all__ = ["create", "update", "set_status", "delete", "Stale", "MAX_ACTIONS"]

#: the most live actions a team's log holds: the log, its CSV and the Word table stay bounded
MAX_ACTIONS = 1000


def _check_links(team: Team, cleaned: dict) -> None:
    problems = {}
    if cleaned.get("pdsa_id") is not None and db.session.scalar(
            select(PdsaCycle.id).where(PdsaCycle.id == cleaned["pdsa_id"], PdsaCycle.team_id == team.id,
                                       PdsaCycle.deleted_at.is_(None))) is None:
        problems["pdsa_id"] = "PDSA cycle: choose one of this team's cycles"
    if cleaned.get("change_idea_id") is not None and db.session.scalar(
            select(ChangeIdea.id).where(ChangeIdea.id == cleaned["change_idea_id"],
                                        ChangeIdea.team_id == team.id)) is None:
        problems["change_idea_id"] = "Change idea: choose one of this team's change ideas"
    if cleaned.get("stakeholder_id") is not None and not stakeholder_names(team, True, [cleaned["stakeholder_id"]]):
        problems["stakeholder_id"] = "Stakeholder: choose one of this team's stakeholders"
    if problems:
        raise ValidationProblem(problems)


def _apply(action: Action, cleaned: dict) -> list[str]:
    changed = [name for name, value in cleaned.items() if getattr(action, name) != value]
    for name in changed:
        setattr(action, name, cleaned[name])
    if "status" in changed:
        action.completed_on = today() if action.status == "done" else None
    return changed


def live_count(team: Team) -> int:
    return db.session.scalar(select(func.count()).select_from(Action).where(
        Action.team_id == team.id, Action.deleted_at.is_(None))) or 0


def create(team: Team, actor: User, data: dict, *, members: dict | None = None) -> Action:
    """A new action from every field (blanks where optional; the status defaults to open)."""
    refuse_if_submitted(team)
    cleaned = fields.clean(data, members=members_of(team) if members is None else members, partial=False)
    _check_links(team, cleaned)
    if live_count(team) >= MAX_ACTIONS:
        raise ValidationProblem({"title": f"An action log holds at most {MAX_ACTIONS:,} actions. "
                                          "Delete finished ones before adding more."})
    now = utcnow()
    action = Action(team_id=team.id, **cleaned, completed_on=today() if cleaned["status"] == "done" else None,
                    created_at=now, created_by_id=actor.id, updated_at=now, updated_by_id=actor.id)
    db.session.add(action)
    commit(team, actor, "qi.action.created", action, "this action", title=action.title)
    return action


def update(team: Team, action: Action, actor: User, data: dict, *, version=None,
           members: dict | None = None) -> list[str]:
    """Change the fields `data` names; returns the names of those that changed (none: nothing
    is written). `version`, when given, must be the action's current version."""
    refuse_if_submitted(team)
    cleaned = fields.clean(data, members=members_of(team) if members is None else members, partial=True)
    _check_links(team, cleaned)
    check_version(action, version, "this action")
    changed = _apply(action, cleaned)
    if not changed:
        return []
    commit(team, actor, "qi.action.updated", action, "this action", fields=changed)
    return changed


def set_status(team: Team, action: Action, actor: User, status, *, version=None) -> bool:
    """The quick status change of the log's rows; True when the status changed."""
    refuse_if_submitted(team)
    try:
        value = fields.status_of(status) if status not in (None, "") else None
    except ValueError as problem:
        raise ValidationProblem({"status": str(problem)}) from None
    if value is None:
        raise ValidationProblem({"status": "Choose a status"})
    check_version(action, version, "this action")
    if not _apply(action, {"status": value}):
        return False
    commit(team, actor, "qi.action.updated", action, "this action", fields=["status"])
    return True


def delete(team: Team, action: Action, actor: User) -> None:
    """Soft delete: the action leaves the log, the overview, the exports; its comment threads
    stay in the team's records."""
    refuse_if_submitted(team)
    action.deleted_at = utcnow()
    commit(team, actor, "qi.action.deleted", action, "this action", title=action.title)


def stale_version(stale: Stale) -> int:
    """The version the record is at now, after a refused write."""
    db.session.refresh(stale.record)
    return stale.record.version
