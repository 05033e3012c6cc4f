"""The PowerPoint deck (issue 12): built by python-pptx from our own 16:9 template.

`build_deck_pptx(team, audience)` -> DeckBuild. To be written: see exports/deck.py for the
contents it is given.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class DeckBuild:
    pptx: bytes
    failed_parts: list[str] = field(default_factory=list)


def build_deck_pptx(team, audience: str) -> DeckBuild:
    raise NotImplementedError
