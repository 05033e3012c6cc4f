"""Every change to a team's report: sections, saves, restores, template and rules.

Saving follows "Saving a section" in shared/api.md: a save names the version it started from;
a stale save is three-way merged; only overlapping edits conflict; and the write is guarded
by the version (`UPDATE ... WHERE version = :seen`), so two saves can never both succeed
against the same version, whichever worker or database serves them.
"""

from __future__ import annotations

import random
import re
import time
from dataclasses import dataclass

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import defer, joinedload

from .. import audit
from ..cleaning import clean_line, clean_multiline
from ..errors import ValidationProblem
from ..extensions import db
from ..markdown import MAX_MARKUP_COST, count_words, markup_cost
from ..merging import has_markers, merge
from ..models import Cohort, Team, User, utcnow
from ..submitted import ReportSubmitted, hold_team_open, refuse_if_submitted  # noqa: F401 - ops.ReportSubmitted
from ..tokens import DiffBudget
from . import history
from .models import ReportRules, Revision, Section, SectionStatus, TemplateSection
from .template import DEFAULT_SECTIONS

MAX_BODY_BYTES = 200 * 1024
SAVE_ATTEMPTS = 8
TEAM_SECTION_POSITION = 1000  # a team's own sections follow the template's


class BodyTooLarge(Exception):
    pass


class SaveBusy(Exception):
    """Others kept saving first on every attempt; nothing was saved, and a retry will do."""


class SectionGone(Exception):
    """The section was removed while someone was writing in it."""


class SectionMissing(Exception):
    """No section has this key in the team's report."""


# A submitted report stays as submitted: the one rule, shared with the export settings
# (workspace/submitted.py). `_hold_team_open` is named here so tests can slow it down.
_hold_team_open = hold_team_open


@dataclass
class SaveConflict(Exception):
    current_version: int
    current_body: str
    merged_with_markers: str


@dataclass
class SaveOutcome:
    version: int
    body: str
    merged: bool
    changed: bool


# --- the cohort's template and rules -----------------------------------------------------


def rules_for(cohort: Cohort) -> ReportRules:
    """The cohort's counting rules; the programme defaults until a facilitator changes them.
    They were joined when the cohort was loaded (see ReportRules.cohort): no query here."""
    rules = cohort.report_rules  # type: ignore[attr-defined]
    return rules or ReportRules(cohort_id=cohort.id, word_limit=5000, tolerance_percent=10, count_tables=False)


def template_for(cohort: Cohort) -> list[TemplateSection]:
    """The cohort's template sections, created from the programme template on first use."""
    rows = _template_rows(cohort.id)
    if rows:
        return rows
    for position, default in enumerate(DEFAULT_SECTIONS):
        db.session.add(TemplateSection(
            cohort_id=cohort.id, key=default.key, position=position, title=default.title,
            guidance=default.guidance, word_budget=default.word_budget,
            excluded_from_count=default.excluded_from_count,
        ))
    _commit_or_reload()
    return _template_rows(cohort.id)


def _template_rows(cohort_id: int) -> list[TemplateSection]:
    return list(db.session.scalars(
        select(TemplateSection).where(TemplateSection.cohort_id == cohort_id).order_by(TemplateSection.position)
    ))


def _commit_or_reload() -> None:
    """Creating defaults is idempotent: if another request made them first, use theirs."""
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()


def sections_for(team: Team, *, bodies: bool = True) -> list[Section]:
    """The team's live sections in order, laid out from the cohort template the first time.
    Pages that list titles and counts pass bodies=False: a report's bodies run to hundreds of
    kilobytes, and reading one of them then raises rather than quietly costing a query each."""
    sections = _section_rows(team.id, bodies)
    if sections:
        return sections
    for template_section in template_for(team.cohort):
        db.session.add(_section_from_template(team, template_section))
    _commit_or_reload()
    return _section_rows(team.id, bodies)


# Built once, bound per request (building a statement costs as much as running it; issue 7).
_LIVE_SECTIONS = (
    select(Section).where(Section.team_id == bindparam("team_id"), Section.deleted_at.is_(None))
    .options(joinedload(Section.updated_by)).order_by(Section.position, Section.id)
)
_SECTION_ROWS = {True: _LIVE_SECTIONS, False: _LIVE_SECTIONS.options(defer(Section.body, raiseload=True))}


def live_sections_statement(bodies: bool):
    """The statement `sections_for` runs (bound by :team_id), for a caller that reads more
    columns beside each section in the same query."""
    return _SECTION_ROWS[bodies]


def _section_rows(team_id: int, bodies: bool = True) -> list[Section]:
    return list(db.session.scalars(_SECTION_ROWS[bodies], {"team_id": team_id}))


def _section_from_template(team: Team, template_section: TemplateSection) -> Section:
    section = Section(
        team_id=team.id, template_section_id=template_section.id, key=template_section.key,
        position=template_section.position, status=SectionStatus.NOT_STARTED.value,
        body="", version=0, word_count=0,
    )
    section.copy_wording_from(template_section)
    return section


def get_section(team: Team, key: str, sections: list[Section] | None = None) -> Section | None:
    """The live section with this key, picked from the team's sections (laid out first if this
    is the team's first visit). Pass `sections` when the caller has loaded them already."""
    return next((s for s in (sections if sections is not None else sections_for(team)) if s.key == key), None)


# --- saving ----------------------------------------------------------------------------------


def clean_body(body: str) -> str:
    """The text as it may be stored: control characters gone, and small enough to parse fast."""
    body = clean_multiline(body)
    if len(body.encode("utf-8")) > MAX_BODY_BYTES:
        raise BodyTooLarge(f"A section can hold at most {MAX_BODY_BYTES // 1024} kB of text. Move material to an appendix.")
    if (cost := markup_cost(body)) > MAX_MARKUP_COST:
        raise BodyTooLarge(
            f"This section has more list items, table rows, links and formatting than a section can hold "
            f"({cost * 100 // MAX_MARKUP_COST}% of the limit). Split it, or move long tables and lists into "
            "an appendix section.")
    return body


def save_section(team: Team, key: str, body: str, base_version: int, author: User, *, kind: str = "save") -> SaveOutcome:
    refuse_if_submitted(team)
    body = clean_body(body)
    if has_markers(body):
        raise ValidationProblem({"body": "Choose what to keep and remove the conflict markers "
                                         "(<<<<<<< your version, =======, >>>>>>> saved version) before saving"})
    count_tables = rules_for(team.cohort).count_tables
    laid_out = False
    budget = DiffBudget()  # one bound on comparing texts for the whole save, retries included
    for attempt in range(SAVE_ATTEMPTS):
        if attempt:
            # Someone saved between our read and our write: back off a little, then merge again.
            time.sleep(random.uniform(0, 0.005 * attempt))  # noqa: S311 - jitter, not security
        section = db.session.scalar(
            select(Section).where(Section.team_id == team.id, Section.key == key)
            .execution_options(populate_existing=True)
        )
        if section is None and not laid_out:
            # A team's first save may come before anyone opened the report page.
            sections_for(team)
            laid_out = True
            section = db.session.scalar(select(Section).where(Section.team_id == team.id, Section.key == key))
        if section is None:
            db.session.rollback()
            raise SectionMissing(key)
        if section.deleted_at is not None:
            db.session.rollback()
            raise SectionGone(key)
        seen = section.version
        if base_version < 0 or base_version > seen:
            db.session.rollback()
            raise ValidationProblem({"base_version": f"base_version must be between 0 and the current version ({seen})"})
        merged = base_version != seen
        new_body = body
        if merged:
            result = merge(_body_at(section, base_version), body, section.body, budget)
            if not result.clean:
                db.session.rollback()
                raise SaveConflict(seen, section.body, result.text)
            new_body = result.text
        if new_body == section.body:
            db.session.rollback()
            return SaveOutcome(seen, new_body, merged, changed=False)
        if _write(team, section, seen, new_body, author, "merge" if merged and kind == "save" else kind, count_tables, budget):
            return SaveOutcome(seen + 1, new_body, merged, changed=True)
    raise SaveBusy(key)


def _body_at(section: Section, version: int) -> str:
    if version == 0:
        return ""
    body = db.session.scalar(
        select(Revision.body).where(Revision.section_id == section.id, Revision.version == version)
    )
    return body if body is not None else ""


def _write(team: Team, section: Section, seen: int, new_body: str, author: User, kind: str, count_tables: bool,
           budget: DiffBudget) -> bool:
    """One transaction: the guarded update and its revision. False if someone saved first."""
    now = utcnow()
    previous_authorship = db.session.scalar(
        select(Revision.authorship).where(Revision.section_id == section.id, Revision.version == seen)
    )
    old_tokens, new_tokens, opcodes = history.diff(section.body, new_body, budget)
    added, removed = history.word_changes(new_body, new_tokens, opcodes, old_words=section.word_count, count_tables=count_tables)
    authorship = history.carry_authorship(
        previous_authorship or [], len(old_tokens), len(new_tokens), opcodes, author.id
    )
    words = count_words(new_body, count_tables=count_tables)
    status = section.status
    if status == SectionStatus.NOT_STARTED and new_body.strip():
        status = SectionStatus.DRAFTING.value
    result = db.session.execute(
        update(Section)
        .where(Section.id == section.id, Section.version == seen)
        .values(body=new_body, version=seen + 1, word_count=words, updated_at=now,
                updated_by_id=author.id, status=status)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        db.session.rollback()
        return False
    _hold_team_open(team)
    revision = Revision(
        section_id=section.id, team_id=team.id, version=seen + 1, body=new_body, author_id=author.id,
        created_at=now, word_count=words, words_added=added, words_removed=removed, kind=kind,
        summary=history.change_summary(added, removed, kind), authorship=authorship,
    )
    db.session.add(revision)
    audit.record("section.saved", actor=author, team=team, target=section,
                 detail={"key": section.key, "version": seen + 1, "kind": kind})
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()  # the version was written by someone else: try again
        return False
    return True


def restore_revision(team: Team, section: Section, revision: Revision, author: User) -> SaveOutcome:
    """An old revision's text becomes a new revision; nothing in the history is lost."""
    return save_section(team, section.key, revision.body, section.version, author, kind="restore")


def set_status(team: Team, section: Section, status: str, actor: User) -> None:
    if status not in {s.value for s in SectionStatus}:
        raise ValidationProblem({"status": "Choose a status: not started, drafting, ready for review or final"})
    refuse_if_submitted(team)
    old = section.status
    section.status = status
    audit.record("section.status_changed", team=team, target=section, actor=actor,
                 detail={"key": section.key, "from": old, "to": status})
    db.session.commit()


def _slug(title: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    return (slug or "section")[:50]


def same_title(a: str, b: str) -> bool:
    """Two section titles are the same if they differ only in case or spacing."""
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _refuse_taken_title(title: str, titles, where: str) -> None:
    taken = next((other for other in titles if same_title(title, other)), None)
    if taken is not None:
        # Name the section as it is written, which may differ from the typed title in case.
        raise ValidationProblem({"title": f"{where} already has a section called ‘{taken}’. Choose another title."})


#: how many times to try the next free key when another request took ours at the same moment
ADD_SECTION_ATTEMPTS = 3


def add_team_section(team: Team, title, actor: User) -> Section:
    title = clean_line(title) if isinstance(title, str) else ""
    if not title:
        raise ValidationProblem({"title": "Enter a title for the new section"})
    if len(title) > 120:
        raise ValidationProblem({"title": "Section title must be 120 characters or fewer"})
    refuse_if_submitted(team)
    for _attempt in range(ADD_SECTION_ATTEMPTS):
        sections_for(team)  # the template's sections first, so their titles are taken
        live = list(db.session.execute(
            select(Section.key, Section.title, Section.deleted_at).where(Section.team_id == team.id)
        ))
        _refuse_taken_title(title, (row.title for row in live if row.deleted_at is None), "This report")
        existing_keys = {row.key for row in live}  # removed sections keep their key (and history)
        base = _slug(title)
        key, n = base, 2
        while key in existing_keys:
            key, n = f"{base}-{n}", n + 1
        last = db.session.scalar(select(func.max(Section.position)).where(Section.team_id == team.id)) or 0
        section = Section(
            team_id=team.id, key=key, title=title, position=max(last + 1, TEAM_SECTION_POSITION),
            guidance="A section your team added.", word_budget=None, excluded_from_count=False,
            status=SectionStatus.NOT_STARTED.value, body="", version=0, word_count=0,
        )
        db.session.add(section)
        try:
            audit.record("section.added", team=team, target=section, actor=actor, detail={"key": key, "title": title})
            db.session.commit()  # the audit record above flushes: either may find the key taken
        except IntegrityError:
            # Someone added a section with the same key at the same moment: look again (their
            # title may now be taken) and take the next free key.
            db.session.rollback()
            continue
        return section
    raise ValidationProblem({"title": "Others were adding sections at the same moment. Nothing was added: try again."})


def remove_team_section(team: Team, section: Section, actor: User) -> None:
    """Only a team's own sections can be removed by the team; the text stays in the history."""
    if not section.is_team_section:
        raise ValidationProblem({"section": "Template sections are set by the programme and cannot be removed"})
    refuse_if_submitted(team)
    section.deleted_at = utcnow()
    audit.record("section.removed", team=team, target=section, actor=actor, detail={"key": section.key})
    db.session.commit()


# --- facilitators: the cohort's template and rules ---------------------------------------


def save_rules(cohort: Cohort, word_limit, tolerance_percent, count_tables: bool) -> ReportRules:
    fields = {}
    if not isinstance(word_limit, int) or not 100 <= word_limit <= 100_000:
        fields["word_limit"] = "Word limit must be a whole number from 100 to 100,000"
    if not isinstance(tolerance_percent, int) or not 0 <= tolerance_percent <= 100:
        fields["tolerance_percent"] = "Tolerance must be a whole number from 0 to 100"
    if fields:
        raise ValidationProblem(fields)
    rules = db.session.get(ReportRules, cohort.id) or ReportRules(cohort_id=cohort.id)
    db.session.add(rules)
    recount = rules.count_tables != bool(count_tables)
    rules.word_limit, rules.tolerance_percent, rules.count_tables = word_limit, tolerance_percent, bool(count_tables)
    if recount:
        _recount_words(cohort, rules.count_tables)
    audit.record("report_rules.saved", target=cohort, detail={
        "word_limit": word_limit, "tolerance_percent": tolerance_percent, "count_tables": bool(count_tables)})
    db.session.commit()
    return rules


def _recount_words(cohort: Cohort, count_tables: bool) -> None:
    """The counting rule changed: every live section of the cohort's teams is counted again,
    so pages, totals and the API agree with the rule at once."""
    sections = db.session.scalars(
        select(Section).join(Team, Team.id == Section.team_id)
        .where(Team.cohort_id == cohort.id, Section.deleted_at.is_(None))
    )
    for section in sections:
        section.word_count = count_words(section.body, count_tables=count_tables)
        # The current version's history row shows the same count as the page. Older rows keep
        # the count of the rule in force when they were saved (the history page says so):
        # recounting every revision of a cohort would cost far more than a settings change may.
        db.session.execute(
            update(Revision).where(Revision.section_id == section.id, Revision.version == section.version)
            .values(word_count=section.word_count)
        )


def _validate_template_fields(title, guidance, word_budget) -> tuple[str, str, int | None]:
    fields = {}
    title = clean_line(title) if isinstance(title, str) else ""
    guidance = clean_multiline(guidance).strip() if isinstance(guidance, str) else ""
    if not title:
        fields["title"] = "Enter the section title"
    elif len(title) > 120:
        fields["title"] = "Section title must be 120 characters or fewer"
    if len(guidance) > 4000:
        fields["guidance"] = "Guidance must be 4,000 characters or fewer"
    if word_budget is not None and (not isinstance(word_budget, int) or not 0 < word_budget <= 50_000):
        fields["word_budget"] = "Word budget must be a whole number from 1 to 50,000, or empty"
    if fields:
        raise ValidationProblem(fields)
    return title, guidance, word_budget


def save_template_section(cohort: Cohort, template_section: TemplateSection | None, title, guidance,
                          word_budget, excluded_from_count: bool) -> TemplateSection:
    title, guidance, word_budget = _validate_template_fields(title, guidance, word_budget)
    created = template_section is None
    rows = template_for(cohort)
    _refuse_taken_title(title, (row.title for row in rows if row is not template_section), "The cohort's template")
    if template_section is None:
        keys = {row.key for row in rows}
        key, n = _slug(title), 2
        while key in keys:
            key, n = f"{_slug(title)}-{n}", n + 1
        template_section = TemplateSection(cohort_id=cohort.id, key=key, position=len(rows))
        db.session.add(template_section)
    template_section.title, template_section.guidance = title, guidance
    template_section.word_budget, template_section.excluded_from_count = word_budget, bool(excluded_from_count)
    db.session.flush()
    _sync_teams(cohort)
    audit.record("template.section_added" if created else "template.section_changed", target=cohort,
                 detail={"key": template_section.key, "title": title})
    db.session.commit()
    return template_section


def move_template_section(cohort: Cohort, template_section: TemplateSection, direction: str) -> None:
    rows = template_for(cohort)
    index = next(i for i, row in enumerate(rows) if row.id == template_section.id)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(rows):
        rows[index], rows[other] = rows[other], rows[index]
        for position, row in enumerate(rows):
            row.position = position
        _sync_teams(cohort)
        audit.record("template.section_moved", target=cohort, detail={"key": template_section.key, "direction": direction})
        db.session.commit()


def remove_template_section(cohort: Cohort, template_section: TemplateSection) -> None:
    """Teams lose the section only if they have written nothing in it; otherwise it stays
    in their report as their own section, so no words are ever lost."""
    now = utcnow()
    for section in db.session.scalars(select(Section).where(Section.template_section_id == template_section.id)):
        if section.version == 0 and not section.body.strip():
            section.deleted_at = now
        section.template_section_id = None
    key = template_section.key
    db.session.delete(template_section)
    db.session.flush()
    for position, row in enumerate(_template_rows(cohort.id)):
        row.position = position
    _sync_teams(cohort)
    audit.record("template.section_removed", target=cohort, detail={"key": key})
    db.session.commit()


def _sync_teams(cohort: Cohort) -> None:
    """Carry the template's titles, guidance, budgets and order to every team's report, except
    a submitted one: its report stays as submitted, and follows the template when reopened."""
    template = _template_rows(cohort.id)
    teams = db.session.scalars(select(Team).where(Team.cohort_id == cohort.id, Team.submitted_at.is_(None)))
    for team in list(teams):
        _sync_team(team, template)


def follow_template(team: Team) -> None:
    """Bring one team's report up to its cohort's template (a reopened submission); the
    caller commits."""
    _sync_team(team, _template_rows(team.cohort_id))


def _sync_team(team: Team, template: list[TemplateSection]) -> None:
    sections = list(db.session.scalars(select(Section).where(Section.team_id == team.id)))
    if not sections:
        return  # laid out from the template when the team first opens its report
    by_template = {s.template_section_id: s for s in sections if s.template_section_id}
    keys = {s.key for s in sections}
    for row in template:
        section = by_template.get(row.id)
        if section is None:
            section = _section_from_template(team, row)
            if row.key in keys:
                section.key = f"{row.key}-{row.id}"
            db.session.add(section)
        section.copy_wording_from(row)
        section.position = row.position
