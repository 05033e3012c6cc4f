"""What the stakeholder map gives the Word report: the power/interest grid and the relationship
network as figures, and the register as a table, under the report's "Stakeholder analysis"
section (or an appendix, as the team chooses on the export settings page).

The host partner's copy is drawn from what a host may see (queries.py): no confidential
stakeholder, no confidential attitude. Figures render only when a document is built, once per
content hash (exports/figures.py).
"""

from __future__ import annotations

from dataclasses import replace

from ..exports.parts import Figure, Table
from ..timefmt import date_filter
from . import figures
from .fields import attitude_label
from .queries import seen_all, seen_links

SECTION = "stakeholders"
TABLE_HEADER = ["Name", "Organisation", "Role", "Category", "Power", "Interest", "Quadrant",
                "Attitude → desired", "Owner", "Next contact"]
QUADRANT_ORDER = {name: position for position, name in enumerate(figures.QUADRANTS)}


def _attitudes(person) -> str:
    if person.attitude is None and person.desired_attitude is None:
        return "–"
    if person.desired_attitude is None or person.desired_attitude == person.attitude:
        return attitude_label(person.attitude)
    return f"{attitude_label(person.attitude)} → {attitude_label(person.desired_attitude)}"


def _table_rows(people) -> list[list[str]]:
    ordered = sorted(people, key=lambda p: (QUADRANT_ORDER.get(p.quadrant, 9), -p.power, -p.interest, p.name.casefold()))
    return [[p.name, p.organisation, p.role, p.category_label, str(p.power), str(p.interest), p.quadrant.capitalize(),
             _attitudes(p), p.owner_name or "", date_filter(p.next_contact_on) if p.next_contact_on else ""]
            for p in ordered]


def stakeholder_parts(team, audience: str) -> list:
    full = audience != "host"
    people = seen_all(team, full)
    if not people:
        return []
    markers = [replace(p.marker(), version=None) for p in people]  # what is drawn, not how often it changed
    grid_caption = (f"Power/interest grid of {len(people)} stakeholders, coloured by current attitude; "
                    "arrows point to the attitude the team is working towards")
    parts: list = [Figure(
        key="grid", section=SECTION, caption=grid_caption,
        render=lambda: figures.grid_png(markers, caption=grid_caption),
        content_hash=figures.content_hash("grid", markers, grid_caption),
        alt_text=f"A power/interest grid placing {len(people)} stakeholders in four quadrants: manage closely, "
                 "keep satisfied, keep informed and monitor.",
    )]
    links = [link.figure_link() for link in seen_links(team, full)]
    if links:
        network_caption = f"Relationships between stakeholders ({len(links)} links)"
        parts.append(Figure(
            key="network", section=SECTION, caption=network_caption,
            render=lambda: figures.network_png(markers, links),
            content_hash=figures.content_hash("network", markers, links),
            alt_text=f"A network of {len(people)} stakeholders and the {len(links)} relationships between them.",
        ))
    parts.append(Table(key="register", section=SECTION, caption="The stakeholder register", header=TABLE_HEADER,
                       rows=_table_rows(people)))
    return parts
