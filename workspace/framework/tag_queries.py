"""Reading tags: an item's tags, many items' tags at once, with the names they show."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import String, cast, false, literal, null, or_, select, union_all
from sqlalchemy.orm import aliased

from ..extensions import db
from ..models import Team
from .models import TAG_TARGET_TYPES, FrameworkBehaviour, FrameworkDomain, Tag
from .setup import Framework, framework_from_rows, framework_parts

#: the most items one call asks about (a page lists at most this many)
MAX_IDS = 1000


@dataclass(frozen=True)
class TagView:
    id: int
    target_type: str
    target_id: int
    kind: str  # "domain" or "behaviour"
    ref: str  # "domain:12" / "behaviour:40", as forms name it
    name: str
    group: str  # a behaviour's domain or theme; a domain's own name

    def as_json(self) -> dict:
        return {"id": self.id, "target_type": self.target_type, "target_id": self.target_id, "kind": self.kind,
                "ref": self.ref, "name": self.name, "group": self.group}


_BEHAVIOUR_DOMAIN = aliased(FrameworkDomain)


def _statement(team: Team):
    return (select(Tag.id, Tag.target_type, Tag.target_id, Tag.domain_id, Tag.behaviour_id,
                   FrameworkDomain.name.label("domain_name"), FrameworkBehaviour.name.label("behaviour_name"),
                   FrameworkBehaviour.theme, _BEHAVIOUR_DOMAIN.name.label("behaviour_domain"),
                   FrameworkDomain.position.label("domain_position"))
            .outerjoin(FrameworkDomain, FrameworkDomain.id == Tag.domain_id)
            .outerjoin(FrameworkBehaviour, FrameworkBehaviour.id == Tag.behaviour_id)
            .outerjoin(_BEHAVIOUR_DOMAIN, _BEHAVIOUR_DOMAIN.id == FrameworkBehaviour.domain_id)
            .where(Tag.team_id == team.id)
            .order_by(Tag.behaviour_id.is_not(None), FrameworkDomain.position, FrameworkBehaviour.position, Tag.id))


def _view(row) -> TagView:
    if row.domain_id is not None:
        return TagView(row.id, row.target_type, row.target_id, "domain", f"domain:{row.domain_id}",
                       row.domain_name, row.domain_name)
    return TagView(row.id, row.target_type, row.target_id, "behaviour", f"behaviour:{row.behaviour_id}",
                   row.behaviour_name, row.behaviour_domain or row.theme or "")


def tags_of(team: Team, target_type: str, ids: Iterable[int]) -> dict[int, list[TagView]]:
    """{target id: its tags} for many items of one type, in ONE statement (domains first, then
    behaviours, each in the framework's order). Items without tags are absent. The caller passes
    ids of items its viewer may see (a page's own item, or ids from a visible_ids SELECT):
    tags_of does not ask again."""
    wanted = sorted({int(i) for i in ids})[:MAX_IDS]
    found: dict[int, list[TagView]] = {}
    if not wanted:
        return found
    rows = db.session.execute(_statement(team).where(Tag.target_type == target_type, Tag.target_id.in_(wanted)))
    for row in rows:
        found.setdefault(row.target_id, []).append(_view(row))
    return found


def tags_of_item(team: Team, target_type: str, target_id: int) -> list[TagView]:
    return tags_of(team, target_type, [target_id]).get(target_id, [])


def visible_to(team: Team, viewer, target_types=TAG_TARGET_TYPES):
    """The condition that a tag's item is one the viewer may see (each kind's own SELECT of
    visible ids): what lists of tags ask, so a tag never tells of an item hidden from its reader
    (a stakeholder confidential to the team, another member's private reflection)."""
    from .tags import visible_ids_for  # tags imports this module's readers

    allowed = []
    for target_type in target_types:
        visible = visible_ids_for(target_type)
        if visible is not None:
            allowed.append((Tag.target_type == target_type) & Tag.target_id.in_(visible(team, viewer)))
    return or_(*allowed) if allowed else false()


def team_tags(team: Team, viewer, target_type: str | None = None, target_id: int | None = None,
              after: int | None = None, limit: int = MAX_IDS) -> list[TagView]:
    """The team's tags on items the viewer may see (optionally of one type, or one item), in the
    order they were made, from after the tag id `after`, at most `limit`: one statement (the API)."""
    statement = _statement(team).where(visible_to(team, viewer, [target_type] if target_type else TAG_TARGET_TYPES))
    if target_id is not None:
        statement = statement.where(Tag.target_id == target_id)
    if after is not None:
        statement = statement.where(Tag.id > after)
    statement = statement.order_by(None).order_by(Tag.id).limit(limit)
    return [_view(row) for row in db.session.execute(statement)]


def tag_view(team: Team, tag_id: int) -> TagView | None:
    row = db.session.execute(_statement(team).where(Tag.id == tag_id)).first()
    return None if row is None else _view(row)


def panel_data(team: Team, target_type: str, target_id: int) -> tuple[Framework, list[TagView]]:
    """What the tag panel shows, in ONE statement: the cohort's framework (for the picker) and
    the item's tags, whose names and groups come from that framework."""
    no_text = cast(null(), String)
    tags = select(literal("tag"), Tag.id, Tag.domain_id, no_text, no_text, no_text, no_text, Tag.behaviour_id).where(
        Tag.team_id == team.id, Tag.target_type == target_type, Tag.target_id == target_id)
    rows = db.session.execute(union_all(*framework_parts(team.cohort_id), tags)).all()
    framework = framework_from_rows(team.cohort_id, rows)
    domains = {d.id: d for d in framework.domains}
    behaviours: dict[int, tuple[str, str, tuple]] = {}
    for d in framework.domains:
        behaviours.update((b.id, (b.name, d.name, (1, d.position, b.position))) for b in d.behaviours)
    for t, (theme, items) in enumerate(framework.themes.items()):
        behaviours.update((b.id, (b.name, theme, (2, t, b.position))) for b in items)
    found = []
    for row in rows:
        if row.kind != "tag":
            continue
        if row.domain_id is not None and row.domain_id in domains:
            d = domains[row.domain_id]
            found.append(((0, d.position, 0), TagView(row.id, target_type, target_id, "domain", f"domain:{d.id}",
                                                      d.name, d.name)))
        elif row.position in behaviours:  # the tag's behaviour_id, in the position column
            name, group, order = behaviours[row.position]
            found.append((order, TagView(row.id, target_type, target_id, "behaviour", f"behaviour:{row.position}",
                                         name, group)))
    return framework, [view for _, view in sorted(found, key=lambda pair: (pair[0], pair[1].id))]
