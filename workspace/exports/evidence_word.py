"""One learner's systems-leadership evidence as a Word document, for their individual reflective
portfolio: plain data in, .docx bytes out.

`build_evidence_docx(doc)` takes an `EvidenceDocument` (the framework feature fills it, for the
learner alone; this module imports no feature) and writes, from the same reference template as
the report (so the styles match):

- a title block (the learner, their team, the review, host partner, cohort, the date made);
- "Tagged contributions": per domain of the framework, then per behaviour theme, a table of the
  items the learner tagged (kind, title, the behaviours named);
- "Reflections": every reflection of theirs, newest first, each with its date, whether it is
  private or shared with the team, the behaviours it is tagged with and its text (markdown,
  written by the report's own walker).

Control characters are dropped at the OOXML boundary (`ooxml.clean`).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from . import ooxml as x
from .body import Body, splice
from .feedback_word import DOCX_MIME  # noqa: F401 - callers send it with the bytes
from .markdown_word import table_xml, write_markdown
from .short_docs import details_table, heading, page_footer
from .template import TEXT_WIDTH_TWIPS, new_document

#: bounds that keep the cost fixed: the caller's lists are bounded too
MAX_GROUPS = 20
MAX_ENTRIES = 500
MAX_REFLECTIONS = 500
NO_TEXT = "No text written."


@dataclass(frozen=True)
class EvidenceLine:
    kind: str  # "Action", "Report section", ...
    title: str
    behaviours: tuple[str, ...] = ()


@dataclass(frozen=True)
class EvidenceGroup:
    heading: str  # the domain's or theme's name
    kind: str  # "domain" or "theme"
    lines: list[EvidenceLine] = field(default_factory=list)


@dataclass(frozen=True)
class EvidenceReflection:
    written_on: date
    title: str
    body: str  # markdown
    shared: bool
    behaviours: tuple[str, ...] = ()


@dataclass(frozen=True)
class EvidenceDocument:
    learner: str
    team_name: str
    review_title: str
    host_partner: str
    cohort: str
    made_on: date
    groups: list[EvidenceGroup] = field(default_factory=list)
    reflections: list[EvidenceReflection] = field(default_factory=list)


def build_evidence_docx(doc: EvidenceDocument) -> bytes:
    """The evidence document's bytes (see the module's docstring)."""
    document = new_document()
    body = Body(document)
    _title_block(body, doc)
    _contributions(body, doc.groups[:MAX_GROUPS])
    _reflections(body, doc.reflections[:MAX_REFLECTIONS])
    document = splice(document, body.chunks)
    page_footer(document, f"{doc.learner} · systems leadership evidence")
    _properties(document, doc)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _title_block(body: Body, doc: EvidenceDocument) -> None:
    body.add(x.paragraph(x.run("Systems leadership evidence", x.rpr(bold=True)), x.ppr(style="Subtitle")))
    body.add(x.paragraph(x.run(doc.learner), x.ppr(style="Title", bidi=x.starts_right_to_left(doc.learner))))
    body.add(x.paragraph(x.run("For their individual reflective portfolio"), x.ppr(style="Subtitle")))
    rows = [("Project team", doc.team_name), ("Strategic change review", doc.review_title),
            ("Host partner", doc.host_partner), ("Programme and cohort", doc.cohort),
            ("Made on", f"{doc.made_on.day} {doc.made_on:%B %Y}")]
    body.add_table(details_table([(label, value) for label, value in rows if value]))


def _contributions(body: Body, groups: list[EvidenceGroup]) -> None:
    heading(body, 1, "Tagged contributions")
    if not groups:
        body.add(x.paragraph(x.run("No work tagged with the framework yet.", x.rpr(italic=True))))
        return
    body.add(x.paragraph(x.run("The team's work this learner tagged with a domain of the Systems Leadership "
                               "Development Framework or a system leadership behaviour.")))
    bold = x.rpr(bold=True)
    header = [(x.run("Kind", bold), None), (x.run("Item", bold), None), (x.run("Behaviours", bold), None)]
    widths = [2000, TEXT_WIDTH_TWIPS - 5200, 3200]
    spent = 0
    for group in groups:
        lines = group.lines[:max(0, MAX_ENTRIES - spent)]
        if not lines:
            continue
        spent += len(lines)
        label = group.heading if group.kind == "domain" else f"{group.heading} (behaviour theme)"
        heading(body, 2, label)
        rows = [[(x.run(line.kind), None), (x.run(line.title), None), (x.run("; ".join(line.behaviours) or "–"), None)]
                for line in lines]
        body.add_table(table_xml(header, rows, widths))


def _reflections(body: Body, reflections: list[EvidenceReflection]) -> None:
    heading(body, 1, "Reflections")
    if not reflections:
        body.add(x.paragraph(x.run("No reflections written yet.", x.rpr(italic=True))))
        return
    for entry in reflections:
        when = f"{entry.written_on.day} {entry.written_on:%B %Y}"
        heading(body, 2, f"{entry.title} ({when})" if entry.title else when)
        facts = "Shared with the team" if entry.shared else "Private"
        if entry.behaviours:
            facts += " · tagged " + "; ".join(entry.behaviours)
        body.add(x.paragraph(x.run(facts, x.rpr(italic=True))))
        text = x.clean(entry.body or "").strip()
        if text:
            write_markdown(body, _demoted(text))
        else:
            body.add(x.paragraph(x.run(NO_TEXT, x.rpr(italic=True))))


_ATX_HEADING = re.compile(r"^( {0,3})(#{1,6})(?=[ \t]|$)")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")


def _demoted(text: str) -> str:
    """A reflection's own headings under its title (a Heading 2): "# A" and "## A" become level 3
    and deeper, so the document's outline keeps each reflection as one entry."""
    out, fenced = [], False
    for line in text.split("\n"):
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced:
            line = _ATX_HEADING.sub(lambda m: m.group(1) + "#" * min(6, len(m.group(2)) + 2), line)
        out.append(line)
    return "\n".join(out)


def _properties(document, doc: EvidenceDocument) -> None:
    props = document.core_properties
    props.title = x.clean(f"Systems leadership evidence: {doc.learner}")[:255]
    props.author = x.clean(doc.learner)[:255]
    props.subject = x.clean(doc.team_name)[:255]
    props.last_modified_by = x.clean(doc.learner)[:255]
    props.comments = "Tagged contributions and reflections, for an individual reflective portfolio"
    props.keywords = "systems leadership evidence"
    now = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
    props.created = props.modified = now
    props.revision = 1
