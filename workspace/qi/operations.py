"""What every QI change shares: the submitted-review rule, the stale-write guard, and one
commit with its audit event. Each kind of record has its own operations module beside this
one (aims and drivers, PDSA cycles, actions, measures); they all change state through here.

A submitted team's review is frozen, its QI work with it, as the report, the stakeholder map
and the process maps are (submitted.refuse_if_submitted first, hold_team_open before commit).
"""

from __future__ import annotations

from sqlalchemy.orm.exc import StaleDataError

from .. import audit
from ..cleaning import bounded_int
from ..errors import ValidationProblem
from ..extensions import db
from ..models import Team, User, utcnow
from ..submitted import ReportSubmitted, hold_team_open, refuse_if_submitted  # noqa: F401 - re-exported


class Stale(Exception):
    """The change started from an older version of the record: nothing was saved."""

    def __init__(self, record, what: str = "this"):
        self.record = record
        super().__init__(f"Someone else changed {what} since you opened it. Nothing was saved: "
                         "reload the page to see their change, then make yours again.")


def check_version(record, version, what: str = "this") -> None:
    """Refuse a change that names a version other than the record's (a stale form or API
    write). `version` None means the caller did not say (the UPDATE is still guarded)."""
    if version is None or version == "":
        return
    number = bounded_int(version, 1)
    if number is None:
        raise ValidationProblem({"version": "version must be the version you read: a whole number from 1"})
    if number != record.version:
        db.session.rollback()
        raise Stale(record, what)


def commit(team: Team, actor: User, action: str, target, what: str = "this", **detail) -> None:
    """Flush (the version-guarded UPDATE), wait out a submission in progress, audit and
    commit once. `action` is the audit name, "qi.action.updated" say."""
    # Touching the record moves its version even when only its children changed (a measure's
    # points): a form opened before any change to it is then stale, as it should be.
    if hasattr(target, "updated_at"):
        target.updated_at = utcnow()
        target.updated_by_id = actor.id
    try:
        db.session.flush()
    except StaleDataError:
        db.session.rollback()
        raise Stale(target, what) from None
    hold_team_open(team)
    audit.record(action, team=team, target=target, actor=actor, detail=detail or None)
    db.session.commit()
