"""The document being written: its body as WordprocessingML text, plus what the text needs
from the package (hyperlink relationships, list numbering, bookmarks for the contents).

Writers append paragraph and table XML with `add`; `finish` parses it all once and puts it
into the document ahead of the final section properties.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import qn

from .ooxml import NAMESPACES, clean
from .template import DECIMAL_ABSTRACT

#: only these become live hyperlinks; anything else is shown as its text
LINK_SCHEMES = ("http://", "https://", "mailto:")
#: characters a URI may hold (RFC 3986). Word refuses to open a file whose hyperlink target is
#: not a valid URI, so anything else stays plain text.
_URI = re.compile(r"^[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+$")
MAX_URL = 2000


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

    def add(self, xml: str) -> None:
        self.chunks.append(xml)

    def add_table(self, xml: str) -> None:
        if self.chunks and self.chunks[-1].startswith("<w:tbl>"):
            self.chunks.append("<w:p/>")  # Word joins two tables that touch: keep them apart
        self.chunks.append(xml)

    # --- what text needs from the package -----------------------------------------------------

    def link_target(self, url: str) -> str | None:
        """The relationship id for an external link, or None when it must stay plain text."""
        url = clean(url).strip()
        if not url.lower().startswith(LINK_SCHEMES) or len(url) > MAX_URL or not _URI.match(url):
            return None
        return self.doc.part.relate_to(url, RT.HYPERLINK, is_external=True)

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

    def finish(self, chunks: list[str] | None = None, before=None) -> list:
        """Parse the XML written so far (or `chunks`) and insert it before `before`, or at the
        end of the body (ahead of its section properties). Returns the inserted elements."""
        xml = "".join(self.chunks if chunks is None else chunks)
        if chunks is None:
            self.chunks = []
        if not xml:
            return []
        wrapper = parse_xml(f"<w:body {NAMESPACES}>{xml}</w:body>")
        body = self.doc.element.body
        anchor = before if before is not None else body.find(qn("w:sectPr"))
        elements = list(wrapper)
        for element in elements:
            anchor.addprevious(element)
        return elements
