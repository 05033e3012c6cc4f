"""The facilitator's agreement of a team's marks, and its release to the team.

Agreement needs at least one final marking and no draft outstanding; it records the agreed
report and presentation marks (0..100), a note of how they were agreed (required) and the
feedback for the team; the overall mark and band come from the rubric arithmetic. It may be
changed until it is released; after release it is fixed.
"""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from .. import audit
from ..cleaning import bounded_int, cleaned_text
from ..errors import ValidationProblem
from ..extensions import db
from ..models import Team, User, utcnow
from . import queries, rubric
from .marking_operations import Refused
from .models import TEXT_MAX, Moderation

RELEASED = "The feedback has been released to the team, so the agreed marks can no longer be changed"


class Stale(Exception):
    def __init__(self, moderation: Moderation | None):
        self.moderation = moderation
        super().__init__("The agreement was changed by someone else since you opened this page. Nothing was "
                         "saved: what you typed is still in the form. Reload the page to see it.")


def _percent(value, label: str) -> int:
    number = bounded_int(value) if not isinstance(value, float) else (int(value) if value.is_integer() else None)
    if isinstance(value, str) and not value.strip():
        raise ValueError(f"Enter the agreed {label} mark")
    if number is None or not 0 <= number <= 100:
        raise ValueError(f"The agreed {label} mark must be a whole number from 0 to 100")
    return number


def clean(data: dict) -> dict:
    cleaned, problems = {}, {}
    for name, label in (("report_mark", "report"), ("presentation_mark", "presentation")):
        try:
            cleaned[name] = _percent(data.get(name), label)
        except ValueError as problem:
            problems[name] = str(problem)
    for name, label, required in (("note", "Note of how you agreed", True), ("feedback", "Feedback for the team", False)):
        try:
            cleaned[name] = cleaned_text(data.get(name), label, TEXT_MAX, multiline=True, required=required)
        except ValueError as problem:
            problems[name] = str(problem) if "Enter" not in str(problem) else \
                "Enter a note of how the assessors' marks were agreed"
    if problems:
        raise ValidationProblem(problems)
    return cleaned


def outstanding(team: Team):
    """The submission, its markings' views, and the names of assessors still marking."""
    submission = queries.standing_submission(team)
    if submission is None:
        raise Refused(queries.NOT_SUBMITTED)
    markings = queries.markings_of(submission)
    drafts = [m for m in markings if m.status == "draft"]
    return submission, markings, drafts


def agree(team: Team, actor: User, data: dict, *, version=None) -> Moderation:
    submission, markings, drafts = outstanding(team)
    moderation = queries.moderation_of(submission)
    if moderation is not None and moderation.released_at is not None:
        raise Refused(RELEASED)
    if not any(m.status == "final" for m in markings):
        raise Refused("No assessor has finalised their marking yet, so there is nothing to agree")
    if drafts:
        names = queries.names_of(m.assessor_id for m in drafts)
        still = ", ".join(sorted(names.values())) or "an assessor"
        raise Refused(f"Not every assessor has finalised: {still} is still marking")
    if version not in (None, "") and bounded_int(version, 0) != (moderation.version if moderation else 0):
        db.session.rollback()
        raise Stale(moderation)
    cleaned = clean(data)
    bands, report_weight = queries.bands_and_weight(team.cohort_id)
    overall = rubric.overall_mark(cleaned["report_mark"], cleaned["presentation_mark"], report_weight)
    band = rubric.band_for(overall, bands)
    band = band["name"] if isinstance(band, dict) else str(band)
    first = moderation is None
    if first:
        moderation = Moderation(team_id=team.id, submission_id=submission.id)
        db.session.add(moderation)
    before = {n: getattr(moderation, n) for n in ("report_mark", "presentation_mark", "overall_mark", "band")}
    for name, value in cleaned.items():
        setattr(moderation, name, value)
    moderation.overall_mark, moderation.band = overall, band
    moderation.agreed_at, moderation.agreed_by_id = utcnow(), actor.id
    try:
        db.session.flush()
    except (StaleDataError, IntegrityError):  # IntegrityError: two first agreements at once
        db.session.rollback()
        raise Stale(None if first else moderation) from None
    audit.record("marking.agreed", team=team, target=moderation, actor=actor, detail={
        "submission": submission.number, "before": None if first else before,
        "report_mark": moderation.report_mark, "presentation_mark": moderation.presentation_mark,
        "overall_mark": overall, "band": band, "markings": len(markings)})
    db.session.commit()
    return moderation


def release(team: Team, actor: User) -> Moderation:
    submission = queries.standing_submission(team)
    if submission is None:
        raise Refused(queries.NOT_SUBMITTED)
    moderation = queries.moderation_of(submission)
    if moderation is None:
        raise Refused("Record the agreed marks before releasing the feedback to the team")
    if moderation.released_at is not None:
        raise Refused("The feedback has already been released to the team")
    moderation.released_at, moderation.released_by_id = utcnow(), actor.id
    try:
        db.session.flush()
    except StaleDataError:
        db.session.rollback()
        raise Stale(moderation) from None
    audit.record("marking.released", team=team, target=moderation, actor=actor, detail={
        "submission": submission.number, "overall_mark": moderation.overall_mark, "band": moderation.band})
    db.session.commit()
    return moderation
