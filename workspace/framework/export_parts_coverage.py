"""What coverage gives the Word report: the heatmap of the four domains by the kinds of the
team's work, as a figure under "Reflections on systems leadership" (section key "reflections").

The document's counts are the team's: no viewer, so no private reflection (one never counts in
a document) and no confidential stakeholder (the host partner's copy may carry nothing
confidential; the team's and the assessors' copies count the same, so they agree). Shared
reflections count in the team's and the assessors' copies, never in the host partner's: the
host partner never reads the team's reflections (reflections.py). The PNG renders only when a document is built,
once per content hash (exports/figures.py).
"""

from __future__ import annotations

from ..exports.parts import Figure
from . import coverage_queries as q
from . import figures
from .coverage import ITEM_LABELS, ITEM_TYPES, count

SECTION = "reflections"


def coverage_parts(team, audience: str) -> list:
    tags = q.counted_tags(team, None, audience=audience)
    if not tags:  # nothing tagged: no figure, and no more questions (every slide's figure picker asks)
        return []
    framework = q.framework_of(team)
    coverage = count(framework.domains, framework.behaviours, tags)
    if coverage.empty:
        return []
    rows = coverage.domains
    columns = [(t, ITEM_LABELS[t]) for t in ITEM_TYPES]
    gaps = [gap.name for gap in coverage.gaps]
    summary = ", ".join(f"{row.name} {row.total}" for row in rows)
    caption = "Coverage of the Systems Leadership Development Framework: the team's items tagged with each domain"
    text_after = (f"{coverage.total} item{'' if coverage.total == 1 else 's'} of the team's work "
                  f"{'is' if coverage.total == 1 else 'are'} tagged with the framework ({summary}).")
    if gaps:
        text_after += " No work is tagged " + (gaps[0] if len(gaps) == 1 else ", ".join(gaps[:-1]) + " or " + gaps[-1]) + " yet."
    return [Figure(
        key="heatmap", section=SECTION, caption=caption,
        render=lambda: figures.heatmap_png(rows, columns), content_hash=figures.heatmap_hash(rows, columns),
        alt_text=f"A table shaded by count: the four domains by report sections, stakeholders, actions, PDSA "
                 f"cycles, recommendations and reflections. {summary}.",
        text_after=text_after,
    )]
