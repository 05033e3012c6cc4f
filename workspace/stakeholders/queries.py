"""Reading the stakeholder map, as one viewer may see it.

Confidentiality is decided here and nowhere else: every page, figure, API answer, CSV and Word
part reads stakeholders through these functions with `full` (the viewer holds
"see_confidential_stakeholders"). Without it a confidential stakeholder is not there at all
(nor their links, threads or history), and an attitude marked confidential is None, in the
stakeholder and in every history row, and sorts and filters as if it were not recorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Select, and_, bindparam, case, func, literal, null, or_, select
from sqlalchemy.orm import aliased, joinedload

from .. import reads
from ..cleaning import bounded_int, clean_line
from ..extensions import db
from ..models import User
from ..timefmt import LONDON
from . import figures
from .fields import FIELDS, attitude_label
from .models import (
    CATEGORY_LABELS,
    NINE_CS,
    Category,
    Frequency,
    Stakeholder,
    StakeholderChange,
    StakeholderLink,
)

#: power and interest from this score up count as high (the grid's line between quadrants)
HIGH = 3
PER_PAGE = 50


@dataclass(frozen=True)
class Seen:
    """A stakeholder as one viewer may see them (see the module's docstring)."""

    id: int
    name: str
    organisation: str
    role: str
    category: str
    category_label: str
    power: int
    interest: int
    quadrant: str
    attitude: int | None
    desired_attitude: int | None
    impact: str
    owner_id: int | None
    owner_name: str | None
    owner_email: str | None
    engagement_actions: str
    channel: str
    frequency: str | None
    frequency_label: str | None
    last_contact_on: date | None
    next_contact_on: date | None
    overdue: bool
    notes: str
    tags: list[str]
    nine_cs: list[str]
    confidential: bool | None  # None: the viewer is not told
    attitude_confidential: bool | None
    version: int
    created_at: datetime
    updated_at: datetime

    @property
    def attitude_text(self) -> str:
        return attitude_label(self.attitude)

    @property
    def desired_text(self) -> str:
        return attitude_label(self.desired_attitude)

    @property
    def nine_c_labels(self) -> list[str]:
        return [NINE_CS[key][0] for key in self.nine_cs if key in NINE_CS]

    @property
    def moves(self) -> bool:
        """Whether engagement should move them: a desired attitude other than the current one."""
        return None not in (self.attitude, self.desired_attitude) and self.attitude != self.desired_attitude

    def marker(self) -> figures.GridMarker:
        return figures.GridMarker(
            id=self.id, label=self.name, organisation=self.organisation, category=self.category_label,
            owner=self.owner_name, power=self.power, interest=self.interest, attitude=self.attitude,
            desired=self.desired_attitude, version=self.version,
        )


def today() -> date:
    """Today where the programme runs: a contact due today is overdue from tomorrow, London time."""
    return datetime.now(LONDON).date()


def seen(stakeholder: Stakeholder, full: bool, on: date | None = None) -> Seen:
    hide_attitude = not full and stakeholder.attitude_confidential
    owner = stakeholder.owner
    return Seen(
        id=stakeholder.id, name=stakeholder.name, organisation=stakeholder.organisation, role=stakeholder.role,
        category=stakeholder.category, category_label=CATEGORY_LABELS[Category(stakeholder.category)],
        power=stakeholder.power, interest=stakeholder.interest,
        quadrant=figures.quadrant(stakeholder.power, stakeholder.interest),
        attitude=None if hide_attitude else stakeholder.attitude,
        desired_attitude=None if hide_attitude else stakeholder.desired_attitude,
        impact=stakeholder.impact, owner_id=stakeholder.owner_id, owner_name=owner.name if owner else None,
        owner_email=owner.email if owner else None, engagement_actions=stakeholder.engagement_actions,
        channel=stakeholder.channel, frequency=stakeholder.frequency,
        frequency_label=Frequency(stakeholder.frequency).label if stakeholder.frequency else None,
        last_contact_on=stakeholder.last_contact_on, next_contact_on=stakeholder.next_contact_on,
        overdue=stakeholder.next_contact_on is not None and stakeholder.next_contact_on < (on or today()),
        notes=stakeholder.notes, tags=list(stakeholder.tags or []), nine_cs=list(stakeholder.nine_cs or []),
        confidential=stakeholder.confidential if full else None,
        attitude_confidential=stakeholder.attitude_confidential if full else None,
        version=stakeholder.version, created_at=stakeholder.created_at, updated_at=stakeholder.updated_at,
    )


# --- which stakeholders --------------------------------------------------------------------------


def visible(team, full: bool, model=Stakeholder):
    """The condition for the live stakeholders of `team` the viewer may see."""
    return visible_in(team.id, full, model)


def visible_in(team_id, full: bool, model=Stakeholder):
    """`visible`, for a team id or a bound parameter standing for one (statements built once)."""
    condition = and_(model.team_id == team_id, model.deleted_at.is_(None))
    return condition if full else and_(condition, model.confidential.is_(False))


def attitude_seen(full: bool, model=Stakeholder):
    """The attitude as the viewer may see it, as SQL: sorting and filtering by it reveal
    nothing a host may not see."""
    return model.attitude if full else case((model.attitude_confidential.is_(True), null()), else_=model.attitude)


def quadrant_condition(name: str):
    """The SQL form of figures.quadrant (tests check that the two agree on every score)."""
    high_power, high_interest = Stakeholder.power >= HIGH, Stakeholder.interest >= HIGH
    return {
        "manage closely": and_(high_power, high_interest),
        "keep satisfied": and_(high_power, Stakeholder.interest < HIGH),
        "keep informed": and_(Stakeholder.power < HIGH, high_interest),
        "monitor": and_(Stakeholder.power < HIGH, Stakeholder.interest < HIGH),
    }[name]


@dataclass(frozen=True)
class Filters:
    """What the register (and the grid: category and owner) is narrowed to. Values are
    checked already: see `filters_from`."""

    q: str = ""
    category: str | None = None
    owner: int | str | None = None  # a user id, or "none" for no owner
    quadrant: str | None = None
    attitude: int | str | None = None  # -2..2, or "none" for not recorded
    overdue: bool = False

    @property
    def active(self) -> bool:
        return bool(self.q or self.category or self.owner is not None or self.quadrant or self.attitude is not None
                    or self.overdue)

    def args(self) -> dict:
        """As query-string arguments, for links that keep them (the pager, sorting)."""
        return {key: value for key, value in (
            ("q", self.q), ("category", self.category), ("owner", self.owner), ("quadrant", self.quadrant),
            ("attitude", self.attitude), ("overdue", "1" if self.overdue else None)) if value not in (None, "")}


def read_filters(args, member_ids) -> tuple[Filters, dict[str, str]]:
    """Filters from a query string, and a message for each filter whose value means nothing
    (an unknown category, an owner outside the team...): the page ignores those, the API
    refuses them."""
    problems: dict[str, str] = {}

    def given(name: str) -> str | None:
        value = args.get(name)
        return None if value in (None, "") else value

    category = given("category")
    if category is not None and category not in {c.value for c in Category}:
        problems["category"] = "category must be one of: " + ", ".join(c.value for c in Category)
        category = None
    owner = given("owner")
    if owner is not None and owner != "none":
        owner_id = bounded_int(owner)
        if owner_id not in member_ids:
            problems["owner"] = "owner must be the user id of a team member, or none"
        owner = owner_id if owner_id in member_ids else None
    quadrant = given("quadrant")
    if quadrant is not None and quadrant not in figures.QUADRANTS:
        problems["quadrant"] = "quadrant must be one of: " + ", ".join(figures.QUADRANTS)
        quadrant = None
    attitude = given("attitude")
    if attitude is not None and attitude not in ("none", "-2", "-1", "0", "1", "2"):
        problems["attitude"] = "attitude must be a whole number from -2 to 2, or none"
        attitude = None
    overdue = given("overdue")
    if overdue is not None and overdue not in ("1", "on", "yes", "true", "0", "off", "no", "false"):
        problems["overdue"] = "overdue must be true or false"
    filters = Filters(
        q=clean_line(args.get("q", ""))[:100],
        category=category,
        owner=owner,
        quadrant=quadrant,
        attitude=attitude if attitude in (None, "none") else int(attitude),
        overdue=overdue in ("1", "on", "yes", "true"),
    )
    return filters, problems


def filters_from(args, member_ids) -> Filters:
    """Filters from a query string for a page: anything unknown is ignored, never an error."""
    return read_filters(args, member_ids)[0]


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def filtered(stmt: Select, filters: Filters, full: bool) -> Select:
    if filters.q:
        pattern = f"%{_escape_like(filters.q)}%"
        stmt = stmt.where(or_(Stakeholder.name.ilike(pattern, escape="\\"),
                              Stakeholder.organisation.ilike(pattern, escape="\\"),
                              Stakeholder.role.ilike(pattern, escape="\\")))
    if filters.category:
        stmt = stmt.where(Stakeholder.category == filters.category)
    if filters.owner == "none":
        stmt = stmt.where(Stakeholder.owner_id.is_(None))
    elif filters.owner is not None:
        stmt = stmt.where(Stakeholder.owner_id == filters.owner)
    if filters.quadrant:
        stmt = stmt.where(quadrant_condition(filters.quadrant))
    if filters.attitude == "none":
        stmt = stmt.where(attitude_seen(full).is_(None))
    elif filters.attitude is not None:
        stmt = stmt.where(attitude_seen(full) == filters.attitude)
    if filters.overdue:
        stmt = stmt.where(Stakeholder.next_contact_on < today())
    return stmt


SORTS = ("name", "organisation", "category", "power", "interest", "attitude", "owner", "next_contact")


def _sort_column(sort: str, full: bool):
    match sort:
        case "organisation":
            return func.lower(Stakeholder.organisation)
        case "category":
            return case(*((Stakeholder.category == c.value, literal(CATEGORY_LABELS[c])) for c in Category))
        case "power":
            return Stakeholder.power
        case "interest":
            return Stakeholder.interest
        case "attitude":
            return attitude_seen(full)
        case "owner":
            return select(User.name).where(User.id == Stakeholder.owner_id).scalar_subquery()
        case "next_contact":
            return Stakeholder.next_contact_on
    return func.lower(Stakeholder.name)


def base_statement(team, full: bool, filters: Filters = Filters()) -> Select:
    """The stakeholders the viewer may see, filtered, owners joined, in no order (the API
    pages through it by id)."""
    return filtered(select(Stakeholder).where(visible(team, full)).options(joinedload(Stakeholder.owner)), filters, full)


def register_statement(team, full: bool, filters: Filters = Filters(), sort: str = "name",
                       descending: bool = False) -> Select:
    """The register's rows, filtered and sorted, owners joined: one query for a page."""
    column = _sort_column(sort if sort in SORTS else "name", full)
    # Not recorded (null) sorts last either way, on both databases.
    order = [column.is_(None), column.desc() if descending else column.asc(), func.lower(Stakeholder.name), Stakeholder.id]
    stmt = select(Stakeholder).where(visible(team, full)).options(joinedload(Stakeholder.owner)).order_by(*order)
    return filtered(stmt, filters, full)


def seen_all(team, full: bool, filters: Filters = Filters(), limit: int | None = None) -> list[Seen]:
    """Every stakeholder the viewer may see (the grid, the network, the CSV, the Word table)."""
    stmt = register_statement(team, full, filters)
    if limit is not None:
        stmt = stmt.limit(limit)
    on = today()
    return [seen(s, full, on) for s in db.session.scalars(stmt)]


def get_seen(team, stakeholder_id: int, full: bool) -> Stakeholder | None:
    """One live stakeholder of `team` the viewer may see, with their owner, or None."""
    return db.session.scalar(select(Stakeholder).where(Stakeholder.id == stakeholder_id, visible(team, full))
                             .options(joinedload(Stakeholder.owner)))


# --- relationships --------------------------------------------------------------------------


@dataclass(frozen=True)
class SeenLink:
    id: int
    source_id: int
    source_name: str
    target_id: int
    target_name: str
    kind: str

    @property
    def kind_label(self) -> str:
        return figures.LINK_KINDS[self.kind]

    def figure_link(self) -> figures.Link:
        return figures.Link(source=self.source_id, target=self.target_id, kind=self.kind)


def links_statement(team, full: bool) -> Select:
    """Links whose both ends are live stakeholders the viewer may see, with their names."""
    source, target = aliased(Stakeholder), aliased(Stakeholder)
    return (
        select(StakeholderLink.id, StakeholderLink.source_id, source.name, StakeholderLink.target_id, target.name,
               StakeholderLink.kind)
        .join(source, source.id == StakeholderLink.source_id).join(target, target.id == StakeholderLink.target_id)
        .where(StakeholderLink.team_id == team.id, visible(team, full, source), visible(team, full, target))
        .order_by(func.lower(source.name), func.lower(target.name), StakeholderLink.id)
    )


def seen_links(team, full: bool, stakeholder_id: int | None = None) -> list[SeenLink]:
    stmt = links_statement(team, full)
    if stakeholder_id is not None:
        stmt = stmt.where(or_(StakeholderLink.source_id == stakeholder_id, StakeholderLink.target_id == stakeholder_id))
    return [SeenLink(*row) for row in db.session.execute(stmt)]


def link_of(team, link_id: int, full: bool) -> StakeholderLink | None:
    row = db.session.execute(links_statement(team, full).where(StakeholderLink.id == link_id)).first()
    return db.session.get(StakeholderLink, link_id) if row else None


# --- history ----------------------------------------------------------------------------------


def trend(stakeholder: Stakeholder, full: bool) -> list[figures.TrendPoint]:
    """The stakeholder's scores at each change, oldest first. Where the attitude is hidden from
    the viewer, so is every change that moved only the attitude: a row that repeats the power
    and interest before it would tell a host when the attitude was reassessed."""
    hide = not full and stakeholder.attitude_confidential
    rows = db.session.scalars(select(StakeholderChange).where(StakeholderChange.stakeholder_id == stakeholder.id)
                              .order_by(StakeholderChange.changed_at, StakeholderChange.id).limit(1000))
    points: list[figures.TrendPoint] = []
    for row in rows:
        if hide and points and (points[-1].power, points[-1].interest) == (row.power, row.interest):
            continue
        points.append(figures.TrendPoint(on=row.changed_at.date(), power=row.power, interest=row.interest,
                                         attitude=None if hide else row.attitude))
    return points


def _end_of(day: date) -> datetime:
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=UTC)


def markers_on(team, full: bool, day: date) -> list[figures.GridMarker]:
    """The grid as it stood at the end of `day`: each stakeholder (live now, visible to the
    viewer) at their last recorded scores on or before it; those added later are not on it."""
    ranked = (
        select(StakeholderChange.id, func.row_number().over(
            partition_by=StakeholderChange.stakeholder_id,
            order_by=(StakeholderChange.changed_at.desc(), StakeholderChange.id.desc())).label("rank"))
        .where(StakeholderChange.team_id == team.id, StakeholderChange.changed_at < _end_of(day))
        .subquery()
    )
    rows = db.session.execute(
        select(StakeholderChange, Stakeholder)
        .join(ranked, (ranked.c.id == StakeholderChange.id) & (ranked.c.rank == 1))
        .join(Stakeholder, Stakeholder.id == StakeholderChange.stakeholder_id)
        .where(visible(team, full)).options(joinedload(Stakeholder.owner))
        .order_by(func.lower(Stakeholder.name), Stakeholder.id)
    ).all()
    markers = []
    for change, stakeholder in rows:
        hide = not full and stakeholder.attitude_confidential
        markers.append(figures.GridMarker(
            id=stakeholder.id, label=stakeholder.name, organisation=stakeholder.organisation,
            category=CATEGORY_LABELS[Category(stakeholder.category)],
            owner=stakeholder.owner.name if stakeholder.owner else None, power=change.power, interest=change.interest,
            attitude=None if hide else change.attitude, desired=None if hide else change.desired_attitude))
    return markers


def first_change_on(team, full: bool) -> date | None:
    first = db.session.scalar(select(func.min(StakeholderChange.changed_at))
                              .join(Stakeholder, Stakeholder.id == StakeholderChange.stakeholder_id)
                              .where(visible(team, full)))
    return first.date() if first else None


# --- the 9 Cs and the team page -------------------------------------------------------------


def nine_cs_coverage(team, full: bool) -> dict[str, list[tuple[int, str]]]:
    """For each of the 9 Cs, the stakeholders tagged with it (id, name)."""
    covered: dict[str, list[tuple[int, str]]] = {key: [] for key in NINE_CS}
    rows = db.session.execute(select(Stakeholder.id, Stakeholder.name, Stakeholder.nine_cs)
                              .where(visible(team, full)).order_by(func.lower(Stakeholder.name)))
    for stakeholder_id, name, tagged in rows:
        for key in tagged or []:
            if key in covered:
                covered[key].append((stakeholder_id, name))
    return covered


# The team page asks this for every member on every visit: built once per visibility and bound
# per request, the few columns the panel shows as plain rows (issue 7).
_OVERDUE = {
    full: (select(Stakeholder.id, Stakeholder.name, Stakeholder.organisation, Stakeholder.next_contact_on,
                  func.count().over().label("total"))
           .where(visible_in(bindparam("team_id"), full),
                  Stakeholder.owner_id == bindparam("owner_id"), Stakeholder.next_contact_on < bindparam("today"))
           .order_by(Stakeholder.next_contact_on, Stakeholder.id).limit(bindparam("limit")))
    for full in (True, False)
}


def overdue_for(team, user, full: bool, limit: int = 10) -> tuple[list, int]:
    """The stakeholders `user` owns whose next contact is past, soonest due first (rows of id,
    name, organisation and next_contact_on), and how many there are in all, in one query."""
    rows = reads.rows(_OVERDUE[full], {"team_id": team.id, "owner_id": user.id, "today": today(), "limit": limit})
    return rows, (rows[0].total if rows else 0)


def as_form_data(stakeholder: Stakeholder) -> dict:
    """Every field's stored value (a member's edit form starts from these)."""
    return {name: getattr(stakeholder, name) for name in FIELDS}


def names_of(team, full: bool, ids=None) -> dict[int, str]:
    """The live stakeholders of `team` the viewer may see, id -> name, by name: the one question
    the QI action log asks of the stakeholder map (what an action may link to, and the names of
    those its actions link to). `ids` narrows it to those; an empty list asks nothing. A host
    viewer (`full` False) never gets a confidential stakeholder's name."""
    if ids is not None and not ids:
        return {}
    stmt = (select(Stakeholder.id, Stakeholder.name).where(visible(team, full))
            .order_by(func.lower(Stakeholder.name), Stakeholder.id))
    if ids is not None:
        stmt = stmt.where(Stakeholder.id.in_(list(ids)))
    return {row.id: row.name for row in db.session.execute(stmt)}
