"""Text the framework puts into a report section (the canvas, a reflection's quotation): whether
the section already holds it, so a second insert does not duplicate it by accident."""

from __future__ import annotations


def _lines(text: str) -> str:
    """The text as the report stores it, near enough to compare: line ends unified, each line's
    trailing spaces gone, no blank lines at either end."""
    return "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")).strip("\n")


def already_holds(body: str, text: str) -> bool:
    """True when the section `body` holds exactly `text` (as whole lines) somewhere in it."""
    wanted = _lines(text)
    if not wanted:
        return False
    return ("\n" + wanted + "\n") in ("\n" + _lines(body) + "\n")
