"""Cleaning text at the boundary where it enters: control characters out, Unicode normalised."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime

# Control characters that separate text (vertical tab, form feed, the file/group/record/unit
# separators, NEL, Unicode line and paragraph separators): text pasted from a PDF uses them
# between words, so they become a line break (or a space in one-line text), never nothing.
_SEPARATORS = re.compile(r"[\x0b\x0c\x1c-\x1f\x85\u2028\u2029]")
# Every other C0/C1 control and DEL is not text at all and goes. Tab and newline stay in
# multi-line text; one-line text turns them into spaces.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]")
_LINE_BREAKS = re.compile(r"[\t\n\r]")
# Lone UTF-16 surrogates (valid in JSON, invalid in UTF-8) would break every later encode.
_SURROGATES = re.compile(r"[\ud800-\udfff]")
# Zero-width and bidi override characters make names look like something they are not.
_INVISIBLE = re.compile(r"[\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
# The zero-width joiner and non-joiner are part of real names: Persian and the Indic scripts
# write words with them, and an emoji sequence (a health worker, a family) is joined by them.
# They stay, once, where they join two such characters; anywhere else (next to a space, an
# ASCII character, an end of the text) they only hide a difference, and go.
_JOINER_RUNS = re.compile(r"([\u200c\u200d])[\u200c\u200d]+")
_LOOSE_JOINERS = re.compile(r"(?<![^\x00-\x7f\s])[\u200c\u200d]|[\u200c\u200d](?![^\x00-\x7f\s])")
# Long text keeps zero-width joiners (emoji sequences, some scripts need them) but not the bidi
# overrides and isolates: right-to-left text needs none of them, and with them a line can be
# made to read backwards (a filename, a figure, a heading in the contents).
_BIDI_CONTROLS = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
_SPACES = re.compile(r"\s+")


def clean_line(value: str | None) -> str:
    """One-line text (names, titles): no controls, no invisible characters (joiners only where
    they join), single spaces."""
    if value is None:
        return ""
    value = unicodedata.normalize("NFC", _SURROGATES.sub("", str(value)))
    value = _CONTROL.sub("", _SEPARATORS.sub(" ", _LINE_BREAKS.sub(" ", value)))
    value = _SPACES.sub(" ", _INVISIBLE.sub("", value)).strip()
    return _LOOSE_JOINERS.sub("", _JOINER_RUNS.sub(r"\1", value))


def clean_multiline(value: str | None) -> str:
    """Long text (markdown, notes): controls stripped, line endings normalised to \\n."""
    if value is None:
        return ""
    value = unicodedata.normalize("NFC", _SURROGATES.sub("", str(value))).replace("\r\n", "\n").replace("\r", "\n")
    return _BIDI_CONTROLS.sub("", _CONTROL.sub("", _SEPARATORS.sub("\n", value)))


# --- field rules that several features' fields.py share (forms, API and CSV alike) ---------------


def blank(value) -> bool:
    """No value: None, or text of whitespace only."""
    return value is None or (isinstance(value, str) and not value.strip())


def cleaned_text(value, label: str, limit: int, *, multiline: bool = False, required: bool = False) -> str:
    """Text cleaned as one line (or as long text), at most `limit` characters; "" for None."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValueError(f"{label} must be text")
    value = clean_multiline(value).strip() if multiline else clean_line(value)
    if required and not value:
        raise ValueError(f"Enter the {label.lower()}")
    if len(value) > limit:
        raise ValueError(f"{label} must be {limit:,} characters or fewer (it has {len(value):,})")
    return value


def parsed_date(value, label: str, earliest: date, latest: date) -> date | None:
    """A date, ISO or as a UK spreadsheet writes it (31/03/2027), between `earliest` and
    `latest`; None for blank."""
    if blank(value):
        return None
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        found = value
    elif isinstance(value, str):
        text = value.strip()
        found = None
        for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
            try:
                found = datetime.strptime(text, pattern).date()
                break
            except ValueError:
                continue
        if found is None:
            raise ValueError(f"{label} must be a real date, like 2027-03-31 (or 31/03/2027)")
    else:
        raise ValueError(f"{label} must be a date, like 2027-03-31")
    if not earliest <= found <= latest:
        raise ValueError(f"{label} must be between {earliest.year} and {latest.year}")
    return found


def choose(value, options: dict[str, str], label: str, missing: str | None) -> str | None:
    """One of `options` (stored value -> label), typed as either in any case: a form's select,
    an API's string and a CSV cell alike. Blank gives None, or raises `missing` when given;
    anything else raises naming the choices."""
    if blank(value):
        if missing is None:
            return None
        raise ValueError(missing)
    if isinstance(value, str):
        wanted = clean_line(value).casefold()
        for stored, shown in options.items():
            if wanted in (stored.casefold(), shown.casefold()):
                return stored
    raise ValueError(f"{label} must be one of: {', '.join(options.values())}")


def clean_email(value: str | None) -> str:
    return clean_line(value).lower()


#: the range every id and number column holds on both databases (32-bit signed integers)
INT_MIN, INT_MAX = -(2**31), 2**31 - 1


def bounded_int(value, minimum: int = INT_MIN) -> int | None:
    """A whole number the database can hold, from JSON or a query string; None otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        value = value.strip()
        if not value.lstrip("-").isdigit() or len(value) > 12:
            return None
        value = int(value)
    if not isinstance(value, int) or not minimum <= value <= INT_MAX:
        return None
    return value
