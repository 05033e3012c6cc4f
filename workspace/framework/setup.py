"""Each cohort's own copy of the framework: made from framework/data.py the first time the
cohort needs it (`ensure_framework`), and read whole for pickers and pages (`framework_of`, one statement)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Integer, String, cast, insert, literal, null, select, union_all
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..models import Cohort
from . import data
from .models import THEMES, FrameworkBehaviour, FrameworkDomain, FrameworkIntervention


def ensure_framework(cohort: Cohort) -> bool:
    """Copy the framework into the cohort's tables unless it has its own already; True when this
    call made the copy.

    It commits when it makes the copy, so call it before changing anything else in the request
    (as marking's `ensure_rubric` does). Two first calls at once make one copy: the domains go in
    first, and the unique (cohort_id, key) constraint lets only one of the calls' domains in; the
    other rolls back and reads what the first made."""
    exists = db.session.scalar(select(FrameworkDomain.id).where(FrameworkDomain.cohort_id == cohort.id).limit(1))
    if exists is not None:
        return False
    domains = [FrameworkDomain(cohort_id=cohort.id, key=d.key, name=d.name, description=d.description, position=n)
               for n, d in enumerate(data.DOMAINS, start=1)]
    db.session.add_all(domains)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        return False
    behaviours, interventions = [], []
    for row, source in zip(domains, data.DOMAINS, strict=True):
        behaviours += [{"cohort_id": cohort.id, "domain_id": row.id, "theme": None, "name": name, "description": kind,
                        "position": n} for n, (name, kind) in enumerate(source.entries(), start=1)]
        interventions += [{"cohort_id": cohort.id, "domain_id": row.id, "name": name, "position": n}
                          for n, name in enumerate(source.interventions, start=1)]
    for theme in THEMES:
        behaviours += [{"cohort_id": cohort.id, "domain_id": None, "theme": theme, "name": name, "description": "",
                        "position": n} for n, name in enumerate(data.THEME_BEHAVIOURS[theme], start=1)]
    db.session.execute(insert(FrameworkBehaviour), behaviours)  # one statement each (executemany)
    db.session.execute(insert(FrameworkIntervention), interventions)
    try:
        db.session.commit()
    except IntegrityError:  # pragma: no cover - the domains' flush already decided who copies
        db.session.rollback()
        return False
    return True


# --- reading a cohort's framework ------------------------------------------------------------------


@dataclass
class Item:
    """A behaviour (of a domain or a theme) or an intervention, as pages and pickers show it."""

    id: int
    name: str
    description: str
    position: int


@dataclass
class DomainView:
    id: int
    key: str
    name: str
    description: str
    position: int
    behaviours: list[Item] = field(default_factory=list)
    interventions: list[Item] = field(default_factory=list)


@dataclass
class Framework:
    cohort_id: int
    domains: list[DomainView]
    themes: dict[str, list[Item]]  # every theme of THEMES, in order, each with its behaviours

    @property
    def is_empty(self) -> bool:
        return not self.domains

    def behaviour_names(self) -> dict[int, str]:
        names = {b.id: b.name for d in self.domains for b in d.behaviours}
        names.update((b.id, b.name) for items in self.themes.values() for b in items)
        return names


def framework_parts(cohort_id: int) -> list:
    """The cohort's domains, behaviours and interventions as SELECTs of the same columns (kind, id,
    domain_id, theme, key, name, description, position), to be read as one UNION ALL (a caller may
    add its own rows of the same shape: the tag panel adds the item's tags)."""
    no_id, no_text = cast(null(), Integer), cast(null(), String)  # typed, so PostgreSQL knows each column
    domains = select(literal("domain").label("kind"), FrameworkDomain.id, no_id.label("domain_id"),
                     no_text.label("theme"), FrameworkDomain.key, FrameworkDomain.name, FrameworkDomain.description,
                     FrameworkDomain.position).where(FrameworkDomain.cohort_id == cohort_id)
    behaviours = select(literal("behaviour"), FrameworkBehaviour.id, FrameworkBehaviour.domain_id,
                        FrameworkBehaviour.theme, no_text, FrameworkBehaviour.name, FrameworkBehaviour.description,
                        FrameworkBehaviour.position).where(FrameworkBehaviour.cohort_id == cohort_id)
    interventions = select(literal("intervention"), FrameworkIntervention.id, FrameworkIntervention.domain_id,
                           no_text, no_text, FrameworkIntervention.name, literal(""), FrameworkIntervention.position
                           ).where(FrameworkIntervention.cohort_id == cohort_id)
    return [domains, behaviours, interventions]


def framework_of(cohort_id: int) -> Framework:
    """The cohort's framework: its domains (each with its behaviours and interventions) and the
    themes with theirs, in order. One statement whatever the framework holds."""
    return framework_from_rows(cohort_id, db.session.execute(union_all(*framework_parts(cohort_id))).all())


def framework_from_rows(cohort_id: int, rows) -> Framework:
    """The framework from the rows of `framework_parts` (rows of other kinds are left alone)."""
    domains = {r.id: DomainView(r.id, r.key, r.name, r.description or "", r.position)
               for r in sorted((r for r in rows if r.kind == "domain"), key=lambda r: (r.position, r.id))}
    themes: dict[str, list[Item]] = {theme: [] for theme in THEMES}
    for row in rows:
        if row.kind not in ("behaviour", "intervention"):
            continue
        item = Item(row.id, row.name, row.description or "", row.position)
        if row.kind == "intervention":
            if row.domain_id in domains:
                domains[row.domain_id].interventions.append(item)
        elif row.domain_id is not None:
            if row.domain_id in domains:
                domains[row.domain_id].behaviours.append(item)
        else:
            themes.setdefault(row.theme, []).append(item)
    order = lambda i: (i.position, i.id)  # noqa: E731
    for domain in domains.values():
        domain.behaviours.sort(key=order)
        domain.interventions.sort(key=order)
    for items in themes.values():
        items.sort(key=order)
    return Framework(cohort_id, list(domains.values()), themes)


def framework_for(cohort: Cohort) -> Framework:
    """The cohort's framework, copied in first if the cohort has none yet (commits then)."""
    found = framework_of(cohort.id)
    if found.is_empty and ensure_framework(cohort):
        found = framework_of(cohort.id)
    return found

