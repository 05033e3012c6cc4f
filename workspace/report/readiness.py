"""What the report tells the assessment feature: how ready it is, and its text to freeze.

The assessment feature (submission) reaches the report through this module only. Each rule of
the submission checklist is one function here, built on the report's own counts (the saved
`word_count` of each section and `queries.word_total`), so the checklist can never disagree
with the report pages about how many words there are.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import bindparam, case, func, null, select

from .. import reads
from ..extensions import db
from ..merging import MINE_MARKER, THEIRS_MARKER, has_markers
from ..models import Team
from . import operations as ops
from .models import Section, SectionStatus
from .queries import (
    NEAR,
    OPEN_THREADS,
    SUMMARY_WIDTH,
    UNDER,
    SectionSummary,
    WordTotal,
    summaries_statement,
    word_total,
)

#: the report's own answers to "may this be changed now?", for the assessment feature to reuse
ReportSubmitted = ops.ReportSubmitted
follow_template = ops.follow_template


def is_blank(body: str) -> bool:
    """Nothing written (a table alone counts as something written)."""
    return not body.strip()


def sections_not_final(sections: list) -> list:
    return [s for s in sections if s.status != SectionStatus.FINAL]


def words_over_limit(total: WordTotal) -> bool:
    """Over the cohort's word limit (within the tolerance or beyond it)."""
    return total.state not in (UNDER, NEAR)


# The checks read a section's text only where it can matter: its first characters (whitespace
# there and nothing after means blank), the whole text only when it holds a marker's text, and
# the open threads, counted in the same query. The team page's checklist thus costs one small
# query, not every section's text: a report's bodies run to hundreds of kilobytes.
_HEAD = 512
_HEAD_AND_MORE = (func.substr(Section.body, 1, _HEAD),
                  # whether anything follows the head: a slice, not length(), which on PostgreSQL
                  # would decompress every section's whole text
                  func.substr(Section.body, _HEAD + 1, 1) != "")
_MARKED = case((Section.body.contains(MINE_MARKER) | Section.body.contains(THEIRS_MARKER), Section.body), else_=None)
# Each section with its checks and open threads, in one query: summaries for the checklist
# (mapping whole sections and their last editors was a fifth of the team page), whole sections
# with their text for a submission to freeze. Looking for a clash's markers reads every
# section's whole text, so the team page's summary, which does not show them, leaves it out.
_SUMMARIES_CHECKED = {
    markers: summaries_statement(*_HEAD_AND_MORE, _MARKED if markers else null()) for markers in (True, False)
}
_SECTIONS_CHECKED = ops.live_sections_statement(True).add_columns(*_HEAD_AND_MORE, _MARKED, OPEN_THREADS)
_BODY = select(Section.body).where(Section.id == bindparam("section_id"))


@dataclass(frozen=True)
class _Checked:
    blank: bool
    conflicted: bool  # still holds a clash's markers: saves refuse such text, so this guards
    # older text or text written around the editor; a submission refuses while any is left
    open_threads: int


def _blank(section_id: int, head: str, longer: bool) -> bool:
    if not is_blank(head):
        return False
    # Hundreds of blank characters and then, perhaps, words: rare enough to read it whole.
    return not longer or is_blank(db.session.scalar(_BODY, {"section_id": section_id}) or "")


def _checked_rows(team: Team, with_text: bool, markers: bool) -> list:
    """(section, head, longer, marked text, open threads) per live section, `section` whole
    with its text when `with_text`, else its summary; marked text None unless `markers`."""
    if with_text:
        return db.session.execute(_SECTIONS_CHECKED, {"team_id": team.id}).unique().all()
    return [(summary, *row[SUMMARY_WIDTH:], summary.open_threads)
            for row in reads.rows(_SUMMARIES_CHECKED[markers], {"team_id": team.id})
            for summary in (SectionSummary(*row[:SUMMARY_WIDTH]),)]


def _sections_checked(team: Team, with_text: bool, markers: bool) -> list[tuple[Section | SectionSummary, _Checked]]:
    rows = _checked_rows(team, with_text, markers)
    if not rows:  # nobody has opened the report yet: lay it out from the template, then read it
        ops.sections_for(team)
        rows = _checked_rows(team, with_text, markers)
    return [
        (section, _Checked(blank=_blank(section.id, head or "", bool(longer)),
                           conflicted=marked is not None and has_markers(marked), open_threads=open_threads))
        for section, head, longer, marked, open_threads in rows
    ]


@dataclass
class Readiness:
    """The submission checklist of one team's report, as it is now."""

    sections: list[Section] | list[SectionSummary]  # whole sections only `with_text`
    total: WordTotal
    empty: list
    not_final: list
    open_comments: dict[int, int]  # section id -> open threads
    conflicted: list | None  # None: not looked for (readiness(markers=False))

    @property
    def over_limit(self) -> bool:
        return words_over_limit(self.total)

    @property
    def open_comment_total(self) -> int:
        return sum(self.open_comments.values())

    @property
    def open_comment_sections(self) -> list[tuple[Section, int]]:
        return [(s, self.open_comments[s.id]) for s in self.sections if self.open_comments.get(s.id)]

    @property
    def outstanding(self) -> int:
        """How many checklist items are not done (each rule counts once)."""
        return sum(bool(x) for x in (self.empty, self.not_final, self.over_limit, self.open_comment_total,
                                      self.conflicted))

    @property
    def complete(self) -> bool:
        return self.outstanding == 0


def readiness(team: Team, *, with_text: bool = False, markers: bool = True) -> Readiness:
    """The checklist. Lays the report out from the template if nobody has opened it yet.
    Its sections are SectionSummary rows; `with_text` gives whole sections with their text instead,
    for a submission to freeze. `markers=False` leaves out the clash-marker check, which reads
    every section's whole text, for a summary that does not show it (`conflicted` is None)."""
    markers = markers or with_text
    checked = _sections_checked(team, with_text, markers)
    sections = [section for section, _ in checked]
    return Readiness(
        sections=sections,
        total=word_total(sections, ops.rules_for(team.cohort)),
        empty=[s for s, c in checked if c.blank],
        not_final=sections_not_final(sections),
        open_comments={s.id: c.open_threads for s, c in checked if c.open_threads},
        conflicted=[s for s, c in checked if c.conflicted] if markers else None,
    )


def frozen_sections(sections: list[Section]) -> list[dict]:
    """Every section's text and version as plain JSON, in the report's order: the text half of
    a submission's snapshot (the Word file is the other half)."""
    return [
        {
            "key": s.key, "title": s.title, "position": s.position, "version": s.version, "status": s.status,
            "word_count": s.word_count, "excluded_from_count": s.excluded_from_count, "body": s.body,
            "updated_at": s.updated_at.isoformat() if s.updated_at else None,
        }
        for s in sections
    ]
