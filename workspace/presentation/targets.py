"""Slides as comment targets (registered in this package's __init__): the report's comment
machinery shows and accepts threads on a slide without importing this feature. Every slide is
visible to all who may view the team, so `viewer` changes nothing here."""

from __future__ import annotations

from flask import url_for
from sqlalchemy import select

from ..comment_targets import Target, TargetType
from ..extensions import db
from .models import Slide
from .queries import live_slides


def slide_target(team, slide: Slide) -> Target:
    return Target(type="slide", id=slide.id, title=slide.title or "Untitled slide",
                  url=url_for("presentation.slide", team_id=team.id, slide_id=slide.id))


def _load(team, target_id: int, viewer) -> Target | None:
    slide = db.session.scalar(select(Slide).where(Slide.id == target_id, live_slides(team)))
    return None if slide is None else slide_target(team, slide)


def _load_many(team, ids, viewer) -> dict:
    return {s.id: slide_target(team, s) for s in db.session.scalars(select(Slide).where(Slide.id.in_(ids), live_slides(team)))}


TYPE = TargetType("slide", "slide", load=_load, visible_ids=lambda team, viewer: select(Slide.id).where(live_slides(team)),
                  load_many=_load_many)
