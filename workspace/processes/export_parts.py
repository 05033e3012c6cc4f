"""What the process maps give the Word report, under the report's "Current state" section (or
an appendix, as the team chooses on the export settings page):

- each map's swimlane diagram as captioned figures, one per page: a long map is cut into bands
  of columns (figures.swimlane_png_pages), "part 2 of 3" in the caption, since one tall
  picture would run off the page (PNGs rendered once per content hash, by the exporter's cache);
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
from .metrics import measure

SECTION = "current-state"
STATE_WORDS = {"current": "current state", "future": "future state"}
PAIN_HEADER = ["Map", "Step", "Pain point", "Raised by"]
PAIN_WIDTHS_CM = [3.5, 4.0, 6.5, 2.5]
COMPARE_HEADER = ["Measure", "Current", "Future", "Change"]


def figure_hash(flow, page: int = 0) -> str:
    """What one page of the diagram depends on: the drawing code's version, the flow's content
    and which page it is."""
    return hashlib.sha256(
        f"process-swimlane-page:{figures.FIGURES_VERSION}:{flow.content_hash()}:{page}".encode()).hexdigest()


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _in_report_order(maps: list) -> list:
    """Current maps by title, each followed by the future maps that redesign it; then future
    maps of no current map. A reader meets each redesign right after what it redesigns."""
    def by_title(m):
        return (m.title.casefold(), m.id)
    ids = {m.id for m in maps}
    futures: dict = {}
    for m in maps:
        if m.state == "future" and m.redesigns_id in ids:
            futures.setdefault(m.redesigns_id, []).append(m)
    ordered = []
    for current in sorted((m for m in maps if m.state == "current"), key=by_title):
        ordered.append(current)
        ordered.extend(sorted(futures.get(current.id, []), key=by_title))
    placed = {m.id for m in ordered}
    return ordered + sorted((m for m in maps if m.id not in placed), key=by_title)


def _figures(process_map, flow) -> list[Figure]:
    caption = (f"{process_map.title}: {STATE_WORDS[process_map.state]} swimlane map, {_count(len(flow.steps), 'step')} "
               f"in {_count(len(flow.lanes), 'lane')}")
    count = figures.swimlane_page_count(flow)
    return [
        Figure(key=f"map-{process_map.id}" if page == 0 else f"map-{process_map.id}-part-{page + 1}",
               section=SECTION, caption=caption + (f" (part {page + 1} of {count})" if count > 1 else ""),
               render=lambda page=page: figures.swimlane_png_page(flow, page), content_hash=figure_hash(flow, page),
               alt_text=figures.summary(flow))
        for page in range(count)
    ]


def process_parts(team, audience: str) -> list:
    maps = _in_report_order(list(queries.all_maps(team)))
    if not maps:
        return []
    loaded = {m.id: queries.load(m) for m in maps}
    flows = {m.id: queries.flow_of(loaded[m.id]) for m in maps}
    metrics = {m.id: measure(flows[m.id]) for m in maps}
    parts: list = [figure for m in maps if flows[m.id].steps for figure in _figures(m, flows[m.id])]
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
