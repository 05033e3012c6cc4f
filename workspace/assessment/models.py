"""The submissions table: each freeze of a team's report and presentation deck, kept for good."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..models import Team, User, UTCDateTime

REASON_MAX = 1000


class Submission(db.Model):
    """One snapshot of a team's report. Never changed afterwards, except that a reopen stamps
    who reopened it, when and why."""

    __tablename__ = "submissions"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)  # 1 for the team's first submission, then 2, ...
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # The cohort's due date when this was submitted, and whether it came after that day.
    due_on: Mapped[date | None]
    late: Mapped[bool] = mapped_column(default=False)
    word_count: Mapped[int] = mapped_column(Integer, default=0)
    #: [{key, title, position, version, status, word_count, excluded_from_count, body, updated_at}]
    sections: Mapped[list] = mapped_column(JSON)
    # Loaded only when someone downloads it: lists of submissions never carry the files.
    docx: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    # Parts of the document that failed to build (each shown in the file as a note instead).
    failed_parts: Mapped[list] = mapped_column(JSON, default=list)
    # The presentation deck frozen with the report (issue 12); None for submissions made before.
    pptx: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    pptx_sha256: Mapped[str | None] = mapped_column(String(64))
    pptx_size: Mapped[int | None] = mapped_column(Integer)
    pptx_failed_parts: Mapped[list | None] = mapped_column(JSON)
    reopened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reopened_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reopen_reason: Mapped[str | None] = mapped_column(Text)

    team: Mapped[Team] = relationship()
    submitted_by: Mapped[User | None] = relationship(foreign_keys=[submitted_by_id])
    reopened_by: Mapped[User | None] = relationship(foreign_keys=[reopened_by_id])

    __table_args__ = (
        UniqueConstraint("team_id", "number", name="uq_submissions_team_id_number"),
        # At most one submission of a team stands at a time: the database refuses a second
        # even if two requests got past every other check at once.
        Index("uq_submissions_standing", "team_id", unique=True,
              sqlite_where=db.text("reopened_at IS NULL"), postgresql_where=db.text("reopened_at IS NULL")),
    )

    @property
    def is_standing(self) -> bool:
        return self.reopened_at is None
