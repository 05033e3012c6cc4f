"""Every change to the recommendations register: validate, change, audit, commit once.

- The team (members, facilitators) adds, changes, moves and deletes (soft) recommendations.
  A submitted team's register is frozen with the rest of its work (submitted.py).
- An update may name the `version` it read: another version is Stale (409, nothing saved).
- The intervention must be on the team's cohort's menu; each finding a live report section,
  measure or process map of the same team that the writer may see (comment_targets).
- The host partner's response (accept / consider / decline, with a note) is their one write
  here. The views and the API allow it to `respond_to_recommendations` only. It is the host's
  answer, not the team's work, so a submitted team's host may still respond.
"""

from __future__ import annotations

from sqlalchemy import delete as sql_delete
from sqlalchemy import func, select
from sqlalchemy.orm.exc import StaleDataError

from .. import audit
from ..cleaning import bounded_int, cleaned_text
from ..errors import ValidationProblem
from ..extensions import db
from ..models import Team, User, utcnow
from ..submitted import hold_team_open, refuse_if_submitted
from . import criteria as useful
from . import recommendation_fields as fields
from . import recommendation_queries as queries
from .models import Recommendation, RecommendationFinding
from .queries import live_recommendations

__all__ = ["create", "update", "delete", "move", "respond", "Stale", "MAX_RECOMMENDATIONS"]

#: the most live recommendations a register holds: the page, the API and the Word table stay bounded
MAX_RECOMMENDATIONS = 100
WHAT = "this recommendation"


class Stale(Exception):
    """The change started from an older version of the recommendation: nothing was saved."""

    def __init__(self, record):
        self.record = record
        super().__init__("Someone else changed this recommendation since you opened it. Nothing was saved: "
                         "what you typed is still here. Check their change, then save again to keep yours.")


def check_version(record: Recommendation, version) -> None:
    if version is None or version == "":
        return
    number = bounded_int(version, 1)
    if number is None:
        raise ValidationProblem({"version": "version must be the version you read: a whole number from 1"})
    if number != record.version:
        db.session.rollback()
        raise Stale(record)


def stale_version(stale: Stale) -> int:
    db.session.refresh(stale.record)
    return stale.record.version


def _commit(team: Team, actor: User, action: str, target: Recommendation, *, hold: bool = True, **detail) -> None:
    try:
        db.session.flush()
    except StaleDataError:
        db.session.rollback()
        raise Stale(target) from None
    if hold:
        hold_team_open(team)
    audit.record(action, team=team, target=target, actor=actor, detail=detail or None)
    db.session.commit()


def _check_links(team: Team, actor: User, cleaned: dict) -> None:
    problems = {}
    if cleaned.get("intervention_id") is not None and not queries.is_on_menu(team, cleaned["intervention_id"]):
        problems["intervention_id"] = "Intervention type: choose one from your programme's menu"
    wanted: dict[str, set[int]] = {}
    for kind, target_id in cleaned.get("findings") or []:
        wanted.setdefault(kind, set()).add(target_id)
    for kind, ids in wanted.items():
        if ids - queries.visible_of(team, kind, actor, ids):
            problems["findings"] = (f"Findings: a {fields.FINDING_LABELS[kind].lower()} you chose is not one of "
                                    "this team's. Choose from the list.")
            break
    if problems:
        raise ValidationProblem(problems)


def _set_findings(recommendation: Recommendation, findings: list[tuple[str, int]]) -> bool:
    current = queries.findings_of(recommendation) if recommendation.id else []
    if current == findings:
        return False
    if recommendation.id:
        db.session.execute(sql_delete(RecommendationFinding).where(
            RecommendationFinding.recommendation_id == recommendation.id))
    db.session.flush()
    db.session.add_all(RecommendationFinding(recommendation_id=recommendation.id, kind=kind, target_id=target_id)
                       for kind, target_id in findings)
    return True


def _live_count(team: Team) -> int:
    return db.session.scalar(select(func.count()).select_from(Recommendation).where(live_recommendations(team))) or 0


def create(team: Team, actor: User, data: dict) -> Recommendation:
    """A new recommendation at the end of the register."""
    refuse_if_submitted(team)
    cleaned = fields.clean(data, partial=False)
    _check_links(team, actor, cleaned)
    if _live_count(team) >= MAX_RECOMMENDATIONS:
        raise ValidationProblem({"statement": f"A register holds at most {MAX_RECOMMENDATIONS} recommendations. "
                                              "Delete one before adding another."})
    findings = cleaned.pop("findings")
    last = db.session.scalar(select(func.max(Recommendation.position)).where(Recommendation.team_id == team.id))
    now = utcnow()
    recommendation = Recommendation(team_id=team.id, position=(last or 0) + 1, **cleaned, created_at=now,
                                    created_by_id=actor.id, updated_at=now, updated_by_id=actor.id)
    db.session.add(recommendation)
    db.session.flush()
    _set_findings(recommendation, findings)
    _commit(team, actor, "framework.recommendation.created", recommendation)
    return recommendation


def update(team: Team, recommendation: Recommendation, actor: User, data: dict, *, version=None) -> list[str]:
    """Change the fields `data` names; the names of those that changed (none: nothing written).
    `version`, when given, must be the recommendation's current version."""
    refuse_if_submitted(team)
    cleaned = fields.clean(data, partial=True)
    _check_links(team, actor, cleaned)
    check_version(recommendation, version)
    changed = []
    if "findings" in cleaned and _set_findings(recommendation, cleaned.pop("findings")):
        changed.append("findings")
    cleaned.pop("findings", None)
    for name, value in cleaned.items():
        if getattr(recommendation, name) != value:
            setattr(recommendation, name, value)
            changed.append(name)
    if not changed:
        db.session.rollback()
        return []
    recommendation.updated_at = utcnow()
    recommendation.updated_by_id = actor.id
    _commit(team, actor, "framework.recommendation.updated", recommendation, fields=changed)
    return changed


def delete_recommendation(team: Team, recommendation: Recommendation, actor: User) -> None:
    """Soft delete: it leaves the register, the API and the Word report; its comment threads
    stay in the team's records."""
    refuse_if_submitted(team)
    recommendation.deleted_at = utcnow()
    _commit(team, actor, "framework.recommendation.deleted", recommendation)


delete = delete_recommendation


def move(team: Team, recommendation: Recommendation, actor: User, direction: str) -> bool:
    """Swap with the neighbour above ("up") or below ("down"); False at either end."""
    if direction not in ("up", "down"):
        raise ValidationProblem({"direction": "Move up or down"})
    refuse_if_submitted(team)
    ordered = list(db.session.scalars(queries.register_statement(team)))
    index = next(i for i, r in enumerate(ordered) if r.id == recommendation.id)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(ordered):
        return False
    # Renumber the whole register 1..n, then swap: gaps left by deletions close as it moves.
    ordered[index], ordered[other] = ordered[other], ordered[index]
    for position, item in enumerate(ordered, start=1):
        if item.position != position:
            item.position = position
    _commit(team, actor, "framework.recommendation.moved", recommendation, direction=direction)
    return True


def respond(team: Team, recommendation: Recommendation, actor: User, response, note) -> None:
    """The host partner's response, with a note. The caller has checked that `actor` may
    (respond_to_recommendations). Allowed after the team has submitted."""
    problems = {}
    try:
        value = fields.response_of(response)
    except ValueError as problem:
        problems["response"] = str(problem)
    try:
        text = cleaned_text(note, "Note", useful.NOTE_MAX, multiline=True)
    except ValueError as problem:
        problems["note"] = str(problem)
    if problems:
        raise ValidationProblem(problems)
    previous = recommendation.host_response
    recommendation.host_response = value
    recommendation.host_response_note = text
    recommendation.host_responded_at = utcnow()
    recommendation.host_responded_by_id = actor.id
    _commit(team, actor, "framework.recommendation.responded", recommendation, hold=False,
            response=value, previous=previous)
