"""Read side of the export settings: a team's placements, and the parts a settings page lists."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from ..extensions import db
from .models import ExportSetting
from .parts import PlacedPart, collect


def placements_for(team) -> dict[str, str]:
    """Setting key -> "main" or "appendix", for the parts the team has placed."""
    return dict(db.session.execute(
        select(ExportSetting.part_key, ExportSetting.placement).where(ExportSetting.team_id == team.id)
    ).all())


@dataclass(frozen=True)
class SettingsView:
    parts: list[PlacedPart]
    failed: list[str]  # providers that raised: the page names them
    section_titles: dict[str, str]  # section key -> title, to say where a part goes


def parts_for_settings(team) -> SettingsView:
    """The team's figures, tables and text blocks with their current placement. Listing them
    renders no figure: parts give a render function, called only when a document is built."""
    contents = collect(team, "team", placements_for(team))
    return SettingsView(contents.parts, contents.failed, {s.key: s.title for s in contents.sections})
