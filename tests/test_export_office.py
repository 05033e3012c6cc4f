"""A real office suite opens the Word report: LibreOffice converts it to PDF, and the PDF's
text has the section titles and the comments' document is accepted.

`make test` installs libreoffice-writer and poppler-utils when they are missing, so this never
skips. LibreOffice exits 0 even when it fails, and reads a file it cannot parse as plain text,
so the filter is named and the PDF itself is checked (pages, then the expected headings).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from flask import current_app

from workspace.exports.word import build_report_docx
from workspace.report import comments as comment_ops
from workspace.report import operations as report_ops

CONVERT_SECONDS = 180  # the first run of a fresh profile takes several seconds


def to_pdf_text(data: bytes, folder: Path) -> tuple[int, str]:
    """(pages, text) of the PDF LibreOffice makes from the .docx bytes."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is missing: `make test` installs libreoffice-writer"
    assert shutil.which("pdftotext") and shutil.which("pdfinfo"), "`make test` installs poppler-utils"
    source = folder / "report.docx"
    source.write_bytes(data)
    profile = folder / "lo-profile"  # its own profile: never shared with another process
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
         "--infilter=MS Word 2007 XML", "--convert-to", "pdf", "--outdir", str(folder), str(source)],
        check=True, capture_output=True, timeout=CONVERT_SECONDS,
    )
    pdf = folder / "report.pdf"
    assert pdf.is_file(), "LibreOffice made no PDF"
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    return pages, text


def test_libreoffice_opens_the_review_copy(world, tmp_path):
    team = world.team
    report_ops.sections_for(team)
    intro = report_ops.get_section(team, "introduction")
    report_ops.save_section(team, "introduction", "Riverside runs **two** acute sites.\n\n- one\n- two\n\n"
                            "| A | B |\n|---|---|\n| 1 | 2 |\n", intro.version, world.member)
    with current_app.test_request_context():
        comment_ops.add_comment(team, world.host, intro, "Which two?", quote="two acute sites")
    data = build_report_docx(team, "host", review_copy=True).docx
    pages, text = to_pdf_text(data, tmp_path)
    assert pages >= 3  # title page, contents, body
    flat = " ".join(text.split())
    for section in report_ops.sections_for(team):
        assert section.title in flat, section.title
    assert team.review_title in flat and "Page 3 of" in flat
