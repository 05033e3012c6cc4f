"""Facilitators: a cohort's own copy of the framework. The four domains are fixed (keys never
change; a facilitator renames and describes them); behaviours (of a domain or a theme) and
interventions (of a domain) are added, changed and removed.

Removing a behaviour removes the tags that name it (the tags' foreign key cascades), so the
confirmation page says how many go with it. Removing an intervention leaves the recommendations
that chose it with none (SET NULL). Neither may touch a SUBMITTED team's work (what it submitted
stays as submitted until a facilitator reopens it): removing a behaviour a submitted team's tags
name, or an intervention its live recommendations chose, is refused with InUseBySubmitted naming
the teams (renaming stays allowed). Every change validates, records an audit event and commits once.
"""

from __future__ import annotations

from sqlalchemy import func, select

from .. import audit
from ..cleaning import cleaned_text
from ..errors import ValidationProblem, clean_each
from ..extensions import db
from ..models import Cohort, Team, User
from .models import (
    NAME_MAX,
    THEMES,
    FrameworkBehaviour,
    FrameworkDomain,
    FrameworkIntervention,
    Recommendation,
    Tag,
)

DESCRIPTION_MAX = 2_000
#: the most behaviours one domain or theme may list, and interventions one domain may
MAX_BEHAVIOURS = 60
MAX_INTERVENTIONS = 30


class InUseBySubmitted(Exception):
    """The item is used by submitted work of these teams (names, sorted)."""

    def __init__(self, teams: list[str]) -> None:
        self.teams = teams
        super().__init__(in_use_message(teams))


def in_use_message(teams: list[str]) -> str:
    names = teams[0] if len(teams) == 1 else ", ".join(teams[:-1]) + " and " + teams[-1]
    return (f"{names} {'has' if len(teams) == 1 else 'have'} submitted work that uses it: rename it instead, "
            f"or remove it after a facilitator reopens {'their submission' if len(teams) == 1 else 'their submissions'}")


def _submitted_names(team_ids, *, lock: bool = False) -> list[str]:
    """The names of the live teams among `team_ids` (ids or a select of them) that have submitted.
    With `lock`, inside a change: the teams' rows are share-locked (as submitted.hold_team_open
    does), so a submission in progress is waited for and none can start before the commit."""
    stmt = select(Team.name, Team.submitted_at).where(Team.id.in_(team_ids), Team.deleted_at.is_(None)).order_by(Team.name)
    if lock:
        stmt = stmt.with_for_update(read=True)
    return [name for name, submitted_at in db.session.execute(stmt).all() if submitted_at is not None]


def _refuse_if_submitted_use(team_ids: set[int]) -> None:
    """Inside a removal, after its writes and before its commit."""
    teams = _submitted_names(sorted(team_ids), lock=True) if team_ids else []
    if teams:
        db.session.rollback()
        raise InUseBySubmitted(teams)


def _text(label: str, limit: int, *, required: bool = False, multiline: bool = False):
    return lambda _name, value: cleaned_text(value, label, limit, required=required, multiline=multiline)


def _clean(values: dict, rules: dict) -> dict:
    return clean_each(values, list(rules), lambda name, value: rules[name](name, value))


def get_domain(cohort: Cohort, domain_id: int) -> FrameworkDomain:
    found = db.session.scalar(select(FrameworkDomain).where(FrameworkDomain.id == domain_id,
                                                            FrameworkDomain.cohort_id == cohort.id))
    if found is None:
        raise LookupError(domain_id)
    return found


def get_behaviour(cohort: Cohort, behaviour_id: int) -> FrameworkBehaviour:
    found = db.session.scalar(select(FrameworkBehaviour).where(FrameworkBehaviour.id == behaviour_id,
                                                               FrameworkBehaviour.cohort_id == cohort.id))
    if found is None:
        raise LookupError(behaviour_id)
    return found


def get_intervention(cohort: Cohort, intervention_id: int) -> FrameworkIntervention:
    found = db.session.scalar(select(FrameworkIntervention).where(FrameworkIntervention.id == intervention_id,
                                                                  FrameworkIntervention.cohort_id == cohort.id))
    if found is None:
        raise LookupError(intervention_id)
    return found


# --- domains: renamed and described, never added or removed ------------------------------------------


def save_domain(cohort: Cohort, domain: FrameworkDomain, values: dict, actor: User) -> None:
    cleaned = _clean(values, {"name": _text("Name", NAME_MAX, required=True),
                              "description": _text("Description", DESCRIPTION_MAX, multiline=True)})
    taken = db.session.scalar(select(FrameworkDomain.id).where(
        FrameworkDomain.cohort_id == cohort.id, FrameworkDomain.id != domain.id,
        func.lower(FrameworkDomain.name) == cleaned["name"].lower()))
    if taken is not None:
        raise ValidationProblem({"name": "Another domain of this framework has that name"})
    before = domain.name
    domain.name, domain.description = cleaned["name"], cleaned["description"]
    audit.record("framework.domain_changed", target=cohort, actor=actor,
                 detail={"key": domain.key, "from": before, "to": domain.name})
    db.session.commit()


# --- behaviours ----------------------------------------------------------------------------------------


def parse_group(cohort: Cohort, group) -> tuple[int | None, str | None]:
    """"domain:<id>" (one of the cohort's domains) or "theme:<name>" (one of THEMES)."""
    if isinstance(group, str) and group.startswith("theme:") and group[6:] in THEMES:
        return None, group[6:]
    if isinstance(group, str) and group.startswith("domain:") and group[7:].isdigit() and len(group) < 20:
        try:
            return get_domain(cohort, int(group[7:])).id, None
        except LookupError:
            pass
    raise ValidationProblem({"group": "Choose a domain or theme of this framework"})


def _group_rows(cohort: Cohort, domain_id: int | None, theme: str | None):
    where = (FrameworkBehaviour.domain_id == domain_id) if domain_id is not None else (FrameworkBehaviour.theme == theme)
    return select(FrameworkBehaviour).where(FrameworkBehaviour.cohort_id == cohort.id, where)


def _refuse_same_name(cohort, domain_id, theme, name: str, except_id: int | None = None) -> None:
    rows = db.session.scalars(_group_rows(cohort, domain_id, theme)).all()
    if any(r.name.lower() == name.lower() and r.id != except_id for r in rows):
        raise ValidationProblem({"name": f"This {'domain' if domain_id else 'theme'} already has “{name}”"})
    if except_id is None and len(rows) >= MAX_BEHAVIOURS:
        raise ValidationProblem({"name": f"A domain or theme lists at most {MAX_BEHAVIOURS} behaviours"})


BEHAVIOUR_RULES = {"name": _text("Name", NAME_MAX, required=True),
                   "description": _text("Description", DESCRIPTION_MAX, multiline=True)}


def add_behaviour(cohort: Cohort, values: dict, actor: User) -> FrameworkBehaviour:
    problems = {}
    try:
        domain_id, theme = parse_group(cohort, values.get("group"))
    except ValidationProblem as problem:
        problems.update(problem.fields)
        domain_id = theme = None
    try:
        cleaned = _clean(values, BEHAVIOUR_RULES)
    except ValidationProblem as problem:
        problems.update(problem.fields)
    if problems:
        raise ValidationProblem(problems)
    _refuse_same_name(cohort, domain_id, theme, cleaned["name"])
    last = db.session.scalar(select(func.max(FrameworkBehaviour.position)).where(
        FrameworkBehaviour.cohort_id == cohort.id,
        (FrameworkBehaviour.domain_id == domain_id) if domain_id else (FrameworkBehaviour.theme == theme)))
    behaviour = FrameworkBehaviour(cohort_id=cohort.id, domain_id=domain_id, theme=theme, name=cleaned["name"],
                                   description=cleaned["description"], position=(last or 0) + 1)
    db.session.add(behaviour)
    audit.record("framework.behaviour_added", target=cohort, actor=actor,
                 detail={"name": behaviour.name, "domain_id": domain_id, "theme": theme})
    db.session.commit()
    return behaviour


def save_behaviour(cohort: Cohort, behaviour: FrameworkBehaviour, values: dict, actor: User) -> None:
    cleaned = _clean(values, BEHAVIOUR_RULES)
    _refuse_same_name(cohort, behaviour.domain_id, behaviour.theme, cleaned["name"], except_id=behaviour.id)
    before = behaviour.name
    behaviour.name, behaviour.description = cleaned["name"], cleaned["description"]
    audit.record("framework.behaviour_changed", target=cohort, actor=actor,
                 detail={"id": behaviour.id, "from": before, "to": behaviour.name})
    db.session.commit()


def tags_naming(behaviour: FrameworkBehaviour) -> int:
    """How many items of the cohort's teams are tagged with this behaviour."""
    return db.session.scalar(select(func.count()).select_from(Tag).where(Tag.behaviour_id == behaviour.id)) or 0


def submitted_teams_tagging(behaviour: FrameworkBehaviour) -> list[str]:
    """The submitted teams whose tags name this behaviour (for the confirmation page)."""
    return _submitted_names(select(Tag.team_id).where(Tag.behaviour_id == behaviour.id))


def remove_behaviour(cohort: Cohort, behaviour: FrameworkBehaviour, actor: User) -> tuple[str, int]:
    """Remove it and the tags that name it; gives its name and how many tags went. InUseBySubmitted
    (nothing removed) when a submitted team's tag names it."""
    name = behaviour.name
    # locked first, so no tag can name it while it goes (a new tag's foreign key check waits)
    db.session.execute(select(FrameworkBehaviour.id).where(FrameworkBehaviour.id == behaviour.id).with_for_update())
    table = Tag.__table__
    gone = db.session.execute(table.delete().where(table.c.behaviour_id == behaviour.id)
                              .returning(table.c.team_id)).scalars().all()  # not left to the FK
    _refuse_if_submitted_use(set(gone))
    tags = len(gone)
    db.session.delete(behaviour)
    audit.record("framework.behaviour_removed", target=cohort, actor=actor,
                 detail={"id": behaviour.id, "name": name, "tags_removed": tags})
    db.session.commit()
    return name, tags


# --- interventions --------------------------------------------------------------------------------------


INTERVENTION_RULES = {"name": _text("Name", NAME_MAX, required=True)}


def _refuse_same_intervention(cohort, domain_id: int, name: str, except_id: int | None = None) -> None:
    rows = db.session.scalars(select(FrameworkIntervention).where(
        FrameworkIntervention.cohort_id == cohort.id, FrameworkIntervention.domain_id == domain_id)).all()
    if any(r.name.lower() == name.lower() and r.id != except_id for r in rows):
        raise ValidationProblem({"name": f"This domain's menu already has “{name}”"})
    if except_id is None and len(rows) >= MAX_INTERVENTIONS:
        raise ValidationProblem({"name": f"A domain's menu has at most {MAX_INTERVENTIONS} interventions"})


def add_intervention(cohort: Cohort, values: dict, actor: User) -> FrameworkIntervention:
    problems, domain = {}, None
    raw = values.get("domain_id")
    try:
        domain = get_domain(cohort, int(raw)) if isinstance(raw, str | int) and str(raw).isdigit() else None
    except LookupError:
        domain = None
    if domain is None:
        problems["domain_id"] = "Choose a domain of this framework"
    try:
        cleaned = _clean(values, INTERVENTION_RULES)
    except ValidationProblem as problem:
        problems.update(problem.fields)
    if problems:
        raise ValidationProblem(problems)
    _refuse_same_intervention(cohort, domain.id, cleaned["name"])
    last = db.session.scalar(select(func.max(FrameworkIntervention.position)).where(
        FrameworkIntervention.domain_id == domain.id))
    intervention = FrameworkIntervention(cohort_id=cohort.id, domain_id=domain.id, name=cleaned["name"],
                                         position=(last or 0) + 1)
    db.session.add(intervention)
    audit.record("framework.intervention_added", target=cohort, actor=actor,
                 detail={"name": intervention.name, "domain": domain.key})
    db.session.commit()
    return intervention


def save_intervention(cohort: Cohort, intervention: FrameworkIntervention, values: dict, actor: User) -> None:
    cleaned = _clean(values, INTERVENTION_RULES)
    _refuse_same_intervention(cohort, intervention.domain_id, cleaned["name"], except_id=intervention.id)
    before = intervention.name
    intervention.name = cleaned["name"]
    audit.record("framework.intervention_changed", target=cohort, actor=actor,
                 detail={"id": intervention.id, "from": before, "to": intervention.name})
    db.session.commit()


def recommendations_choosing(intervention: FrameworkIntervention) -> int:
    return db.session.scalar(select(func.count()).select_from(Recommendation).where(
        Recommendation.intervention_id == intervention.id, Recommendation.deleted_at.is_(None))) or 0


def submitted_teams_choosing(intervention: FrameworkIntervention) -> list[str]:
    """The submitted teams whose live recommendations chose this intervention (for the confirmation page)."""
    return _submitted_names(select(Recommendation.team_id).where(
        Recommendation.intervention_id == intervention.id, Recommendation.deleted_at.is_(None)))


def remove_intervention(cohort: Cohort, intervention: FrameworkIntervention, actor: User) -> str:
    """Remove it from the menu; the recommendations that chose it have none. InUseBySubmitted
    (nothing removed) when a submitted team's live recommendation chose it."""
    name = intervention.name
    db.session.execute(select(FrameworkIntervention.id).where(FrameworkIntervention.id == intervention.id)
                       .with_for_update())  # no recommendation can choose it while it goes
    table = Recommendation.__table__
    changed = db.session.execute(table.update().where(table.c.intervention_id == intervention.id)
                                 .values(intervention_id=None, version=table.c.version + 1)
                                 .returning(table.c.team_id, table.c.deleted_at)).all()  # not left to the FK
    _refuse_if_submitted_use({team_id for team_id, deleted_at in changed if deleted_at is None})
    db.session.delete(intervention)
    audit.record("framework.intervention_removed", target=cohort, actor=actor, detail={"id": intervention.id, "name": name})
    db.session.commit()
    return name
