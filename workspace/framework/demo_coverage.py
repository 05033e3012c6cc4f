"""Demo content for coverage (helper fw-coverage): the teams' recommendations tagged with the domain
of the intervention each one proposes, by the member who wrote it, so the heatmap's
Recommendations column is not empty. Harbour's interventions come from three domains, none from
Learning and Capacity Building, so its gap stays. Runs after the recommendations are seeded and
before Meridian submits (its tags are part of what it submits)."""

from __future__ import annotations

from sqlalchemy import select

from ..extensions import db
from ..models import Membership, Role, Team, User
from . import tags as tag_ops
from .models import FrameworkIntervention, Recommendation
from .queries import live_recommendations


def _tag_recommendations(team: Team) -> int:
    first_member = db.session.scalar(select(Membership.user_id).where(
        Membership.team_id == team.id, Membership.role == Role.MEMBER.value).order_by(Membership.id))
    rows = db.session.execute(
        select(Recommendation.id, Recommendation.created_by_id, FrameworkIntervention.domain_id)
        .join(FrameworkIntervention, FrameworkIntervention.id == Recommendation.intervention_id)
        .where(live_recommendations(team)).order_by(Recommendation.position, Recommendation.id)).all()
    made = 0
    for recommendation_id, author_id, domain_id in rows:
        actor_id = author_id or first_member
        actor = db.session.get(User, actor_id) if actor_id is not None else None
        if actor is None:
            continue
        tag_ops.add_tag(team, "recommendation", recommendation_id, f"domain:{domain_id}", actor)
        made += 1
    return made


def seed_coverage() -> None:
    for team_name in ("Team Harbour", "Team Meridian"):
        team = db.session.scalar(Team.live().where(Team.name == team_name))
        if team is not None and not team.is_submitted:
            _tag_recommendations(team)
