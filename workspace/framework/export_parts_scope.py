"""What the Start Anywhere canvas and the shared reflections give the Word report:

- "framework_scope": the canvas as a table under the scope section (quadrant, notes); nothing
  when the canvas is empty, nor while the canvas as it is now has been inserted into the scope
  section's text (scope.is_inserted: the report would show it twice). The canvas holds nothing confidential: every audience gets it;
- "framework_reflections": the reflections members shared with the team, as quotations in an
  appendix under "Reflections on systems leadership" (the team may move them to the main text).
  Shared ones only, read through reflections.visible_reflections as a reader with no private
  reflections of their own would read them; never in a host partner's copy (a shared reflection
  is for the team, not the partner organisation).
"""

from __future__ import annotations

from sqlalchemy import select

from ..exports.parts import Placement, Table, TextBlock
from ..extensions import db
from . import scope
from .models import Reflection

SCOPE_HEADER = ["Quadrant", "Notes"]
SCOPE_WIDTHS_CM = [3.5, 12.5]
REFLECTIONS_IN_REPORT = 30  # the newest shared reflections; the appendix stays readable


def _notes_cell(notes: str) -> str:
    """Bullet notes as one table cell, a bullet a line (the Word writer makes a newline in a
    cell a line break)."""
    items = [line.lstrip("-*+ ").strip() for line in notes.splitlines() if line.strip()]
    return "\n".join(f"• {item}" for item in items if item)


def scope_parts(team, audience: str) -> list:
    canvas = scope.canvas_of(team)
    if scope.is_empty(canvas) or scope.is_inserted(canvas):
        return []
    notes = scope.notes_of(canvas)
    rows = [[q.name, _notes_cell(notes[q.key]) or "—"] for q in scope.QUADRANTS]
    return [Table(key="start_anywhere", section=scope.REPORT_SECTION, caption="The Start Anywhere canvas: people, "
                  "purpose, place and priorities", header=SCOPE_HEADER, rows=rows, column_widths_cm=SCOPE_WIDTHS_CM)]


def shared_reflections(team, limit: int = REFLECTIONS_IN_REPORT) -> list[Reflection]:
    """The team's live shared reflections, newest first. Only `shared_at IS NOT NULL` rows: the
    same rule reflections.visible_reflections gives any reader for what is not their own."""
    live = (Reflection.team_id == team.id) & Reflection.deleted_at.is_(None) & Reflection.shared_at.is_not(None)
    return list(db.session.scalars(select(Reflection).where(live)
                                   .order_by(Reflection.written_on.desc(), Reflection.id.desc()).limit(limit)))


def reflection_parts(team, audience: str) -> list:
    if audience == "host":
        return []
    from .reflections import author_names, quotation

    rows = shared_reflections(team)
    if not rows:
        return []
    names = author_names({r.author_id for r in rows})
    text = "\n\n".join(quotation(r, names.get(r.author_id, "")) for r in rows)
    return [TextBlock(key="shared_reflections", section="reflections", markdown=text,
                      title="Reflections shared by the team's members", placement=Placement.APPENDIX)]
