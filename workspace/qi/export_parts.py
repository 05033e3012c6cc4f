"""What the QI work gives the Word report, under the report's "Improvement work" section (or an
appendix, as the team chooses on the export settings page):

- the aim (text), and the driver diagram (a figure);
- a PDSA table: each ramp in order (a cycle, then the cycles that follow on from it), with its
  change idea, prediction, what happened and what the team learnt, and the decision;
- each measure's chart (a figure captioned with the measure's name) with its summary sentence as
  the paragraph after the caption (`Figure.text_after`, so it goes wherever the chart goes), then a table of the measures: kind, latest value, variation and assurance;
- the action log as a table, in an appendix by default.

Figures render only when a document is built, once per content hash (exports/figures.py). QI
holds nothing confidential, except that a stakeholder an action links to is left out of a host
partner's copy when the stakeholder is confidential. A team with no QI work contributes nothing.
"""

from __future__ import annotations

import re

from sqlalchemy import select

from ..domains import DOMAINS
from ..exports.parts import Figure, Placement, Table, TextBlock
from ..extensions import db
from . import action_queries, figures, queries, spc
from .action_fields import STATUS_LABELS
from .facts import content_hash
from .models import ChangeIdea, PdsaCycle

SECTION = "improvement"
CELL_MAX = 1000  # a PDSA field in a table cell: the page holds the rest

PDSA_HEADER = ["Cycle", "Change idea", "Prediction", "What happened and what we learnt", "Decision"]
PDSA_WIDTHS_CM = [3.0, 2.8, 3.4, 4.8, 2.0]
MEASURES_HEADER = ["Measure", "Kind", "Latest", "Variation", "Assurance"]
MEASURES_WIDTHS_CM = [4.4, 2.2, 2.8, 3.3, 3.3]
ACTIONS_HEADER = ["Action", "Owner", "Due", "Status", "Domain", "Linked to"]
ACTIONS_WIDTHS_CM = [4.4, 2.4, 2.2, 1.9, 2.6, 2.5]

VARIATION_WORDS = {"common": "Common cause", "improvement": "Special cause improvement",
                   "concern": "Special cause concern", "neither": "Special cause (neither better nor worse)",
                   "none": "Too few points to say"}
ASSURANCE_WORDS = {"pass": "Will consistently meet the target", "fail": "Will consistently miss the target",
                   "hit_or_miss": "May meet or miss the target"}
DECISION_WORDS = {"adopt": "Adopt", "adapt": "Adapt", "abandon": "Abandon"}
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")


def plain_markdown(text: str) -> str:
    """Text the team wrote, as markdown that shows it as written (no emphasis, no links)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _cell(text: str) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= CELL_MAX else text[:CELL_MAX - 1].rstrip() + "…"




# --- the aim and the driver diagram ----------------------------------------------------------


def _aim_parts(team, tree) -> list:
    aim = queries.aim_of(team)
    parts: list = []
    if aim is not None and aim.statement.strip():
        parts.append(TextBlock(key="aim", section=SECTION, title="Aim", markdown=plain_markdown(aim.statement)))
    if tree.primaries:
        drivers = sum(1 + len(p.children) for p in tree.primaries)
        ideas = sum(len(s.ideas) for p in tree.primaries for s in p.children) + len(tree.unplaced)
        parts.append(Figure(
            key="driver-diagram", section=SECTION,
            caption=f"Driver diagram: the aim, {len(tree.primaries)} primary driver{'' if len(tree.primaries) == 1 else 's'} "
                    "and their secondary drivers, "
                    f"and {ideas} change idea{'' if ideas == 1 else 's'}",
            render=lambda: figures.driver_png(tree), content_hash=content_hash(tree, "qi-driver-png", _drawing_version()),
            alt_text=f"A driver diagram linking the aim to {drivers} drivers and {ideas} change ideas."))
    return parts


def _drawing_version() -> str:
    return str(getattr(figures, "FIGURES_VERSION", "1"))


# --- PDSA cycles in ramps ---------------------------------------------------------------------


def ramps(cycles: list) -> list:
    """The cycles in ramp order: each first cycle (following none of these), by start date,
    then the cycles that follow on from it, depth first. Each cycle appears once, even if the
    links loop."""
    ids = {c.id for c in cycles}
    following: dict[int, list] = {}
    for cycle in cycles:
        if cycle.follows_id in ids:
            following.setdefault(cycle.follows_id, []).append(cycle)

    def key(c):
        return (c.started_on is None, c.started_on, c.id)

    ordered, seen = [], set()

    def walk(cycle):
        stack = [cycle]
        while stack:
            current = stack.pop()
            if current.id in seen:
                continue
            seen.add(current.id)
            ordered.append(current)
            stack.extend(reversed(sorted(following.get(current.id, []), key=key)))

    for root in sorted((c for c in cycles if c.follows_id not in ids), key=key):
        walk(root)
    for rest in sorted((c for c in cycles if c.id not in seen), key=key):  # a loop with no first cycle
        walk(rest)
    return ordered


def _pdsa_table(team) -> Table | None:
    cycles = list(db.session.scalars(
        select(PdsaCycle).where(queries.live_cycles(team)).order_by(PdsaCycle.id)))
    if not cycles:
        return None
    numbers = {c.id: n for n, c in enumerate(cycles, start=1)}
    ideas = dict(db.session.execute(
        select(ChangeIdea.id, ChangeIdea.title).where(ChangeIdea.team_id == team.id)).all())
    rows = []
    for cycle in ramps(cycles):
        label = f"PDSA {numbers[cycle.id]}: {cycle.title}"
        if cycle.follows_id in numbers:
            label += f" (follows PDSA {numbers[cycle.follows_id]})"
        learnt = " ".join(part for part in (cycle.what_happened.strip(), cycle.study.strip()) if part)
        decision = DECISION_WORDS.get(cycle.decision or "", cycle.status.capitalize())
        if cycle.decision and cycle.next_step.strip():
            decision += f": {cycle.next_step.strip()}"
        rows.append([_cell(label), _cell(ideas.get(cycle.change_idea_id, "–")), _cell(cycle.prediction) or "–",
                     _cell(learnt) or "–", _cell(decision)])
    return Table(key="pdsa", section=SECTION, header=PDSA_HEADER, rows=rows, column_widths_cm=PDSA_WIDTHS_CM,
                 caption="PDSA cycles, each ramp in order: what each test predicted, what happened and what the team "
                         "decided")


# --- measures ------------------------------------------------------------------------------------


def _measure_parts(team) -> list:
    parts: list = []
    rows = []
    for series in queries.measure_series(team):
        analysis = spc.analyse(series)
        parts.append(Figure(
            key=f"measure-{series.id}", section=SECTION, caption=series.name,
            render=lambda series=series, analysis=analysis: figures.chart_png(series, analysis),
            content_hash=content_hash(series, analysis, "qi-chart-png", _drawing_version()),
            alt_text=analysis.summary, text_after=plain_markdown(analysis.summary)))
        latest = series.points[-1] if series.points else None
        rows.append([series.name, series.kind.capitalize(),
                     f"{spc.amount(latest.value, series.unit)} ({latest.on.day} {latest.on:%b %Y})" if latest
                     else "No data",
                     VARIATION_WORDS.get(analysis.variation, analysis.variation),
                     ASSURANCE_WORDS.get(analysis.assurance or "", "No target" if series.target is None else "–")])
    if rows:
        parts.append(Table(key="measures", section=SECTION, header=MEASURES_HEADER, rows=rows,
                           column_widths_cm=MEASURES_WIDTHS_CM,
                           caption="Measures: the latest value, the variation the chart shows and whether the target "
                                   "will be met"))
    return parts


# --- the action log ------------------------------------------------------------------------------


def _action_table(team, audience: str) -> Table | None:
    actions = action_queries.all_actions(team)
    if not actions:
        return None
    links = action_queries.links_for(team, actions, audience != "host")
    owners = action_queries.owner_names(action_queries.members_of(team), actions)
    on = action_queries.today()
    rows = []
    for action in actions:
        due = f"{action.due_on.day} {action.due_on:%b %Y}" if action.due_on else "–"
        if action_queries.is_overdue(action, on):
            due += " (overdue)"
        linked = "; ".join(label if kind == "pdsa" else f"{'Idea' if kind == 'idea' else 'Stakeholder'}: {label}"
                           for kind, _id, label in links.of(action))
        rows.append([action.title, owners.get(action.owner_id, "–") if action.owner_id else "–", due,
                     STATUS_LABELS[action.status], DOMAINS.get(action.domain or "", "–"), _cell(linked) or "–"])
    return Table(key="actions", section=SECTION, header=ACTIONS_HEADER, rows=rows, column_widths_cm=ACTIONS_WIDTHS_CM,
                 caption="The action log: who does what by when", placement=Placement.APPENDIX)


def qi_parts(team, audience: str) -> list:
    tree = queries.driver_tree(team)
    parts = _aim_parts(team, tree)
    pdsa = _pdsa_table(team)
    if pdsa is not None:
        parts.append(pdsa)
    parts.extend(_measure_parts(team))
    actions = _action_table(team, audience)
    if actions is not None:
        parts.append(actions)
    return parts
