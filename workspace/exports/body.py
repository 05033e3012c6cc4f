"""The document being written: its body as WordprocessingML text, plus what the text needs
from the package (hyperlink relationships, list numbering, bookmarks for the contents).

Writers append paragraph and table XML with `add`; `splice` parses it all at once into the
document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from lxml import etree

from .ooxml import clean
from .template import DECIMAL_ABSTRACT

#: only these become live hyperlinks; anything else is shown as its text
LINK_SCHEMES = ("http://", "https://", "mailto:")
#: characters a URI may hold (RFC 3986). Word refuses to open a file whose hyperlink target is
#: not a valid URI, so anything else stays plain text.
_URI = re.compile(r"^[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+$")
MAX_URL = 2000
TABLE_SPACER = '<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="200" w:lineRule="exact"/></w:pPr></w:p>'


@dataclass
class Heading:
    level: int  # 1-3: the contents lists these
    text: str
    bookmark: str


@dataclass
class Body:
    doc: object
    chunks: list[str] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    _next_bookmark: int = 1
    _figure_number: int = 0
    _table_number: int = 0
    #: url -> relationship id: python-docx looks for an existing one by scanning them all,
    #: which would make a section of 3,000 links quadratic
    _links: dict[str, str | None] = field(default_factory=dict)

    def add(self, xml: str) -> None:
        self.chunks.append(xml)

    def add_table(self, xml: str) -> None:
        if self.chunks and '<w:pStyle w:val="ListParagraph"/>' in self.chunks[-1]:
            self.chunks.append(TABLE_SPACER)  # list paragraphs have no space after them
        self.chunks.append(xml)
        # Text after a table needs a little air, and Word joins two tables that touch.
        self.chunks.append(TABLE_SPACER)

    # --- what text needs from the package -----------------------------------------------------

    def link_target(self, url: str) -> str | None:
        """The relationship id for an external link, or None when it must stay plain text."""
        if url in self._links:
            return self._links[url]
        target = clean(url).strip()
        if not target.lower().startswith(LINK_SCHEMES) or len(target) > MAX_URL or not _URI.match(target):
            rel_id = None
        else:
            # Our own ids: python-docx finds its next free "rIdN" by counting up from 1 each time.
            rel_id = f"rIdLink{len(self._links) + 1}"
            self.doc.part.rels.add_relationship(RT.HYPERLINK, target, rel_id, is_external=True)
        self._links[url] = rel_id
        return rel_id

    def new_numbered_list(self, level: int, start: int) -> int:
        """A new w:num over the numbered-list definition, starting at `start` on `level`: each
        markdown ordered list restarts its numbering, as the page shows it."""
        numbering = self.doc.part.numbering_part.element
        num = numbering.add_num(DECIMAL_ABSTRACT)
        num.add_lvlOverride(ilvl=level).add_startOverride(max(0, min(start, 32767)))
        return num.numId

    def bookmark_heading(self, level: int, text: str) -> tuple[int, str]:
        """A bookmark for a heading the contents will link to: (bookmark id, name)."""
        number = self._next_bookmark
        self._next_bookmark += 1
        name = f"_Toc{number:08d}"
        if level <= 3:
            self.headings.append(Heading(level, " ".join(text.split()), name))
        return number, name

    def next_bookmark_id(self) -> int:
        number = self._next_bookmark
        self._next_bookmark += 1
        return number

    def next_figure(self) -> int:
        self._figure_number += 1
        return self._figure_number

    def next_table(self) -> int:
        self._table_number += 1
        return self._table_number

    # --- into the document ----------------------------------------------------------------------


def splice(doc, chunks: list[str]):
    """The document with `chunks` as its body content, ahead of the final section properties.

    The whole document part is serialised, the body text put in, and the result parsed once as
    the part's new element. Inserting parsed elements instead would move them from one lxml
    document to another, which costs time quadratic in their size (10 s for a 6,000-row table;
    this way it is 0.1 s). Returns the new python-docx Document over the same package.
    """
    part = doc.part
    xml = etree.tostring(part.element, encoding="unicode")
    at = xml.rfind("<w:sectPr")
    if at < 0:
        at = xml.rfind("</w:body>")
    part._element = parse_xml(xml[:at] + "".join(chunks) + xml[at:])
    return part.document
