"""The action log as a CSV file: UTF-8 with a byte-order mark (Excel reads it as UTF-8), one row
per action in the log's order, and any text cell a spreadsheet would run as a formula (starting
with = + - @, a tab or a carriage return) given a leading apostrophe, as the process maps' and
the stakeholder register's CSV files do."""

from __future__ import annotations

import csv
import io

COLUMNS = ("id", "title", "detail", "owner", "due_on", "status", "overdue", "domain", "pdsa_cycle", "change_idea",
           "stakeholder", "completed_on")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value) -> str | int:
    if isinstance(value, int):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def export(rows: list[dict]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([neutralise(row[column]) for column in COLUMNS])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
