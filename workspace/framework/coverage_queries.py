"""Reads for coverage and each member's evidence: the cohort's framework, the tags a viewer may
count, the titles and links of tagged items, and a member's reflections.

Which items count (the privacy rules live here, once):
- another feature's item counts when it is live and the viewer may see it: the SELECT of
  `comment_targets.get(type).visible_ids(team, viewer)` (a confidential stakeholder is not
  counted for a host partner, nor for an export, whose viewer is None);
- a reflection counts when the viewer may read it (fw-reflect's one rule,
  reflections.visible_reflections): a private one for its author only; a shared one for the
  team, its assessors and facilitators, never the host partner. A document (no viewer) counts
  the shared ones, and in the host partner's copy none.

Every read is one statement whatever the team holds, except the titles of report sections, which
the report loads one by one (it registers no `load_many`; a report has a dozen sections).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from flask import url_for
from sqlalchemy import or_, select
from werkzeug.routing import BuildError

from .. import comment_targets
from ..extensions import db
from ..models import Membership, Role, Team, User
from . import setup
from .coverage import ITEM_TYPES, BehaviourInfo, DomainInfo, TagInfo
from .models import Reflection, Tag
from .reflections import visible_reflections

#: the most items a list shows (a cell's list, a member's evidence per domain); the counts are exact
LIST_MAX = 200
#: the most reflections the evidence page and document hold (newest first)
REFLECTIONS_MAX = 500


@dataclass(frozen=True)
class Framework:
    domains: list[DomainInfo]
    behaviours: list[BehaviourInfo]

    def domain_by_key(self, key: str) -> DomainInfo | None:
        return next((d for d in self.domains if d.key == key), None)


@dataclass(frozen=True)
class Item:
    """A tagged item as the viewer may see it."""

    type: str
    id: int
    title: str
    url: str | None


@dataclass(frozen=True)
class ReflectionEntry:
    id: int
    written_on: date
    title: str
    body: str
    shared: bool
    behaviours: tuple[str, ...] = field(default_factory=tuple)  # the names it is tagged with
    url: str | None = None


def framework_of(team: Team, *, ensure: bool = False) -> Framework:
    """The team's cohort's framework: domains with their interventions, and behaviours (one
    statement: setup.framework_of). `ensure`: copy it into the cohort first if the cohort has
    none yet (the Coverage page, often the first framework page a team opens; that commits)."""
    found = setup.framework_for(team.cohort) if ensure else setup.framework_of(team.cohort_id)
    behaviours = [BehaviourInfo(b.id, b.name, domain_id=d.id) for d in found.domains for b in d.behaviours]
    behaviours += [BehaviourInfo(b.id, b.name, theme=theme) for theme, items in found.themes.items() for b in items]
    return Framework(
        domains=[DomainInfo(d.id, d.key, d.name, tuple(i.name for i in d.interventions)) for d in found.domains],
        behaviours=behaviours,
    )


def reflections_counted(team: Team, viewer, audience: str | None = None):
    """The WHERE clause of the reflections counted and listed: for a person, those they may read
    (reflections.visible_reflections, fw-reflect's one rule: their own, and the shared ones
    unless they are the host partner); for a document (no viewer), the shared ones, and none
    in the host partner's copy."""
    if viewer is not None and getattr(viewer, "is_authenticated", False):
        return visible_reflections(team, viewer)
    live = (Reflection.team_id == team.id) & Reflection.deleted_at.is_(None)
    if audience == "host":
        return live & Reflection.id.is_(None)  # matches no row
    return live & Reflection.shared_at.is_not(None)


def _visible(team: Team, viewer, audience: str | None):
    """One condition on Tag: its item is live and the viewer may see it (see the docstring)."""
    conditions = []
    for item_type in ITEM_TYPES:
        if item_type == "reflection":
            ids = select(Reflection.id).where(reflections_counted(team, viewer, audience))
        else:
            kind = comment_targets.get(item_type)
            if kind is None:
                continue
            ids = kind.visible_ids(team, viewer)
        conditions.append((Tag.target_type == item_type) & Tag.target_id.in_(ids))
    return or_(*conditions)


def counted_tags(team: Team, viewer, *, tagged_by: int | None = None, audience: str | None = None) -> list[TagInfo]:
    """The team's tags on items the viewer may count (one statement); only those `tagged_by`
    made, when given. With no viewer (a document), `audience` says whose copy it is."""
    query = (select(Tag.target_type, Tag.target_id, Tag.domain_id, Tag.behaviour_id)
             .where(Tag.team_id == team.id, _visible(team, viewer, audience)).order_by(Tag.id))
    if tagged_by is not None:
        query = query.where(Tag.created_by_id == tagged_by)
    return [TagInfo(*row) for row in db.session.execute(query)]


def reflection_url(team: Team, reflection_id: int) -> str | None:
    """The reflection's own page, once the reflections' pages exist (helper fw-reflect's)."""
    try:
        return url_for("framework.reflection", team_id=team.id, reflection_id=reflection_id)
    except BuildError:
        return None


def items(team: Team, viewer, pairs: Iterable[tuple[str, int]]) -> dict[tuple[str, int], Item]:
    """Titles and links of tagged items the viewer may see, keyed (type, id): one query per type
    (reflections from this feature's own table, the rest through comment_targets)."""
    pairs = list(pairs)
    found: dict[tuple[str, int], Item] = {}
    others = [(t, i) for t, i in pairs if t != "reflection"]
    for key, target in comment_targets.load_each(team, others, viewer).items():
        found[key] = Item(key[0], key[1], target.title, target.url)
    wanted = sorted({i for t, i in pairs if t == "reflection"})
    if wanted:
        for row in db.session.execute(select(Reflection.id, Reflection.title, Reflection.written_on)
                                      .where(Reflection.id.in_(wanted), reflections_counted(team, viewer))):
            found[("reflection", row.id)] = Item("reflection", row.id, _reflection_title(row.title, row.written_on),
                                                 reflection_url(team, row.id))
    return found


def _reflection_title(title: str, written_on: date) -> str:
    when = f"{written_on.day} {written_on:%B %Y}"
    return f"{title} ({when})" if title else f"Reflection of {when}"


def team_members(team: Team) -> list[User]:
    """The team's members (learners), by name: whose evidence the coverage page links to."""
    return list(db.session.scalars(
        select(User).join(Membership, Membership.user_id == User.id)
        .where(Membership.team_id == team.id, Membership.role == Role.MEMBER.value).order_by(User.name, User.id)))


def member_of(team: Team, user_id: int) -> User | None:
    """The team's member (a learner) with this id, or None."""
    return db.session.scalar(
        select(User).join(Membership, Membership.user_id == User.id)
        .where(Membership.team_id == team.id, Membership.role == Role.MEMBER.value, User.id == user_id))


def reflections_of(team: Team, author: User, viewer, framework: Framework) -> list[ReflectionEntry]:
    """`author`'s live reflections in this team, newest first: the shared ones, and the private
    ones too only when the viewer is the author (never anyone else, facilitators included).
    Two statements: the reflections, and the behaviours they are tagged with."""
    query = (select(Reflection).where(reflections_counted(team, viewer), Reflection.author_id == author.id)
             .order_by(Reflection.written_on.desc(), Reflection.id.desc()).limit(REFLECTIONS_MAX))
    rows = list(db.session.scalars(query))
    if not rows:
        return []
    names = {b.id: b.name for b in framework.behaviours}
    names.update({("domain", d.id): d.name for d in framework.domains})
    tagged: dict[int, list[str]] = {}
    for target_id, domain_id, behaviour_id in db.session.execute(
            select(Tag.target_id, Tag.domain_id, Tag.behaviour_id)
            .where(Tag.team_id == team.id, Tag.target_type == "reflection", Tag.target_id.in_([r.id for r in rows]))
            .order_by(Tag.id)):
        name = names.get(behaviour_id) if behaviour_id is not None else names.get(("domain", domain_id))
        if name:
            tagged.setdefault(target_id, []).append(name)
    return [ReflectionEntry(r.id, r.written_on, r.title, r.body, r.shared_at is not None,
                            tuple(tagged.get(r.id, ())), reflection_url(team, r.id)) for r in rows]
