"""Tagging the team's work with the framework: an action, a PDSA cycle, a stakeholder, a report
section, a recommendation or a reflection, tagged with a domain or a behaviour of the team's
cohort's framework.

Who may tag an item, and whether a submitted team may, depends on what the item is:
- the team's shared work (sections, stakeholders, actions, PDSA cycles, recommendations) is
  tagged by those who may "edit" it, and tagging is part of the review's work, so a submitted
  team's tags stay as submitted (like an edit);
- the other kinds are plugged in by their owners with `register_tag_target` (a reflection: its
  author only, personal, so fw-reflect decides whether submission matters).

Whether the actor may see the item at all is the item's loader's answer: comment_targets' (its
`visible_ids`) for the shared work (so a stakeholder confidential to the team is not the host's to tag), the registered
loader for the others. An item the actor may not see is `TargetMissing` (404), exactly as if it
did not exist.

Every change validates, records an audit event and commits once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from .. import audit, comment_targets
from ..errors import ValidationProblem
from ..extensions import db
from ..models import Team, User
from ..permissions import require
from ..submitted import hold_team_open, refuse_if_submitted
from .models import TAG_TARGET_TYPES, FrameworkBehaviour, FrameworkDomain, Tag

NOT_OURS = "That is not part of your cohort's framework"
CHOOSE = "Choose a domain or behaviour of the framework"
#: the most tags one item may carry (bounds a page's panel and the API's answers)
MAX_TAGS_PER_ITEM = 40


class TargetMissing(LookupError):
    """The item does not exist in this team, or the actor may not see it: a 404."""


@dataclass(frozen=True)
class TagTarget:
    """How tagging reaches one kind of item that is not (only) a comment target."""

    load: Callable[..., object | None]  # (team, target_id, viewer) -> anything truthy when the viewer may see it
    capability: str = "edit"  # what the actor must hold on the team to tag it
    refuse_when_submitted: bool = True  # tags of a submitted team's item stay as submitted
    # (team, viewer) -> a SELECT of the ids whose tags the viewer may read in lists (the API,
    # coverage); None: this kind's tags are never listed (nothing private leaks by default)
    visible_ids: Callable[..., object] | None = None


_TARGETS: dict[str, TagTarget] = {}


def register_tag_target(target_type: str, load, *, capability: str = "edit", refuse_when_submitted: bool = True,
                        visible_ids=None) -> None:
    """Register (or replace: an app factory may run many times) how `target_type` items load for
    tagging. Kinds not registered here are loaded through comment_targets."""
    if target_type not in TAG_TARGET_TYPES:
        raise ValueError(f"unknown tag target type {target_type!r}; add it to models.TAG_TARGET_TYPES")
    _TARGETS[target_type] = TagTarget(load, capability, refuse_when_submitted, visible_ids)


def visible_ids_for(target_type: str):
    """(team, viewer) -> SELECT of the ids of `target_type` whose tags the viewer may read, or None
    when this kind's tags are listed to nobody (a registered kind without `visible_ids`)."""
    registered = _TARGETS.get(target_type)
    if registered is not None:
        return registered.visible_ids
    target = comment_targets.get(target_type)
    return None if target is None else target.visible_ids


def rules_for(target_type: str) -> TagTarget:
    registered = _TARGETS.get(target_type)
    if registered is not None:
        return registered
    return TagTarget(load=lambda team, target_id, viewer: _visible(team, target_type, target_id, viewer))


def _visible(team: Team, target_type: str, target_id: int, viewer: User) -> bool:
    """Whether the item is live in the team and the viewer may see it: the comment target's own
    SELECT of visible ids, asked about one id (one statement; no page is built for it)."""
    target = comment_targets.get(target_type)
    if target is None:
        return False
    visible = target.visible_ids(team, viewer).subquery()
    column = next(iter(visible.c))
    return db.session.scalar(select(column).where(column == target_id).limit(1)) is not None


def check_target_type(target_type) -> str:
    if not isinstance(target_type, str) or target_type not in TAG_TARGET_TYPES:
        raise ValidationProblem({"target_type": "Choose what to tag: one of " + ", ".join(TAG_TARGET_TYPES)})
    return target_type


def check_target_id(target_id) -> int:
    if isinstance(target_id, bool):
        target_id = None
    try:
        value = int(target_id)
    except (TypeError, ValueError):
        value = 0
    if not 1 <= value <= 2**31 - 1:
        raise ValidationProblem({"target_id": "Give the item's id, a whole number"})
    return value


def parse_ref(tag_ref) -> tuple[str, int]:
    """"domain:12" -> ("domain", 12); "behaviour:40" -> ("behaviour", 40)."""
    if isinstance(tag_ref, str) and tag_ref.count(":") == 1:
        kind, _, number = tag_ref.strip().partition(":")
        if kind in ("domain", "behaviour") and number.isdigit() and len(number) <= 10:
            return kind, int(number)
    raise ValidationProblem({"tag": CHOOSE})


def _may_tag(team: Team, target_type: str, target_id: int, actor: User) -> TagTarget:
    """The item's rules, once the actor holds what they need and may see the item."""
    rules = rules_for(target_type)
    require(actor, rules.capability, team)
    if not rules.load(team, target_id, actor):
        raise TargetMissing(f"That {target_type} does not exist in this team")
    return rules


def add_tag(team: Team, target_type, target_id, tag_ref, actor: User) -> Tag:
    """Tag the item with a domain or behaviour of the team's cohort's framework. Tagging it again
    with the same one changes nothing and gives the tag it has."""
    return tag_item(team, target_type, target_id, tag_ref, actor)[0]


def tag_item(team: Team, target_type, target_id, tag_ref, actor: User) -> tuple[Tag, bool]:
    """add_tag, and whether this call made the tag (False: the item had it already)."""
    target_type = check_target_type(target_type)
    target_id = check_target_id(target_id)
    kind, ref_id = parse_ref(tag_ref)
    rules = _may_tag(team, target_type, target_id, actor)
    if rules.refuse_when_submitted:
        refuse_if_submitted(team)
    model = FrameworkDomain if kind == "domain" else FrameworkBehaviour
    found = db.session.scalar(select(model.id).where(model.id == ref_id, model.cohort_id == team.cohort_id))
    if found is None:
        raise ValidationProblem({"tag": NOT_OURS})
    column = Tag.domain_id if kind == "domain" else Tag.behaviour_id
    existing = db.session.scalars(select(Tag).where(Tag.team_id == team.id, Tag.target_type == target_type,
                                                    Tag.target_id == target_id)).all()
    for tag in existing:
        if getattr(tag, column.key) == ref_id:
            return tag, False
    if len(existing) >= MAX_TAGS_PER_ITEM:
        raise ValidationProblem({"tag": f"An item may have at most {MAX_TAGS_PER_ITEM} tags"})
    tag = Tag(team_id=team.id, target_type=target_type, target_id=target_id, created_by_id=actor.id,
              **{column.key: ref_id})
    db.session.add(tag)
    audit.record("framework.tag_added", team=team, target=tag, actor=actor,
                 detail={"target_type": target_type, "target_id": target_id, "tag": f"{kind}:{ref_id}"})
    if rules.refuse_when_submitted:
        hold_team_open(team)
    try:
        db.session.commit()
    except IntegrityError:  # the same tag added by another request at the same moment: it stands
        db.session.rollback()
        return db.session.scalar(select(Tag).where(Tag.target_type == target_type, Tag.target_id == target_id,
                                                   column == ref_id)), False
    return tag, True


def get_tag(team: Team, tag_id: int) -> Tag:
    tag = db.session.scalar(select(Tag).where(Tag.id == tag_id, Tag.team_id == team.id))
    if tag is None:
        raise TargetMissing("That tag does not exist in this team")
    return tag


def remove_tag(team: Team, tag_id: int, actor: User) -> Tag:
    """Remove one of the team's tags (a tag on an item the actor may not see does not exist for them)."""
    tag = get_tag(team, tag_id)
    rules = _may_tag(team, tag.target_type, tag.target_id, actor)
    if rules.refuse_when_submitted:
        refuse_if_submitted(team)
    audit.record("framework.tag_removed", team=team, target=tag, actor=actor,
                 detail={"target_type": tag.target_type, "target_id": tag.target_id,
                         "tag": f"domain:{tag.domain_id}" if tag.domain_id else f"behaviour:{tag.behaviour_id}"})
    db.session.delete(tag)
    if rules.refuse_when_submitted:
        hold_team_open(team)
    db.session.commit()
    return tag
