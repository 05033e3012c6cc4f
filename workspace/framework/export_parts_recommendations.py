"""The recommendations register in the Word report, under the report's "Recommendations"
section (or an appendix, as the team chooses on the export settings page):

- the register as a table: number and statement; owner at the host partner, time frame and cost
  in one column (a line each); intervention type; Useful-criteria score; the host partner's
  response. Five columns over the 16 cm of an A4 portrait page: seven broke words mid-word;
- the criteria table: each recommendation's five ratings with their notes ("Not assessed"
  where a criterion is not);
- the host partner's responses with their notes, when there are any (the register's narrow
  "Response" column carries the answer alone).

A register holds nothing confidential (a host partner reads all of it on the page), so every
audience gets the same parts. A team with no recommendations contributes nothing.
"""

from __future__ import annotations

from ..exports.parts import Table
from . import criteria as useful
from . import recommendation_fields as fields
from . import recommendation_queries as queries

SECTION = "recommendations"
CELL_MAX = 1000

REGISTER_HEADER = ["Recommendation", "Owner, time frame and cost", "Intervention", "Useful criteria", "Response"]
REGISTER_WIDTHS_CM = [5.0, 3.6, 3.2, 2.0, 2.2]  # the 16 cm text width of A4 portrait
RESPONSES_HEADER = ["No.", "Response", "The host partner's note"]
RESPONSES_WIDTHS_CM = [1.2, 2.6, 13.2]
CRITERIA_HEADER = ["No.", "Criterion", "Rating", "Note"]
CRITERIA_WIDTHS_CM = [1.2, 5.0, 2.2, 8.6]


def _cell(text: str | None) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= CELL_MAX else text[:CELL_MAX - 1].rstrip() + "…"


def recommendation_parts(team, audience: str) -> list:
    rows = queries.register(team)
    if not rows:
        return []
    register = []
    for row in rows:
        r = row.recommendation
        response = fields.RESPONSE_LABELS.get(r.host_response or "", fields.AWAITING)
        particulars = "\n".join(f"{label}: {_cell(value) or 'Not set'}" for label, value in
                                (("Owner", r.owner), ("Time frame", r.time_frame), ("Cost", r.cost)))
        register.append([f"{row.number}. {_cell(r.statement)}", particulars,
                         f"{row.intervention} ({row.domain})" if row.intervention else "Not chosen",
                         row.score.label, response])
    assessed = []
    for row in rows:
        for position, (_key, label, rating, note) in enumerate(useful.rows(row.recommendation.criteria)):
            assessed.append([f"{row.number}" if position == 0 else "", label,
                             useful.RATING_LABELS[rating] if rating else "Not assessed", _cell(note)])
    responses = [[str(row.number), fields.RESPONSE_LABELS[row.recommendation.host_response],
                  _cell(row.recommendation.host_response_note) or "No note"]
                 for row in rows if row.recommendation.host_response]
    count = len(rows)
    parts = [
        Table(key="register", section=SECTION,
              caption=f"The recommendations register: {count} recommendation{'' if count == 1 else 's'}, "
                      "each scored against the five Useful criteria (met 1, partly met 0.5, not met 0, "
                      "over those assessed), with the host partner's response",
              header=REGISTER_HEADER, rows=register, column_widths_cm=REGISTER_WIDTHS_CM),
        Table(key="criteria", section=SECTION,
              caption="Each recommendation against the Useful criteria, with the team's notes",
              header=CRITERIA_HEADER, rows=assessed, column_widths_cm=CRITERIA_WIDTHS_CM),
    ]
    if responses:
        parts.append(Table(key="responses", section=SECTION, caption="The host partner's responses, with their notes",
                           header=RESPONSES_HEADER, rows=responses, column_widths_cm=RESPONSES_WIDTHS_CM))
    return parts
