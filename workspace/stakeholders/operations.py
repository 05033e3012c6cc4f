"""Every change to a team's stakeholder map: validate, change, audit, commit once.

A submitted team's review is frozen, its stakeholder map with it (the Word report it submitted
carries the map): every change asks `submitted.refuse_if_submitted` first and holds the team
open (`hold_team_open`) before it commits, exactly as the report's sections do.

Stale writes: an update may name the `version` it started from. If a field it changes was
changed by someone else since that version (and now holds something else), nothing is saved
and StaleWrite names those fields; fields nobody else touched merge. An update without a
version is accepted: it changes only the fields it names (last writer wins on those), which
is what a drag on the grid or a script setting one score means.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from .. import audit, comment_targets
from ..cleaning import bounded_int
from ..errors import ValidationProblem
from ..extensions import db
from ..models import Membership, Role, Team, User, utcnow
from ..submitted import ReportSubmitted, hold_team_open, refuse_if_submitted  # noqa: F401 - ops.ReportSubmitted
from . import fields
from .models import LINK_KINDS as LINK_KIND_NAMES
from .models import SYMMETRIC_KINDS, Frequency, Stakeholder, StakeholderChange, StakeholderLink
from .queries import today

#: the most stakeholders a register holds, and links between them: a map stays drawable
MAX_STAKEHOLDERS = 1000
MAX_LINKS = 3000
WRITE_ATTEMPTS = 3


@dataclass
class Saved:
    stakeholder: Stakeholder
    warnings: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)


class StaleWrite(Exception):
    """The write started from an old version and would overwrite what someone else changed
    since: nothing was saved. `fields` maps each such field to a sentence."""

    def __init__(self, stakeholder: Stakeholder, conflicting: dict[str, str]):
        self.stakeholder = stakeholder
        self.fields = conflicting
        super().__init__("Someone else changed this stakeholder since you opened it. Nothing was saved: "
                         "check their changes, then save yours again.")


class SaveBusy(Exception):
    """Others kept writing the same stakeholder on every attempt; nothing was saved."""


# --- reading what the rules need ------------------------------------------------------------


def members_of(team: Team) -> dict[int, User]:
    """The team's members (role member): the people who may own a relationship."""
    return {user.id: user for user in db.session.scalars(
        select(User).join(Membership, Membership.user_id == User.id)
        .where(Membership.team_id == team.id, Membership.role == Role.MEMBER).order_by(User.name)
    )}


def duplicate_key(name: str, organisation: str) -> str:
    """Same name in the same organisation, whatever the case, accents' composition or spacing."""
    def fold(text: str) -> str:
        return " ".join(unicodedata.normalize("NFKC", text).casefold().split())

    return hashlib.sha256(f"{fold(name)}\x1f{fold(organisation)}".encode()).hexdigest()


def _duplicate_warning(team: Team, stakeholder: Stakeholder) -> list[str]:
    others = db.session.scalar(
        select(func.count()).select_from(Stakeholder).where(
            Stakeholder.team_id == team.id, Stakeholder.duplicate_key == stakeholder.duplicate_key,
            Stakeholder.deleted_at.is_(None), Stakeholder.id != stakeholder.id)
    )
    if not others:
        return []
    where = f" at {stakeholder.organisation}" if stakeholder.organisation else ""
    if others == 1:
        return [f"The register already has someone called {stakeholder.name}{where}. Both are kept: "
                "delete one if they are the same."]
    return [f"The register already has {others} others called {stakeholder.name}{where}. All are kept: "
            "delete any that are the same person."]


def live_count(team: Team) -> int:
    return db.session.scalar(select(func.count()).select_from(Stakeholder).where(
        Stakeholder.team_id == team.id, Stakeholder.deleted_at.is_(None))) or 0


# --- applying cleaned values ------------------------------------------------------------------


def _check_dates(values: dict) -> dict[str, str]:
    problems = {}
    last, following = values.get("last_contact_on"), values.get("next_contact_on")
    if last is not None and last > today():
        problems["last_contact_on"] = "Last contact cannot be in the future"
    if last is not None and following is not None and following < last:
        problems["next_contact_on"] = "Next contact due must be on or after the last contact"
    return problems


def _suggest_next_contact(values: dict, touched: set[str]) -> None:
    """A blank next contact follows from the last contact and how often, when either is given."""
    if values.get("next_contact_on") is None and touched & {"last_contact_on", "frequency"}:
        days = Frequency(values["frequency"]).days if values.get("frequency") else None
        if days and values.get("last_contact_on"):
            values["next_contact_on"] = values["last_contact_on"] + timedelta(days=days)


def _apply(stakeholder: Stakeholder, cleaned: dict, actor: User, at=None) -> list[str]:
    """Set what changed; returns the changed field names. One version per write: the fields'
    versions are the one the UPDATE will write."""
    changed = [name for name, value in cleaned.items() if getattr(stakeholder, name) != value]
    if not changed:
        return []
    with db.session.no_autoflush:
        for name in changed:
            setattr(stakeholder, name, cleaned[name])
        if {"name", "organisation"} & set(changed):
            stakeholder.duplicate_key = duplicate_key(stakeholder.name, stakeholder.organisation)
        next_version = (stakeholder.version or 0) + 1
        stakeholder.field_versions = {**(stakeholder.field_versions or {}), **dict.fromkeys(changed, next_version)}
        stakeholder.updated_at, stakeholder.updated_by_id = at or utcnow(), actor.id
    return changed


def _record_change(team: Team, stakeholder: Stakeholder, actor: User, at=None) -> None:
    db.session.add(StakeholderChange(
        stakeholder_id=stakeholder.id, team_id=team.id, changed_at=at or utcnow(), changed_by_id=actor.id,
        power=stakeholder.power, interest=stakeholder.interest, attitude=stakeholder.attitude,
        desired_attitude=stakeholder.desired_attitude,
    ))


def _whole_record(cleaned: dict, touched: set[str]) -> dict:
    problems = _check_dates(cleaned)
    if problems:
        raise ValidationProblem(problems)
    _suggest_next_contact(cleaned, touched)
    return cleaned


# --- the register -----------------------------------------------------------------------------


def _new_stakeholder(team: Team, cleaned: dict, actor: User, at=None) -> Stakeholder:
    now = at or utcnow()
    stakeholder = Stakeholder(
        team_id=team.id, **cleaned, duplicate_key=duplicate_key(cleaned["name"], cleaned["organisation"]),
        field_versions={}, created_at=now, created_by_id=actor.id, updated_at=now, updated_by_id=actor.id,
    )
    db.session.add(stakeholder)
    return stakeholder


def create(team: Team, actor: User, data: dict, *, members: dict | None = None, at=None) -> Saved:
    """A new stakeholder from every field (blanks where optional); its first scores are its
    first history row. `at` is when it happened (now; the demo's history is older)."""
    refuse_if_submitted(team)
    members = members_of(team) if members is None else members
    cleaned = _whole_record(fields.clean(data, members=members, partial=False), set(data))
    if live_count(team) >= MAX_STAKEHOLDERS:
        raise ValidationProblem({"name": f"A register holds at most {MAX_STAKEHOLDERS:,} stakeholders. "
                                         "Delete some before adding more."})
    stakeholder = _new_stakeholder(team, cleaned, actor, at)
    db.session.flush()
    _record_change(team, stakeholder, actor, at)
    warnings = _duplicate_warning(team, stakeholder)
    hold_team_open(team)
    audit.record("stakeholder.created", team=team, target=stakeholder, actor=actor,
                 detail={"name": stakeholder.name, **({"duplicate": True} if warnings else {})})
    db.session.commit()
    return Saved(stakeholder, warnings, list(cleaned))


def update(team: Team, stakeholder: Stakeholder, actor: User, data: dict, *, version=None,
           members: dict | None = None, at=None) -> Saved:
    """Change the fields `data` names. `version`, when given, is the version the change started
    from (see the module's docstring). A change of a score or attitude adds a history row."""
    refuse_if_submitted(team)
    if version is not None and (isinstance(version, str) or bounded_int(version, 1) is None):
        raise ValidationProblem({"version": "version must be a whole number: the version you read"})
    members = members_of(team) if members is None else members
    cleaned = fields.clean(data, members=members, partial=True)
    for _attempt in range(WRITE_ATTEMPTS):
        if stakeholder.deleted_at is not None:
            raise ValidationProblem({"name": "This stakeholder has been deleted"})
        _refuse_stale(stakeholder, cleaned, version)
        values = {name: getattr(stakeholder, name) for name in fields.FIELDS} | cleaned
        values = _whole_record(values, set(cleaned))
        changed = _apply(stakeholder, {name: values[name] for name in set(cleaned) | {"next_contact_on"}}, actor, at)
        if not changed:
            return Saved(stakeholder, [], [])
        try:
            db.session.flush()  # UPDATE ... WHERE version = <the version read>
        except StaleDataError:
            db.session.rollback()  # someone wrote meanwhile: read theirs and decide again
            continue
        if set(changed) & set(fields.SCORED):
            _record_change(team, stakeholder, actor, at)
        if "confidential" in changed and stakeholder.confidential:
            comment_targets.hidden(team, "stakeholder", stakeholder.id, frozenset({Role.HOST.value}))
        warnings = _duplicate_warning(team, stakeholder) if {"name", "organisation"} & set(changed) else []
        hold_team_open(team)
        audit.record("stakeholder.updated", team=team, target=stakeholder, actor=actor,
                     detail={"fields": sorted(changed), "version": stakeholder.version})
        db.session.commit()
        return Saved(stakeholder, warnings, changed)
    raise SaveBusy()


def _refuse_stale(stakeholder: Stakeholder, cleaned: dict, version) -> None:
    if version is None:
        return
    if version > stakeholder.version:
        raise ValidationProblem({"version": f"version {version} is newer than this stakeholder's ({stakeholder.version}): "
                                            "reload it"})
    versions = stakeholder.field_versions or {}
    conflicting = {
        name: f"{fields.FIELD_LABELS[name]} was changed by someone else since version {version}"
        for name, value in cleaned.items()
        if versions.get(name, 0) > version and getattr(stakeholder, name) != value
    }
    if conflicting:
        raise StaleWrite(stakeholder, conflicting)


def delete(team: Team, stakeholder: Stakeholder, actor: User) -> None:
    """Take the stakeholder off the register and out of every figure; their history and
    comments stay in the database for the audit trail, their relationships go."""
    refuse_if_submitted(team)
    links = list(db.session.scalars(select(StakeholderLink).where(
        or_(StakeholderLink.source_id == stakeholder.id, StakeholderLink.target_id == stakeholder.id))))
    for link in links:
        db.session.delete(link)
    stakeholder.deleted_at = utcnow()
    stakeholder.updated_by_id = actor.id
    hold_team_open(team)
    audit.record("stakeholder.deleted", team=team, target=stakeholder, actor=actor,
                 detail={"name": stakeholder.name, "links_removed": len(links)})
    db.session.commit()


# --- relationships --------------------------------------------------------------------------


def _live_in_team(team: Team, stakeholder_id, field_name: str) -> Stakeholder:
    """A live stakeholder of `team` by id (a number, or its digits as a form sends them)."""
    stakeholder_id = bounded_int(stakeholder_id, 1)
    if stakeholder_id is None:
        raise ValidationProblem({field_name: "Choose a stakeholder from this team's register"})
    stakeholder = db.session.scalar(select(Stakeholder).where(
        Stakeholder.id == stakeholder_id, Stakeholder.team_id == team.id, Stakeholder.deleted_at.is_(None)))
    if stakeholder is None:
        raise ValidationProblem({field_name: f"There is no stakeholder {stakeholder_id} on this team's register"})
    return stakeholder


def add_link(team: Team, actor: User, source_id, target_id, kind) -> StakeholderLink:
    """Link two stakeholders of this team. Never to itself, never across teams, never twice
    (for "works with" and "is in conflict with", B-A is the same link as A-B)."""
    refuse_if_submitted(team)
    if not isinstance(kind, str) or kind not in LINK_KIND_NAMES:
        raise ValidationProblem({"kind": "Choose how they are related: influences, reports to, works with or is in conflict with"})
    source = _live_in_team(team, source_id, "source_id")
    target = _live_in_team(team, target_id, "target_id")
    if source.id == target.id:
        raise ValidationProblem({"target_id": "A stakeholder cannot be linked to themselves: choose someone else"})
    same = (StakeholderLink.source_id == source.id) & (StakeholderLink.target_id == target.id)
    if kind in SYMMETRIC_KINDS:
        same = same | ((StakeholderLink.source_id == target.id) & (StakeholderLink.target_id == source.id))
    if db.session.scalar(select(StakeholderLink.id).where(same, StakeholderLink.kind == kind).limit(1)):
        raise ValidationProblem({"target_id": f"{source.name} and {target.name} are already linked that way"})
    links = db.session.scalar(select(func.count()).select_from(StakeholderLink).where(StakeholderLink.team_id == team.id))
    if links >= MAX_LINKS:
        raise ValidationProblem({"target_id": f"A map holds at most {MAX_LINKS:,} relationships. Remove some first."})
    link = StakeholderLink(team_id=team.id, source_id=source.id, target_id=target.id, kind=kind, created_by_id=actor.id)
    db.session.add(link)
    try:
        db.session.flush()
    except IntegrityError:  # the same link added at the same moment by someone else
        db.session.rollback()
        raise ValidationProblem({"target_id": f"{source.name} and {target.name} are already linked that way"}) from None
    hold_team_open(team)
    audit.record("stakeholder.linked", team=team, target=link, actor=actor,
                 detail={"source_id": source.id, "target_id": target.id, "kind": kind})
    db.session.commit()
    return link


def remove_link(team: Team, link: StakeholderLink, actor: User) -> None:
    refuse_if_submitted(team)
    detail = {"source_id": link.source_id, "target_id": link.target_id, "kind": link.kind}
    db.session.delete(link)
    hold_team_open(team)
    audit.record("stakeholder.unlinked", team=team, actor=actor, detail={"link_id": link.id, **detail})
    db.session.commit()


# --- CSV import -------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowProblem:
    row: int  # the spreadsheet's row number (the header is row 1)
    name: str  # what the row calls the stakeholder, to find it by
    problems: dict[str, str]  # column -> what is wrong

    def as_json(self) -> dict:
        return {"row": self.row, "name": self.name, "problems": self.problems}


class ImportRejected(Exception):
    """At least one row is wrong: nothing was imported. `rows` says which and why."""

    def __init__(self, rows: list[RowProblem], message: str | None = None):
        self.rows = rows
        count = len(rows)
        super().__init__(message or f"Nothing was imported: {count} row{'' if count == 1 else 's'} "
                                    f"{'has' if count == 1 else 'have'} problems. Correct {'it' if count == 1 else 'them'} "
                                    "and import the whole file again.")


@dataclass
class Imported:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    warnings: list[str] = field(default_factory=list)

    def sentence(self) -> str:
        def n(count, what):
            return f"{count} {what}{'' if count == 1 else 's'}"
        return (f"Imported the file: {n(self.created, 'new stakeholder')}, {self.updated} updated"
                f"{f', {self.unchanged} unchanged' if self.unchanged else ''}.")


def _owner_lookup(members: dict[int, User]):
    by_email = {user.email.casefold(): user.id for user in members.values()}
    by_name: dict[str, list[int]] = {}
    for user in members.values():
        by_name.setdefault(" ".join(user.name.casefold().split()), []).append(user.id)

    def owner_id(text: str):
        wanted = " ".join(text.casefold().split())
        if not wanted:
            return None
        if wanted in by_email:
            return by_email[wanted]
        ids = by_name.get(wanted, [])
        if len(ids) == 1:
            return ids[0]
        raise ValueError(f"“{text.strip()[:80]}” is not a member of this team: give a team member's email address"
                         if not ids else f"More than one member is called {text.strip()}: give their email address")

    return owner_id


def import_csv(team: Team, actor: User, parsed) -> Imported:
    """Add (blank id) or update (the id of one of this register's stakeholders) every row of
    `parsed` (csvfile.parse), all or nothing: each row is checked first, and if any is wrong
    ImportRejected lists every problem, row by row, and nothing changes. Columns the file
    leaves out are left as they are on updated rows and blank on new ones."""
    from .csvfile import COLUMN_OF, FIELD_OF

    refuse_if_submitted(team)
    members = members_of(team)
    owner_id = _owner_lookup(members)
    existing = {s.id: s for s in db.session.scalars(
        select(Stakeholder).where(Stakeholder.team_id == team.id, Stakeholder.deleted_at.is_(None)))}
    problems: list[RowProblem] = []
    planned: list[tuple[Stakeholder | None, dict]] = []
    ids_seen: set[int] = set()
    for row in parsed.rows:
        name = row.cells.get("name", "").strip()[:80]
        if "_row" in row.cells:
            problems.append(RowProblem(row.number, name, {"row": row.cells["_row"]}))
            continue
        found: dict[str, str] = {}
        data = {FIELD_OF.get(column, column): value for column, value in row.cells.items() if column != "id"}
        target = None
        raw_id = row.cells.get("id", "").strip().lstrip("'")
        if raw_id:
            number = bounded_int(raw_id, 1)
            target = existing.get(number) if number is not None else None
            if target is None:
                found["id"] = (f"There is no stakeholder {raw_id[:20]} on this register: leave id blank to add "
                               "a new stakeholder")
            elif number in ids_seen:
                found["id"] = f"Stakeholder {number} is in the file more than once"
            ids_seen.add(number)
        if "owner_id" in data:
            try:
                data["owner_id"] = owner_id(data["owner_id"])
            except ValueError as problem:
                found["owner"] = str(problem)
                del data["owner_id"]
        try:
            cleaned = fields.clean(data, members=members, partial=target is not None)
            merged = ({name: getattr(target, name) for name in fields.FIELDS} | cleaned) if target else cleaned
            date_problems = _check_dates(merged)
            if date_problems:
                raise ValidationProblem(date_problems)
        except ValidationProblem as problem:
            found.update({COLUMN_OF.get(key, key): message for key, message in problem.fields.items()})
        if found:
            problems.append(RowProblem(row.number, name, found))
        else:
            _suggest_next_contact(merged, set(cleaned))
            planned.append((target, {key: merged[key] for key in set(cleaned) | {"next_contact_on"}} if target else merged))
    if problems:
        raise ImportRejected(problems)
    new_rows = sum(1 for target, _ in planned if target is None)
    if len(existing) + new_rows > MAX_STAKEHOLDERS:
        raise ImportRejected([], f"Nothing was imported: the register would hold {len(existing) + new_rows:,} "
                                 f"stakeholders, and it holds at most {MAX_STAKEHOLDERS:,}.")
    return _write_import(team, actor, planned)


def _write_import(team: Team, actor: User, planned) -> Imported:
    outcome = Imported()
    scored: list[Stakeholder] = []
    touched: list[Stakeholder] = []
    for target, values in planned:
        if target is None:
            stakeholder = _new_stakeholder(team, values, actor)
            outcome.created += 1
            scored.append(stakeholder)
            touched.append(stakeholder)
            continue
        changed = _apply(target, values, actor)
        if not changed:
            outcome.unchanged += 1
            continue
        outcome.updated += 1
        touched.append(target)
        if set(changed) & set(fields.SCORED):
            scored.append(target)
    try:
        db.session.flush()
    except StaleDataError:
        db.session.rollback()
        raise SaveBusy() from None
    for stakeholder in scored:
        _record_change(team, stakeholder, actor)
    outcome.warnings = _import_duplicates(team, touched)
    hold_team_open(team)
    audit.record("stakeholders.imported", team=team, actor=actor,
                 detail={"created": outcome.created, "updated": outcome.updated, "unchanged": outcome.unchanged})
    db.session.commit()
    return outcome


def _import_duplicates(team: Team, touched: list[Stakeholder]) -> list[str]:
    keys = {s.duplicate_key for s in touched}
    if not keys:
        return []
    rows = db.session.execute(
        select(Stakeholder.duplicate_key, func.min(Stakeholder.name), func.min(Stakeholder.organisation), func.count())
        .where(Stakeholder.team_id == team.id, Stakeholder.deleted_at.is_(None), Stakeholder.duplicate_key.in_(keys))
        .group_by(Stakeholder.duplicate_key).having(func.count() > 1)
    ).all()
    return [f"{count} stakeholders are called {name}{f' at {organisation}' if organisation else ''}. All are kept: "
            "delete any that are the same person." for _key, name, organisation, count in rows[:20]]
