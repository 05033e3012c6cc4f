"""The QI overview, the team's QI dashboard: the aim (or how to write one), the driver diagram,
the open PDSA cycles, the overdue actions and each measure's latest signal, with links to every
QI page. It asks a fixed number of questions whatever the team holds (tests/test_query_counts.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import render_template
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import select

from ..extensions import db
from ..loading import get_team_for
from ..models import Team
from ..permissions import page_capabilities
from . import action_queries, figures, queries, spc
from .blueprint import bp
from .models import ChangeIdea, PdsaCycle

#: the most open cycles and overdue actions the overview lists (each list links to the whole)
SHOWN = 10


@dataclass(frozen=True)
class OpenCycle:
    id: int
    number: int
    title: str
    status: str
    started_on: date | None
    idea: str | None


def open_cycles(team: Team) -> tuple[list[OpenCycle], int]:
    """The running and planned cycles, running first, numbered as everywhere else ("PDSA 2"),
    and how many there are, in one query."""
    rows = db.session.execute(
        select(PdsaCycle.id, PdsaCycle.title, PdsaCycle.status, PdsaCycle.started_on, ChangeIdea.title.label("idea"))
        .outerjoin(ChangeIdea, ChangeIdea.id == PdsaCycle.change_idea_id)
        .where(queries.live_cycles(team)).order_by(PdsaCycle.id))
    found = [OpenCycle(row.id, number, row.title, row.status, row.started_on, row.idea)
             for number, row in enumerate(rows, start=1) if row.status in ("running", "planned")]
    found.sort(key=lambda c: (c.status != "running", c.started_on or date.max, c.number))
    return found[:SHOWN], len(found)


@bp.get("")
def overview(team_id: int):
    team = get_team_for(team_id, "view")
    capabilities = page_capabilities(current_user, team)
    tree = queries.driver_tree(team)
    has_tree = bool(tree.primaries or tree.unplaced)
    cycles, cycles_total = open_cycles(team)
    overdue, overdue_total = action_queries.overdue(team, current_user, limit=SHOWN)
    measures = [(series, spc.analyse(series)) for series in queries.measure_series(team)]
    return render_template(
        "qi/overview.html", team=team, capabilities=capabilities, tree=tree,
        diagram=Markup(figures.driver_svg(tree)) if has_tree else None,  # noqa: S704 - the drawing escapes its text
        cycles=cycles, cycles_total=cycles_total, overdue=overdue, overdue_total=overdue_total, measures=measures,
        amount=spc.amount,
    )
