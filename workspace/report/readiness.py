"""What the report tells the assessment feature: how ready it is, and its text to freeze.

The assessment feature (submission) reaches the report through this module only. Each rule of
the submission checklist is one function here, built on the report's own counts (the saved
`word_count` of each section and `queries.word_total`), so the checklist can never disagree
with the report pages about how many words there are.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..models import Team
from . import comments as comment_ops
from . import operations as ops
from .merging import has_markers
from .models import Section, SectionStatus
from .queries import NEAR, UNDER, WordTotal, word_total

#: the report's own answers to "may this be changed now?", for the assessment feature to reuse
ReportSubmitted = ops.ReportSubmitted
follow_template = ops.follow_template


def empty_sections(sections: list[Section]) -> list[Section]:
    """Sections with nothing written in them (a table alone counts as something written)."""
    return [s for s in sections if not s.body.strip()]


def sections_not_final(sections: list[Section]) -> list[Section]:
    return [s for s in sections if s.status != SectionStatus.FINAL]


def words_over_limit(total: WordTotal) -> bool:
    """Over the cohort's word limit (within the tolerance or beyond it)."""
    return total.state not in (UNDER, NEAR)


def sections_with_conflict_markers(sections: list[Section]) -> list[Section]:
    """Sections whose text still holds a clash's markers. Saves refuse such text, so this
    guards older text or text written around the editor; a submission refuses while any is left."""
    return [s for s in sections if has_markers(s.body)]


@dataclass
class Readiness:
    """The submission checklist of one team's report, as it is now."""

    sections: list[Section]
    total: WordTotal
    empty: list[Section]
    not_final: list[Section]
    open_comments: dict[int, int]  # section id -> open threads
    conflicted: list[Section]

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


def readiness(team: Team) -> Readiness:
    """The checklist. Lays the report out from the template if nobody has opened it yet."""
    sections = ops.sections_for(team)
    return Readiness(
        sections=sections,
        total=word_total(sections, ops.rules_for(team.cohort)),
        empty=empty_sections(sections),
        not_final=sections_not_final(sections),
        open_comments=comment_ops.open_counts(team),
        conflicted=sections_with_conflict_markers(sections),
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
