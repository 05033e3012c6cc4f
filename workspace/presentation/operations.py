"""Every change to a team's slides: create, save (co-edited like a report section), delete,
move and reorder.

Saving follows the report's rules (report.operations.save_section): a save names the version it
started from; a stale save is three-way merged against the revision at that version with the
one merge (workspace.merging), field by field: the text fields (title, body, notes) word by
word, the scalar fields (presenter, time, figure) whole, taking whichever side changed one and
refusing when both changed it differently. The write is guarded by the version
(`UPDATE slides ... WHERE id = :id AND version = :seen`), so two saves can never both succeed
against the same version, whichever worker or database serves them.

The order is guarded the same way by `Deck.order_version`: a reorder names the order it saw.
Every change asks `refuse_if_submitted` first and holds the team open before it commits.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from .. import audit
from ..cleaning import bounded_int
from ..errors import ValidationProblem
from ..extensions import db
from ..merging import merge
from ..models import Team, User, utcnow
from ..submitted import ReportSubmitted, hold_team_open, refuse_if_submitted  # noqa: F401 - ops.ReportSubmitted
from ..tokens import DiffBudget
from .layout import ensure_deck
from .models import MAX_SLIDES, Deck, Slide, SlideRevision
from .queries import live_slides, slot_minutes
from .slide_fields import SCALAR_FIELDS, TEXT_FIELDS, SlideValues, clean_fields

SAVE_ATTEMPTS = 8
ORDER_ATTEMPTS = 3

# Named here so tests can slow the write down (a forced race), as report.operations does.
_hold_team_open = hold_team_open


class SlideSaveBusy(Exception):
    """Others kept saving first on every attempt; nothing was saved, and a retry will do."""

    MESSAGE = "Others kept saving this slide at the same moment. Nothing was saved: try again."


class SlideGone(Exception):
    """The slide was deleted while someone was editing it."""

    MESSAGE = "This slide was deleted while you were editing it. Nothing was saved."


class OrderStale(Exception):
    """The reorder named an order that has changed since (or not the deck's slides)."""

    MESSAGE = ("Someone changed the slides' order (or added or deleted a slide) since you loaded the page. "
               "Nothing was moved: look at the order now and try again.")

    def __init__(self, order_version: int):
        self.order_version = order_version
        super().__init__(self.MESSAGE)


@dataclass
class SlideConflict(Exception):
    """A stale save whose changes overlap the saved ones: nothing was saved. `current` is the
    slide as saved now, `merged_with_markers` each text field merged (with conflict markers
    where the two versions change the same words), `scalars` the names of the scalar fields
    both sides changed differently; `mine` is what the save asked for (for the form)."""

    current_version: int
    current: dict
    merged_with_markers: dict
    scalars: list[str]
    mine: dict = field(default_factory=dict)

    def __str__(self) -> str:
        return "Someone else saved this slide meanwhile, and both of you changed the same words or settings."


@dataclass
class SlideSaveOutcome:
    version: int
    slide: Slide
    merged: bool
    changed: bool
    merged_with: tuple[str, ...] = ()  # who saved between the save's base and its write


# --- create ----------------------------------------------------------------------------------


def _live_ids(team: Team) -> list[int]:
    return list(db.session.scalars(select(Slide.id).where(live_slides(team)).order_by(Slide.position, Slide.id)))


def _order_version(team: Team) -> int:
    return db.session.scalar(select(Deck.order_version).where(Deck.team_id == team.id)) or 1


def _bump_order(team: Team, seen: int) -> bool:
    """Claim the next order version; False when another change of the order came first."""
    result = db.session.execute(update(Deck).where(Deck.team_id == team.id, Deck.order_version == seen)
                                .values(order_version=seen + 1).execution_options(synchronize_session=False))
    return result.rowcount == 1


def _renumber(team: Team, ordered_ids: list[int]) -> None:
    positions = dict(db.session.execute(select(Slide.id, Slide.position).where(live_slides(team))).all())
    for position, slide_id in enumerate(ordered_ids, start=1):
        if positions.get(slide_id) != position:
            db.session.execute(update(Slide).where(Slide.id == slide_id, Slide.team_id == team.id)
                               .values(position=position).execution_options(synchronize_session=False))


def create_slide(team: Team, actor: User, fields: dict, after_id=None) -> Slide:
    """A new slide at the end of the deck, or just after the slide `after_id`."""
    refuse_if_submitted(team)
    ensure_deck(team)
    values = clean_fields(team, fields, SlideValues(), slot_minutes(team.cohort_id))
    for _attempt in range(ORDER_ATTEMPTS):
        seen = _order_version(team)
        ids = _live_ids(team)
        if len(ids) >= MAX_SLIDES:
            db.session.rollback()
            raise ValidationProblem({"title": f"A deck can have at most {MAX_SLIDES} slides. Delete one first."})
        index = len(ids)
        if after_id not in (None, ""):
            after = bounded_int(after_id, 1)
            if after not in ids:
                db.session.rollback()
                raise ValidationProblem({"after_id": "Choose a slide of this deck to add the new slide after"})
            index = ids.index(after) + 1
        if not _bump_order(team, seen):
            db.session.rollback()
            continue
        now = utcnow()
        slide = Slide(team_id=team.id, position=index + 1, title=values.title, body=values.body, notes=values.notes,
                      presenter_id=values.presenter_id, seconds=values.seconds, figure_key=values.figure_key,
                      figure_caption=values.figure_caption, version=1, created_at=now, updated_at=now,
                      updated_by_id=actor.id)
        db.session.add(slide)
        db.session.flush()
        _renumber(team, [*ids[:index], slide.id, *ids[index:]])
        _hold_team_open(team)
        db.session.add(_revision(slide, values, 1, actor, now, "create"))
        audit.record("slide.created", actor=actor, team=team, target=slide,
                     detail={"title": slide.title, "position": index + 1})
        db.session.commit()
        return slide
    raise OrderStale(_order_version(team))


def _revision(slide: Slide, values: SlideValues, version: int, actor: User, now, kind: str) -> SlideRevision:
    return SlideRevision(slide_id=slide.id, team_id=slide.team_id, version=version, title=values.title, body=values.body,
                         notes=values.notes, presenter_id=values.presenter_id, seconds=values.seconds,
                         figure_key=values.figure_key, author_id=actor.id, created_at=now, kind=kind)


# --- save ------------------------------------------------------------------------------------


def _load_slide(team: Team, slide_id) -> Slide:
    slide_id = bounded_int(slide_id, 1)
    slide = None if slide_id is None else db.session.scalar(
        select(Slide).where(Slide.id == slide_id, Slide.team_id == team.id).execution_options(populate_existing=True))
    if slide is None or slide.deleted_at is not None:
        db.session.rollback()
        raise SlideGone()
    return slide


def _values_at(slide: Slide, version: int) -> SlideValues:
    if version == slide.version:
        return SlideValues.of(slide)
    revision = db.session.scalar(select(SlideRevision).where(SlideRevision.slide_id == slide.id,
                                                             SlideRevision.version == version))
    return SlideValues() if revision is None else SlideValues.of(revision)


def save_slide(team: Team, slide_id, fields: dict, base_version, actor: User) -> SlideSaveOutcome:
    """Save the slide's fields as they were edited from `base_version`. A stale save merges
    with what was saved meanwhile (SlideSaveOutcome.merged) or raises SlideConflict; nothing is
    ever saved over someone else's change unseen."""
    refuse_if_submitted(team)
    base_version = bounded_int(base_version, 0)
    slide = _load_slide(team, slide_id)
    if base_version is None or not 1 <= base_version <= slide.version:
        db.session.rollback()
        raise ValidationProblem({"base_version": f"base_version must be between 1 and the current version ({slide.version})"})
    slot = slot_minutes(team.cohort_id)
    budget = DiffBudget()  # one bound on comparing texts for the whole save, retries included
    base = _values_at(slide, base_version)
    mine = clean_fields(team, fields, base, slot, unchanged_figures=(slide.figure_key,))
    for attempt in range(SAVE_ATTEMPTS):
        if attempt:
            # Someone saved between our read and our write: back off a little, then merge again.
            time.sleep(random.uniform(0, 0.005 * attempt))  # noqa: S311 - jitter, not security
            slide = _load_slide(team, slide.id)
        seen = slide.version
        theirs = SlideValues.of(slide)
        merged = base_version != seen
        new = _merged(base, mine, theirs, seen, slide, budget) if merged else mine
        if new.figure_key == theirs.figure_key:
            new.figure_caption = theirs.figure_caption
        if _same(new, theirs):
            db.session.rollback()
            return SlideSaveOutcome(seen, slide, merged, changed=False)
        if _write(team, slide, seen, new, actor, "merge" if merged else "save"):
            others = _authors_between(slide, base_version, seen) if merged else ()
            db.session.refresh(slide)
            return SlideSaveOutcome(seen + 1, slide, merged, changed=True, merged_with=others)
    raise SlideSaveBusy()


def _merged(base: SlideValues, mine: SlideValues, theirs: SlideValues, seen: int, slide: Slide,
            budget: DiffBudget) -> SlideValues:
    out = SlideValues(**mine.as_dict())
    texts, clean = {}, True
    for name in TEXT_FIELDS:
        result = merge(getattr(base, name), getattr(mine, name), getattr(theirs, name), budget)
        texts[name] = result.text
        clean = clean and result.clean
        setattr(out, name, result.text)
    scalars = []
    for name in SCALAR_FIELDS:
        b, m, t = getattr(base, name), getattr(mine, name), getattr(theirs, name)
        if m == b:
            setattr(out, name, t)
        elif t in (b, m):
            setattr(out, name, m)
        else:
            scalars.append(name)
    if not clean or scalars:
        db.session.rollback()
        raise SlideConflict(seen, theirs.as_dict(), texts, scalars, mine.as_dict())
    return out


def _same(a: SlideValues, b: SlideValues) -> bool:
    return all(getattr(a, name) == getattr(b, name) for name in (*TEXT_FIELDS, *SCALAR_FIELDS))


def _write(team: Team, slide: Slide, seen: int, new: SlideValues, actor: User, kind: str) -> bool:
    """One transaction: the guarded update and its revision. False if someone saved first."""
    now = utcnow()
    result = db.session.execute(
        update(Slide).where(Slide.id == slide.id, Slide.version == seen, Slide.deleted_at.is_(None))
        .values(title=new.title, body=new.body, notes=new.notes, presenter_id=new.presenter_id, seconds=new.seconds,
                figure_key=new.figure_key, figure_caption=new.figure_caption, version=seen + 1, updated_at=now,
                updated_by_id=actor.id)
        .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        db.session.rollback()
        return False
    _hold_team_open(team)
    db.session.add(_revision(slide, new, seen + 1, actor, now, kind))
    audit.record("slide.saved", actor=actor, team=team, target=slide, detail={"version": seen + 1, "kind": kind})
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()  # the version was written by someone else: try again
        return False
    return True


def _authors_between(slide: Slide, base_version: int, seen: int) -> tuple[str, ...]:
    rows = db.session.execute(
        select(User.name).join(SlideRevision, SlideRevision.author_id == User.id)
        .where(SlideRevision.slide_id == slide.id, SlideRevision.version > base_version,
               SlideRevision.version <= seen).order_by(SlideRevision.version)).scalars()
    return tuple(dict.fromkeys(rows))


# --- delete, move, reorder -------------------------------------------------------------------


def delete_slide(team: Team, slide: Slide, actor: User) -> None:
    """Soft delete: the slide leaves the deck, its comment threads keep their target."""
    refuse_if_submitted(team)
    for _attempt in range(ORDER_ATTEMPTS):
        seen = _order_version(team)
        if not _bump_order(team, seen):
            db.session.rollback()
            continue
        result = db.session.execute(update(Slide).where(Slide.id == slide.id, Slide.team_id == team.id,
                                                        Slide.deleted_at.is_(None))
                                    .values(deleted_at=utcnow(), updated_by_id=actor.id)
                                    .execution_options(synchronize_session=False))
        if result.rowcount != 1:
            db.session.rollback()
            raise SlideGone()
        _hold_team_open(team)
        audit.record("slide.deleted", actor=actor, team=team, target=slide, detail={"title": slide.title})
        db.session.commit()
        return
    raise OrderStale(_order_version(team))


def move_slide(team: Team, slide: Slide, direction: str, actor: User) -> None:
    """One place up or down (the keyboard's way to reorder). At either end it stays put."""
    if direction not in ("up", "down"):
        raise ValidationProblem({"direction": "Choose up or down"})
    refuse_if_submitted(team)
    for _attempt in range(ORDER_ATTEMPTS):
        seen = _order_version(team)
        ids = _live_ids(team)
        if slide.id not in ids:
            db.session.rollback()
            raise SlideGone()
        index = ids.index(slide.id)
        other = index - 1 if direction == "up" else index + 1
        if not 0 <= other < len(ids):
            db.session.rollback()
            return
        ids[index], ids[other] = ids[other], ids[index]
        try:
            _apply_order(team, ids, seen, actor, {"slide": slide.id, "direction": direction})
            return
        except OrderStale:
            continue
    raise OrderStale(_order_version(team))


def reorder(team: Team, ordered_ids, order_version, actor: User) -> int:
    """The deck in this order (the drag script and the API). The list must name each live slide
    once, and `order_version` the order it was made from. Returns the new order version."""
    refuse_if_submitted(team)
    if not isinstance(ordered_ids, list | tuple) or len(ordered_ids) > MAX_SLIDES:
        raise ValidationProblem({"order": "Send the deck's slide ids in their new order"})
    ids = [bounded_int(i, 1) for i in ordered_ids]
    seen = bounded_int(order_version, 0)
    if seen is None:
        raise ValidationProblem({"order_version": "Send the order_version the new order was made from"})
    live = _live_ids(team)
    if None in ids or len(set(ids)) != len(ids) or set(ids) != set(live):
        current = _order_version(team)
        db.session.rollback()
        if current != seen:
            raise OrderStale(current)
        raise ValidationProblem({"order": "The order must name each of the deck's slides exactly once"})
    if ids == live and seen == _order_version(team):
        db.session.rollback()
        return seen
    _apply_order(team, ids, seen, actor, {"order": ids})
    return seen + 1


def _apply_order(team: Team, ids: list[int], seen: int, actor: User, detail: dict) -> None:
    if not _bump_order(team, seen):
        current = _order_version(team)
        db.session.rollback()
        raise OrderStale(current)
    _renumber(team, ids)
    _hold_team_open(team)
    audit.record("slides.reordered", actor=actor, team=team, detail=detail)
    db.session.commit()


def order_version(team: Team) -> int:
    """The deck's order version (what a reorder names)."""
    return _order_version(team)


def slide_count(team: Team) -> int:
    return db.session.scalar(select(func.count()).select_from(Slide).where(live_slides(team))) or 0
