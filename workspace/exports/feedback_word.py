"""The team's released assessment feedback as a Word document: plain data in, .docx bytes out.

`build_feedback_docx(doc)` takes a `FeedbackDocument` (the caller, the marking feature, fills it
from the agreed moderation and the finalised markings; this module imports no feature) and
writes, from the same reference template as the report (so the styles match):

- a title block (review title, team, host partner, cohort, the release date);
- "Marks": a table with a header row (component, weight in the overall mark, mark) and the
  overall mark with its band;
- "Agreed feedback": the facilitator's feedback;
- per assessor, named only "Assessor 1", "Assessor 2" (never by name), their overall feedback
  and the feedback on each criterion under the criterion's title and weight (no individual
  scores: the team sees the agreed marks only).

Feedback is markdown and is written by the report's own walker (`markdown_word.write_markdown`):
headings, lists, emphasis and links become Word structure, never markdown syntax. Control
characters are dropped at the OOXML boundary (`ooxml.clean`).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from . import ooxml as x
from .body import Body, splice
from .markdown_word import table_xml, write_markdown
from .short_docs import details_table, heading, page_footer
from .template import TEXT_WIDTH_TWIPS, new_document

COMPONENT_LABELS = {"report": "Report", "presentation": "Presentation"}
NO_FEEDBACK = "No feedback given."
MAX_ASSESSORS = 10  # a team has two or three; the bound keeps the cost fixed


@dataclass(frozen=True)
class CriterionFeedback:
    component: str  # "report" or "presentation"
    criterion: str
    weight: int  # percent of its component
    feedback: str = ""


@dataclass(frozen=True)
class AssessorFeedback:
    """One assessor's finalised feedback. Deliberately no name: the document numbers them."""

    overall_feedback: str = ""
    criteria: list[CriterionFeedback] = field(default_factory=list)


@dataclass(frozen=True)
class FeedbackDocument:
    team_name: str
    review_title: str
    host_partner: str
    cohort: str
    released_on: date | None
    overall_mark: int
    band: str
    report_mark: int
    presentation_mark: int
    report_weight: int  # percent of the overall mark; the presentation weighs the rest
    feedback: str = ""  # the facilitator's agreed feedback
    assessors: list[AssessorFeedback] = field(default_factory=list)


DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def build_feedback_docx(doc: FeedbackDocument) -> bytes:
    """The feedback document's bytes (see the module's docstring)."""
    document = new_document()
    body = Body(document)
    _title_block(body, doc)
    _marks(body, doc)
    heading(body, 1, "Agreed feedback")
    _markdown(body, doc.feedback)
    for number, assessor in enumerate(doc.assessors[:MAX_ASSESSORS], start=1):
        _assessor(body, number, assessor)
    document = splice(document, body.chunks)
    page_footer(document, f"{doc.team_name} · assessment feedback")
    _properties(document, doc)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _markdown(body: Body, text: str) -> None:
    text = x.clean(text or "").strip()
    if not text:
        body.add(x.paragraph(x.run(NO_FEEDBACK, x.rpr(italic=True))))
        return
    write_markdown(body, text)


def _title_block(body: Body, doc: FeedbackDocument) -> None:
    body.add(x.paragraph(x.run("Assessment feedback", x.rpr(bold=True)), x.ppr(style="Subtitle")))
    body.add(x.paragraph(x.run(doc.review_title), x.ppr(style="Title", bidi=x.starts_right_to_left(doc.review_title))))
    body.add(x.paragraph(x.run(doc.team_name), x.ppr(style="Subtitle")))
    released = doc.released_on.strftime("%-d %B %Y") if doc.released_on else "Not released"
    rows = [("Host partner", doc.host_partner), ("Programme and cohort", doc.cohort), ("Feedback released", released)]
    body.add_table(details_table(rows))


def _marks(body: Body, doc: FeedbackDocument) -> None:
    heading(body, 1, "Marks")
    report_weight = min(100, max(0, doc.report_weight))
    bold = x.rpr(bold=True)
    body.add(x.paragraph(x.run("Overall mark: ", bold) + x.run(f"{doc.overall_mark}% ({doc.band})")))
    header = [(x.run("Component", bold), None), (x.run("Weight in the overall mark", bold), "right"),
              (x.run("Mark", bold), "right")]
    rows = [
        [(x.run("Report"), None), (x.run(f"{report_weight}%"), "right"), (x.run(f"{doc.report_mark}%"), "right")],
        [(x.run("Presentation"), None), (x.run(f"{100 - report_weight}%"), "right"),
         (x.run(f"{doc.presentation_mark}%"), "right")],
        [(x.run("Overall", bold), None), (x.run("100%", bold), "right"),
         (x.run(f"{doc.overall_mark}% ({doc.band})", bold), "right")],
    ]
    third = TEXT_WIDTH_TWIPS // 3
    body.add_table(table_xml(header, rows, [TEXT_WIDTH_TWIPS - 2 * third, third, third]))


def _assessor(body: Body, number: int, assessor: AssessorFeedback) -> None:
    heading(body, 1, f"Assessor {number}")
    heading(body, 2, "Overall feedback")
    _markdown(body, assessor.overall_feedback)
    if not assessor.criteria:
        return
    bold = x.rpr(bold=True)
    header = [(x.run("Component", bold), None), (x.run("Criterion", bold), None), (x.run("Weight", bold), "right")]
    rows = [[(x.run(COMPONENT_LABELS.get(c.component, c.component)), None), (x.run(c.criterion), None),
             (x.run(f"{c.weight}%"), "right")] for c in assessor.criteria]
    body.add(x.paragraph(x.run("The criteria this assessor gave feedback on, with their weight in the component:")))
    body.add_table(table_xml(header, rows, [2000, TEXT_WIDTH_TWIPS - 3400, 1400]))
    for component in COMPONENT_LABELS:
        mine = [c for c in assessor.criteria if c.component == component]
        if not mine:
            continue
        heading(body, 2, f"{COMPONENT_LABELS[component]} criteria")
        for criterion in mine:
            heading(body, 3, f"{criterion.criterion} ({criterion.weight}%)")
            _markdown(body, criterion.feedback)


def _properties(document, doc: FeedbackDocument) -> None:
    props = document.core_properties
    props.title = x.clean(f"Assessment feedback: {doc.review_title}")[:255]
    props.author = "Programme assessment"
    props.subject = x.clean(doc.team_name)[:255]
    props.last_modified_by = "Programme assessment"
    props.comments = x.clean(f"Released feedback for {doc.team_name}")[:255]
    props.keywords = "assessment feedback"
    now = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
    props.created = props.modified = now
    props.revision = 1
