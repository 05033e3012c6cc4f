"""What the process maps give the Word report, under the report's "Current state" section (or
an appendix, as the team chooses on the export settings page):

- each map's swimlane diagram as a captioned figure (PNG rendered once per content hash, by the
  exporter's figure cache);
- for each current map with a future map redesigning it, a table of every metric before and
  after (compare.compare);
- the pain points of every map as one table.

Maps hold nothing confidential, so every audience gets the same parts.
"""

from __future__ import annotations

import hashlib

from ..exports.parts import Figure, Table
from . import compare as comparing
from . import figures, queries
from .flow import STATES
from .metrics import measure

SECTION = "current-state"
STATE_WORDS = {"current": "current state", "future": "future state"}
PAIN_HEADER = ["Map", "Step", "Pain point", "Raised by"]
PAIN_WIDTHS_CM = [3.5, 4.0, 6.5, 2.5]
COMPARE_HEADER = ["Measure", "Current", "Future", "Change"]


def figure_hash(flow) -> str:
    """What the PNG depends on: the drawing code's version and the flow's content."""
    return hashlib.sha256(f"process-swimlane-png:{figures.FIGURES_VERSION}:{flow.content_hash()}".encode()).hexdigest()


def _figure(process_map, flow) -> Figure:
    caption = (f"{process_map.title}: {STATE_WORDS[process_map.state]} swimlane map, {len(flow.steps)} steps "
               f"in {len(flow.lanes)} lanes")
    return Figure(key=f"map-{process_map.id}", section=SECTION, caption=caption,
                  render=lambda: figures.swimlane_png(flow), content_hash=figure_hash(flow),
                  alt_text=f"A swimlane diagram of {process_map.title}, lanes from top: {', '.join(flow.lanes)}.")


def process_parts(team, audience: str) -> list:
    maps = sorted(queries.all_maps(team), key=lambda m: (STATES.index(m.state), m.title.casefold(), m.id))
    if not maps:
        return []
    loaded = {m.id: queries.load(m) for m in maps}
    flows = {m.id: queries.flow_of(loaded[m.id]) for m in maps}
    metrics = {m.id: measure(flows[m.id]) for m in maps}
    parts: list = [_figure(m, flows[m.id]) for m in maps if flows[m.id].steps]
    by_id = {m.id: m for m in maps}
    for future in maps:
        current = by_id.get(future.redesigns_id) if future.state == "future" else None
        if current is None:
            continue
        rows = [[d.label, d.before, d.after, d.change] for d in comparing.compare(metrics[current.id], metrics[future.id])]
        parts.append(Table(key=f"compare-{current.id}-{future.id}", section=SECTION, header=COMPARE_HEADER, rows=rows,
                           caption=f"{current.title} (current) compared with {future.title} (future)"))
    pains = []
    for m in maps:
        data = loaded[m.id]
        numbers = data.number_of
        for step in data.steps:
            for note in data.notes.get(step.id, []):
                if note.kind == "pain_point":
                    pains.append([m.title, f"{numbers[step.id]}. {step.label}", note.body, note.author_name or "–"])
    if pains:
        parts.append(Table(key="pain-points", section=SECTION, header=PAIN_HEADER, rows=pains,
                           caption="Pain points on the process maps", column_widths_cm=PAIN_WIDTHS_CM))
    return parts
