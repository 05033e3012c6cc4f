"""Reads of the presentation: a team's live slides in order, and a cohort's settings."""

from __future__ import annotations

from sqlalchemy import select

from ..extensions import db
from ..models import Team
from .models import DEFAULT_SLOT_MINUTES, PresentationSettings, Slide


def live_slides(team: Team):
    """The WHERE clause of a team's live slides (every slide query starts from it)."""
    return (Slide.team_id == team.id) & Slide.deleted_at.is_(None)


def slides_of(team: Team) -> list[Slide]:
    return list(db.session.scalars(select(Slide).where(live_slides(team)).order_by(Slide.position, Slide.id)))


def slot_minutes(cohort_id: int) -> int:
    """The cohort's presentation slot in minutes (the default until a facilitator sets one)."""
    minutes = db.session.scalar(
        select(PresentationSettings.slot_minutes).where(PresentationSettings.cohort_id == cohort_id))
    return minutes if minutes is not None else DEFAULT_SLOT_MINUTES
