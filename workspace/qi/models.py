"""Tables of the quality-improvement (QI) work: the aim, the driver diagram (drivers and change
ideas), PDSA cycles and the measures they should move, the action log, and measures with
their data points and chart annotations.

Every row carries `team_id`, so it loads through its team (`loading.get_for_team`). Records
that take comments (actions, PDSA cycles, measures) are soft-deleted (`deleted_at`) so their
threads never point at nothing; the driver tree's rows are deleted outright (a change idea's
cycles and actions keep living, unlinked: SET NULL).

`version` on the edited records is SQLAlchemy's version counter: every UPDATE names the version
it read, so a stale form or API write is refused (409) rather than silently lost.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from ..domains import DOMAINS
from ..extensions import db
from ..models import UTCDateTime, utcnow

TITLE_MAX = 200
SHORT_MAX = 300  # one-line fields: what, how much, for whom, unit, a point's note
TEXT_MAX = 10_000  # each PDSA field, a driver's or an idea's description, an action's detail
DEFINITION_MAX = 2000

DRIVER_LEVELS = ("primary", "secondary")
PDSA_STATUSES = ("planned", "running", "complete", "abandoned")
PDSA_DECISIONS = ("adopt", "adapt", "abandon")
ACTION_STATUSES = ("open", "in_progress", "done", "blocked")
MEASURE_KINDS = ("outcome", "process", "balancing")
BETTER = ("up", "down")  # which direction is better
CHART_CHOICES = ("auto", "run", "xmr")  # auto: a run chart below 10 points, XmR from 10


def _among(column: str, values) -> str:
    return f"{column} IN (" + ", ".join(f"'{v}'" for v in values) + ")"


class Aim(db.Model):
    """The team's one project aim, in the SMART shape: what, how much, by when, for whom.
    `statement` is the sentence the team writes; the parts help them write it well."""

    __tablename__ = "qi_aims"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), unique=True)
    statement: Mapped[str] = mapped_column(Text, default="")
    what: Mapped[str] = mapped_column(String(SHORT_MAX), default="")
    how_much: Mapped[str] = mapped_column(String(SHORT_MAX), default="")
    by_when: Mapped[date | None]
    for_whom: Mapped[str] = mapped_column(String(SHORT_MAX), default="")
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    __mapper_args__ = {"version_id_col": version}


class Driver(db.Model):
    """A node of the driver diagram below the aim: a primary driver (no parent) or a secondary
    driver (its parent is a primary driver). Siblings are ordered by `position`."""

    __tablename__ = "qi_drivers"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("qi_drivers.id", ondelete="CASCADE"), index=True)
    level: Mapped[str] = mapped_column(String(10), default="primary")
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        CheckConstraint(_among("level", DRIVER_LEVELS), name="level"),
        CheckConstraint("(level = 'primary') = (parent_id IS NULL)", name="level_parent"),
    )


class ChangeIdea(db.Model):
    """A change idea, the leaf of the driver diagram, under a secondary driver (or not yet
    placed: `driver_id` NULL). It may have come from a process-map pain point: the note keeps
    `change_idea_id` (processes owns that link; this feature reads it through the function
    processes exposes)."""

    __tablename__ = "qi_change_ideas"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    driver_id: Mapped[int | None] = mapped_column(ForeignKey("qi_drivers.id", ondelete="SET NULL"), index=True)
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class PdsaCycle(db.Model):
    """One Plan-Do-Study-Act cycle testing a change idea. `follows_id` names the cycle it
    follows on from: the cycles of an idea chained that way are its ramp."""

    __tablename__ = "qi_pdsa_cycles"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    change_idea_id: Mapped[int | None] = mapped_column(ForeignKey("qi_change_ideas.id", ondelete="SET NULL"),
                                                       index=True)
    follows_id: Mapped[int | None] = mapped_column(ForeignKey("qi_pdsa_cycles.id", ondelete="SET NULL"), index=True)
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    status: Mapped[str] = mapped_column(String(10), default="planned")
    started_on: Mapped[date | None]
    ended_on: Mapped[date | None]
    # Plan
    objective: Mapped[str] = mapped_column(Text, default="")
    questions: Mapped[str] = mapped_column(Text, default="")
    prediction: Mapped[str] = mapped_column(Text, default="")
    plan: Mapped[str] = mapped_column(Text, default="")  # who, what, where, when
    data_to_collect: Mapped[str] = mapped_column(Text, default="")
    # Do
    what_happened: Mapped[str] = mapped_column(Text, default="")
    observations: Mapped[str] = mapped_column(Text, default="")
    # Study: results against the prediction
    study: Mapped[str] = mapped_column(Text, default="")
    # Act
    decision: Mapped[str | None] = mapped_column(String(8))  # adopt, adapt, abandon
    next_step: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        CheckConstraint(_among("status", PDSA_STATUSES), name="status"),
        CheckConstraint(_among("decision", PDSA_DECISIONS), name="decision"),
        CheckConstraint("follows_id IS NULL OR follows_id <> id", name="not_itself"),
        CheckConstraint("ended_on IS NULL OR started_on IS NULL OR ended_on >= started_on", name="dates"),
    )


class PdsaMeasure(db.Model):
    """A measure a PDSA cycle should move (its start is marked on that measure's chart)."""

    __tablename__ = "qi_pdsa_measures"

    pdsa_id: Mapped[int] = mapped_column(ForeignKey("qi_pdsa_cycles.id", ondelete="CASCADE"), primary_key=True)
    measure_id: Mapped[int] = mapped_column(ForeignKey("qi_measures.id", ondelete="CASCADE"), primary_key=True,
                                            index=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)


class Action(db.Model):
    """One line of the action log: who does what by when, optionally linked to a PDSA cycle, a
    stakeholder (by id: the stakeholder feature's table) or a change idea, and tagged with one
    framework domain (workspace.domains)."""

    __tablename__ = "qi_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    detail: Mapped[str] = mapped_column(Text, default="")
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    due_on: Mapped[date | None]
    status: Mapped[str] = mapped_column(String(12), default="open")
    pdsa_id: Mapped[int | None] = mapped_column(ForeignKey("qi_pdsa_cycles.id", ondelete="SET NULL"), index=True)
    stakeholder_id: Mapped[int | None] = mapped_column(ForeignKey("stakeholders.id", ondelete="SET NULL"),
                                                       index=True)
    change_idea_id: Mapped[int | None] = mapped_column(ForeignKey("qi_change_ideas.id", ondelete="SET NULL"),
                                                       index=True)
    domain: Mapped[str | None] = mapped_column(String(20))
    completed_on: Mapped[date | None]  # set when the status becomes done, cleared if it leaves done
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        CheckConstraint(_among("status", ACTION_STATUSES), name="status"),
        CheckConstraint(_among("domain", DOMAINS), name="domain"),
        Index("ix_qi_actions_team_id_due_on", "team_id", "due_on"),
    )


class Measure(db.Model):
    """An outcome, process or balancing measure tracked over time."""

    __tablename__ = "qi_measures"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(TITLE_MAX))
    kind: Mapped[str] = mapped_column(String(10), default="outcome")
    definition: Mapped[str] = mapped_column(Text, default="")  # the operational definition
    unit: Mapped[str] = mapped_column(String(40), default="")
    better: Mapped[str] = mapped_column(String(4), default="up")
    target: Mapped[float | None] = mapped_column(Float)
    chart: Mapped[str] = mapped_column(String(4), default="auto")
    position: Mapped[int] = mapped_column(Integer, default=0)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        CheckConstraint(_among("kind", MEASURE_KINDS), name="kind"),
        CheckConstraint(_among("better", BETTER), name="better"),
        CheckConstraint(_among("chart", CHART_CHOICES), name="chart"),
    )


class MeasurePoint(db.Model):
    """One data point: a value on a date. A date may hold several points (a pasted row is never
    lost): they are read in (on_date, id) order, the order they were entered.
    `astronomical` is the team's own mark; `rebase` starts a new phase of the limits here
    (after an adopted change, say)."""

    __tablename__ = "qi_measure_points"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    measure_id: Mapped[int] = mapped_column(ForeignKey("qi_measures.id", ondelete="CASCADE"))
    on_date: Mapped[date]
    value: Mapped[float] = mapped_column(Float)
    note: Mapped[str] = mapped_column(String(SHORT_MAX), default="")
    astronomical: Mapped[bool] = mapped_column(Boolean, default=False)
    rebase: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (Index("ix_qi_measure_points_measure_id_on_date", "measure_id", "on_date"),)


class MeasureAnnotation(db.Model):
    """A dated note marked on one measure's chart x axis ("new discharge checklist live")."""

    __tablename__ = "qi_measure_annotations"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    measure_id: Mapped[int] = mapped_column(ForeignKey("qi_measures.id", ondelete="CASCADE"), index=True)
    on_date: Mapped[date]
    label: Mapped[str] = mapped_column(String(120))
