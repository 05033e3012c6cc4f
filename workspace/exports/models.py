"""The exports' one table: where a team wants each part, main text or appendix."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..models import UTCDateTime, utcnow

PART_KEY_MAX = 160


class ExportSetting(db.Model):
    """A team's choice for one part, keyed "<provider>/<part key>" (see parts.setting_key).
    A part with no row keeps the placement its capability gave it."""

    __tablename__ = "export_settings"

    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), primary_key=True)
    part_key: Mapped[str] = mapped_column(String(PART_KEY_MAX), primary_key=True)
    placement: Mapped[str] = mapped_column(String(10))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    __table_args__ = (CheckConstraint("placement IN ('main', 'appendix')", name="placement"),)
