"""An assessor's marking of a submitted team: save the draft as they go, then finalise.

Every save names the version it read (Marking.version, SQLAlchemy's counter): another version is
Stale (409, nothing saved; the form keeps what was typed). Scores are whole numbers from 0 to the
criterion's max_score. Finalising needs every criterion scored; afterwards nothing changes.
Marking is of the team's standing submission; before submission it is refused.
"""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from .. import audit
from ..cleaning import bounded_int, cleaned_text
from ..errors import ValidationProblem
from ..extensions import db
from ..models import Team, User, utcnow
from ..timefmt import LONDON
from . import queries, rubric
from .models import TEXT_MAX, CriterionMark, Marking, RubricCriterion


class Refused(Exception):
    """The marking cannot change now (not submitted, finalised, rubric not ready): 409."""


class Stale(Exception):
    def __init__(self, marking: Marking):
        self.marking = marking
        super().__init__("Your marking was saved from another tab or window since you opened this page. "
                         "Nothing was saved here: what you typed is still in the form. Reload the page to "
                         "see the saved marking, then make your changes again.")


def finalised_message(marking: Marking) -> str:
    on = (marking.finalised_at or utcnow()).astimezone(LONDON).strftime("%-d %B")
    return f"You finalised your marking on {on}: it can no longer be changed"


def readiness_problems(criteria: list[RubricCriterion]) -> list[str]:
    """rubric.readiness as a flat list of sentences (nothing when the rubric is ready)."""
    found = rubric.readiness(criteria)
    if isinstance(found, dict):
        found = [m for v in found.values() for m in ([v] if isinstance(v, str) else list(v or []))]
    return [str(m) for m in (found or [])]


def _submission_or_refuse(team: Team):
    submission = queries.standing_submission(team)
    if submission is None:
        raise Refused(queries.NOT_SUBMITTED)
    return submission


def _check_version(marking: Marking | None, version) -> None:
    if version is None or version == "":
        return
    number = bounded_int(version, 0)
    if number is None:
        raise ValidationProblem({"version": "version must be the version you read: a whole number"})
    current = marking.version if marking is not None else 0
    if number != current:
        db.session.rollback()
        raise Stale(marking)


def clean_score(criterion: RubricCriterion, value) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    number = bounded_int(value) if not isinstance(value, float) else (int(value) if value.is_integer() else None)
    if number is None or not 0 <= number <= criterion.max_score:
        raise ValueError(f"The score for '{criterion.title}' must be a whole number from 0 to {criterion.max_score}")
    return number


def clean_entries(criteria: list[RubricCriterion], entries: dict) -> dict[int, dict]:
    """entries: criterion id -> {"score": raw, "feedback": raw} (either may be left out). Every
    problem at once, keyed score-<id> / feedback-<id>."""
    by_id = {c.id: c for c in criteria}
    cleaned, problems = {}, {}
    for raw_id, entry in entries.items():
        criterion = by_id.get(bounded_int(raw_id) if not isinstance(raw_id, int) else raw_id)
        if criterion is None:
            problems[f"criterion-{raw_id}"] = f"There is no criterion {raw_id} in this cohort's rubric"
            continue
        out = {}
        if "score" in entry:
            try:
                out["score"] = clean_score(criterion, entry["score"])
            except ValueError as problem:
                problems[f"score-{criterion.id}"] = str(problem)
        if "feedback" in entry:
            try:
                out["feedback"] = cleaned_text(entry["feedback"], f"The feedback on '{criterion.title}'", TEXT_MAX,
                                               multiline=True)
            except ValueError as problem:
                problems[f"feedback-{criterion.id}"] = str(problem)
        cleaned[criterion.id] = out
    if problems:
        raise ValidationProblem(problems)
    return cleaned


def _commit(team: Team, actor: User, action: str, marking: Marking, **detail) -> None:
    marking.updated_at = utcnow()
    try:
        db.session.flush()
    except StaleDataError:
        db.session.rollback()
        raise Stale(marking) from None
    audit.record(action, team=team, target=marking, actor=actor, detail=detail or None)
    db.session.commit()


def save(team: Team, actor: User, entries: dict, overall_feedback=None, *, version=None) -> Marking:
    """Save the assessor's draft: the criteria `entries` names, and the overall feedback when
    given. The first save starts the marking (the cohort's rubric must be ready)."""
    submission = _submission_or_refuse(team)
    criteria = queries.criteria_of(team.cohort_id)
    marking = queries.my_marking(submission, actor)
    if marking is not None and marking.status == "final":
        raise Refused(finalised_message(marking))
    _check_version(marking, version)
    cleaned = clean_entries(criteria, entries)
    overall = None
    if overall_feedback is not None:
        try:
            overall = cleaned_text(overall_feedback, "Overall feedback", TEXT_MAX, multiline=True)
        except ValueError as problem:
            raise ValidationProblem({"overall_feedback": str(problem)}) from None
    started = marking is None
    if started:
        problems = readiness_problems(criteria)
        if problems:
            raise Refused("The cohort's rubric is not ready, so marking cannot start yet: " + "; ".join(problems))
        marking = Marking(team_id=team.id, submission_id=submission.id, assessor_id=actor.id, status="draft",
                          overall_feedback="", created_at=utcnow(), updated_at=utcnow())
        db.session.add(marking)
        try:
            db.session.flush()
        except IntegrityError:  # the same assessor's first save from two tabs at once
            db.session.rollback()
            raise Stale(None) from None
    existing = queries.scores_of([marking])[marking.id]
    titles = {c.id: c.title for c in criteria}
    changed: list[dict] = []
    for criterion_id, values in cleaned.items():
        mark = existing.get(criterion_id)
        if mark is None:
            mark = CriterionMark(marking_id=marking.id, criterion_id=criterion_id, score=None, feedback="")
            db.session.add(mark)
        for name, value in values.items():
            if getattr(mark, name) != value:
                entry = {"criterion": titles[criterion_id], "field": name}
                if name == "score":
                    entry.update({"from": getattr(mark, name), "to": value})
                changed.append(entry)
                setattr(mark, name, value)
    if overall is not None and overall != marking.overall_feedback:
        marking.overall_feedback = overall
        changed.append({"field": "overall_feedback"})
    if not changed and not started:
        db.session.rollback()  # nothing to write (empty CriterionMark rows are not kept)
        return marking
    _commit(team, actor, "marking.saved", marking, submission=submission.number, started=started,
            changed=changed[:100])
    return marking


def finalise(team: Team, actor: User, *, version=None) -> Marking:
    """Fix the marking: every criterion must be scored (refused naming those that are not)."""
    submission = _submission_or_refuse(team)
    marking = queries.my_marking(submission, actor)
    if marking is None:
        raise ValidationProblem({"marking": "Score every criterion before finalising: you have not started marking"})
    if marking.status == "final":
        raise Refused(finalised_message(marking))
    _check_version(marking, version)
    criteria = queries.criteria_of(team.cohort_id)
    view = queries.view_of(marking, "", "", criteria, queries.scores_of([marking])[marking.id])
    if view.missing:
        names = ", ".join(f"'{t}'" for t in view.missing[:20])
        raise ValidationProblem({"marking": f"Score every criterion before finalising. Not scored yet: {names}"})
    marking.status = "final"
    marking.finalised_at = utcnow()
    _commit(team, actor, "marking.finalised", marking, submission=submission.number,
            component_marks=view.component_marks)
    return marking


