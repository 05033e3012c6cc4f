"""Reads shared by the framework's parts."""

from __future__ import annotations

from ..models import Team
from .models import Recommendation


def live_recommendations(team: Team):
    """The WHERE clause of a team's live recommendations."""
    return (Recommendation.team_id == team.id) & Recommendation.deleted_at.is_(None)
