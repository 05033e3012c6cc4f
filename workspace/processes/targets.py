"""Process maps as a comment target (registered in this package's __init__): the report's
comment machinery shows and accepts threads on a map the viewer may see, without importing
this feature. A comment on a step is a thread on its map whose text names the step."""

from __future__ import annotations

from flask import url_for
from sqlalchemy import select

from ..comment_targets import Target
from ..extensions import db
from .models import ProcessMap
from .queries import visible


def target(team, process_map: ProcessMap) -> Target:
    return Target(type="process_map", id=process_map.id, title=process_map.title,
                  url=url_for("processes.detail", team_id=team.id, map_id=process_map.id))


def load_target(team, target_id: int, viewer) -> Target | None:
    process_map = db.session.scalar(select(ProcessMap).where(ProcessMap.id == target_id, visible(team)))
    return None if process_map is None else target(team, process_map)


def load_targets(team, ids, viewer) -> dict:
    return {m.id: target(team, m) for m in db.session.scalars(
        select(ProcessMap).where(ProcessMap.id.in_(ids), visible(team)))}


def visible_ids(team, viewer):
    return select(ProcessMap.id).where(visible(team))
