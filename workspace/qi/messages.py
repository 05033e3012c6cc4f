"""The one helper for QI flash messages that quote a title: a title that ends with its own
punctuation ("Ring families by 10 in the morning.") gets no second full stop after the closing
quote (“…morning.”, not “…morning.”.)."""

from __future__ import annotations

import re

from flask import flash

_DOUBLED = re.compile(r"([.!?…])”\.")


def tidy(message: str) -> str:
    """The message without a full stop straight after a quoted title that already ends in one."""
    return _DOUBLED.sub(r"\1”", message)


def say(message: str, category: str = "success") -> None:
    """`flash`, for a message that quotes a record's title."""
    flash(tidy(message), category)
