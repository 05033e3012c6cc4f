"""Stakeholders as a comment target (registered in this package's __init__): the report's
comment machinery shows and accepts threads on a stakeholder the viewer may see, and on no
other, without importing this feature."""

from __future__ import annotations

from flask import url_for
from sqlalchemy import select

from ..comment_targets import Target
from ..extensions import db
from ..permissions import can
from .models import Stakeholder
from .queries import visible


def sees_confidential(viewer, team) -> bool:
    return viewer is not None and can(viewer, "see_confidential_stakeholders", team)


def target(team, stakeholder: Stakeholder) -> Target:
    return Target(
        type="stakeholder", id=stakeholder.id, title=stakeholder.name,
        url=url_for("stakeholders.detail", team_id=team.id, stakeholder_id=stakeholder.id),
        # A host partner may not see a confidential stakeholder: never mentioned or notified on it.
        hidden_from=frozenset({"host"}) if stakeholder.confidential else frozenset(),
    )


def load_target(team, target_id: int, viewer) -> Target | None:
    stakeholder = db.session.scalar(
        select(Stakeholder).where(Stakeholder.id == target_id, visible(team, sees_confidential(viewer, team))))
    return None if stakeholder is None else target(team, stakeholder)


def load_targets(team, ids, viewer) -> dict:
    return {s.id: target(team, s) for s in db.session.scalars(
        select(Stakeholder).where(Stakeholder.id.in_(ids), visible(team, sees_confidential(viewer, team))))}


def visible_ids(team, viewer):
    return select(Stakeholder.id).where(visible(team, sees_confidential(viewer, team)))
