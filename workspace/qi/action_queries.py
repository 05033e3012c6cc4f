"""Reading the action log: the filters, the list in due-date order, what each action links to,
the overdue actions (the log, the QI overview and the team page), and the rows of the CSV.

Overdue means not done and due before today, London time: an action due today is overdue from
tomorrow. Every list here asks a fixed number of questions whatever its length: the links of a
page of actions are read in one query per kind (cycles, ideas, stakeholders), not per row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import Select, case, func, select

from ..cleaning import bounded_int
from ..domains import DOMAINS
from ..extensions import db
from ..models import Membership, Role, Team, User
from ..stakeholders.queries import names_of as stakeholder_names
from ..timefmt import LONDON
from .action_fields import STATUS_LABELS
from .models import Action, ChangeIdea, PdsaCycle
from .queries import cycle_label, live_actions, live_cycles

PER_PAGE = 50
DUE_CHOICES = {"overdue": "Overdue", "week": "Due in the next 7 days", "none": "No due date"}


def today() -> date:
    """Today where the programme runs."""
    return datetime.now(LONDON).date()


def overdue_condition(on: date):
    return (Action.status != "done") & (Action.due_on < on)


def is_overdue(action, on: date | None = None) -> bool:
    return action.status != "done" and action.due_on is not None and action.due_on < (on or today())


# --- who may own an action ------------------------------------------------------------------


def members_of(team: Team) -> dict[int, User]:
    """The team's members (role member), by name: the people who may own an action."""
    return {user.id: user for user in db.session.scalars(
        select(User).join(Membership, Membership.user_id == User.id)
        .where(Membership.team_id == team.id, Membership.role == Role.MEMBER).order_by(User.name))}


def owner_names(members: dict[int, User], actions) -> dict[int, str]:
    """Each owner's name: the team's members at hand, and in one query any owner who has since
    left the team."""
    names = {uid: user.name for uid, user in members.items()}
    missing = {a.owner_id for a in actions if a.owner_id is not None and a.owner_id not in names}
    if missing:
        names.update(dict(db.session.execute(select(User.id, User.name).where(User.id.in_(missing))).all()))
    return names


# --- the filters ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    owner: int | str | None = None  # a member's user id, or "none" (no owner)
    status: str | None = None
    due: str | None = None  # overdue, week, none

    @property
    def active(self) -> bool:
        return self.owner is not None or bool(self.status or self.due)

    def args(self) -> dict:
        """As query-string arguments, for links that keep them (the pager, the CSV)."""
        return {key: value for key, value in (("owner", self.owner), ("status", self.status), ("due", self.due))
                if value not in (None, "")}


def read_filters(args, member_ids) -> tuple[Filters, dict[str, str]]:
    """Filters from a query string, and a message for each value that means nothing: the page
    ignores those, the API refuses them."""
    problems: dict[str, str] = {}
    owner = args.get("owner") or None
    if owner is not None and owner != "none":
        owner_id = bounded_int(owner)
        if owner_id not in member_ids:
            problems["owner"] = "owner must be the user id of a team member, or none"
            owner = None
        else:
            owner = owner_id
    status = args.get("status") or None
    if status is not None and status not in STATUS_LABELS:
        problems["status"] = "status must be one of: " + ", ".join(STATUS_LABELS)
        status = None
    due = args.get("due") or None
    if due is not None and due not in DUE_CHOICES:
        problems["due"] = "due must be one of: " + ", ".join(DUE_CHOICES)
        due = None
    return Filters(owner=owner, status=status, due=due), problems


def filtered(stmt: Select, filters: Filters, on: date) -> Select:
    if filters.owner == "none":
        stmt = stmt.where(Action.owner_id.is_(None))
    elif filters.owner is not None:
        stmt = stmt.where(Action.owner_id == filters.owner)
    if filters.status:
        stmt = stmt.where(Action.status == filters.status)
    if filters.due == "overdue":
        stmt = stmt.where(overdue_condition(on))
    elif filters.due == "week":
        stmt = stmt.where(Action.status != "done", Action.due_on >= on, Action.due_on <= on + timedelta(days=7))
    elif filters.due == "none":
        stmt = stmt.where(Action.due_on.is_(None))
    return stmt


def log_statement(team: Team, filters: Filters = Filters(), on: date | None = None) -> Select:
    """The live actions, filtered, soonest due first (no date last), then oldest first."""
    stmt = (select(Action).where(live_actions(team))
            .order_by(Action.due_on.is_(None), Action.due_on, Action.id))
    return filtered(stmt, filters, on or today())


def get_action(team: Team, action_id: int) -> Action | None:
    return db.session.scalar(select(Action).where(Action.id == action_id, live_actions(team)))


def all_actions(team: Team) -> list[Action]:
    return list(db.session.scalars(log_statement(team)))


# --- what actions link to -------------------------------------------------------------------


@dataclass(frozen=True)
class Links:
    """Names for the records a set of actions links to, as the viewer may see them."""

    cycles: dict[int, str]  # id -> "PDSA 2: Trusted assessor on the board round"
    ideas: dict[int, str]
    stakeholders: dict[int, str]

    def of(self, action) -> list[tuple[str, int, str]]:
        """(kind, id, label) for each link the viewer may see."""
        found = []
        if action.pdsa_id in self.cycles:
            found.append(("pdsa", action.pdsa_id, self.cycles[action.pdsa_id]))
        if action.change_idea_id in self.ideas:
            found.append(("idea", action.change_idea_id, self.ideas[action.change_idea_id]))
        if action.stakeholder_id in self.stakeholders:
            found.append(("stakeholder", action.stakeholder_id, self.stakeholders[action.stakeholder_id]))
        return found


def cycle_choices(team: Team) -> dict[int, str]:
    """Every live PDSA cycle of the team, "PDSA n: title", numbered as queries.cycle_numbers
    does (in order of creation), in one query."""
    rows = db.session.execute(select(PdsaCycle.id, PdsaCycle.title, PdsaCycle.decision)
                              .where(live_cycles(team)).order_by(PdsaCycle.id))
    return {row.id: f"{cycle_label(number, None)}: {row.title}" for number, row in enumerate(rows, start=1)}


def idea_choices(team: Team, ids=None) -> dict[int, str]:
    if ids is not None and not ids:
        return {}
    stmt = select(ChangeIdea.id, ChangeIdea.title).where(ChangeIdea.team_id == team.id) \
        .order_by(ChangeIdea.position, ChangeIdea.id)
    if ids is not None:
        stmt = stmt.where(ChangeIdea.id.in_(list(ids)))
    return {row.id: row.title for row in db.session.execute(stmt)}


def links_for(team: Team, actions, full: bool) -> Links:
    """The links of `actions`, in at most three queries whatever their number."""
    actions = list(actions)
    cycle_ids = {a.pdsa_id for a in actions if a.pdsa_id}
    idea_ids = {a.change_idea_id for a in actions if a.change_idea_id}
    stakeholder_ids = {a.stakeholder_id for a in actions if a.stakeholder_id}
    return Links(cycles=cycle_choices(team) if cycle_ids else {}, ideas=idea_choices(team, idea_ids),
                 stakeholders=stakeholder_names(team, full, stakeholder_ids))


# --- overdue actions: the QI overview and the team page ----------------------------------------


@dataclass(frozen=True)
class OverdueRow:
    id: int
    title: str
    due_on: date
    owner_id: int | None
    owner_name: str | None
    status: str

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


def overdue(team: Team, viewer: User | None = None, limit: int = 10) -> tuple[list[OverdueRow], int]:
    """The team's overdue actions, the viewer's own first, then soonest due: at most `limit`
    of them, and how many there are in all, in one query."""
    on = today()
    mine = case((Action.owner_id == (viewer.id if viewer is not None else -1), 0), else_=1)
    rows = db.session.execute(
        select(Action.id, Action.title, Action.due_on, Action.owner_id, User.name, Action.status,
               func.count().over().label("total"))
        .outerjoin(User, User.id == Action.owner_id)
        .where(live_actions(team), overdue_condition(on))
        .order_by(mine, Action.due_on, Action.id).limit(limit)).all()
    return [OverdueRow(*row[:6]) for row in rows], (rows[0].total if rows else 0)


# --- the CSV ------------------------------------------------------------------------------------


def csv_rows(team: Team, filters: Filters, full: bool) -> list[dict]:
    """Every live action matching `filters` as plain values, in the log's order (at most the
    log's maximum, so the file is bounded)."""
    on = today()
    actions = list(db.session.scalars(log_statement(team, filters, on)))
    links = links_for(team, actions, full)
    names = owner_names(members_of(team), actions)
    return [{
        "id": a.id, "title": a.title, "detail": a.detail, "owner": names.get(a.owner_id, "") if a.owner_id else "",
        "due_on": a.due_on.isoformat() if a.due_on else "", "status": STATUS_LABELS[a.status],
        "overdue": "yes" if is_overdue(a, on) else "no", "domain": DOMAINS.get(a.domain or "", ""),
        "pdsa_cycle": links.cycles.get(a.pdsa_id, ""), "change_idea": links.ideas.get(a.change_idea_id, ""),
        "stakeholder": links.stakeholders.get(a.stakeholder_id, ""),
        "completed_on": a.completed_on.isoformat() if a.completed_on else "",
    } for a in actions]
