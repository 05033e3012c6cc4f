"""The register as a CSV file, and a CSV file read back: the same columns both ways.

Export: UTF-8 with a byte-order mark (so Excel reads it as UTF-8), one row per stakeholder the
reader may see, text cells that a spreadsheet would run as a formula (starting with = + - @,
a tab or a carriage return) given a leading apostrophe.

Import reads UTF-8 with or without the mark (comma- or semicolon-separated), and says clearly
when a file is something else. It stops at MAX_ROWS rows and MAX_BYTES bytes. A cell that looks
like a formula is only ever text here; the apostrophe our export adds is taken off again, so a
file round-trips unchanged.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from ..csvsafe import neutralise, unneutralise
from .models import NINE_CS
from .queries import Seen

#: the columns, in order; `id` is blank for a stakeholder to add and names one to update
COLUMNS = (
    "id", "name", "organisation", "role", "category", "power", "interest", "attitude", "desired_attitude",
    "impact", "owner", "engagement_actions", "channel", "frequency", "last_contact", "next_contact", "notes",
    "tags", "nine_cs", "confidential", "attitude_confidential",
)
#: columns a host partner's copy leaves out: they would say which stakeholders are sensitive
CONFIDENTIALITY_COLUMNS = ("confidential", "attitude_confidential")
#: what an import must have; every other column may be left out
REQUIRED_COLUMNS = ("name", "category", "power", "interest")
#: the CSV's column -> the stakeholder's field, where the names differ
FIELD_OF = {"owner": "owner_id", "last_contact": "last_contact_on", "next_contact": "next_contact_on"}
COLUMN_OF = {value: key for key, value in FIELD_OF.items()}
#: headings people also write for a column
ALIASES = {"owner_email": "owner", "owner_id": "owner", "last_contact_on": "last_contact",
           "next_contact_on": "next_contact", "desired": "desired_attitude", "9_cs": "nine_cs", "nine_c": "nine_cs"}

MAX_ROWS = 1000
MAX_BYTES = 1024 * 1024
BOM = "\ufeff"
NUMERIC_COLUMNS = frozenset({"id", "power", "interest", "attitude", "desired_attitude"})


class CsvProblem(Exception):
    """The file as a whole cannot be read: wrong encoding, no header, missing or unknown
    columns, too many rows. Nothing was imported."""


# --- export ---------------------------------------------------------------------------------


def _yes(flag: bool | None) -> str:
    return "yes" if flag else "no"


def row_of(stakeholder: Seen, *, owner_emails: bool) -> dict[str, str]:
    owner = (stakeholder.owner_email if owner_emails else stakeholder.owner_name) or ""
    return {
        "id": str(stakeholder.id), "name": stakeholder.name, "organisation": stakeholder.organisation,
        "role": stakeholder.role, "category": stakeholder.category_label, "power": str(stakeholder.power),
        "interest": str(stakeholder.interest),
        "attitude": "" if stakeholder.attitude is None else str(stakeholder.attitude),
        "desired_attitude": "" if stakeholder.desired_attitude is None else str(stakeholder.desired_attitude),
        "impact": stakeholder.impact, "owner": owner, "engagement_actions": stakeholder.engagement_actions,
        "channel": stakeholder.channel, "frequency": stakeholder.frequency_label or "",
        "last_contact": stakeholder.last_contact_on.isoformat() if stakeholder.last_contact_on else "",
        "next_contact": stakeholder.next_contact_on.isoformat() if stakeholder.next_contact_on else "",
        "notes": stakeholder.notes, "tags": ", ".join(stakeholder.tags),
        "nine_cs": ", ".join(NINE_CS[key][0] for key in stakeholder.nine_cs if key in NINE_CS),
        "confidential": _yes(stakeholder.confidential), "attitude_confidential": _yes(stakeholder.attitude_confidential),
    }


def export(stakeholders: list[Seen], *, full: bool, owner_emails: bool) -> bytes:
    """The CSV's bytes. Without `full` (a host partner) the confidentiality columns are left
    out; the stakeholders given are already the ones the reader may see."""
    columns = [c for c in COLUMNS if full or c not in CONFIDENTIALITY_COLUMNS]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for stakeholder in stakeholders:
        row = row_of(stakeholder, owner_emails=owner_emails)
        writer.writerow([row[c] if c in NUMERIC_COLUMNS else neutralise(row[c]) for c in columns])
    return (BOM + out.getvalue()).encode("utf-8")


# --- import ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CsvRow:
    number: int  # the spreadsheet's row number: the header is row 1
    cells: dict[str, str]  # column -> text, only the file's columns


@dataclass(frozen=True)
class ParsedCsv:
    columns: list[str]
    rows: list[CsvRow]


def decode(raw: bytes) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise CsvProblem("The file is saved as UTF-16 text. Save it as “CSV UTF-8 (Comma delimited)” and try again.")
    if raw.startswith(b"PK\x03\x04"):
        raise CsvProblem("This is an Excel workbook, not a CSV file. In Excel choose File, Save a copy, "
                         "“CSV UTF-8 (Comma delimited) (*.csv)”, and import that file.")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[:error.start].count(b"\n") + 1
        raise CsvProblem(f"The file is not UTF-8 text: line {line} has a character in another encoding "
                         "(perhaps Windows-1252 or Latin-1). Save it as “CSV UTF-8 (Comma delimited)” and try again.") from None
    if "\x00" in text:
        raise CsvProblem("The file holds NUL characters, so it is not a CSV text file.")
    return text


def _heading(cell: str) -> str:
    key = "_".join(cell.replace("\ufeff", "").strip().lower().replace("-", " ").split())
    return ALIASES.get(key, key)


def parse(raw: bytes) -> ParsedCsv:
    """The file's rows, or CsvProblem saying what is wrong with the file as a whole."""
    if len(raw) > MAX_BYTES:
        raise CsvProblem(f"The file is {len(raw) / (1024 * 1024):.2f} MB; import at most {MAX_BYTES / (1024 * 1024):g} MB "
                         f"(and {MAX_ROWS:,} stakeholders) at a time. Split it into smaller files. Nothing was imported.")
    text = decode(raw)
    if not text.strip():
        raise CsvProblem("The file is empty. Its first row must name the columns: " + ", ".join(COLUMNS))
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    try:
        header = next(reader)
        records = []
        for record in reader:
            if any(cell.strip() for cell in record):
                records.append((reader.line_num, record))
    except csv.Error as error:
        raise CsvProblem(f"The file could not be read as CSV near line {reader.line_num}: {error}.") from None
    columns = [_heading(cell) for cell in header]
    _check_columns(columns)
    if len(records) > MAX_ROWS:
        raise CsvProblem(f"The file has {len(records):,} rows of stakeholders; import at most {MAX_ROWS:,} at a time. "
                         "Split it into smaller files. Nothing was imported.")
    rows = []
    for index, (_line, record) in enumerate(records, start=2):
        if len(record) > len(columns) and any(cell.strip() for cell in record[len(columns):]):
            rows.append(CsvRow(index, {"_row": f"Row {index} has {len(record)} cells but the header names "
                                               f"{len(columns)} columns"}))
            continue
        cells = {column: unneutralise(record[i]) if i < len(record) else "" for i, column in enumerate(columns)}
        rows.append(CsvRow(index, cells))
    return ParsedCsv(columns, rows)


def _check_columns(columns: list[str]) -> None:
    problems = []
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        problems.append(f"The file is missing {'this column' if len(missing) == 1 else 'these columns'}: "
                        f"{', '.join(missing)}.")
    unknown = [c or "(a blank heading)" for c in columns if c not in COLUMNS]
    if unknown:
        problems.append(f"The file has {'a column' if len(unknown) == 1 else 'columns'} the register does not know: "
                        f"{', '.join(unknown[:10])}{' and more' if len(unknown) > 10 else ''}.")
    repeated = sorted({c for c in columns if c and columns.count(c) > 1})
    if repeated:
        problems.append(f"These columns appear more than once: {', '.join(repeated)}.")
    if problems:
        raise CsvProblem(" ".join(problems) + " The first row must name the columns, from: " + ", ".join(COLUMNS)
                         + f" ({', '.join(REQUIRED_COLUMNS)} are required).")
