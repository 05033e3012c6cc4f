"""What reopening a submission means for work other features keep with it, for the facilitator's
confirmation page. Assessment imports no sibling feature, so a feature that keeps something per
submission (marking) registers a function `submission -> list[str]`: sentences to show, none when
it holds nothing for that submission. Registration happens in the feature's own `__init__`.
"""

from __future__ import annotations

from collections.abc import Callable

from .models import Submission

ReopenNote = Callable[[Submission], list[str]]

_NOTES: dict[str, ReopenNote] = {}


def register_reopen_note(name: str, note: ReopenNote) -> None:
    """Register (or replace) the note of a feature, by its name."""
    _NOTES[name] = note


def reopen_notes(submission: Submission) -> list[str]:
    """Every registered feature's sentences about this submission, in registration order."""
    return [sentence for note in _NOTES.values() for sentence in note(submission)]
