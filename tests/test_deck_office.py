"""A real office suite opens the deck: LibreOffice Impress converts it to PDF, with one page a
slide, the slide titles, the bullets and the slide numbers in its text.

LibreOffice exits 0 even when it fails, so the import filter is named and the PDF itself is
checked (pdfinfo's pages, pdftotext's words). `make office` installs libreoffice-impress.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from workspace.exports.pptx import build_deck_pptx
from workspace.extensions import db
from workspace.presentation.layout import ensure_deck
from workspace.presentation.queries import slides_of

from .test_deck_pptx import figures

CONVERT_SECONDS = 180  # the first run of a fresh profile takes several seconds


def deck_to_pdf(data: bytes, folder: Path) -> tuple[int, str, str]:
    """(pages, page size line, text) of the PDF LibreOffice makes from the .pptx bytes."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is missing: `make office` installs libreoffice-impress"
    assert shutil.which("pdftotext") and shutil.which("pdfinfo"), "`make office` installs poppler-utils"
    source = folder / "deck.pptx"
    source.write_bytes(data)
    profile = folder / "lo-profile"  # its own profile: never shared with another process
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
         "--infilter=Impress MS PowerPoint 2007 XML", "--convert-to", "pdf", "--outdir", str(folder), str(source)],
        check=True, capture_output=True, timeout=CONVERT_SECONDS,
    )
    pdf = folder / "deck.pdf"
    assert pdf.is_file(), "LibreOffice made no PDF"
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    size = next(line for line in info.splitlines() if line.startswith("Page size:"))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    return pages, size, text


def test_libreoffice_opens_the_deck_with_its_figures(world, tmp_path):
    team = world.team
    ensure_deck(team)
    slides = slides_of(team)
    slides[2].body = "- **People**: patients and staff\n  - *nested* point\n- Purpose"
    db.session.commit()
    with figures(wide=(1200, 600)):
        slides[3].figure_key, slides[3].figure_caption = "deck-test-figures/wide", "Power and interest"
        db.session.commit()
        build = build_deck_pptx(team, "team")
    assert build.failed_parts == []
    pages, size, text = deck_to_pdf(build.pptx, tmp_path)
    assert pages == 11
    width, height = (float(v) for v in size.split(":")[1].split("pts")[0].split(" x "))
    assert round(width / height, 2) == round(16 / 9, 2)
    flat = " ".join(text.split())
    for slide in slides:
        assert " ".join(slide.title.split()) in flat, slide.title
    assert "People: patients and staff" in flat and "nested point" in flat
    assert "Power and interest" in flat and "4 / 11" in flat and "11 / 11" in flat
