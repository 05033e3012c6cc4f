"""Read-side helpers for report pages and the API: totals, progress, contributions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, case, func, select
from sqlalchemy.orm import joinedload

from .. import reads
from ..extensions import db
from ..models import Team, User
from . import history
from .models import Comment, ReportRules, Revision, Section, SectionStatus, SectionStatusFacts
from .operations import sections_for

#: how near a report is to its limit: the one rule, used by pages, the API and (through the
#: API's answers) the editor's live total
UNDER, NEAR, OVER_WITHIN_TOLERANCE, OVER_TOLERANCE = "under", "near", "over_within_tolerance", "over_tolerance"
NEAR_FROM = 0.9  # "nearly at the limit" from 90% of it


def word_state(counted: int, limit: int, hard_limit: int) -> str:
    """Under the limit, nearly at it, over it but within the tolerance, or over the tolerance."""
    if counted > hard_limit:
        return OVER_TOLERANCE
    if counted > limit:
        return OVER_WITHIN_TOLERANCE
    if counted >= limit * NEAR_FROM:
        return NEAR
    return UNDER


@dataclass
class WordTotal:
    counted: int
    limit: int
    hard_limit: int
    tolerance_percent: int

    @property
    def state(self) -> str:
        return word_state(self.counted, self.limit, self.hard_limit)

    @property
    def label(self) -> str:
        """The state in words, as the page's tag shows it."""
        return {
            UNDER: "Under the limit",
            NEAR: "Nearly at the limit",
            OVER_WITHIN_TOLERANCE: f"Over the limit, within the {self.tolerance_percent}% tolerance",
            OVER_TOLERANCE: (f"Over the limit and the {self.tolerance_percent}% tolerance"
                             if self.tolerance_percent else "Over the limit"),
        }[self.state]

    def as_json(self) -> dict:
        return {"counted": self.counted, "limit": self.limit, "hard_limit": self.hard_limit,
                "tolerance_percent": self.tolerance_percent, "state": self.state, "label": self.label}


@dataclass(frozen=True, slots=True)
class SectionSummary(SectionStatusFacts):
    """A live section as lists and checklists show it, without its text: read as plain
    columns, which costs a fraction of mapping whole sections and their last editors (on the
    team page, a fifth of its time; issue 7)."""

    id: int
    key: str
    title: str
    status: str
    version: int
    word_count: int
    word_budget: int | None
    excluded_from_count: bool
    template_section_id: int | None
    updated_at: datetime | None
    updated_by_name: str | None
    open_threads: int  # open comment threads on it


#: open threads on the section of each row, as a column
OPEN_THREADS = (
    select(func.count()).select_from(Comment)
    .where(Comment.team_id == Section.team_id, Comment.target_type == "section", Comment.target_id == Section.id,
           Comment.parent_id.is_(None), Comment.deleted_at.is_(None), Comment.resolved_at.is_(None))
    .correlate(Section).scalar_subquery()
)
_SUMMARY_COLUMNS = (Section.id, Section.key, Section.title, Section.status, Section.version, Section.word_count,
                    Section.word_budget,
                    Section.excluded_from_count, Section.template_section_id, Section.updated_at, User.name,
                    OPEN_THREADS)
SUMMARY_WIDTH = len(_SUMMARY_COLUMNS)


def summaries_statement(*more_columns):
    """The team's live sections in the report's order as SectionSummary columns followed by
    `more_columns`, bound by :team_id. Build it once, beside where it runs."""
    return (select(*_SUMMARY_COLUMNS, *more_columns)
            .outerjoin(User, User.id == Section.updated_by_id)
            .where(Section.team_id == bindparam("team_id"), Section.deleted_at.is_(None))
            .order_by(Section.position, Section.id))


@dataclass(frozen=True, slots=True)
class SectionText(SectionSummary):
    """A section's summary with its text and guidance: what the section editor shows of it."""

    body: str
    guidance: str


_SUMMARIES = summaries_statement()
# The editor's one question about the report: every section's summary, and the text and
# guidance of the one it edits (the others' text, hundreds of kilobytes, stays unread).
_OPENED = Section.key == bindparam("key")
_SUMMARIES_AND_TEXT = summaries_statement(case((_OPENED, Section.body), else_=None),
                                          case((_OPENED, Section.guidance), else_=None))


def _summary_rows(team: Team, statement, params: dict) -> list:
    rows = reads.rows(statement, params)
    if not rows:  # nobody has opened the report yet: lay it out from the template, then read it
        sections_for(team)
        rows = reads.rows(statement, params)
    return rows


def section_summaries(team: Team) -> list[SectionSummary]:
    """The team's live sections as summaries, laid out from the template on a first visit."""
    return [SectionSummary(*row) for row in _summary_rows(team, _SUMMARIES, {"team_id": team.id})]


def summaries_with_text(team: Team, key: str) -> tuple[list[SectionSummary], SectionText | None]:
    """Every live section's summary, the one with `key` as a SectionText (None if there is no
    such live section), in one query."""
    sections = []
    opened = None
    for row in _summary_rows(team, _SUMMARIES_AND_TEXT, {"team_id": team.id, "key": key}):
        if row.key == key:
            opened = SectionText(*row)
            sections.append(opened)
        else:
            sections.append(SectionSummary(*row[:SUMMARY_WIDTH]))
    return sections, opened


def word_total(sections: list[Section], rules: ReportRules, replacing: tuple[Section, int] | None = None) -> WordTotal:
    """The report's counted words; `replacing` = (section, words) counts that section's
    unsaved text instead of its saved text (the editor's live total)."""
    counted = sum(
        (replacing[1] if replacing and s.id == replacing[0].id else s.word_count)
        for s in sections if not s.excluded_from_count
    )
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


def contributions(section: Section, rules: ReportRules) -> list[Contribution]:
    """Per person: revisions, words added and removed, and words of theirs in the current text."""
    rows = db.session.execute(
        select(Revision.author_id, func.count(), func.sum(Revision.words_added), func.sum(Revision.words_removed))
        .where(Revision.section_id == section.id).group_by(Revision.author_id)
    ).all()
    latest = db.session.scalar(
        select(Revision).where(Revision.section_id == section.id, Revision.version == section.version)
    )
    current = history.words_by_author(section.body, latest.authorship, count_tables=rules.count_tables) if latest else {}
    users = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_([r[0] for r in rows if r[0]])))}
    result = [
        Contribution(users.get(author_id), count, added or 0, removed or 0, current.get(author_id, 0))
        for author_id, count, added, removed in rows
    ]
    return sorted(result, key=lambda c: (-c.words_in_current_text, -c.revisions))
