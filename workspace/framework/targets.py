"""Recommendations as comment targets (registered in this package's __init__): host partners
and the team discuss each recommendation through the report's comment machinery."""

from __future__ import annotations

from flask import url_for
from sqlalchemy import select

from ..comment_targets import Target, TargetType
from ..extensions import db
from .models import Recommendation
from .queries import live_recommendations


def _title(recommendation: Recommendation) -> str:
    text = " ".join(recommendation.statement.split())
    return text if len(text) <= 80 else text[:79] + "…"


def recommendation_target(team, recommendation: Recommendation) -> Target:
    return Target(type="recommendation", id=recommendation.id, title=_title(recommendation),
                  url=url_for("framework.recommendation", team_id=team.id, recommendation_id=recommendation.id))


def _load(team, target_id: int, viewer) -> Target | None:
    found = db.session.scalar(select(Recommendation).where(Recommendation.id == target_id, live_recommendations(team)))
    return None if found is None else recommendation_target(team, found)


def _load_many(team, ids, viewer) -> dict:
    rows = db.session.scalars(select(Recommendation).where(Recommendation.id.in_(ids), live_recommendations(team)))
    return {r.id: recommendation_target(team, r) for r in rows}


TYPES = (
    TargetType("recommendation", "recommendation", load=_load, load_many=_load_many,
               visible_ids=lambda team, viewer: select(Recommendation.id).where(live_recommendations(team))),
)
