"""What the report gives the Word export: its sections, its word count and its open comments.

Registered with the exports' parts registry in this package's __init__, so the exporter never
imports the report. The word count is the report page's own (`queries.word_total` over the
saved counts), so the title page and the page can never disagree.
"""

from __future__ import annotations

from ..exports.parts import CommentReply, CommentThread, ReportSection, SectionRole, WordCount
from ..extensions import db
from . import comments as comment_ops
from . import operations as ops
from .queries import word_total

#: sections the export places apart from the body, by their template key
ROLES = {"references": SectionRole.REFERENCES, "appendices": SectionRole.APPENDICES}
#: the review copy's threads; past this many, the rest are left out of the file
MAX_THREADS = 2000


def report_parts(team, audience: str) -> list:
    sections = ops.sections_for(team)
    rules = ops.rules_for(team.cohort)
    total = word_total(sections, rules)
    parts: list = [
        ReportSection(key=s.key, title=s.title, markdown=s.body or "", position=s.position,
                      excluded_from_count=s.excluded_from_count,
                      role=ROLES.get(s.key, SectionRole.BODY) if s.template_section_id else SectionRole.BODY)
        for s in sections
    ]
    parts.append(WordCount(counted=total.counted, limit=total.limit, tolerance_percent=total.tolerance_percent,
                           excluded_titles=tuple(s.title for s in sections if s.excluded_from_count),
                           count_tables=rules.count_tables))
    if audience in ("team", "host"):  # the people who read the threads on the page
        parts.extend(_open_threads(team, {s.id: s.key for s in sections}))
    return parts


def _open_threads(team, keys: dict[int, str]) -> list[CommentThread]:
    stmt = comment_ops.threads_statement(team, state="open").limit(MAX_THREADS)
    threads = []
    for comment in db.session.scalars(stmt).unique():
        if comment.target_id not in keys:
            continue
        replies = tuple(
            CommentReply(_name(r.author), r.created_at, r.body) for r in comment.replies if r.deleted_at is None
        )
        threads.append(CommentThread(section=keys[comment.target_id], quote=comment.quote, author=_name(comment.author),
                                     created_at=comment.created_at, text=comment.body, replies=replies))
    return threads


def _name(user) -> str:
    return user.name if user is not None else "A former member"
