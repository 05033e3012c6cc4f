"""The deck's downloads (issue 12): the frozen deck of the standing submission, or the live
draft built now. Each is audited; a draft is counted against the person's export limit, like
the Word draft (assessment.operations.draft_file). The frozen deck comes through the exports
registry (exports.deck.frozen_deck), which the assessment feature supplies, so this package
never imports it.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime

from .. import audit
from ..exports.deck import frozen_deck
from ..exports.operations import count_export
from ..exports.pptx import build_deck_pptx
from ..extensions import db
from ..models import Team, User, utcnow
from ..timefmt import LONDON

NO_DECK = ("This team submitted before the presentation deck became part of a submission, so its submission "
           "holds no deck. A facilitator can reopen the submission for the team to submit again with its deck.")


class NoFrozenDeck(Exception):
    """The team has submitted, but its standing submission froze no deck."""

    def __init__(self):
        super().__init__(NO_DECK)


@dataclass
class DeckFile:
    content: bytes
    filename: str
    sha256: str
    frozen: bool
    failed_parts: list[str] = field(default_factory=list)


def filename(team: Team, what: str, when: datetime) -> str:
    """`Team Harbour - presentation 2026-12-06.pptx` (the Word report's pattern)."""
    name = " ".join("".join(c for c in team.name if c.isprintable() and c not in '\\/:*?"<>|').split())
    return f"{name[:80] or 'Team'} - {what} {when.astimezone(LONDON).date().isoformat()}.pptx"


def deck_file(team: Team, actor: User) -> DeckFile:
    """The caller must hold `download_presentation` on the team (the views check it)."""
    if team.is_submitted:
        return _frozen(team, actor)
    return _draft(team, actor)


def _frozen(team: Team, actor: User) -> DeckFile:
    frozen = frozen_deck(team)
    if frozen is None or frozen.pptx is None or not frozen.sha256:
        raise NoFrozenDeck()
    audit.record("presentation.downloaded", actor=actor, team=team, target=frozen.submission,
                 detail={"number": frozen.number, "sha256": frozen.sha256})
    content, sha256 = frozen.pptx, frozen.sha256
    db.session.commit()
    return DeckFile(content, filename(team, "presentation", frozen.submitted_at), sha256, True,
                    list(frozen.failed_parts))


def _draft(team: Team, actor: User) -> DeckFile:
    count_export(actor)  # RateLimited: the page answers 429, the API 429 with Retry-After
    built = build_deck_pptx(team, "team")
    sha256 = hashlib.sha256(built.pptx).hexdigest()
    audit.record("presentation.draft_downloaded", actor=actor, team=team,
                 detail={"sha256": sha256, "failed_parts": list(built.failed_parts)})
    db.session.commit()
    return DeckFile(built.pptx, filename(team, "draft presentation", utcnow()), sha256, False, list(built.failed_parts))


def failed_header(names: list[str]) -> str:
    """The parts that failed, for X-Export-Failed-Parts: printable ASCII, bounded."""
    return re.sub(r"[^\x20-\x7e]", "?", ", ".join(names))[:1000]
