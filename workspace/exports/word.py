"""The Word report: `build_report_docx(team, audience, *, review_copy=False, draft=True)`.

Returns a `BuildResult`: the .docx bytes, and `failed_parts`, the names of the parts that could
not be included (the document then shows a note where each would have been, so a page can say
which part failed and still offer the file).

- `audience` is "team", "host" or "assessor": each parts function leaves out what that reader
  may not see.
- `review_copy=True` attaches every open comment thread to its quoted text as a Word comment.
- `draft=True` marks the header "DRAFT — not submitted" and shows "Not yet written" in empty
  sections; `draft=False` (the submitted report) leaves empty sections out.

The document, in order: a title page (review title, team, host partner, cohort, members, date,
word count by the cohort's rule); the cohort's declaration, if it has one; the contents (a real
TOC field over Heading 1-3, pre-filled with the headings linked to bookmarks, and Word told to
update fields on opening, for page numbers); the body sections in report order, each a
Heading 1, with the parts placed in it; References on a new page; then the appendices. Every
page after the title page has the team and review title in the header and "Page X of Y" in
the footer. A4, 2.5 cm margins, Word's built-in styles throughout.

`render_document` does the same from plain data (no database), for tests and benchmarks.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.oxml.shape import CT_Inline
from docx.shared import Cm
from lxml import etree

from ..timefmt import LONDON
from . import ooxml as x
from .body import Body, splice
from .figures import figure_png
from .markdown_word import table_xml, write_markdown
from .parts import (
    Contents,
    FailedPart,
    Figure,
    PlacedPart,
    Placement,
    ReportSection,
    SectionRole,
    Table,
    TextBlock,
)
from .template import TEXT_WIDTH_TWIPS, new_document

log = logging.getLogger(__name__)

DRAFT_MARK = "DRAFT \u2014 not submitted"
NOT_YET_WRITTEN = "Not yet written"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class BuildResult:
    docx: bytes
    failed_parts: list[str]

    @property
    def ok(self) -> bool:
        return not self.failed_parts


@dataclass(frozen=True)
class ReportMeta:
    """What the title page and the page furniture say about the team."""

    review_title: str
    team_name: str
    host_partner: str
    cohort: str
    members: list[str]
    on: date
    declaration: str | None = None


def meta_for(team) -> ReportMeta:
    members = [m.user.name for m in team.memberships if m.role == "member"]
    return ReportMeta(
        review_title=team.review_title, team_name=team.name, host_partner=team.host_organisation.name,
        cohort=team.cohort.name, members=members, on=datetime.now(LONDON).date(),
        # The assessment feature adds the cohort's declaration; until then there is none.
        declaration=getattr(team.cohort, "declaration_text", None),
    )


def build_report_docx(team, audience: str, *, review_copy: bool = False, draft: bool = True) -> BuildResult:
    """The team's report as a .docx for `audience` (see the module's docstring)."""
    from .parts import collect
    from .settings import placements_for

    contents = collect(team, audience, placements_for(team))
    return render_document(meta_for(team), contents, review_copy=review_copy, draft=draft)


def render_document(meta: ReportMeta, contents: Contents, *, review_copy: bool = False, draft: bool = True) -> BuildResult:
    doc = new_document()
    writer = _Writer(doc, Body(doc), contents, draft)
    writer.write_sections()
    front = _front_matter(writer.body, meta, contents, draft)  # the contents need every heading
    doc = splice(doc, front + writer.body.chunks)
    _page_furniture(doc, meta, draft)
    _properties(doc, meta)
    _update_fields_on_open(doc)
    if review_copy:
        from .review import attach_comments

        attach_comments(doc, contents.comments, _sections_by_heading(doc, writer.section_bookmarks))
    out = io.BytesIO()
    doc.save(out)
    return BuildResult(out.getvalue(), list(dict.fromkeys(writer.failed)))


# --- the body ------------------------------------------------------------------------------------


@dataclass
class _Writer:
    doc: object
    body: Body
    contents: Contents
    draft: bool
    failed: list[str] = field(default_factory=list)
    #: section key -> its heading's bookmark (the review copy finds each section by it)
    section_bookmarks: dict[str, str] = field(default_factory=dict)
    _shape_id: int = 0
    _appendix_letter: int = 0

    def __post_init__(self):
        self.failed = list(self.contents.failed)

    def write_sections(self) -> None:
        sections = self.contents.sections
        body_sections = [s for s in sections if s.role == SectionRole.BODY]
        references = [s for s in sections if s.role == SectionRole.REFERENCES]
        appendices = [s for s in sections if s.role == SectionRole.APPENDICES]
        known = {s.key for s in sections}
        main = [p for p in self.contents.parts if p.placement == Placement.MAIN and p.part.section in known]
        # A part whose section is gone has nowhere in the text to go: it goes to the appendices.
        in_appendix = [p for p in self.contents.parts if p not in main]
        notes = list(self.contents.failures)

        for section in body_sections:
            self._section(section, [p for p in main if p.part.section == section.key],
                          [f for f in notes if f.section == section.key])
        homeless = [f for f in notes if f.section not in {s.key for s in body_sections}]
        self._notes(homeless)
        # References start on a new page; so do the appendices after them.
        wrote_references = False
        for section in references:
            wrote_references |= self._section(section, [p for p in main if p.part.section == section.key], [],
                                              new_page=not wrote_references)
        if appendices or in_appendix:
            self._appendices(appendices, in_appendix, main, new_page=True)

    def _section(self, section: ReportSection, parts: list[PlacedPart], notes: list[FailedPart], *,
                 new_page: bool = False, extra_parts: list[PlacedPart] = ()) -> bool:
        empty = not section.markdown.strip()
        if empty and not parts and not notes and not extra_parts and not self.draft:
            return False  # a submitted report leaves empty sections out
        self.section_bookmarks[section.key] = self._heading1(section.title, new_page=new_page)
        if empty:
            if self.draft and not parts and not extra_parts:
                self.body.add(x.paragraph(x.run(NOT_YET_WRITTEN, x.rpr(italic=True))))
        else:
            write_markdown(self.body, section.markdown)
        for placed in parts:
            self._part(placed)
        self._notes(notes)
        for placed in extra_parts:
            self._appendix_part(placed)
        return True

    def _appendices(self, sections: list[ReportSection], parts: list[PlacedPart], main: list[PlacedPart], *, new_page: bool) -> None:
        if not sections:
            self._heading1("Appendices", new_page=new_page)
            for placed in parts:
                self._appendix_part(placed)
            return
        first = True
        for i, section in enumerate(sections):
            last = i == len(sections) - 1
            first &= not self._section(section, [p for p in main if p.part.section == section.key], [],
                                       new_page=new_page and first, extra_parts=parts if last else [])

    def _heading1(self, title: str, *, new_page: bool = False) -> str:
        bookmark_id, name = self.body.bookmark_heading(1, title)
        self.body.add(x.paragraph(x.bookmarked(bookmark_id, name, x.run(title)),
                                  x.ppr(style="Heading1", page_break_before=new_page)))
        return name

    # --- parts ---

    def _part(self, placed: PlacedPart) -> None:
        part = placed.part
        try:
            if isinstance(part, Figure):
                self._figure(part)
            elif isinstance(part, Table):
                self._table(part)
            elif isinstance(part, TextBlock):
                if part.title:
                    self._heading(2, part.title)
                write_markdown(self.body, part.markdown)
        except Exception:  # one broken part must still give a document
            log.exception("export part %s failed", placed.setting_key)
            self._notes([FailedPart(placed.setting_key, part.section)])

    def _appendix_part(self, placed: PlacedPart) -> None:
        self._appendix_letter += 1
        letter = _letters(self._appendix_letter)
        part = placed.part
        label = part.caption if isinstance(part, Figure | Table) else (part.title or "")
        self._heading(2, f"Appendix {letter}: {label}" if label else f"Appendix {letter}")
        if isinstance(part, TextBlock):
            placed = PlacedPart(placed.provider, TextBlock(part.key, part.section, part.markdown, None, part.placement),
                                placed.placement)
        self._part(placed)

    def _heading(self, level: int, text: str) -> None:
        bookmark_id, name = self.body.bookmark_heading(level, text)
        self.body.add(x.paragraph(x.bookmarked(bookmark_id, name, x.run(text)), x.ppr(style=f"Heading{level}")))

    def _figure(self, figure: Figure) -> None:
        png = figure_png(figure)
        rel_id, image = self.doc.part.get_or_add_image(io.BytesIO(png))
        width = min(Cm(figure.width_cm), Cm(16))
        cx, cy = image.scaled_dimensions(width, None)
        self._shape_id += 1
        inline = CT_Inline.new_pic_inline(self._shape_id, rel_id, image.filename, cx, cy)
        inline.docPr.set("descr", x.clean(figure.alt_text or figure.caption))
        drawing = f"<w:r><w:drawing>{etree.tostring(inline, encoding='unicode')}</w:drawing></w:r>"
        # The picture keeps with its caption, so they are never split across pages.
        self.body.add(x.paragraph(drawing, x.ppr(keep_next=True, align="center")))
        number = self.body.next_figure()
        self.body.add(x.paragraph(
            x.run("Figure ") + x.field("SEQ Figure \\* ARABIC", str(number)) + x.run(f": {figure.caption}"),
            # with a paragraph after it (a chart's summary sentence), the caption keeps with that too
            x.ppr(style="Caption", keep_next=bool(figure.text_after.strip()))))
        if figure.text_after.strip():
            write_markdown(self.body, figure.text_after)

    def _table(self, table: Table) -> None:
        number = self.body.next_table()
        # A table's caption goes above it and keeps with it.
        self.body.add(x.paragraph(
            x.run("Table ") + x.field("SEQ Table \\* ARABIC", str(number)) + x.run(f": {table.caption}"),
            x.ppr(style="Caption", keep_next=True)))
        bold = x.rpr(bold=True)
        header = [(x.run(str(h), bold), None) for h in table.header]
        rows = [[(_cell_runs(str(c)), None) for c in row] for row in table.rows]
        widths = [round(w / 2.54 * 1440) for w in table.column_widths_cm] if table.column_widths_cm else None
        if widths and sum(widths) > TEXT_WIDTH_TWIPS:  # never wider than the page
            widths = [w * TEXT_WIDTH_TWIPS // sum(widths) for w in widths]
        self.body.add_table(table_xml(header, rows, widths))

    def _notes(self, notes: list[FailedPart]) -> None:
        for note in notes:
            self.failed.append(note.name)
            self.body.add(x.paragraph(
                x.run(f"This part could not be included: {note.name}. ", x.rpr(bold=True))
                + x.run("The rest of the document is complete. Export again; if the part is still "
                        "missing, tell the programme team."),
                x.ppr(style="IntenseQuote")))


def _cell_runs(text: str) -> str:
    """A table cell's text as runs: a newline in it becomes a line break (a run holds one w:t,
    and a newline inside a w:t shows as a space), so a cell can hold a list, a line an item."""
    return x.BREAK.join(x.run(line) for line in text.split("\n"))


def _sections_by_heading(doc, bookmarks: dict[str, str]) -> dict[str, list]:
    """Section key -> the body elements from its Heading 1 up to the next one."""
    key_of = {name: key for key, name in bookmarks.items()}
    start_tag = qn("w:bookmarkStart")
    sections: dict[str, list] = {}
    current: list | None = None
    for element in doc.element.body:
        if element.tag == qn("w:p"):
            mark = element.find(start_tag)
            if mark is not None and mark.get(qn("w:name")) in key_of:
                current = sections[key_of[mark.get(qn("w:name"))]] = []
            elif mark is not None and element.find(qn("w:pPr") + "/" + qn("w:pStyle")) is not None \
                    and element.find(qn("w:pPr") + "/" + qn("w:pStyle")).get(qn("w:val")) == "Heading1":
                current = None  # a heading of no section (Appendices made up for parts)
        if current is not None:
            current.append(element)
    return sections


def _letters(n: int) -> str:
    """1 -> A, 26 -> Z, 27 -> AA."""
    out = ""
    while n:
        n, rest = divmod(n - 1, 26)
        out = chr(65 + rest) + out
    return out


# --- front matter ------------------------------------------------------------------------------


def _front_matter(body: Body, meta: ReportMeta, contents: Contents, draft: bool) -> list[str]:
    chunks = []
    chunks.append(x.paragraph("", x.ppr(extra='<w:spacing w:before="2400"/>')))
    chunks.append(x.paragraph(x.run("Strategic change review", x.rpr(bold=True)), x.ppr(style="Subtitle")))
    chunks.append(x.paragraph(x.run(meta.review_title), x.ppr(style="Title", bidi=x.starts_right_to_left(meta.review_title))))
    chunks.append(x.paragraph(x.run(meta.team_name), x.ppr(style="Subtitle")))
    if draft:
        chunks.append(x.paragraph(
            f'<w:r><w:rPr><w:b/><w:color w:val="D5281B"/></w:rPr><w:t>{x.esc(DRAFT_MARK)}</w:t></w:r>'))
    word_count = contents.word_count.sentence() if contents.word_count else "Not counted"
    details = [
        ("Host partner", [meta.host_partner]),
        ("Programme and cohort", [meta.cohort]),
        ("Team members", meta.members or ["No members yet"]),
        ("Date", [meta.on.strftime("%-d %B %Y")]),
        ("Word count", [word_count]),
    ]
    chunks.append(x.paragraph("", x.ppr(extra='<w:spacing w:before="600"/>')))
    chunks.append(_details_table(details))
    chunks.append(x.PAGE_BREAK)
    if meta.declaration and meta.declaration.strip():
        chunks.append(x.paragraph(x.run("Declaration"), x.ppr(style="TOCHeading")))
        for block in meta.declaration.strip().split("\n\n"):
            lines = [x.run(line) for line in block.split("\n")]
            chunks.append(x.paragraph(x.BREAK.join(lines)))
        chunks.append(x.PAGE_BREAK)
    chunks.append(x.paragraph(x.run("Contents"), x.ppr(style="TOCHeading")))
    chunks.extend(_contents(body))
    chunks.append(x.PAGE_BREAK)
    return chunks


def _details_table(rows: list[tuple[str, list[str]]]) -> str:
    """The title page's facts: a two-column table without borders."""
    label_width, value_width = 2600, TEXT_WIDTH_TWIPS - 2600
    none = "".join(f'<w:{side} w:val="nil"/>' for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    out = [f'<w:tbl><w:tblPr><w:tblW w:w="{TEXT_WIDTH_TWIPS}" w:type="dxa"/><w:tblBorders>{none}</w:tblBorders>'
           f'<w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid><w:gridCol w:w="{label_width}"/><w:gridCol w:w="{value_width}"/></w:tblGrid>']
    spacing = '<w:pPr><w:spacing w:before="40" w:after="40"/></w:pPr>'
    for label, values in rows:
        value = x.BREAK.join(x.run(v) for v in values)
        out.append(
            f'<w:tr><w:tc><w:tcPr><w:tcW w:w="{label_width}" w:type="dxa"/></w:tcPr>'
            f'<w:p>{spacing}{x.run(label, x.rpr(bold=True))}</w:p></w:tc>'
            f'<w:tc><w:tcPr><w:tcW w:w="{value_width}" w:type="dxa"/></w:tcPr><w:p>{spacing}{value}</w:p></w:tc></w:tr>')
    out.append("</w:tbl>")
    return "".join(out)


def _contents(body: Body) -> list[str]:
    """A TOC field over Heading 1-3 whose result already lists the headings, each linked to
    its bookmark, so it reads right before any update. Word fills in the page numbers when it
    updates the field on opening (settings' updateFields); an entry without a number reads
    better than dot leaders that lead nowhere, so none are pre-filled."""
    begin = ('<w:r><w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r>'
             '<w:r><w:instrText xml:space="preserve"> TOC \\o "1-3" \\h \\z \\u </w:instrText></w:r>'
             '<w:r><w:fldChar w:fldCharType="separate"/></w:r>')
    end = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    if not body.headings:
        return [x.paragraph(begin + x.run("No headings yet.") + end, x.ppr(style="TOC1"))]
    out = []
    last = len(body.headings) - 1
    for i, heading in enumerate(body.headings):
        entry = x.anchor_link(heading.bookmark, x.run(heading.text))
        out.append(x.paragraph((begin if i == 0 else "") + entry + (end if i == last else ""),
                               x.ppr(style=f"TOC{heading.level}")))
    return out


# --- page furniture, properties, settings ---------------------------------------------------------


def _page_furniture(doc, meta: ReportMeta, draft: bool) -> None:
    section = doc.sections[0]
    section.different_first_page_header_footer = True  # the title page stays clean
    header = section.header
    header.is_linked_to_previous = False
    line = header.paragraphs[0]
    line.style = doc.styles["Header"]
    # One line under a thin rule: who and what on the left, the draft mark at the right margin.
    tabs = f'<w:pPr {x.NAMESPACES}><w:pStyle w:val="Header"/><w:pBdr><w:bottom w:val="single" w:sz="4" w:space="4" w:color="A6A6A6"/></w:pBdr>' \
           f'<w:tabs><w:tab w:val="clear" w:pos="4513"/><w:tab w:val="clear" w:pos="9026"/><w:tab w:val="right" w:pos="{TEXT_WIDTH_TWIPS}"/></w:tabs></w:pPr>'
    line._p.remove(line._p.pPr)
    line._p.insert(0, parse_xml(tabs))
    # A space before the tab: a title that reaches the tab stop would otherwise run into the mark.
    mark = f'<w:r><w:t xml:space="preserve"> </w:t></w:r><w:r><w:tab/></w:r><w:r><w:rPr><w:b/><w:color w:val="D5281B"/></w:rPr><w:t>{x.esc(DRAFT_MARK)}</w:t></w:r>' if draft else ""
    for element in parse_xml(f"<w:p {x.NAMESPACES}>{x.run(f'{meta.team_name} · {meta.review_title}')}{mark}</w:p>"):
        line._p.append(element)
    footer = section.footer
    footer.is_linked_to_previous = False
    line = footer.paragraphs[0]
    line.style = doc.styles["Footer"]
    line.alignment = 1  # centre
    for element in parse_xml(
        f"<w:p {x.NAMESPACES}>{x.run('Page ')}{x.field('PAGE', '1')}{x.run(' of ')}{x.field('NUMPAGES', '1')}</w:p>"
    ):
        line._p.append(element)


def _properties(doc, meta: ReportMeta) -> None:
    props = doc.core_properties
    props.title = x.clean(meta.review_title)[:255]
    props.author = x.clean(meta.team_name)[:255]
    props.subject = x.clean(meta.host_partner)[:255]
    props.last_modified_by = x.clean(meta.team_name)[:255]
    props.comments = f"Strategic change review by {x.clean(meta.team_name)}"[:255]
    props.keywords = "strategic change review"
    now = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
    props.created = props.modified = now
    props.revision = 1


def _update_fields_on_open(doc) -> None:
    """Ask Word to update fields (the contents' page numbers) when the file opens. The element
    must come before w:compat, or the settings part is schema-invalid."""
    settings = doc.settings.element
    if settings.find(qn("w:updateFields")) is not None:
        return
    element = parse_xml(f'<w:updateFields {x.NAMESPACES} w:val="true"/>')
    compat = settings.find(qn("w:compat"))
    if compat is not None:
        compat.addprevious(element)
    else:
        settings.append(element)
