"""People's display names: the one place that knows what a first name is."""

from __future__ import annotations

#: honorifics that come before a name and are never anyone's first name (compared without
#: a full stop and ignoring case, so "Dr", "dr." and "DR" are all titles)
TITLES: frozenset[str] = frozenset({"dr", "prof", "mr", "mrs", "ms", "miss", "mx", "sir", "dame"})


def _is_title(word: str) -> bool:
    return word.rstrip(".").lower() in TITLES


def first_name(display_name: str) -> str:
    """The first word of a name that is not a title: "Dr Ravi Patel" -> "Ravi",
    "Prof. Dame Elaine Hart" -> "Elaine". A name that is only titles keeps its first word."""
    words = (display_name or "").split()
    for word in words:
        if not _is_title(word):
            return word
    return words[0] if words else ""
