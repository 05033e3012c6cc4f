"""Tables of the process maps: a map, its lanes (rows of the swimlane), its steps in map order,
a step's labelled branches to other steps of the same map, and sticky notes on steps.

Every row carries `team_id` so it loads through its team (`loading.get_for_team`), and every
child carries `map_id` so a map reads in a fixed number of statements whatever its size.
Times are whole minutes; the pages offer minutes, hours and days and store minutes.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..models import UTCDateTime, utcnow
from .flow import KINDS, NOTE_KINDS, STATES, VALUES

TITLE_MAX = 160
LANE_MAX = 80
LABEL_MAX = 200
BRANCH_LABEL_MAX = 40
TEXT_MAX = 300  # scope, start and end points, who took part
NOTES_MAX = 20_000
NOTE_MAX = 2000
#: ten years in minutes: no step or wait is longer (bad input otherwise)
MAX_MINUTES = 10 * 366 * 24 * 60


def _among(column: str, values) -> str:
    return f"{column} IN (" + ", ".join(f"'{v}'" for v in values) + ")"


class ProcessMap(db.Model):
    """One map of a pathway: current state, or a future state redesigning a current map."""

    __tablename__ = "process_maps"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    state: Mapped[str] = mapped_column(String(10), default="current")
    # A future map names the current map it redesigns.
    redesigns_id: Mapped[int | None] = mapped_column(ForeignKey("process_maps.id", ondelete="SET NULL"), index=True)
    scope: Mapped[str] = mapped_column(String(TEXT_MAX), default="")
    start_point: Mapped[str] = mapped_column(String(TEXT_MAX), default="")
    end_point: Mapped[str] = mapped_column(String(TEXT_MAX), default="")
    mapped_on: Mapped[date | None]
    participants: Mapped[str] = mapped_column(String(TEXT_MAX), default="")
    notes: Mapped[str] = mapped_column(Text, default="")  # markdown
    # Counts every change to the map or anything on it: the drag script's guard (409 when stale).
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (CheckConstraint(_among("state", STATES), name="state"),)


class ProcessLane(db.Model):
    """A row of the swimlane: who does the steps in it. The first lane is the person whose
    pathway is mapped (the patient or citizen)."""

    __tablename__ = "process_lanes"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    map_id: Mapped[int] = mapped_column(ForeignKey("process_maps.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(LANE_MAX))
    position: Mapped[int] = mapped_column(Integer)


class ProcessStep(db.Model):
    __tablename__ = "process_steps"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    map_id: Mapped[int] = mapped_column(ForeignKey("process_maps.id", ondelete="CASCADE"))  # (map_id, position) index
    lane_id: Mapped[int] = mapped_column(ForeignKey("process_lanes.id", ondelete="RESTRICT"), index=True)
    position: Mapped[int] = mapped_column(Integer)  # map order, 0-based, dense
    label: Mapped[str] = mapped_column(String(LABEL_MAX))
    kind: Mapped[str] = mapped_column(String(10), default="step")
    minutes: Mapped[int] = mapped_column(Integer, default=0)  # cycle time; for a wait step, the wait
    wait_minutes: Mapped[int] = mapped_column(Integer, default=0)  # a wait before the step
    value: Mapped[str | None] = mapped_column(String(4))  # va, nva, bnva; None when not assessed
    paper: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (
        CheckConstraint(_among("kind", KINDS), name="kind"),
        CheckConstraint(_among("value", VALUES), name="value"),
        CheckConstraint(f"minutes BETWEEN 0 AND {MAX_MINUTES}", name="minutes"),
        CheckConstraint(f"wait_minutes BETWEEN 0 AND {MAX_MINUTES}", name="wait_minutes"),
        Index("ix_process_steps_map_id_position", "map_id", "position"),
    )


class ProcessBranch(db.Model):
    """A labelled way out of a step to another step of the same map ("yes" to step 5)."""

    __tablename__ = "process_branches"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    map_id: Mapped[int] = mapped_column(ForeignKey("process_maps.id", ondelete="CASCADE"), index=True)
    step_id: Mapped[int] = mapped_column(ForeignKey("process_steps.id", ondelete="CASCADE"), index=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("process_steps.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(BRANCH_LABEL_MAX), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (CheckConstraint("step_id <> target_id", name="not_itself"),)


class ProcessNote(db.Model):
    """A sticky note on a step: a pain point, an idea or a question, with its author.

    `change_idea_id` is kept ready for the QI issue's change ideas (a pain point turned into one);
    it is a plain id until that table exists, so this feature imports nothing of QI.
    """

    __tablename__ = "process_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    map_id: Mapped[int] = mapped_column(ForeignKey("process_maps.id", ondelete="CASCADE"), index=True)
    step_id: Mapped[int] = mapped_column(ForeignKey("process_steps.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(12), default="pain_point")
    body: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    author_name: Mapped[str] = mapped_column(String(120), default="")  # as written, if the account goes
    change_idea_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (CheckConstraint(_among("kind", NOTE_KINDS), name="kind"),)
