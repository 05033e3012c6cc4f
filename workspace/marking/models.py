"""Tables of marking: each cohort's rubric, each assessor's marking of a submitted team, and
the facilitator's agreed mark and its release to the team.

- `Rubric` (one per cohort): the bands (name and lowest mark, e.g. Distinction 70) and how
  the report and the presentation weigh in the overall mark.
- `RubricCriterion`: a criterion of the report or of the presentation, with its weight (the
  weights of one component sum to 100), the highest score and a descriptor per band.
- `Marking`: one assessor's marking of one submission: draft until finalised, then fixed.
- `CriterionMark`: the score and feedback for one criterion in one marking.
- `Moderation`: the facilitator's agreed marks for one submission, with a note, and when the
  feedback was released to the team. Until `released_at`, nobody in the team sees anything
  of the marking, through any route.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..models import UTCDateTime, utcnow

COMPONENTS = ("report", "presentation")
MARKING_STATUSES = ("draft", "final")
TITLE_MAX = 200
TEXT_MAX = 10_000  # a descriptor, a criterion's feedback, overall feedback, a moderation note
MAX_CRITERIA = 20  # per component
#: the programme's bands unless the facilitator changes them: name and lowest mark (percent)
DEFAULT_BANDS = ({"name": "Distinction", "min": 70}, {"name": "Merit", "min": 60},
                 {"name": "Pass", "min": 50}, {"name": "Fail", "min": 0})


class Rubric(db.Model):
    __tablename__ = "rubrics"

    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"), primary_key=True)
    bands: Mapped[list] = mapped_column(JSON)  # [{"name": "Distinction", "min": 70}, ...], highest first
    report_weight: Mapped[int] = mapped_column(Integer, default=50)  # the presentation weighs the rest
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (CheckConstraint("report_weight BETWEEN 0 AND 100", name="report_weight"),)


class RubricCriterion(db.Model):
    __tablename__ = "rubric_criteria"

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"), index=True)
    component: Mapped[str] = mapped_column(String(12))
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    guidance: Mapped[str] = mapped_column(Text, default="")
    weight: Mapped[int] = mapped_column(Integer)  # percent of its component
    max_score: Mapped[int] = mapped_column(Integer, default=100)
    descriptors: Mapped[dict] = mapped_column(JSON, default=dict)  # band name -> what work in that band shows

    __table_args__ = (
        CheckConstraint("component IN ('report', 'presentation')", name="component"),
        CheckConstraint("weight BETWEEN 0 AND 100", name="weight"),
        CheckConstraint("max_score BETWEEN 1 AND 1000", name="max_score"),
    )


class Marking(db.Model):
    __tablename__ = "markings"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"), index=True)
    assessor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    status: Mapped[str] = mapped_column(String(8), default="draft")
    overall_feedback: Mapped[str] = mapped_column(Text, default="")
    finalised_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        CheckConstraint("status IN ('draft', 'final')", name="status"),
        UniqueConstraint("submission_id", "assessor_id", name="uq_markings_submission_id_assessor_id"),
    )


class CriterionMark(db.Model):
    __tablename__ = "criterion_marks"

    id: Mapped[int] = mapped_column(primary_key=True)
    marking_id: Mapped[int] = mapped_column(ForeignKey("markings.id", ondelete="CASCADE"), index=True)
    criterion_id: Mapped[int] = mapped_column(ForeignKey("rubric_criteria.id", ondelete="CASCADE"))
    score: Mapped[int | None] = mapped_column(Integer)
    feedback: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (UniqueConstraint("marking_id", "criterion_id", name="uq_criterion_marks_marking_id_criterion_id"),)


class Moderation(db.Model):
    __tablename__ = "moderations"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"), unique=True)
    report_mark: Mapped[int] = mapped_column(Integer)  # percent, agreed
    presentation_mark: Mapped[int] = mapped_column(Integer)
    overall_mark: Mapped[int] = mapped_column(Integer)  # by the rubric's component weights, rounded
    band: Mapped[str] = mapped_column(String(60))
    note: Mapped[str] = mapped_column(Text, default="")  # the facilitator's note of how they agreed
    feedback: Mapped[str] = mapped_column(Text, default="")  # the agreed feedback the team reads
    agreed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    agreed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    released_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    released_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        CheckConstraint("report_mark BETWEEN 0 AND 100", name="report_mark"),
        CheckConstraint("presentation_mark BETWEEN 0 AND 100", name="presentation_mark"),
        CheckConstraint("overall_mark BETWEEN 0 AND 100", name="overall_mark"),
    )
