"""Any text the app accepted must export: the issue's bad inputs, each read back.

Built from plain data with `render_document` (the report could not hold all of these at once).
"""

from __future__ import annotations

import io
import re
from datetime import date

import docx
import pytest
from docx.oxml.ns import qn

from workspace.exports.parts import Contents, ReportSection, SectionRole
from workspace.exports.word import NOT_YET_WRITTEN, ReportMeta, render_document

META = ReportMeta("Joining up discharge", "Team Harbour", "Riverside Trust", "Cohort 2026", ["Mo Member"], date(2026, 11, 26))


def _export(markdown: str, **kwargs):
    contents = Contents(sections=[ReportSection("findings", "Findings", markdown, 1)])
    result = render_document(META, contents, **kwargs)
    return result, docx.Document(io.BytesIO(result.docx))


def _body_text(document) -> str:
    return "\n".join(t.text or "" for t in document.element.body.iter(qn("w:t")))


def test_control_characters_are_dropped_not_fatal():
    _, document = _export("Before\x00\x01\x08\x0b\x0c\x1f\ufffe after, and a lone \ud800 surrogate.")
    text = _body_text(document)
    assert "Before" in text and "after, and a lone  surrogate." in text
    assert not any(ord(c) < 32 and c not in "\t\n\r" for c in text)


def test_a_200_kb_section_keeps_every_paragraph():
    paragraphs = [f"Paragraph {i} " + "word " * 38 for i in range(1000)]
    markdown = "\n\n".join(paragraphs)
    assert len(markdown.encode()) >= 200_000
    _, document = _export(markdown)
    texts = [p.text for p in document.paragraphs]
    assert texts.count(NOT_YET_WRITTEN) == 0
    assert sum(1 for t in texts if t.startswith("Paragraph ")) == 1000


def test_emoji_and_right_to_left_text():
    _, document = _export("Team 🎉👩‍⚕️ done.\n\nمرحبا بالعالم، هذا تقرير\n\nשלום עולם")
    paragraphs = {p.text: p for p in document.paragraphs}
    assert "Team 🎉👩‍⚕️ done." in paragraphs
    arabic = paragraphs["مرحبا بالعالم، هذا تقرير"]
    assert arabic._p.pPr.find(qn("w:bidi")) is not None  # a right-to-left paragraph reads from the right
    assert paragraphs["שלום עולם"]._p.pPr.find(qn("w:bidi")) is not None


def test_a_33000_row_table_is_one_word_table_with_a_repeating_header():
    markdown = "|n|\n|-|\n" + "".join(f"|{i % 10}|\n" for i in range(33_000))
    _, document = _export(markdown)
    table = [t for t in document.tables if t.style is not None and t.style.name == "Table Grid"][0]
    rows = table._tbl.tr_lst
    assert len(rows) == 33_001
    assert rows[0].trPr.find(qn("w:tblHeader")) is not None
    assert rows[1].trPr.find(qn("w:tblHeader")) is None


def test_twenty_deep_lists_keep_every_item_with_numbering():
    bullets = "".join("  " * i + f"- bullet level {i}\n" for i in range(20))
    numbers = "".join("   " * i + f"1. number level {i}\n" for i in range(20))
    _, document = _export(bullets + "\nBetween.\n\n" + numbers)
    body = "\n".join(p.text for p in document.paragraphs)
    for i in range(20):
        assert re.search(rf"bullet level {i}\b", body), i
        assert re.search(rf"number level {i}\b", body), i
    # Past the renderer's depth the items are plain lines, without their markers as text.
    assert not re.search(r"(^|\s)(-|1\.) (bullet|number) level", body)
    numbered = [p for p in document.paragraphs if p._p.pPr is not None and p._p.pPr.numPr is not None]
    levels = {p._p.pPr.numPr.ilvl.val for p in numbered}
    assert levels <= set(range(9))  # Word's nine levels; deeper items stay on the last one
    assert len(levels) >= 6


@pytest.mark.parametrize("link", [
    "[click](javascript:alert(1))", "[file](file:///etc/passwd)", "[data](data:text/html,hi)",
    "[spaces](http://exa mple.com)", "[weird](http://[::1)", "[ftp](ftp://example.org/x)",
])
def test_links_with_odd_schemes_become_their_words(link):
    result, document = _export(f"See {link} here.")
    text = _body_text(document)
    words = link[1:link.index("]")]
    assert words in text
    assert "](" not in text
    relationships = [r.target_ref for r in document.part.rels.values() if r.is_external]
    assert not any(r.startswith(("javascript", "file", "data", "ftp")) for r in relationships)


def test_an_empty_report_is_still_a_document():
    result = render_document(META, Contents())
    document = docx.Document(io.BytesIO(result.docx))
    assert result.failed_parts == []
    assert any(p.text == META.review_title for p in document.paragraphs)
    assert any(p.style.name == "TOC Heading" and p.text == "Contents" for p in document.paragraphs)


def test_empty_sections_are_left_out_of_a_submitted_report():
    contents = Contents(sections=[
        ReportSection("a", "Written", "Text.", 1), ReportSection("b", "Empty", "  \n", 2),
        ReportSection("references", "References", "", 3, True, SectionRole.REFERENCES),
    ])
    draft = docx.Document(io.BytesIO(render_document(META, contents).docx))
    final = docx.Document(io.BytesIO(render_document(META, contents, draft=False).docx))
    assert [p.text for p in draft.paragraphs if p.style.name == "Heading 1"] == ["Written", "Empty", "References"]
    assert [p.text for p in final.paragraphs if p.style.name == "Heading 1"] == ["Written"]


def test_an_empty_heading_leaves_no_empty_heading_or_contents_entry():
    _, document = _export("#\n\n## \n\nText after.")
    headings = [p for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert all(p.text.strip() for p in headings)
    assert any(p.text == "Text after." for p in document.paragraphs)
