"""Every change of the assessment feature: submit, reopen, and the audit of each download.

A submission freezes the report in one transaction that first locks the team's row, so that
two submissions (a double click, two members, two workers) make one snapshot, and a section
save or an export settings change is either wholly in it or refused afterwards (see
`submitted.hold_team_open`, which takes the other side of the same lock).
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from datetime import datetime

from flask import current_app
from sqlalchemy import func, select, text, update
from sqlalchemy.exc import IntegrityError, OperationalError

from .. import audit
from ..cleaning import clean_multiline
from ..errors import ValidationProblem
from ..exports.deck import prepare_deck
from ..exports.operations import count_export
from ..exports.pptx import build_deck_pptx
from ..exports.word import build_report_docx
from ..extensions import db
from ..models import Team, User, utcnow
from ..report import readiness as report
from ..timefmt import LONDON
from .models import REASON_MAX, Submission
from .queries import standing_submission

log = logging.getLogger(__name__)

#: what a submission's failed deck parts say when the whole deck could not be built
DECK_FAILED = "presentation deck"

#: how long a submission waits for a section save in progress before it gives up (seconds)
DEFAULT_LOCK_WAIT = 10
#: SQLite's wait for the write lock everywhere else in the app (workspace/__init__.py sets it)
SQLITE_BUSY_TIMEOUT_MS = 15000


class SubmissionRefused(Exception):
    """Nothing was frozen, for a reason the person can act on."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


class NotStanding(Exception):
    """Reopening asks for the standing submission, and this one has been reopened already."""


@dataclass
class SubmitOutcome:
    submission: Submission
    created: bool  # False: the team had submitted already, and this is that snapshot


@dataclass
class WordFile:
    """A Word report to send: the frozen bytes of a submission, or a draft built just now."""

    content: bytes
    filename: str
    sha256: str
    submission: Submission | None = None
    failed_parts: list[str] = field(default_factory=list)


def is_late(submitted_at: datetime, due_on) -> bool:
    """Late means after the due day has ended in the UK (a report due on 1 May may be
    submitted until midnight at the end of 1 May, London time)."""
    return due_on is not None and submitted_at.astimezone(LONDON).date() > due_on


def _lock_wait() -> float:
    return float(current_app.config.get("SUBMISSION_LOCK_WAIT_SECONDS", DEFAULT_LOCK_WAIT))


BUSY = "Someone is saving a section of the report right now. Nothing was submitted: try again in a moment."


def _prepare_deck(team: Team) -> None:
    """Lay the presentation deck out from the outline if nobody has opened it yet (that writes
    and commits, so before the lock). On SQLite a save in progress holds the whole database:
    wait no longer than the submission's lock wait, then refuse as busy, as `_lock_team` does."""
    sqlite = db.session.get_bind().dialect.name == "sqlite"
    try:
        if sqlite:
            db.session.execute(text(f"PRAGMA busy_timeout = {int(_lock_wait() * 1000)}"))
        prepare_deck(team)
    except OperationalError:
        db.session.rollback()
        raise SubmissionRefused("busy", BUSY) from None
    finally:
        if sqlite:
            db.session.execute(text(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}"))


def _lock_team(team: Team) -> Team:
    """Lock the team's row for the rest of this transaction and read it afresh.

    PostgreSQL: SELECT ... FOR NO KEY UPDATE, the row lock an UPDATE of the row takes anyway.
    It waits for (and makes wait) a save's FOR SHARE on the same row, and another submission's
    lock, but not rows that merely point at the team (comments, audit events), which FOR
    UPDATE would hold up for as long as the Word file takes to build.
    SQLite: one writer at a time for the whole database. A do-nothing UPDATE as the
    transaction's first write takes that write lock now, so everything read after it is the
    latest and nobody else writes until we commit.
    Either waits at most SUBMISSION_LOCK_WAIT_SECONDS, then refuses: a save is in progress."""
    wait = _lock_wait()
    sqlite = db.session.get_bind().dialect.name == "sqlite"
    try:
        if sqlite:
            db.session.execute(text(f"PRAGMA busy_timeout = {int(wait * 1000)}"))
            try:
                db.session.execute(update(Team).where(Team.id == team.id).values(submitted_at=Team.submitted_at))
            finally:
                db.session.execute(text(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}"))
        else:
            db.session.execute(text(f"SET LOCAL lock_timeout = '{int(wait * 1000)}ms'"))
        locked = db.session.scalar(
            select(Team).where(Team.id == team.id).with_for_update(key_share=True)
            .execution_options(populate_existing=True)
        )
    except OperationalError:
        db.session.rollback()
        raise SubmissionRefused("busy", BUSY) from None
    if locked is None or locked.deleted_at is not None:
        db.session.rollback()
        raise SubmissionRefused("gone", "This team no longer exists.")
    return locked


def submit(team: Team, actor: User, *, declaration_confirmed: bool = False) -> SubmitOutcome:
    """Freeze the report: every section's text and version, and the Word file built from the
    same state, with its SHA-256, in one transaction. A team that has submitted already gets
    its standing snapshot back, never a second one."""
    # Lay the report and the deck out first if nobody has opened them yet (that commits, so
    # not under the lock).
    report.readiness(team)
    _prepare_deck(team)
    team = _lock_team(team)
    if team.submitted_at is not None:
        return _already_submitted(team)
    ready = report.readiness(team, with_text=True)
    if ready.conflicted:
        db.session.rollback()
        names = ", ".join(f"‘{s.title}’" for s in ready.conflicted)
        raise SubmissionRefused(
            "conflict_markers",
            f"Some sections still hold the markers of an editing clash: {names}. "
            "Choose what to keep in each and remove the markers, then submit.")
    declaration = (team.cohort.declaration_text or "").strip()
    if declaration and not declaration_confirmed:
        db.session.rollback()
        raise ValidationProblem({"confirm_declaration": "Confirm the declaration to submit the report"})
    built = build_report_docx(team, "assessor", review_copy=False, draft=False)
    content, failed = built.docx, built.failed_parts
    deck, deck_failed = _frozen_deck(team)
    now = utcnow()
    due_on = team.cohort.report_due_on
    number = (db.session.scalar(select(func.max(Submission.number)).where(Submission.team_id == team.id)) or 0) + 1
    submission = Submission(
        team_id=team.id, number=number, submitted_at=now, submitted_by_id=actor.id, due_on=due_on,
        late=is_late(now, due_on), word_count=ready.total.counted, sections=report.frozen_sections(ready.sections),
        docx=content, sha256=hashlib.sha256(content).hexdigest(), size=len(content), failed_parts=list(failed),
        pptx=deck, pptx_sha256=hashlib.sha256(deck).hexdigest() if deck is not None else None,
        pptx_size=len(deck) if deck is not None else None, pptx_failed_parts=deck_failed,
    )
    db.session.add(submission)
    team.submitted_at = now
    audit.record("submission.submitted", actor=actor, team=team, target=submission, detail={
        "number": number, "sha256": submission.sha256, "late": submission.late,
        "word_count": submission.word_count, "failed_parts": list(failed),
        "pptx_sha256": submission.pptx_sha256, "pptx_failed_parts": list(deck_failed)})
    try:
        db.session.commit()
    except IntegrityError:
        # The database's own guard (one standing submission per team) caught a race the lock
        # did not, say a second database writer outside the app: theirs stands.
        db.session.rollback()
        return _already_submitted(team)
    return SubmitOutcome(submission, created=True)


def _frozen_deck(team: Team) -> tuple[bytes | None, list[str]]:
    """The presentation deck the assessors will download, built from the same state in the same
    transaction. A figure that fails costs only that figure (a note on its slide); a deck that
    cannot be built at all never stops the report being submitted: the submission then holds
    no deck and says so."""
    try:
        built = build_deck_pptx(team, "assessor")
    except Exception:
        log.exception("the presentation deck of team %s could not be built at submission", team.id)
        return None, [DECK_FAILED]
    return built.pptx, list(built.failed_parts)


def _already_submitted(team: Team) -> SubmitOutcome:
    standing = standing_submission(team)
    db.session.rollback()  # nothing to write: let go of the lock
    if standing is None:
        raise SubmissionRefused("busy", "The submission is being recorded. Reload the page in a moment.")
    return SubmitOutcome(standing, created=False)


def reopen(team: Team, submission: Submission, actor: User, reason) -> Submission:
    """A facilitator opens the report for changes again. The snapshot is kept (stamped as
    reopened, with the reason); the next submission makes a new one."""
    reason = clean_multiline(reason).strip() if isinstance(reason, str) else ""
    if not reason:
        raise ValidationProblem({"reason": "Enter why the submission is being reopened"})
    if len(reason) > REASON_MAX:
        raise ValidationProblem({"reason": f"The reason must be {REASON_MAX:,} characters or fewer"})
    team = _lock_team(team)
    standing = standing_submission(team)
    if standing is None or standing.id != submission.id:
        db.session.rollback()
        raise NotStanding()
    standing.reopened_at, standing.reopened_by_id, standing.reopen_reason = utcnow(), actor.id, reason
    team.submitted_at = None
    report.follow_template(team)  # template changes made while it was submitted reach it now
    audit.record("submission.reopened", actor=actor, team=team, target=standing,
                 detail={"number": standing.number, "reason": reason})
    db.session.commit()
    return standing


# --- downloads: each one is in the audit log ---------------------------------------------------


def _filename(team: Team, what: str, when: datetime) -> str:
    """`Team Harbour - submitted report 2027-05-01.docx`; send_file adds an ASCII fallback."""
    name = " ".join("".join(c for c in team.name if c.isprintable() and c not in '\\/:*?"<>|').split())
    return f"{name or 'Team'} - {what} {when.astimezone(LONDON).date().isoformat()}.docx"


def submitted_file(team: Team, submission: Submission, actor: User) -> WordFile:
    """The frozen bytes, exactly as submitted."""
    audit.record("submission.downloaded", actor=actor, team=team, target=submission,
                 detail={"number": submission.number, "sha256": submission.sha256})
    content, sha256 = submission.docx, submission.sha256
    db.session.commit()
    return WordFile(content, _filename(team, "submitted report", submission.submitted_at), sha256, submission,
                    list(submission.failed_parts or []))


def draft_file(team: Team, actor: User) -> WordFile:
    """The live draft, built now (marked as a draft inside the document). Counted against the
    person's export limit like the review copy: each build costs the server about half a second."""
    count_export(actor)
    built = build_report_docx(team, "team", review_copy=False, draft=True)
    content, failed = built.docx, built.failed_parts
    sha256 = hashlib.sha256(content).hexdigest()
    audit.record("report.draft_downloaded", actor=actor, team=team,
                 detail={"sha256": sha256, "failed_parts": list(failed)})
    db.session.commit()
    return WordFile(content, _filename(team, "draft report", utcnow()), sha256, None, list(failed))
