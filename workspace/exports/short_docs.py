"""What the exporter's short Word documents share (the released feedback, a learner's evidence):
a bookmarked heading, a borderless facts table and a "… · page 1 of 3" footer. The report
itself (word.py) lays out its own title page and footer."""

from __future__ import annotations

from docx.oxml import parse_xml

from . import ooxml as x
from .body import Body
from .template import TEXT_WIDTH_TWIPS


def heading(body: Body, level: int, text: str) -> None:
    bookmark_id, name = body.bookmark_heading(level, text)
    body.add(x.paragraph(x.bookmarked(bookmark_id, name, x.run(text)),
                         x.ppr(style=f"Heading{level}", bidi=x.starts_right_to_left(text))))


def details_table(rows: list[tuple[str, str]]) -> str:
    """Facts as a two-column table without borders (as on the report's title page)."""
    label_width, value_width = 2600, TEXT_WIDTH_TWIPS - 2600
    none = "".join(f'<w:{side} w:val="nil"/>' for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    out = [f'<w:tbl><w:tblPr><w:tblW w:w="{TEXT_WIDTH_TWIPS}" w:type="dxa"/><w:tblBorders>{none}</w:tblBorders>'
           f'<w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid><w:gridCol w:w="{label_width}"/>'
           f'<w:gridCol w:w="{value_width}"/></w:tblGrid>']
    spacing = '<w:pPr><w:spacing w:before="40" w:after="40"/></w:pPr>'
    for label, value in rows:
        out.append(
            f'<w:tr><w:tc><w:tcPr><w:tcW w:w="{label_width}" w:type="dxa"/></w:tcPr>'
            f'<w:p>{spacing}{x.run(label, x.rpr(bold=True))}</w:p></w:tc>'
            f'<w:tc><w:tcPr><w:tcW w:w="{value_width}" w:type="dxa"/></w:tcPr><w:p>{spacing}{x.run(value)}</w:p></w:tc></w:tr>')
    out.append("</w:tbl>")
    return "".join(out)


def page_footer(document, text: str) -> None:
    """A centred footer: `text` followed by "page N of M" (PAGE and NUMPAGES fields)."""
    footer = document.sections[0].footer
    footer.is_linked_to_previous = False
    line = footer.paragraphs[0]
    line.style = document.styles["Footer"]
    line.alignment = 1  # centre
    for element in parse_xml(f"<w:p {x.NAMESPACES}>{x.run(text + ' · page ')}{x.field('PAGE', '1')}"
                             f"{x.run(' of ')}{x.field('NUMPAGES', '1')}</w:p>"):
        line._p.append(element)
