"""Read-side helpers: a team's submissions, its deadline, and what the dashboards show.

`team_panel` and `assessor_rows` are the two small functions the teams feature calls for its
dashboard and team page (architecture.md: features meet through one small function).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..exports.deck import FrozenDeck
from ..extensions import db
from ..models import Membership, Role, Team, User
from ..report import readiness as report
from ..timefmt import LONDON
from .models import Submission


def standing_submission(team: Team) -> Submission | None:
    """The submission that stands (not reopened), if the team has one."""
    return db.session.scalar(
        select(Submission).where(Submission.team_id == team.id, Submission.reopened_at.is_(None))
        .options(joinedload(Submission.submitted_by))
    )


def frozen_deck(team: Team) -> FrozenDeck | None:
    """The deck the team's standing submission froze (registered with exports.deck, so the
    presentation's download reaches it without importing this feature)."""
    standing = standing_submission(team) if team.is_submitted else None
    if standing is None:
        return None
    return FrozenDeck(standing, standing.number, standing.submitted_at, standing.pptx, standing.pptx_sha256,
                      tuple(standing.pptx_failed_parts or ()))


def submissions_of(team: Team) -> list[Submission]:
    """Every snapshot of the team's report, newest first (the files themselves stay unloaded)."""
    return list(db.session.scalars(
        select(Submission).where(Submission.team_id == team.id)
        .options(joinedload(Submission.submitted_by), joinedload(Submission.reopened_by))
        .order_by(Submission.number.desc())
    ))


def today_in_uk() -> date:
    return datetime.now(LONDON).date()


@dataclass(frozen=True)
class Deadline:
    due_on: date | None
    today: date

    @property
    def days_left(self) -> int | None:
        """Whole days from today to the due day: 0 on the day itself, negative once past."""
        return None if self.due_on is None else (self.due_on - self.today).days

    @property
    def passed(self) -> bool:
        return self.days_left is not None and self.days_left < 0

    @property
    def label(self) -> str:
        days = self.days_left
        if days is None:
            return "No due date set yet"
        if days == 0:
            return "Due today"
        if days == 1:
            return "1 day left"
        if days > 1:
            return f"{days} days left"
        return "Due 1 day ago" if days == -1 else f"Due {-days} days ago"


def deadline_of(team: Team, today: date | None = None) -> Deadline:
    return Deadline(team.cohort.report_due_on, today or today_in_uk())


@dataclass
class TeamPanel:
    """What the team's page shows about the report's deadline and readiness."""

    deadline: Deadline
    standing: Submission | None
    readiness: report.Readiness | None  # only for people who may submit


def team_panel(team: Team, may_submit: bool) -> TeamPanel:
    return TeamPanel(
        deadline=deadline_of(team),
        standing=standing_submission(team) if team.is_submitted else None,
        # the summary shows no clash markers: not looked for here (the submit page does)
        readiness=report.readiness(team, markers=False) if may_submit and not team.is_submitted else None,
    )


@dataclass
class AssessorRow:
    team: Team
    deadline: Deadline
    standing: Submission | None


def assessor_rows(user: User) -> list[AssessorRow]:
    """The live teams this person assesses, each with its deadline and standing submission, in
    two queries however many teams."""
    teams = list(db.session.scalars(
        Team.live().join(Membership, Membership.team_id == Team.id)
        .where(Membership.user_id == user.id, Membership.role == Role.ASSESSOR.value)
        .options(joinedload(Team.cohort), joinedload(Team.host_organisation))
        .order_by(Team.name)
    ))
    standing = {
        s.team_id: s for s in db.session.scalars(
            select(Submission).where(Submission.team_id.in_([t.id for t in teams]), Submission.reopened_at.is_(None))
        )
    } if teams else {}
    today = today_in_uk()
    return [AssessorRow(t, Deadline(t.cohort.report_due_on, today), standing.get(t.id) if t.is_submitted else None)
            for t in teams]
