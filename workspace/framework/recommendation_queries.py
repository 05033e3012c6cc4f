"""Reads of the recommendations register: the register in order, one recommendation, the
cohort's menu of interventions, and the findings a recommendation may link to (the team's
report sections, measures and process maps, through comment_targets: never their models)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from .. import comment_targets
from ..comment_targets import Target
from ..extensions import db
from ..models import Team
from . import criteria as useful
from .models import (
    FINDING_KINDS,
    FrameworkDomain,
    FrameworkIntervention,
    Recommendation,
    RecommendationFinding,
)
from .queries import live_recommendations


def get_recommendation(team: Team, recommendation_id: int) -> Recommendation | None:
    return db.session.scalar(select(Recommendation).where(Recommendation.id == recommendation_id,
                                                          live_recommendations(team)))


def register_statement(team: Team):
    return select(Recommendation).where(live_recommendations(team)).order_by(Recommendation.position, Recommendation.id)


@dataclass(frozen=True)
class Row:
    number: int
    recommendation: Recommendation
    intervention: str | None  # its name, or None
    domain: str | None  # the intervention's domain's name
    score: useful.Score


def register(team: Team) -> list[Row]:
    """The live recommendations in order, numbered from 1, each with its intervention's name and
    domain and its score: two statements whatever the register holds."""
    recommendations = list(db.session.scalars(register_statement(team)))
    names = interventions_named(team, {r.intervention_id for r in recommendations if r.intervention_id})
    return [Row(number, r, *names.get(r.intervention_id, (None, None)), useful.score(r.criteria))
            for number, r in enumerate(recommendations, start=1)]


def interventions_named(team: Team, ids) -> dict[int, tuple[str, str]]:
    """{intervention id: (name, domain name)} for those of the team's cohort."""
    if not ids:
        return {}
    rows = db.session.execute(
        select(FrameworkIntervention.id, FrameworkIntervention.name, FrameworkDomain.name)
        .join(FrameworkDomain, FrameworkDomain.id == FrameworkIntervention.domain_id)
        .where(FrameworkIntervention.id.in_(sorted(ids)), FrameworkIntervention.cohort_id == team.cohort_id))
    return {i: (name, domain) for i, name, domain in rows}


def intervention_menu(team: Team) -> list[tuple[str, list[tuple[int, str]]]]:
    """The cohort's menu, grouped by domain in the framework's order: [(domain name, [(id, name)])]."""
    rows = db.session.execute(
        select(FrameworkIntervention.id, FrameworkIntervention.name, FrameworkDomain.name)
        .join(FrameworkDomain, FrameworkDomain.id == FrameworkIntervention.domain_id)
        .where(FrameworkIntervention.cohort_id == team.cohort_id)
        .order_by(FrameworkDomain.position, FrameworkDomain.id, FrameworkIntervention.position, FrameworkIntervention.id))
    menu: dict[str, list[tuple[int, str]]] = {}
    for intervention_id, name, domain in rows:
        menu.setdefault(domain, []).append((intervention_id, name))
    return list(menu.items())


def is_on_menu(team: Team, intervention_id: int) -> bool:
    return db.session.scalar(select(FrameworkIntervention.id).where(
        FrameworkIntervention.id == intervention_id, FrameworkIntervention.cohort_id == team.cohort_id)) is not None


# --- findings ----------------------------------------------------------------------------------


def visible_of(team: Team, kind: str, viewer, wanted=None) -> set[int]:
    """The ids of `kind` the viewer may see in the team (among `wanted` when given)."""
    target_type = comment_targets.get(kind)
    if target_type is None:
        return set()
    subquery = target_type.visible_ids(team, viewer).subquery()
    column = next(iter(subquery.c))
    statement = select(column)
    if wanted is not None:
        statement = statement.where(column.in_(sorted(wanted)))
    return set(db.session.scalars(statement))


def finding_options(team: Team, viewer) -> dict[str, list[Target]]:
    """Every report section, measure and process map the viewer may see, by kind, by title."""
    options: dict[str, list[Target]] = {}
    for kind in FINDING_KINDS:
        ids = visible_of(team, kind, viewer)
        loaded = comment_targets.load_each(team, [(kind, i) for i in ids], viewer)
        options[kind] = sorted(loaded.values(), key=lambda t: (t.title.casefold(), t.id))
    return options


def findings_of(recommendation: Recommendation) -> list[tuple[str, int]]:
    return [(kind, target_id) for kind, target_id in db.session.execute(
        select(RecommendationFinding.kind, RecommendationFinding.target_id)
        .where(RecommendationFinding.recommendation_id == recommendation.id).order_by(RecommendationFinding.id))]


def linked_findings(team: Team, recommendation: Recommendation, viewer) -> list[tuple[str, Target]]:
    """The recommendation's findings that are still live and the viewer may see, as
    (kind, Target) in the order they were linked; one gone since is left out."""
    pairs = findings_of(recommendation)
    loaded = comment_targets.load_each(team, pairs, viewer)
    return [(kind, loaded[(kind, i)]) for kind, i in pairs if (kind, i) in loaded]


def load_for_tagging(team: Team, target_id: int, _viewer) -> Recommendation | None:
    """A live recommendation of the team, for tagging (tags.register_tag_target): everyone who
    may view the team sees every recommendation; "edit" tags it (the host partner does not)."""
    return get_recommendation(team, target_id)
