"""What the stakeholder map gives the Word report: the power/interest grid and the relationship
network as figures, and the register as a table, under the report's "Stakeholder analysis"
section (or an appendix, as the team chooses on the export settings page).

The host partner's copy is drawn from what a host may see (queries.py): no confidential
stakeholder, no confidential attitude. Figures render only when a document is built, once per
content hash (exports/figures.py).
"""

from __future__ import annotations

from ..exports.parts import Figure, Table
from . import figures
from .queries import seen_all, seen_links

SECTION = "stakeholders"
# Seven columns fit a portrait page's 16 cm without breaking a word: role and organisation share
# one, power and interest another, the owner and the next contact a third, and attitudes are
# their scores (the caption gives the scale).
TABLE_HEADER = ["Stakeholder", "Role and organisation", "Category", "Power / interest", "Quadrant",
                "Attitude → aim", "Owner, next contact"]
TABLE_WIDTHS_CM = [2.6, 3.1, 2.1, 1.9, 2.1, 2.0, 2.2]
QUADRANT_ORDER = {name: position for position, name in enumerate(figures.QUADRANTS)}


def _score(value: int | None) -> str:
    return "–" if value is None else f"{value:+d}" if value else "0"


def _attitudes(person) -> str:
    if person.desired_attitude is None or person.desired_attitude == person.attitude:
        return _score(person.attitude)
    return f"{_score(person.attitude)} → {_score(person.desired_attitude)}"


def _role_and_organisation(person) -> str:
    return ", ".join(part for part in (person.role, person.organisation) if part)


def _table_rows(people) -> list[list[str]]:
    ordered = sorted(people, key=lambda p: (QUADRANT_ORDER.get(p.quadrant, 9), -p.power, -p.interest, p.name.casefold()))
    return [[p.name, _role_and_organisation(p), p.category_label, f"{p.power} / {p.interest}", p.quadrant.capitalize(),
             _attitudes(p), _owner_and_contact(p)]
            for p in ordered]


def _owner_and_contact(person) -> str:
    due = f"{person.next_contact_on.day} {person.next_contact_on:%b %Y}" if person.next_contact_on else ""
    return ", ".join(part for part in (person.owner_name, due) if part) or "–"


def stakeholder_parts(team, audience: str) -> list:
    full = audience != "host"
    people = seen_all(team, full)
    if not people:
        return []
    markers = [p.marker() for p in people]
    grid_caption = (f"Power/interest grid of {len(people)} stakeholders, coloured by current attitude; a two-part "
                    "marker shows the attitude the team is working towards on its right")
    parts: list = [Figure(
        key="grid", section=SECTION, caption=grid_caption,
        render=lambda: figures.grid_png(markers, caption=grid_caption),
        content_hash=figures.grid_content_hash(markers),
        alt_text=f"A power/interest grid placing {len(people)} stakeholders in four quadrants: manage closely, "
                 "keep satisfied, keep informed and monitor.",
    )]
    links = [link.figure_link() for link in seen_links(team, full)]
    if links:
        network_caption = f"Relationships between stakeholders ({len(links)} links)"
        parts.append(Figure(
            key="network", section=SECTION, caption=network_caption,
            render=lambda: figures.network_png(markers, links),
            content_hash=figures.network_content_hash(markers, links, kind="network-png"),
            alt_text=f"A network of {len(people)} stakeholders and the {len(links)} relationships between them.",
        ))
    parts.append(Table(key="register", section=SECTION, header=TABLE_HEADER, rows=_table_rows(people),
                       caption="The stakeholder register (power and interest 1 to 5; attitude from −2, active "
                               "resistor, to +2, champion)", column_widths_cm=TABLE_WIDTHS_CM))
    return parts
