"""The Word report: read back with python-docx and mammoth (an independent reader).

Documents are built through `build_report_docx` for a real team (sections and comments come
from the report feature through the parts registry), or through `render_document` from plain
data where a test needs inputs the report would never hold at once.
"""

from __future__ import annotations

import io
import re
import zipfile

import docx
import mammoth
import pytest
from docx.oxml.ns import qn
from flask import current_app

from workspace.exports import parts as registry
from workspace.exports.word import DRAFT_MARK, NOT_YET_WRITTEN, build_report_docx
from workspace.extensions import db
from workspace.report import comments as comment_ops
from workspace.report import operations as report_ops
from workspace.report.queries import word_total

#: markdown syntax that must never reach the document's text
LEAKS = re.compile(r"\*\*|^#{1,6}\s|\|\s*-{3,}|\]\(|^\s*[-*+]\s|^\s*\d+\.\s|^>\s|~~|`")

RICH = """Opening paragraph with **bold**, *italic*, ~~struck~~ and `code`, a [link](https://example.org/a?b=1)
and a [mail link](mailto:team@example.org).\
After a hard break.

## Background

1. First step
2. Second step
   - nested bullet
   - another
     1. deeper number
3. Third step

Text between lists.

1. A new list that restarts
2. Its second item

> A patient told us the wait felt endless.

### Detail

| Measure | Value |
| --- | ---: |
| Delays | 60 |
| Beds | 12 |
"""


def _html(data: bytes) -> str:
    """mammoth's reading of the file, without the bookmarks it keeps as empty anchors."""
    return re.sub(r'<a id="[^"]*"></a>', "", mammoth.convert_to_html(io.BytesIO(data)).value)


def _doc(data: bytes):
    return docx.Document(io.BytesIO(data))


def _paragraph_texts(document) -> list[str]:
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            texts.extend(cell.text for cell in row.cells)
    return texts


def _save(team, key: str, body: str, writer) -> None:
    section = report_ops.get_section(team, key)
    report_ops.save_section(team, key, body, section.version, writer)


@pytest.fixture
def written(world):
    team = world.team
    report_ops.sections_for(team)
    _save(team, "introduction", RICH, world.member)
    _save(team, "scope", "We looked at **discharge** from four wards.", world.member)
    _save(team, "references", "- King's Fund (2024). *Delayed discharge*.", world.member)
    return team


def test_headings_in_report_order_with_built_in_styles(world, written):
    document = _doc(build_report_docx(written, "team").docx)
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    titles = [s.title for s in report_ops.sections_for(written)]
    level1 = [text for style, text in headings if style == "Heading 1"]
    # Body sections in the report's order, then References and Appendices last.
    assert level1 == titles
    assert ("Heading 2", "Background") in headings
    assert ("Heading 3", "Detail") in headings
    html = _html(build_report_docx(written, "team").docx)
    assert "<h1>Introduction and context</h1>" in html
    assert "<h2>Background</h2>" in html and "<h3>Detail</h3>" in html


def test_no_markdown_syntax_reaches_the_text(world, written):
    document = _doc(build_report_docx(written, "team").docx)
    for text in _paragraph_texts(document):
        assert not LEAKS.search(text), text


def test_draft_marks_and_empty_sections(world, written):
    draft = _doc(build_report_docx(written, "team").docx)
    header_text = " ".join(p.text for p in draft.sections[0].header.paragraphs)
    assert DRAFT_MARK in header_text and written.name in header_text and written.review_title in header_text
    assert NOT_YET_WRITTEN in [p.text for p in draft.paragraphs]
    final = _doc(build_report_docx(written, "team", draft=False).docx)
    level1 = [p.text for p in final.paragraphs if p.style.name == "Heading 1"]
    assert level1 == ["Introduction and context", "Scope — Start Anywhere", "References"]
    assert NOT_YET_WRITTEN not in [p.text for p in final.paragraphs]
    assert DRAFT_MARK not in " ".join(p.text for p in final.sections[0].header.paragraphs)


def test_title_page_word_count_equals_the_report_pages(world, written, make_client):
    sections = report_ops.sections_for(written)
    total = word_total(sections, report_ops.rules_for(written.cohort_id))
    page = make_client(world.member).get(f"/teams/{written.id}/report").get_data(as_text=True)
    assert f"{total.counted:,}" in page
    document = _doc(build_report_docx(written, "team").docx)
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    words = cells[cells.index("Word count") + 1]
    assert words.startswith(f"{total.counted:,} words (limit 5,000 +10%; excludes executive summary")
    assert document.core_properties.author == written.name
    assert document.core_properties.subject == written.host_organisation.name


def test_review_copy_has_one_word_comment_per_open_thread(world, written):
    intro = report_ops.get_section(written, "introduction")
    scope = report_ops.get_section(written, "scope")
    with current_app.test_request_context():
        quoted = comment_ops.add_comment(written, world.host, intro, "Where is this from?", quote="hard break")
        comment_ops.add_comment(written, world.member, intro, "From the audit.", parent=quoted)
        comment_ops.add_comment(written, world.host, scope, "The whole section needs a source.")
        comment_ops.add_comment(written, world.host, scope, "Gone quote", quote="text nobody wrote")
        resolved = comment_ops.add_comment(written, world.host, scope, "Done already.")
        comment_ops.resolve_comment(written, resolved, world.member)
    document = _doc(build_report_docx(written, "host", review_copy=True).docx)
    comments = list(document.comments)
    assert len(comments) == 3
    by_text = {c.text.split(": ", 1)[-1].split("\n")[0]: c for c in comments}
    assert "Reply from Mo Member" in by_text["Where is this from?"].text
    assert by_text["Where is this from?"].author == "Hana Host"
    # The quoted words carry the comment: its range starts right before them.
    body = document.element.body
    start = body.find(".//" + qn("w:commentRangeStart"))
    following = "".join(t.text for t in start.itersiblings() for t in [t] if t.tag == qn("w:r") for t in t.iter(qn("w:t")))
    assert following.startswith("hard break")
    # Not in the plain draft.
    assert len(list(_doc(build_report_docx(written, "team").docx).comments)) == 0


def test_a_part_that_raises_still_gives_a_document_with_a_note(world, written):
    def broken(team, audience):
        raise RuntimeError("the chart library is missing")

    registry.register_parts("broken-chart", broken, section="findings")
    try:
        result = build_report_docx(written, "team")
    finally:
        registry.unregister_parts("broken-chart")
    assert result.failed_parts == ["broken-chart"]
    texts = [p.text for p in _doc(result.docx).paragraphs]
    assert any("could not be included: broken-chart" in t for t in texts)


def test_the_file_is_a_valid_package_with_update_fields(world, written):
    data = build_report_docx(written, "team").docx
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        settings = package.read("word/settings.xml").decode()
        document = package.read("word/document.xml").decode()
    assert "<w:updateFields" in settings and settings.index("<w:updateFields") < settings.index("<w:compat")
    assert 'TOC \\o "1-3"' in document
    db.session.rollback()
