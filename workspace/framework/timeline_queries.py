"""Reads of the programme timeline: a cohort's whole year, the team page's next events and
deadlines (one statement), and every event a person's calendar feed carries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, nulls_first, select

from ..extensions import db
from ..models import Cohort, Membership, Team, User
from ..timefmt import LONDON
from .models import EVENT_KINDS, MILESTONE_KINDS, ProgrammeEvent

#: how many of each the team page lists
NEXT_EVENTS, NEXT_DEADLINES = 5, 3
#: the most events one feed carries (a facilitator's feed spans every cohort): the latest ones
FEED_MAX_EVENTS = 2_000

ORDER = (ProgrammeEvent.starts_on, nulls_first(ProgrammeEvent.starts_at), ProgrammeEvent.id)


def london_today() -> date:
    """Today in London, where the programme runs (the team page's "next" is from this day)."""
    return datetime.now(LONDON).date()


def last_day(event: ProgrammeEvent) -> date:
    return event.ends_on or event.starts_on


def is_milestone(event: ProgrammeEvent) -> bool:
    return event.kind in MILESTONE_KINDS


def kind_label(event: ProgrammeEvent) -> str:
    return EVENT_KINDS.get(event.kind, event.kind)


def events_of(cohort_id: int) -> list[ProgrammeEvent]:
    """The cohort's whole timeline, in date order (all-day events before timed ones)."""
    return list(db.session.scalars(select(ProgrammeEvent).where(ProgrammeEvent.cohort_id == cohort_id).order_by(*ORDER)))


@dataclass(frozen=True)
class NextEvents:
    events: list[ProgrammeEvent]  # the next sessions (anything but a milestone)
    deadlines: list[ProgrammeEvent]  # the next project milestones
    today: date

    def __bool__(self) -> bool:
        return bool(self.events or self.deadlines)


def next_events(cohort_id: int, today: date | None = None) -> NextEvents:
    """The cohort's next sessions and next deadlines from `today` (London), an event running
    today included: ONE statement, ranking sessions and milestones apart with a window."""
    today = today or london_today()
    deadline = ProgrammeEvent.kind.in_(MILESTONE_KINDS)
    ranked = (
        select(ProgrammeEvent.id, func.row_number().over(partition_by=deadline, order_by=ORDER).label("rank"))
        .where(ProgrammeEvent.cohort_id == cohort_id,
               func.coalesce(ProgrammeEvent.ends_on, ProgrammeEvent.starts_on) >= today)
        .subquery()
    )
    rows = db.session.scalars(
        select(ProgrammeEvent).join(ranked, ranked.c.id == ProgrammeEvent.id)
        .where(ranked.c.rank <= max(NEXT_EVENTS, NEXT_DEADLINES)).order_by(*ORDER)
    ).all()
    return NextEvents(events=[e for e in rows if not is_milestone(e)][:NEXT_EVENTS],
                      deadlines=[e for e in rows if is_milestone(e)][:NEXT_DEADLINES], today=today)


def feed_cohorts(user: User) -> list[Cohort]:
    """The cohorts whose events a person's feed carries: those of their live teams, or every
    cohort for a facilitator."""
    stmt = select(Cohort).order_by(Cohort.starts_on.desc(), Cohort.id)
    if not user.is_facilitator:
        teams = (select(Team.cohort_id).join(Membership, Membership.team_id == Team.id)
                 .where(Membership.user_id == user.id, Team.deleted_at.is_(None)))
        stmt = stmt.where(Cohort.id.in_(teams))
    return list(db.session.scalars(stmt))


def feed_events(cohort_ids: list[int]) -> list[ProgrammeEvent]:
    """The events of these cohorts, at most FEED_MAX_EVENTS (the latest), in date order."""
    if not cohort_ids:
        return []
    latest = (select(ProgrammeEvent).where(ProgrammeEvent.cohort_id.in_(cohort_ids))
              .order_by(ProgrammeEvent.starts_on.desc(), ProgrammeEvent.id.desc()).limit(FEED_MAX_EVENTS))
    return sorted(db.session.scalars(latest), key=lambda e: (e.starts_on, e.starts_at is not None,
                                                             e.starts_at or datetime.min.time(), e.id))


def feed_state(cohort_ids: list[int]) -> tuple:
    """What the feed of these cohorts would say, in one narrow aggregate (no bodies): how many
    events, the last change and the sum of their ids, so an added, changed or removed event
    changes it. The feed's ETag is built from this before any event is loaded."""
    if not cohort_ids:
        return (0, None, 0)
    row = db.session.execute(
        select(func.count(ProgrammeEvent.id), func.max(ProgrammeEvent.updated_at), func.sum(ProgrammeEvent.id))
        .where(ProgrammeEvent.cohort_id.in_(cohort_ids))
    ).one()
    return (row[0], str(row[1]), int(row[2] or 0))


def in_cohort_of(user: User, cohort_id: int) -> bool:
    """Whether the person belongs to a live team of the cohort (any role)."""
    return db.session.scalar(
        select(Membership.id).join(Team, Team.id == Membership.team_id)
        .where(Membership.user_id == user.id, Team.cohort_id == cohort_id, Team.deleted_at.is_(None)).limit(1)
    ) is not None

