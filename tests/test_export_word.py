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
and a [mail link](mailto:team@example.org).\\
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
    total = word_total(sections, report_ops.rules_for(written.cohort))
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


def test_contents_is_a_toc_field_listing_the_headings(world, written):
    document = _doc(build_report_docx(written, "team").docx)
    body = document.element.body
    instructions = [t.text for t in body.iter(qn("w:instrText"))]
    assert any('TOC \\o "1-3" \\h \\z \\u' in i for i in instructions)
    entries = [p for p in document.paragraphs if p.style.name.startswith("toc ")]
    headings = [p.text for p in document.paragraphs if p.style.name in ("Heading 1", "Heading 2", "Heading 3")]
    assert [p.text for p in entries] == headings
    # Each entry links to its heading's bookmark.
    bookmarks = {b.get(qn("w:name")) for b in body.iter(qn("w:bookmarkStart"))}
    anchors = [h.get(qn("w:anchor")) for p in entries for h in p._p.iter(qn("w:hyperlink"))]
    assert len(anchors) == len(entries) and set(anchors) <= bookmarks


def test_lists_carry_word_numbering_and_numbered_lists_restart(world, written):
    document = _doc(build_report_docx(written, "team").docx)
    items = {p.text: p._p.pPr.numPr for p in document.paragraphs
             if p._p.pPr is not None and p._p.pPr.numPr is not None}
    for text in ("First step", "Second step", "nested bullet", "deeper number", "A new list that restarts"):
        assert text in items, text
    assert items["nested bullet"].ilvl.val == 1 and items["deeper number"].ilvl.val == 2
    first, restarted = items["First step"].numId.val, items["A new list that restarts"].numId.val
    assert items["Third step"].numId.val == first
    assert restarted != first  # a new w:num, so Word starts again at 1
    html = _html(build_report_docx(written, "team").docx)
    assert html.count("<ol>") >= 3 and "<ul>" in html


def test_tables_repeat_their_header_row(world, written):
    document = _doc(build_report_docx(written, "team").docx)
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Measure")
    assert table.style.name == "Table Grid"
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert [c.text for c in table.rows[1].cells] == ["Delays", "60"]
    assert "<table>" in _html(build_report_docx(written, "team").docx)


def test_columns_share_the_width_by_what_they_hold(world):
    """A column of long labels is wider than a column of small numbers, so the labels do not
    wrap line after line; the widths still fill the text width."""
    report_ops.save_section(world.team, "findings",
                            "| Stakeholder and their role in the pathway | Power |\n| --- | --- |\n"
                            "| Clinical director of the primary care network | 5 |\n| Carers' group | 3 |\n", 0, world.member)
    document = _doc(build_report_docx(world.team, "team").docx)
    table = next(t for t in document.tables if t.rows[0].cells[0].text.startswith("Stakeholder"))
    widths = [int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert widths[0] > 2 * widths[1]
    even = sum(widths) / 2
    assert widths[1] >= even / 2 - 1  # never squeezed below half an even share


def test_links_are_hyperlinks(world, written):
    document = _doc(build_report_docx(written, "team").docx)
    opening = next(p for p in document.paragraphs if p.text.startswith("Opening paragraph"))
    links = {h.text: h.url for h in opening.hyperlinks}
    assert links == {"link": "https://example.org/a?b=1", "mail link": "mailto:team@example.org"}
    html = _html(build_report_docx(written, "team").docx)
    assert '<a href="https://example.org/a?b=1">link</a>' in html
    # Bold, italic, strikethrough and code are runs with formatting, not syntax.
    runs = {r.text: r for r in opening.runs}
    assert runs["bold"].bold and runs["italic"].italic and runs["struck"].font.strike
    assert runs["code"].font.name == "Consolas"
    assert "\n" in opening.text  # the hard break is a real line break


def test_quotes_references_and_page_furniture(world, written):
    data = build_report_docx(written, "team").docx
    document = _doc(data)
    quote = next(p for p in document.paragraphs if p.text.startswith("A patient told us"))
    assert quote.style.name == "Quote"
    references = next(p for p in document.paragraphs if p.style.name == "Heading 1" and p.text == "References")
    assert references.paragraph_format.page_break_before
    section = document.sections[0]
    assert round(section.page_width.cm, 1) == 21.0 and round(section.page_height.cm, 1) == 29.7
    assert all(round(m.cm, 2) == 2.5 for m in (section.left_margin, section.right_margin,
                                               section.top_margin, section.bottom_margin))
    footer = "".join(t.text for t in section.footer._element.iter(qn("w:instrText")))
    assert "PAGE" in footer and "NUMPAGES" in footer
    assert "Page 1 of 1" in section.footer.paragraphs[0].text  # the cached result, before Word lays it out


def test_parts_get_seq_captions_and_follow_the_teams_placement(world, written, tmp_path):
    from workspace.exports import operations as export_ops
    from workspace.exports.parts import Figure, Table

    renders = []

    def chart() -> bytes:
        renders.append(1)
        return _png()

    def qi_parts(team, audience):
        return [
            Figure("run-chart", "introduction", "Delays by week", render=chart, content_hash="a" * 64),
            Table("measures", "introduction", "Measures", ["Measure", "Target"], [["Delays", "40"]], [6.0, 4.0]),
        ]

    registry.register_parts("charts-under-test", qi_parts)  # not "qi": that is the real QI feature's name
    try:
        document = _doc(build_report_docx(written, "team").docx)
        captions = [p for p in document.paragraphs if p.style.name == "Caption"]
        assert [p.text for p in captions] == ["Figure 1: Delays by week", "Table 1: Measures"]
        seq = [t.text for p in captions for t in p._p.iter(qn("w:instrText"))]
        assert seq == [" SEQ Figure \\* ARABIC ", " SEQ Table \\* ARABIC "]
        picture = captions[0]._p.getprevious()
        assert picture.find(".//" + qn("w:drawing")) is not None
        assert picture.pPr.find(qn("w:keepNext")) is not None  # the figure stays with its caption
        assert captions[1]._p.pPr.find(qn("w:keepNext")) is not None  # a table's caption is above it
        build_report_docx(written, "team")
        assert len(renders) == 1  # the second export read the cached PNG

        export_ops.save_placements(written, {"charts-under-test/measures": "appendix"}, world.member)
        document = _doc(build_report_docx(written, "team").docx)
        texts = [p.text for p in document.paragraphs]
        appendix = texts.index("Appendix A: Measures")
        assert texts.index("Appendices") < appendix < texts.index("Table 1: Measures")
    finally:
        registry.unregister_parts("charts-under-test")


def test_a_figures_text_after_is_the_paragraph_after_its_caption_wherever_it_goes(world, written):
    from workspace.exports import operations as export_ops
    from workspace.exports.parts import Figure

    def parts(team, audience):
        return [Figure("chart", "introduction", "Delays by week", png=_png(), text_after="Fewer **delays** since May."),
                Figure("plain", "introduction", "No words", png=_png())]

    registry.register_parts("text-after-under-test", parts)
    try:
        for placement in ("main", "appendix"):
            export_ops.save_placements(written, {"text-after-under-test/chart": placement}, world.member)
            paragraphs = _doc(build_report_docx(written, "team").docx).paragraphs
            texts = [p.text for p in paragraphs]
            at = next(i for i, t in enumerate(texts) if t.startswith("Figure") and t.endswith("Delays by week"))
            assert texts[at + 1] == "Fewer delays since May."  # markdown through the one renderer
            # the caption keeps with its sentence (never a page apart); a caption with none does not
            assert paragraphs[at].paragraph_format.keep_with_next is True
            assert ("Appendix A: Delays by week" in texts[:at]) is (placement == "appendix")
            plain = next(i for i, t in enumerate(texts) if t.startswith("Figure") and t.endswith("No words"))
            assert "Fewer delays" not in " ".join(texts[plain + 1:plain + 2])
            assert not paragraphs[plain].paragraph_format.keep_with_next
    finally:
        registry.unregister_parts("text-after-under-test")


def _png() -> bytes:
    """A 2x2 PNG, made without an image library."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + b"\x00\x5e\xb8" * 2 for _ in range(2))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
