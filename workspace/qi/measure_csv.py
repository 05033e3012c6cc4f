"""Points pasted or uploaded as CSV: columns date,value[,note]; a header row is optional (a
first row whose value cell is not a number and whose first cell names a date column).

The separator is a comma, a semicolon or a tab, read from the first line (`separator`).
Dates as 2027-03-31 or 31/03/2027; values as 85, 85.5 or "85%". Every bad row is reported by
its line number and nothing is saved when any row is bad. A date given twice is allowed: the
rows are added in order and both are kept (as is an existing point on that date: a date may
hold several points). At most MAX_CSV_BYTES and spc.MAX_POINTS rows.
"""

from __future__ import annotations

import csv
import io

from ..errors import ValidationProblem
from . import spc
from .measure_fields import a_date, clean_point

MAX_CSV_BYTES = 200_000
MAX_REPORTED = 50  # bad rows named one by one; the rest are counted
HEADER_WORDS = {"date", "on", "day", "week", "month", "period", "when"}
VALUE_WORDS = {"value", "values", "count", "number", "result", "measure"}


class CsvProblem(ValidationProblem):
    """Rows that cannot be read: `rows` is [(line number, message)]."""

    def __init__(self, rows: list[tuple[int, str]], message: str | None = None):
        self.rows = rows
        shown = rows[:MAX_REPORTED]
        more = len(rows) - len(shown)
        text = message or (f"{len(rows)} row{'s' if len(rows) != 1 else ''} could not be read, so nothing was saved: "
                           + "; ".join(f"line {line}: {why}" for line, why in shown)
                           + (f"; and {more} more" if more else ""))
        super().__init__({"csv": text}, text)


def decode(raw: bytes) -> str:
    if len(raw) > MAX_CSV_BYTES:
        raise CsvProblem([], f"The file is larger than {MAX_CSV_BYTES // 1000} kB: split it, or send fewer rows.")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise CsvProblem([], "The file is not text: save it as CSV (UTF-8) and try again.")  # pragma: no cover


def _is_header(cells: list[str]) -> bool:
    first = cells[0].strip().casefold() if cells else ""
    if first in HEADER_WORDS:
        return True
    try:
        a_date(cells[0])
        return False
    except (ValueError, IndexError):
        return first.isalpha()


SEPARATORS = ("\t", ";", ",")


def separator(text: str) -> str:
    """The separator: a tab, `;` (Excel's default where the decimal mark is a comma) or `,`, the
    first that splits the first non-blank line into a date (or a date column's name) and more,
    or failing that (a header in another language, "Datum;Wert") the second line into a date
    and more. Only those lines are read, so a note full of commas or semicolons further down
    cannot sway it; "," when none fits (the row errors then say what is wrong)."""
    lines = [line for line in text.splitlines() if line.strip()][:2]
    for line, names_allowed in zip(lines, (True, False), strict=False):
        for candidate in SEPARATORS:
            cells = line.split(candidate)
            if len(cells) < 2:
                continue
            head = cells[0].strip().strip('"')
            if names_allowed and head.casefold() in HEADER_WORDS:
                return candidate
            try:
                a_date(head)
            except ValueError:
                continue
            return candidate
    return ","


def parse(text: str) -> list[dict]:
    """The rows as cleaned points ({on, value, note}), in file order; CsvProblem for any bad row."""
    if len(text.encode("utf-8", "replace")) > MAX_CSV_BYTES:
        raise CsvProblem([], f"The CSV is larger than {MAX_CSV_BYTES // 1000} kB: split it, or send fewer rows.")
    text = text.lstrip("\ufeff")  # a byte-order mark pasted from a file saved by Excel
    delimiter = separator(text)
    reader = csv.reader(io.StringIO(text.replace("\x00", "")), delimiter=delimiter)
    points, problems = [], []
    header_seen = False
    for number, cells in enumerate(reader, start=1):
        if not any(cell.strip() for cell in cells):
            continue
        if not header_seen and not points and not problems:
            header_seen = True
            if _is_header(cells):
                names = [c.strip().casefold() for c in cells]
                # any words will do ("Datum;Wert", "week,days") unless they name the columns the
                # wrong way round: the value first, or a date second
                if len(names) < 2 or names[0] in VALUE_WORDS or names[1] in HEADER_WORDS:
                    problems.append((number, "the header must be date,value (and optionally note): "
                                             "the date first, then the value"))
                continue
        if len(points) + len(problems) >= spc.MAX_POINTS:
            raise CsvProblem([], f"A measure holds at most {spc.MAX_POINTS:,} points: send fewer rows.")
        if len(cells) < 2:
            problems.append((number, "expected a date and a value separated by a comma"))
            continue
        if len(cells) > 3:
            cells = [cells[0], cells[1], delimiter.join(cells[2:])]
        try:
            point = clean_point(dict(zip(("on", "value", "note"), cells, strict=False)))
        except ValidationProblem as problem:
            problems.append((number, "; ".join(problem.fields.values())))
            continue
        points.append(point)
    if problems:
        raise CsvProblem(problems)
    if not points:
        raise CsvProblem([], "No rows to add: paste lines of date,value, like 2027-03-31,85.")
    return points
