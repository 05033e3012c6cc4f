"""The register as CSV: the round trip, and every way a file can be wrong (encoding, columns,
size, formulas, bad rows), each with a clear message and nothing half-imported."""

from __future__ import annotations

import csv
import io

import pytest

from workspace.extensions import db
from workspace.stakeholders import csvfile, queries
from workspace.stakeholders import operations as ops
from workspace.stakeholders.models import Stakeholder, StakeholderChange


def _import(world, text: str | bytes):
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return ops.import_csv(world.team, world.member, csvfile.parse(raw))


def _count() -> int:
    return db.session.query(Stakeholder).filter(Stakeholder.deleted_at.is_(None)).count()


def _rows(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


FULL_HEADER = ",".join(csvfile.COLUMNS)


def test_export_then_import_round_trips_every_field(world):
    rich = ops.create(world.team, world.member, {
        "name": "=HYPERLINK(\"http://evil.example\",\"Dr Amy Lee\")", "organisation": "+Eastfield ICB",
        "role": "-Director, \"ageing well\"", "category": "icb", "power": 5, "interest": 3, "attitude": -1,
        "desired_attitude": 2, "impact": "Line one\nLine two, with a comma", "owner_id": world.member.id,
        "engagement_actions": "@mention in the huddle", "channel": "-1 to one", "frequency": "monthly",
        "last_contact_on": "2026-11-02", "next_contact_on": "2026-12-02", "notes": "Café: naïve “quotes” ✓ 中文",
        "tags": ["funding", "ICB"], "nine_cs": ["commissioners", "champions"], "attitude_confidential": True,
    }).stakeholder
    ops.create(world.team, world.member, {"name": "Patients", "category": "public", "power": 1, "interest": 5,
                                          "confidential": True})
    exported = csvfile.export(queries.seen_all(world.team, True), full=True, owner_emails=True)
    assert exported.startswith(b"\xef\xbb\xbf")  # UTF-8 with a BOM, for Excel
    rows = {row["id"]: row for row in _rows(exported)}
    row = rows[str(rich.id)]
    # Formula-looking text is neutralised; numbers (a negative attitude) are not.
    assert row["name"].startswith("'=HYPERLINK") and row["organisation"] == "'+Eastfield ICB"
    assert row["role"].startswith("'-Director") and row["engagement_actions"].startswith("'@")
    assert row["channel"] == "'-1 to one" and row["attitude"] == "-1"
    assert row["owner"] == "mo@example.org" and row["category"] == "ICB" and row["frequency"] == "Monthly"
    assert row["nine_cs"] == "Commissioners, Champions" and row["attitude_confidential"] == "yes"

    before = queries.seen(db.session.get(Stakeholder, rich.id), True)
    outcome = _import(world, exported)
    assert (outcome.created, outcome.updated, outcome.unchanged) == (0, 0, 2)  # the same file: no change
    db.session.expire_all()
    after = queries.seen(db.session.get(Stakeholder, rich.id), True)
    assert after == before
    assert after.name == "=HYPERLINK(\"http://evil.example\",\"Dr Amy Lee\")"  # kept as text, apostrophe gone

    # With the ids removed, the same file adds everyone again (a duplicate warning each).
    again = exported.decode("utf-8-sig").replace(f"\r\n{rich.id},", "\r\n,")
    outcome = _import(world, again)
    assert outcome.created == 1 and outcome.unchanged == 1
    assert any("stakeholders are called" in warning for warning in outcome.warnings)


def test_every_formula_start_is_neutralised_and_taken_off_again():
    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert csvfile.neutralise(f"{start}cmd") == f"'{start}cmd"
        assert csvfile.unneutralise(csvfile.neutralise(f"{start}cmd")) == f"{start}cmd"
    assert csvfile.neutralise("Dr Amy Lee") == "Dr Amy Lee"
    assert csvfile.unneutralise("'Tis the season") == "'Tis the season"  # an apostrophe we did not add stays


def test_a_host_partners_export_leaves_out_what_is_confidential(world):
    ops.create(world.team, world.member, {"name": "Senior partner", "category": "primary_care", "power": 5,
                                          "interest": 1, "attitude": -2, "confidential": True})
    ops.create(world.team, world.member, {"name": "Practice manager", "category": "primary_care", "power": 3,
                                          "interest": 4, "attitude": -2, "desired_attitude": 1,
                                          "attitude_confidential": True})
    exported = csvfile.export(queries.seen_all(world.team, False), full=False, owner_emails=True)
    text = exported.decode("utf-8-sig")
    assert "Senior partner" not in text
    rows = _rows(exported)
    assert [r["name"] for r in rows] == ["Practice manager"]
    assert rows[0]["attitude"] == "" and rows[0]["desired_attitude"] == ""
    assert "confidential" not in rows[0] and "attitude_confidential" not in rows[0]
    assert "-2" not in text and "Active resistor" not in text


def test_import_reads_utf8_with_or_without_a_bom_and_semicolons(world):
    _import(world, "name,category,power,interest\r\nZoë Ångström,ICB,4,3\r\n")
    _import(world, "\ufeffName;Category;Power;Interest\nJosé Núñez;Acute trust;2;5\n")
    assert sorted(s.name for s in queries.seen_all(world.team, True)) == ["José Núñez", "Zoë Ångström"]


@pytest.mark.parametrize(("raw", "says"), [
    ("name,category,power,interest\nZoë,ICB,4,3\n".encode("latin-1"), "not UTF-8 text: line 2"),
    ("name,category,power,interest\nZoë,ICB,4,3\n".encode("utf-16"), "UTF-16"),
    (b"PK\x03\x04\x14\x00\x06\x00", "Excel workbook"),
    (b"name,category,power,interest\n\x00\x00", "NUL characters"),
    (b"", "empty"),
    (b"   \r\n", "empty"),
])
def test_a_file_that_is_not_utf8_csv_is_refused_clearly(world, raw, says):
    with pytest.raises(csvfile.CsvProblem) as refused:
        csvfile.parse(raw)
    assert says in str(refused.value)


def test_missing_unknown_and_repeated_columns_are_named(world):
    with pytest.raises(csvfile.CsvProblem) as refused:
        csvfile.parse(b"name,organisation,salary,Favourite colour,name\nA,B,1,red,A\n")
    message = str(refused.value)
    assert "missing these columns: category, power, interest" in message
    assert "salary, favourite_colour" in message
    assert "more than once: name" in message


def test_ten_thousand_rows_are_refused_before_any_is_read(world):
    body = "name,category,power,interest\n" + "".join(f"P{n},ICB,1,1\n" for n in range(10_000))
    with pytest.raises(csvfile.CsvProblem) as refused:
        csvfile.parse(body.encode())
    assert "10,000 rows" in str(refused.value) and "at most 1,000" in str(refused.value)
    assert _count() == 0


def test_a_file_over_the_byte_cap_is_refused(world):
    body = "name,category,power,interest,notes\n" + "A,ICB,1,1," + "x" * (csvfile.MAX_BYTES + 10) + "\n"
    with pytest.raises(csvfile.CsvProblem) as refused:
        csvfile.parse(body.encode())
    assert "import at most 1 MB" in str(refused.value)


def test_every_bad_row_is_reported_and_nothing_is_imported(world):
    other = ops.create(world.other_team, world.other_member, {"name": "Theirs", "category": "icb", "power": 1,
                                                              "interest": 1}).stakeholder
    body = "\n".join([
        "id,name,category,power,interest,attitude,owner,last_contact,nine_cs",
        ",Good row,ICB,3,3,1,mo@example.org,2026-10-01,Champions",
        ",Out of range,ICB,6,0,3,,,",
        ",,Hospital,3,3,,,,",
        f"{other.id},Another team's,ICB,1,1,,,,",
        ",Bad owner,ICB,1,1,,hana@example.org,,",
        ",Bad date,ICB,1,1,,,31/02/2027,Critics",
        ",=1+2,ICB,=1+2,1,,,,",
        ",Too many cells,ICB,1,1,,,,,surprise",
    ]) + "\n"
    with pytest.raises(ops.ImportRejected) as rejected:
        _import(world, body)
    report = {problem.row: problem for problem in rejected.value.rows}
    assert sorted(report) == [3, 4, 5, 6, 7, 8, 9]
    assert set(report[3].problems) == {"power", "interest", "attitude"}
    assert set(report[4].problems) == {"name", "category"}
    assert "leave id blank" in report[5].problems["id"]
    assert "not a member of this team" in report[6].problems["owner"]
    assert set(report[7].problems) == {"last_contact", "nine_cs"}
    assert set(report[8].problems) == {"power"}  # a formula is text: as a name it is fine, as a score not
    assert "header names 9 columns" in report[9].problems["row"]
    assert "Nothing was imported: 7 rows have problems" in str(rejected.value)
    assert _count() == 1  # only the other team's


def test_import_updates_by_id_and_leaves_out_columns_alone(world):
    person = ops.create(world.team, world.member, {"name": "Chief nurse", "category": "acute_trust", "power": 4,
                                                   "interest": 4, "notes": "Keep me", "attitude": 0}).stakeholder
    outcome = _import(world, f"id,name,category,power,interest,attitude\n{person.id},Chief nurse,Acute trust,5,4,1\n"
                             f",New person,Regulator,2,1,\n")
    assert (outcome.created, outcome.updated) == (1, 1)
    db.session.expire_all()
    person = db.session.get(Stakeholder, person.id)
    assert (person.power, person.attitude, person.notes) == (5, 1, "Keep me")
    changes = db.session.query(StakeholderChange).filter_by(stakeholder_id=person.id).count()
    assert changes == 2  # the first scores, then the imported ones


def test_owners_by_email_or_unique_name(world):
    outcome = _import(world, "name,category,power,interest,owner\nA,ICB,1,1,MO@EXAMPLE.ORG\nB,ICB,1,1, mo  member \n")
    assert outcome.created == 2
    assert {s.owner_id for s in db.session.query(Stakeholder)} == {world.member.id}


def test_a_submitted_review_takes_no_import(world):
    from workspace.submitted import ReportSubmitted

    world.submit()
    with pytest.raises(ReportSubmitted):
        _import(world, "name,category,power,interest\nA,ICB,1,1\n")
    assert _count() == 0
