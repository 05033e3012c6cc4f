"""The one rule for a submitted team: what it submitted stays as submitted until a facilitator
reopens it, so that what the assessor marks is what the team sees.

Every change to something that shapes the submitted document asks here: the report's sections
(report.operations) and the export settings (exports.operations). Core, so that features which
may not import one another (exports imports no feature) share the same rule and message.
"""

from __future__ import annotations

from sqlalchemy import select

from .extensions import db
from .models import Team


class ReportSubmitted(Exception):
    """The team has submitted its report for assessment: it stays as submitted until a
    facilitator reopens it, so that what the assessor marks is what the team sees."""

    MESSAGE = ("Your team has submitted this report for assessment, so it cannot be changed now. "
               "Nothing was saved. A facilitator can reopen the submission if changes are needed.")

    def __init__(self) -> None:
        super().__init__(self.MESSAGE)


def refuse_if_submitted(team: Team) -> None:
    """Every change to a team's report asks first. The answer is read from the database, not
    from `team`, which was loaded at the start of the request (the submission may be newer)."""
    if db.session.scalar(select(Team.submitted_at).where(Team.id == team.id)) is not None:
        db.session.rollback()
        raise ReportSubmitted()


def hold_team_open(team: Team) -> None:
    """Inside a change's transaction, after its writes and before its commit: wait for any
    submission of this team in progress, then refuse if it happened. On PostgreSQL the team row
    is share-locked (FOR SHARE), which a submission's row lock waits for and which waits for it;
    on SQLite the change's first write already holds the database's one write lock. Either way a
    change either lands before the snapshot is read or is refused after it: a submission never
    freezes half a change."""
    submitted_at = db.session.scalar(
        select(Team.submitted_at).where(Team.id == team.id).with_for_update(read=True)
    )
    if submitted_at is not None:
        db.session.rollback()
        raise ReportSubmitted()
