"""Read-side helpers for report pages and the API: totals, progress, contributions."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..models import Team, User
from . import history
from .models import ReportRules, Revision, Section, SectionStatus


@dataclass
class WordTotal:
    counted: int
    limit: int
    hard_limit: int
    tolerance_percent: int

    @property
    def state(self) -> str:
        """'ok', 'near' (90% of the limit or more) or 'over' (past the tolerance)."""
        if self.counted > self.hard_limit:
            return "over"
        if self.counted >= self.limit * 0.9:
            return "near"
        return "ok"


def word_total(sections: list[Section], rules: ReportRules) -> WordTotal:
    counted = sum(s.word_count for s in sections if not s.excluded_from_count)
    return WordTotal(counted, rules.word_limit, rules.hard_limit, rules.tolerance_percent)


def progress_percent(sections: list[Section]) -> int:
    if not sections:
        return 0
    return round(100 * sum(SectionStatus(s.status).progress for s in sections) / len(sections))


def was_removed(team: Team, key: str) -> bool:
    """Whether the team's report had a section with this key that has since been removed."""
    return db.session.scalar(
        select(Section.id).where(Section.team_id == team.id, Section.key == key, Section.deleted_at.is_not(None)).limit(1)
    ) is not None


def revisions_of(section: Section):
    """A statement for the section's revisions, newest first (pages paginate it)."""
    return (
        select(Revision).where(Revision.section_id == section.id)
        .options(joinedload(Revision.author)).order_by(Revision.version.desc())
    )


@dataclass
class Contribution:
    user: User | None
    revisions: int
    words_added: int
    words_removed: int
    words_in_current_text: int


def contributions(section: Section) -> list[Contribution]:
    """Per person: revisions, words added and removed, and words of theirs in the current text."""
    rows = db.session.execute(
        select(Revision.author_id, func.count(), func.sum(Revision.words_added), func.sum(Revision.words_removed))
        .where(Revision.section_id == section.id).group_by(Revision.author_id)
    ).all()
    latest = db.session.scalar(
        select(Revision).where(Revision.section_id == section.id, Revision.version == section.version)
    )
    current = history.words_by_author(section.body, latest.authorship) if latest else {}
    users = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_([r[0] for r in rows if r[0]])))}
    result = [
        Contribution(users.get(author_id), count, added or 0, removed or 0, current.get(author_id, 0))
        for author_id, count, added, removed in rows
    ]
    return sorted(result, key=lambda c: (-c.words_in_current_text, -c.revisions))
