"""What marking reads: the team's standing submission, the cohort's criteria, the markings of a
submission and who may see which, the facilitator's agreement and the cohort's overview.

`released_moderation(team)` is the one read of marks for a team member: it answers None until
a facilitator has released the feedback, so every route to marks for the team answers 404 before.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select

from ..assessment.models import Submission
from ..assessment.queries import standing_submission
from ..extensions import db
from ..models import Cohort, Membership, Role, Team, User
from ..permissions import membership_for
from . import rubric, rubric_defaults
from .models import COMPONENTS, CriterionMark, Marking, Moderation, Rubric, RubricCriterion

__all__ = ["standing_submission", "criteria_of", "rubric_of", "markings_of", "my_marking", "visible_markings",
           "released_moderation", "moderation_of", "MarkingView", "view_of", "cohort_overview"]

NOT_SUBMITTED = "This team has not submitted its review yet, so there is nothing to mark"


def criteria_of(cohort_id: int) -> list[RubricCriterion]:
    """The cohort's criteria, the report's first, each component in its order."""
    return rubric_defaults.criteria_of(cohort_id)


def rubric_of(cohort_id: int) -> Rubric | None:
    return db.session.get(Rubric, cohort_id)


def bands_and_weight(cohort_id: int) -> tuple[list, int]:
    """The cohort's bands and the report's weight (the programme's defaults without a rubric)."""
    from .models import DEFAULT_BANDS

    found = rubric_of(cohort_id)
    return (list(found.bands), found.report_weight) if found else ([dict(b) for b in DEFAULT_BANDS], 50)


def markings_of(submission: Submission) -> list[Marking]:
    """Every marking of the submission, oldest first (Assessor 1 started first)."""
    return list(db.session.scalars(select(Marking).where(Marking.submission_id == submission.id)
                                   .order_by(Marking.created_at, Marking.id)))


def my_marking(submission: Submission, assessor: User) -> Marking | None:
    return db.session.scalar(select(Marking).where(Marking.submission_id == submission.id,
                                                   Marking.assessor_id == assessor.id))


def scores_of(markings: list[Marking]) -> dict[int, dict[int, CriterionMark]]:
    """marking id -> criterion id -> its CriterionMark, in one query."""
    out: dict[int, dict[int, CriterionMark]] = {m.id: {} for m in markings}
    if not markings:
        return out
    for mark in db.session.scalars(select(CriterionMark).where(CriterionMark.marking_id.in_(out))):
        out[mark.marking_id][mark.criterion_id] = mark
    return out


def others_visible(mine: Marking | None, markings: list[Marking]) -> bool:
    """Independence: an assessor sees the others' marks only once they AND every other assessor
    who has started have finalised. Never anyone's draft."""
    return mine is not None and all(m.status == "final" for m in markings)


def visible_markings(submission: Submission, assessor: User) -> list[Marking]:
    """The markings an assessor may read: their own, and the others' under the rule above."""
    markings = markings_of(submission)
    mine = next((m for m in markings if m.assessor_id == assessor.id), None)
    if others_visible(mine, markings):
        return markings
    return [mine] if mine else []


def released_moderation(team: Team) -> Moderation | None:
    """The agreed marks of the team's standing submission, once released; None before."""
    return db.session.scalar(
        select(Moderation).join(Submission, Submission.id == Moderation.submission_id)
        .where(Moderation.team_id == team.id, Moderation.released_at.is_not(None),
               Submission.reopened_at.is_(None)))


def moderation_of(submission: Submission) -> Moderation | None:
    return db.session.scalar(select(Moderation).where(Moderation.submission_id == submission.id))


def names_of(ids) -> dict[int, str]:
    ids = {i for i in ids if i is not None}
    if not ids:
        return {}
    return dict(db.session.execute(select(User.id, User.name).where(User.id.in_(ids))).all())


# --- a marking as the pages and the API show it -------------------------------------------------


@dataclass
class CriterionRow:
    criterion: RubricCriterion
    score: int | None
    feedback: str


@dataclass
class MarkingView:
    """One marking: its rows per component and the component marks by the rubric arithmetic."""

    marking: Marking
    label: str  # "Assessor 1"
    assessor_name: str
    rows: dict[str, list[CriterionRow]] = field(default_factory=dict)
    component_marks: dict[str, int | None] = field(default_factory=dict)

    @property
    def missing(self) -> list[str]:
        return [r.criterion.title for rows in self.rows.values() for r in rows if r.score is None]


def by_component(criteria: list[RubricCriterion]) -> dict[str, list[RubricCriterion]]:
    return {c: [x for x in criteria if x.component == c] for c in COMPONENTS}


def view_of(marking: Marking, label: str, name: str, criteria: list[RubricCriterion],
            marks: dict[int, CriterionMark]) -> MarkingView:
    view = MarkingView(marking, label, name)
    for component, items in by_component(criteria).items():
        view.rows[component] = [CriterionRow(c, marks[c.id].score if c.id in marks else None,
                                             marks[c.id].feedback if c.id in marks else "") for c in items]
        scores = {c.id: (marks[c.id].score if c.id in marks else None) for c in items}
        view.component_marks[component] = rubric.component_mark(items, scores) if items else None
    return view


def views_of(markings: list[Marking], criteria: list[RubricCriterion], all_markings: list[Marking]) -> list[MarkingView]:
    """Views of `markings`, each labelled by its place among all the submission's markings."""
    order = {m.id: i + 1 for i, m in enumerate(all_markings)}
    names = names_of(m.assessor_id for m in markings)
    scores = scores_of(markings)
    return [view_of(m, f"Assessor {order[m.id]}", names.get(m.assessor_id, "A former assessor"), criteria,
                    scores[m.id]) for m in markings]


def mean_marks(views: list[MarkingView]) -> dict[str, int | None]:
    """Per component, the rounded (half up) mean of the final markings' component marks."""
    out: dict[str, int | None] = {}
    for component in COMPONENTS:
        values = [v.component_marks.get(component) for v in views if v.marking.status == "final"]
        values = [v for v in values if v is not None]
        out[component] = (2 * sum(values) + len(values)) // (2 * len(values)) if values else None
    return out


# --- the cohort's overview ----------------------------------------------------------------------


@dataclass
class OverviewRow:
    team: Team
    submission: Submission | None
    drafts: int = 0
    finals: int = 0
    moderation: Moderation | None = None


def cohort_overview(cohort: Cohort) -> list[OverviewRow]:
    """Each live team of the cohort: submitted or not, markings draft and final, agreed, released.
    Four queries, whatever the cohort holds."""
    teams = list(db.session.scalars(Team.live().where(Team.cohort_id == cohort.id).order_by(Team.name)))
    ids = [t.id for t in teams]
    submissions = {s.team_id: s for s in db.session.scalars(
        select(Submission).where(Submission.team_id.in_(ids), Submission.reopened_at.is_(None)))} if ids else {}
    counts: dict[tuple[int, str], int] = {}
    moderations: dict[int, Moderation] = {}
    sub_ids = [s.id for s in submissions.values()]
    if sub_ids:
        counts = {(sid, status): n for sid, status, n in db.session.execute(
            select(Marking.submission_id, Marking.status, func.count()).where(Marking.submission_id.in_(sub_ids))
            .group_by(Marking.submission_id, Marking.status)).all()}
        moderations = {m.submission_id: m for m in db.session.scalars(
            select(Moderation).where(Moderation.submission_id.in_(sub_ids)))}
    rows = []
    for team in teams:
        sub = submissions.get(team.id)
        row = OverviewRow(team, sub)
        if sub is not None:
            row.drafts, row.finals = counts.get((sub.id, "draft"), 0), counts.get((sub.id, "final"), 0)
            row.moderation = moderations.get(sub.id)
        rows.append(row)
    return rows


def is_assessor_of(user: User, team: Team) -> bool:
    membership: Membership | None = membership_for(user, team)
    return membership is not None and membership.role == Role.ASSESSOR


def is_team_side(user: User, team: Team) -> bool:
    """A member or the host partner of the team: to them, marks before release do not exist."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    membership: Membership | None = membership_for(user, team)
    return membership is not None and membership.role in (Role.MEMBER, Role.HOST)


__all__ += ["bands_and_weight", "scores_of", "others_visible", "views_of", "mean_marks", "OverviewRow",
            "NOT_SUBMITTED", "by_component", "names_of", "is_team_side"]


def view_of_blank(criteria: list[RubricCriterion]) -> MarkingView:
    """The rows of a marking not started yet (nothing scored)."""
    return view_of(None, "", "", criteria, {})  # type: ignore[arg-type]


COMPONENT_LABELS = {"report": "Report", "presentation": "Presentation"}
__all__ += ["view_of_blank", "COMPONENT_LABELS"]


def all_final(submission: Submission | None) -> bool:
    """Whether every marking of the submission is final (none in draft)."""
    return submission is not None and db.session.scalar(
        select(func.count()).select_from(Marking).where(Marking.submission_id == submission.id,
                                                         Marking.status == "draft")) == 0


__all__ += ["all_final"]
