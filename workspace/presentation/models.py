"""Tables of the group presentation: the cohort's outline (what each team's deck starts from)
and each team's slides with their revisions.

A slide is co-edited like a report section: a save names the version it started from, and a
stale save is merged against the revision at that version (workspace.merging), so `version`
here is guarded by hand (`UPDATE ... WHERE version = :seen`), not by SQLAlchemy's counter.
Slides are soft-deleted so that comment threads on them never point at nothing.

Time is kept in whole seconds: people plan "1.5 minutes" or "1:30", and seconds add up exactly.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..models import UTCDateTime, utcnow

TITLE_MAX = 200
BODY_MAX_BYTES = 20 * 1024  # a slide's bullets: a slide is read from across a room
NOTES_MAX_BYTES = 20 * 1024
MAX_SLIDES = 40
MAX_SLOT_MINUTES = 120
DEFAULT_SLOT_MINUTES = 20
FIGURE_KEY_MAX = 300  # "<provider>/<part key>" in the export parts registry


class PresentationSettings(db.Model):
    """A cohort's presentation slot (minutes each team presents for) and outline version."""

    __tablename__ = "presentation_settings"

    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"), primary_key=True)
    slot_minutes: Mapped[int] = mapped_column(Integer, default=DEFAULT_SLOT_MINUTES)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    __table_args__ = (CheckConstraint(f"slot_minutes BETWEEN 1 AND {MAX_SLOT_MINUTES}", name="slot_minutes"),)


class OutlineSlide(db.Model):
    """One slide of a cohort's outline: what a team's deck starts from. A cohort with no rows
    uses the default outline (presentation.template.DEFAULT_OUTLINE)."""

    __tablename__ = "presentation_outline_slides"

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    body: Mapped[str] = mapped_column(Text, default="")  # suggested bullets (markdown)
    notes: Mapped[str] = mapped_column(Text, default="")  # guidance, shown to the team as notes
    seconds: Mapped[int] = mapped_column(Integer, default=0)
    # Which kind of figure suits this slide ("stakeholders", "process_maps", "qi"): the provider
    # name in the export parts registry, offered first in the slide's figure picker.
    figure_hint: Mapped[str | None] = mapped_column(String(40))


class Slide(db.Model):
    """One slide of a team's deck."""

    __tablename__ = "slides"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(TITLE_MAX), default="")
    body: Mapped[str] = mapped_column(Text, default="")  # bullet points, markdown
    notes: Mapped[str] = mapped_column(Text, default="")  # speaker notes, plain text with line breaks
    presenter_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    seconds: Mapped[int] = mapped_column(Integer, default=0)
    figure_key: Mapped[str | None] = mapped_column(String(FIGURE_KEY_MAX))
    # The figure's caption when it was chosen: the outline shows it without building figures.
    figure_caption: Mapped[str | None] = mapped_column(String(500))
    figure_hint: Mapped[str | None] = mapped_column(String(40))
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (
        CheckConstraint("seconds >= 0", name="seconds"),
        Index("ix_slides_team_id_position", "team_id", "position"),
    )


class SlideRevision(db.Model):
    """Every saved state of a slide: the base a stale save is merged against, and its history."""

    __tablename__ = "slide_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    slide_id: Mapped[int] = mapped_column(ForeignKey("slides.id", ondelete="CASCADE"))
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(TITLE_MAX), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    presenter_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    seconds: Mapped[int] = mapped_column(Integer, default=0)
    figure_key: Mapped[str | None] = mapped_column(String(FIGURE_KEY_MAX))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    kind: Mapped[str] = mapped_column(String(12), default="save")  # save, merge, create

    __table_args__ = (UniqueConstraint("slide_id", "version", name="uq_slide_revisions_slide_id_version"),)


class Deck(db.Model):
    """A team's deck as a whole: made from the cohort's outline the first time anyone opens
    it (so a team that removes every slide is not given the outline again), and the version
    of its slide order, which a reorder names so that two reorders never interleave."""

    __tablename__ = "decks"

    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), primary_key=True)
    order_version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
