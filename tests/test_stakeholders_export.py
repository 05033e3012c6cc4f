"""The stakeholder map in the Word report, read back with python-docx: the grid and the network
as figures with captions, every stakeholder in the table, placed where the team chooses, and a
host partner's copy with nothing confidential anywhere in the file."""

from __future__ import annotations

import io
import zipfile

import docx
from flask import current_app

from workspace.exports import figures as figure_cache
from workspace.exports.operations import save_placements
from workspace.exports.parts import Figure, Table, collect
from workspace.exports.word import build_report_docx
from workspace.stakeholders import operations as ops

PNG = b"\x89PNG\r\n\x1a\n"


def _map(world) -> dict:
    def add(name, **fields):
        data = {"name": name, "category": "primary_care", "power": 4, "interest": 4, **fields}
        return ops.create(world.team, world.member, data).stakeholder

    made = {
        "sponsor": add("Dr Ravi Patel", organisation="Northgate PCN", role="Clinical director", attitude=2,
                       desired_attitude=2, owner_id=world.member.id, next_contact_on="2027-01-15"),
        "guarded": add("Hillside partners", attitude=-2, desired_attitude=1, attitude_confidential=True,
                       power=5, interest=2),
        "secret": add("Dr Colin Avery", organisation="Brookvale Medical Practice", attitude=-1,
                      desired_attitude=0, confidential=True, power=3, interest=1),
        "carers": add("Eastfield Carers Together", category="voluntary_sector", power=1, interest=5, attitude=1,
                      desired_attitude=2),
    }
    ops.add_link(world.team, world.member, made["secret"].id, made["sponsor"].id, "conflicts_with")
    ops.add_link(world.team, world.member, made["carers"].id, made["sponsor"].id, "influences")
    ops.add_link(world.team, world.member, made["guarded"].id, made["sponsor"].id, "reports_to")
    return made


def _build(team, audience: str) -> bytes:
    with current_app.test_request_context():
        result = build_report_docx(team, audience)
    assert result.failed_parts == []
    return result.docx


def _all_xml(data: bytes) -> str:
    """Every XML part of the file (body, headers, comments, properties), as one text."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "".join(archive.read(name).decode("utf-8") for name in archive.namelist() if name.endswith(".xml"))


def _table_after(document, caption_start: str):
    body = document.element.body
    children = list(body)
    for index, element in enumerate(children):
        if element.tag.endswith("}p") and "".join(element.itertext()).startswith(caption_start):
            following = next(e for e in children[index + 1:] if e.tag.endswith("}tbl"))
            return docx.table.Table(following, document)
    raise AssertionError(f"no caption starting {caption_start!r}")


def test_the_team_copy_has_both_figures_with_captions_and_every_stakeholder(world):
    _map(world)
    data = _build(world.team, "team")
    document = docx.Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    captions = [t for t in texts if t.startswith(("Figure ", "Table "))]
    assert any(t.startswith("Figure") and "Power/interest grid of 4 stakeholders" in t for t in captions), captions
    assert any(t.startswith("Figure") and "Relationships between stakeholders (3 links)" in t for t in captions)
    assert any(t.startswith("Table") and "The stakeholder register" in t for t in captions)
    assert len(document.inline_shapes) == 2
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        pictures = [archive.read(n) for n in archive.namelist() if n.startswith("word/media/")]
    assert len(pictures) == 2 and all(p.startswith(PNG) for p in pictures)
    table = _table_after(document, "Table")
    names = [row.cells[0].text for row in table.rows[1:]]
    assert sorted(names) == ["Dr Colin Avery", "Dr Ravi Patel", "Eastfield Carers Together", "Hillside partners"]
    header = [cell.text for cell in table.rows[0].cells]
    assert header[0] == "Stakeholder" and "Attitude → aim" in header
    rows = {row.cells[0].text: [c.text for c in row.cells] for row in table.rows[1:]}
    assert rows["Hillside partners"][5] == "-2 → +1"
    assert rows["Dr Ravi Patel"][1] == "Clinical director, Northgate PCN"
    assert rows["Dr Ravi Patel"][6] == "Mo Member, 15 Jan 2027"
    assert rows["Dr Ravi Patel"][4] == "Manage closely" and rows["Dr Colin Avery"][4] == "Keep satisfied"


def test_the_host_copy_has_no_confidential_stakeholder_or_attitude_anywhere(world):
    _map(world)
    host_xml = _all_xml(_build(world.team, "host"))
    assert "Colin Avery" not in host_xml and "Brookvale" not in host_xml
    assert "Hillside partners" in host_xml
    assert "-2 → +1" not in host_xml and "-2" not in host_xml.split("Hillside partners")[1].split("</w:tr>")[0]
    document = docx.Document(io.BytesIO(_build(world.team, "host")))
    rows = {row.cells[0].text: [c.text for c in row.cells] for row in _table_after(document, "Table").rows[1:]}
    assert sorted(rows) == ["Dr Ravi Patel", "Eastfield Carers Together", "Hillside partners"]
    assert rows["Hillside partners"][5] == "–"
    assert any("Relationships between stakeholders (2 links)" in p.text for p in document.paragraphs)
    # The assessor's copy, like the team's, has everything.
    assert "Colin Avery" in _all_xml(_build(world.team, "assessor"))


def test_the_host_figures_are_drawn_from_what_a_host_may_see(world):
    _map(world)
    with current_app.test_request_context():
        team_parts = {p.part.key: p.part for p in collect(world.team, "team").parts if p.provider == "stakeholders"}
        host_parts = {p.part.key: p.part for p in collect(world.team, "host").parts if p.provider == "stakeholders"}
    assert set(team_parts) == set(host_parts) == {"grid", "network", "register"}
    assert team_parts["grid"].content_hash != host_parts["grid"].content_hash
    assert isinstance(host_parts["grid"], Figure) and isinstance(host_parts["register"], Table)
    assert "Colin Avery" not in repr(host_parts)


def test_the_team_chooses_main_text_or_an_appendix(world):
    _map(world)
    with current_app.test_request_context():
        save_placements(world.team, {"stakeholders/register": "appendix"}, world.member)
    document = docx.Document(io.BytesIO(_build(world.team, "team")))
    texts = [p.text for p in document.paragraphs]
    heading = next(i for i, t in enumerate(texts) if t == "Stakeholder analysis" and i > 20)
    table_caption = next(i for i, t in enumerate(texts) if t.startswith("Table") and "stakeholder register" in t)
    grid_caption = next(i for i, t in enumerate(texts) if "Power/interest grid" in t and t.startswith("Figure"))
    appendices = max(i for i, t in enumerate(texts) if t.startswith("Appendi"))
    assert heading < grid_caption < appendices < table_caption


def test_figures_are_rendered_once_per_content_and_cached(world, monkeypatch):
    from workspace.stakeholders import figures

    made = _map(world)
    _build(world.team, "team")
    assert len(list(figure_cache.cache_dir().glob("*.png"))) == 2
    drawn = []
    real_grid = figures.grid_png
    monkeypatch.setattr(figures, "grid_png", lambda *a, **k: drawn.append("grid") or real_grid(*a, **k))
    _build(world.team, "team")
    assert drawn == []  # unchanged: read from the cache
    ops.update(world.team, made["carers"], world.member, {"notes": "Met on Tuesday"})
    _build(world.team, "team")
    assert drawn == []  # a note is not drawn
    ops.update(world.team, made["carers"], world.member, {"power": 2})
    _build(world.team, "team")
    assert drawn == ["grid"]


def test_an_empty_map_adds_nothing(world):
    with current_app.test_request_context():
        assert [p for p in collect(world.team, "team").parts if p.provider == "stakeholders"] == []
