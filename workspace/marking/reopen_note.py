"""What reopening a submission does to its marking, for the facilitator's confirmation page
(registered with assessment.reopen_notes): marking belongs to the submission it marks, so it
stays with the reopened one, is no longer shown, and the assessors mark the next submission
afresh. Two queries (the markings, the agreement), and none of them when nothing is marked.
"""

from __future__ import annotations

from ..assessment.models import Submission
from . import queries


def _assessors(n: int) -> str:
    return f"{n} assessor{'' if n == 1 else 's'}"


def marking_note(submission: Submission) -> list[str]:
    markings = queries.markings_of(submission)
    moderation = queries.moderation_of(submission)
    if not markings and moderation is None:
        return []
    finals = sum(1 for m in markings if m.status == "final")
    drafts = len(markings) - finals
    out = ["Any marking of this submission stays with it and is no longer shown; assessors mark the next "
           "submission afresh."]
    parts = [f"{_assessors(finals)} {'has' if finals == 1 else 'have'} finalised their marking" if finals else "",
             f"{_assessors(drafts)} {'has' if drafts == 1 else 'have'} started but not finalised" if drafts else ""]
    parts = [p for p in parts if p]
    if parts:
        out.append(" and ".join(parts) + ".")
    if moderation is not None:
        agreed = f"The agreed marks ({moderation.overall_mark}% · {moderation.band}) stay with this submission too"
        if moderation.released_at is not None:
            out.append(agreed + ". They were released to the team: the team will no longer see these marks "
                                "and feedback.")
        else:
            out.append(agreed + "; they were not released to the team.")
    return out
