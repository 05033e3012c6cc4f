"""CSV files a spreadsheet opens safely: the one rule for every CSV the product writes (the
stakeholder register, process-map steps, the action log, a cohort's marks).

A text cell a spreadsheet would run as a formula (starting with = + - @, a tab or a carriage
return) gets a leading apostrophe, and the file is UTF-8 with a byte-order mark so that Excel
reads it as UTF-8.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def neutralise(value):
    """Numbers pass as they are; text that a spreadsheet would run as a formula starts with an
    apostrophe instead."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def unneutralise(text: str) -> str:
    """The text as typed, from a cell this module neutralised (for files read back in)."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_STARTS) else text


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    """The whole file: header, then each row with every cell neutralised, CRLF line ends."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
    return (BOM + buffer.getvalue()).encode("utf-8")
