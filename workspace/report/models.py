"""Tables of the report: the cohort's template and rules, each team's sections, their
append-only revisions, comments, notifications and who has a section open."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from ..extensions import db
from ..models import Cohort, Team, User, UTCDateTime, utcnow

KEY_MAX = 60


class SectionStatus(enum.StrEnum):
    NOT_STARTED = "not_started"
    DRAFTING = "drafting"
    READY = "ready_for_review"
    FINAL = "final"

    @property
    def label(self) -> str:
        return {
            "not_started": "Not started",
            "drafting": "Drafting",
            "ready_for_review": "Ready for review",
            "final": "Final",
        }[self.value]

    @property
    def progress(self) -> float:
        """How far this status is towards a finished section, for the report's progress bar."""
        return {"not_started": 0.0, "drafting": 1 / 3, "ready_for_review": 2 / 3, "final": 1.0}[self.value]


class ReportRules(db.Model):
    """The cohort's word limit and how words are counted (facilitators set these)."""

    __tablename__ = "report_rules"

    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"), primary_key=True)
    word_limit: Mapped[int] = mapped_column(Integer, default=5000)
    tolerance_percent: Mapped[int] = mapped_column(Integer, default=10)
    count_tables: Mapped[bool] = mapped_column(Boolean, default=False)

    # The rules travel with their cohort: a query that loads a cohort joins them, so a page that
    # shows a word total never asks for them separately. A backref keeps the core model unaware
    # of the report feature.
    cohort: Mapped[Cohort] = relationship(backref=backref("report_rules", uselist=False, lazy="joined"))

    @property
    def hard_limit(self) -> int:
        return self.word_limit + self.word_limit * self.tolerance_percent // 100


class SectionWording:
    """What a template section and a team's section both carry: title, guidance, budget, and
    whether its words count towards the report's total."""

    title: Mapped[str] = mapped_column(String(120))
    guidance: Mapped[str] = mapped_column(Text, default="")
    word_budget: Mapped[int | None]
    excluded_from_count: Mapped[bool] = mapped_column(Boolean, default=False)

    WORDING = ("title", "guidance", "word_budget", "excluded_from_count")

    def copy_wording_from(self, other: SectionWording) -> None:
        for name in self.WORDING:
            setattr(self, name, getattr(other, name))


class TemplateSection(SectionWording, db.Model):
    """One section of a cohort's report template."""

    __tablename__ = "template_sections"

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(KEY_MAX))
    position: Mapped[int]

    __table_args__ = (UniqueConstraint("cohort_id", "key", name="uq_template_sections_cohort_id_key"),)


class SectionStatusFacts:
    """What a section shows from its own columns: shared by the mapped Section and the plain
    queries.SectionSummary rows that lists read instead."""

    __slots__ = ()

    @property
    def status_enum(self) -> SectionStatus:
        return SectionStatus(self.status)

    @property
    def is_team_section(self) -> bool:
        return self.template_section_id is None


class Section(SectionWording, SectionStatusFacts, db.Model):
    """A section of one team's report. `version` counts saves; each save is a Revision."""

    __tablename__ = "sections"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    # Set while the section follows the cohort template; None for the team's own sections.
    template_section_id: Mapped[int | None] = mapped_column(
        ForeignKey("template_sections.id", ondelete="SET NULL"), index=True
    )
    key: Mapped[str] = mapped_column(String(KEY_MAX))
    position: Mapped[int]
    status: Mapped[str] = mapped_column(String(20), default=SectionStatus.NOT_STARTED.value)
    body: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=0)
    word_count: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    team: Mapped[Team] = relationship()
    updated_by: Mapped[User | None] = relationship()

    __table_args__ = (UniqueConstraint("team_id", "key", name="uq_sections_team_id_key"),)

    @property
    def updated_by_name(self) -> str | None:
        """As queries.SectionSummary names it, so pages show either alike."""
        return self.updated_by.name if self.updated_by else None


class Revision(db.Model):
    """One save of a section, never changed afterwards."""

    __tablename__ = "revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    section_id: Mapped[int] = mapped_column(ForeignKey("sections.id", ondelete="CASCADE"))
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    version: Mapped[int]
    body: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    word_count: Mapped[int] = mapped_column(Integer, default=0)
    words_added: Mapped[int] = mapped_column(Integer, default=0)
    words_removed: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str] = mapped_column(String(20), default="save")  # save, merge, restore
    summary: Mapped[str] = mapped_column(String(200), default="")
    # Who wrote each run of the text: [[user_id or null, token count], ...] over the body's tokens.
    authorship: Mapped[list] = mapped_column(JSON, default=list)

    author: Mapped[User | None] = relationship()

    # A version can be written once only: the database refuses a second save of the same one.
    __table_args__ = (UniqueConstraint("section_id", "version", name="uq_revisions_section_id_version"),)


class Comment(db.Model):
    __tablename__ = "comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    target_type: Mapped[str] = mapped_column(String(20))
    target_id: Mapped[int]
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"), index=True)
    quote: Mapped[str | None] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    resolved_by: Mapped[User | None] = relationship(foreign_keys=[resolved_by_id])
    replies: Mapped[list[Comment]] = relationship(order_by="Comment.id", viewonly=True)

    __table_args__ = (Index("ix_comments_target", "team_id", "target_type", "target_id"),)

    @property
    def is_resolved(self) -> bool:
        return self.resolved_at is not None


class Notification(db.Model):
    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"))
    comment_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20), default="mention")
    text: Mapped[str] = mapped_column(String(300))
    link: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (Index("ix_notifications_user_id_read_at", "user_id", "read_at"),)


class Presence(db.Model):
    """Who has a section open: a heartbeat every 20 s, forgotten after 45 s of silence."""

    __tablename__ = "presence"

    section_id: Mapped[int] = mapped_column(ForeignKey("sections.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    last_seen: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship()
