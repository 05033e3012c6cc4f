"""The action log as a CSV file: UTF-8 with a byte-order mark (Excel reads it as UTF-8), one row
per action in the log's order, and any text cell a spreadsheet would run as a formula (starting
with = + - @, a tab or a carriage return) given a leading apostrophe, as the process maps' and
the stakeholder register's CSV files do."""

from __future__ import annotations

from ..csvsafe import csv_bytes

COLUMNS = ("id", "title", "detail", "owner", "due_on", "status", "overdue", "domain", "pdsa_cycle", "change_idea",
           "stakeholder", "completed_on")


def export(rows: list[dict]) -> bytes:
    return csv_bytes(COLUMNS, ([row[column] for column in COLUMNS] for row in rows))
