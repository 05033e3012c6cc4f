"""The feedback Word document (workspace/exports/feedback_word.py): read back with python-docx,
and opened by LibreOffice."""

from __future__ import annotations

import io
from datetime import date

from docx import Document

from workspace.exports.feedback_word import (
    AssessorFeedback,
    CriterionFeedback,
    FeedbackDocument,
    build_feedback_docx,
)

from .test_export_office import to_pdf_text


def _doc(**changes) -> FeedbackDocument:
    values = dict(
        team_name="Team Harbour", review_title="Discharge before noon at Riverside", host_partner="Riverside Trust",
        cohort="Cohort 7", released_on=date(2026, 11, 30), overall_mark=68, band="Merit", report_mark=72,
        presentation_mark=64, report_weight=60,
        feedback="A **strong** piece of work.\n\n- clear map\n- honest reflection",
        assessors=[
            AssessorFeedback("Well argued overall.", [
                CriterionFeedback("report", "Stakeholder analysis", 15, "Patients' voices were *heard*."),
                CriterionFeedback("presentation", "Response to questions", 15, "Candid answers."),
            ]),
            AssessorFeedback("Good use of data.", [
                CriterionFeedback("report", "Evidence and measurement", 20, ""),
            ]),
        ],
    )
    values.update(changes)
    return FeedbackDocument(**values)


def _read(data: bytes):
    return Document(io.BytesIO(data))


def _text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def test_the_document_holds_the_marks_the_feedback_and_numbered_assessors():
    document = _read(build_feedback_docx(_doc()))
    text = _text(document)
    assert "Discharge before noon at Riverside" in text
    assert "Team Harbour" in text and "Riverside Trust" in text and "Cohort 7" in text
    assert "30 November 2026" in text
    assert "Overall mark: 68% (Merit)" in text
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert ("Heading 1", "Marks") in headings
    assert ("Heading 1", "Agreed feedback") in headings
    assert ("Heading 1", "Assessor 1") in headings and ("Heading 1", "Assessor 2") in headings
    assert ("Heading 3", "Stakeholder analysis (15%)") in headings
    assert ("Heading 2", "Presentation criteria") in headings
    # the marks table: a header row, report and presentation with the weighting
    marks = document.tables[1]
    assert [c.text for c in marks.rows[0].cells] == ["Component", "Weight in the overall mark", "Mark"]
    assert [c.text for c in marks.rows[1].cells] == ["Report", "60%", "72%"]
    assert [c.text for c in marks.rows[2].cells] == ["Presentation", "40%", "64%"]
    assert marks.rows[0]._tr.trPr.xml.count("tblHeader") == 1
    # each assessor's criteria table has a header row too
    criteria = document.tables[2]
    assert [c.text for c in criteria.rows[0].cells] == ["Component", "Criterion", "Weight"]
    assert [c.text for c in criteria.rows[1].cells] == ["Report", "Stakeholder analysis", "15%"]
    assert "No feedback given." in text  # an empty criterion feedback says so


def test_markdown_in_feedback_becomes_word_structure_not_syntax():
    document = _read(build_feedback_docx(_doc()))
    strong = next(p for p in document.paragraphs if p.text == "A strong piece of work.")
    assert any(run.bold and run.text == "strong" for run in strong.runs)
    bullets = [p for p in document.paragraphs if p.text in ("clear map", "honest reflection")]
    assert len(bullets) == 2 and all(p.style.name == "List Paragraph" for p in bullets)
    heard = next(p for p in document.paragraphs if p.text.startswith("Patients"))
    assert any(run.italic and run.text == "heard" for run in heard.runs)
    assert "**" not in _text(document) and "- clear" not in _text(document)


def test_no_assessor_names_and_no_individual_scores():
    data = build_feedback_docx(_doc())
    text = _text(_read(data))
    # the data carries no names; and nothing in the document is a per-criterion score
    assert "Score" not in text and "score" not in text
    assert "/100" not in text


def test_control_characters_are_stripped():
    document = _read(build_feedback_docx(_doc(team_name="Team\x00 Bell\x07", feedback="Ok\x0b then\x1f.",
                                             assessors=[AssessorFeedback("Fine\x01", [])])))
    text = _text(document)
    assert "Team Bell" in text and "Ok then." in text and "Fine" in text
    assert document.core_properties.title == "Assessment feedback: Discharge before noon at Riverside"


def test_empty_feedback_and_no_assessors():
    document = _read(build_feedback_docx(_doc(feedback="", assessors=[], released_on=None)))
    text = _text(document)
    assert "No feedback given." in text
    assert "Assessor 1" not in text
    assert "Not released" in text


def test_libreoffice_opens_the_feedback(tmp_path):
    pages, text = to_pdf_text(build_feedback_docx(_doc()), tmp_path)
    assert pages >= 1
    assert "Assessment feedback" in text
    assert "Agreed feedback" in text and "Assessor 2" in text
    assert "68% (Merit)" in text
