"""The presentation deck as plain data, and the registry through which the presentation
feature supplies it (exports imports no feature).

The presentation package registers one function, `(team, audience) -> DeckContents`; the
PowerPoint builder (exports.pptx) asks it for the slides, then resolves each slide's figure
through the parts registry (`parts.figure_choices`), so a slide shows exactly the figure the
Word report shows, rendered once per content hash.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class DeckSlide:
    number: int  # 1, 2, ... in the deck's order
    title: str
    body: str  # bullet points, markdown
    notes: str  # speaker notes, plain text
    presenter: str  # the presenting member's name, or "" when nobody is chosen
    seconds: int
    figure_key: str | None = None  # "<provider>/<part key>" of a Figure in the parts registry
    figure_caption: str = ""


@dataclass(frozen=True)
class DeckContents:
    title: str  # the review title
    team_name: str
    host_partner: str
    cohort_name: str
    slot_seconds: int
    slides: list[DeckSlide] = field(default_factory=list)


DeckFunction = Callable[[object, str], DeckContents]
_DECK: dict[str, DeckFunction] = {}


def register_deck(fn: DeckFunction) -> None:
    """The presentation feature's one function; registering again replaces it."""
    _DECK["deck"] = fn


def deck_contents(team, audience: str) -> DeckContents | None:
    fn = _DECK.get("deck")
    return None if fn is None else fn(team, audience)


def prepare_deck(team) -> None:
    """Lay the team's deck out if nobody has opened it yet (that commits): for a transaction
    that must not commit halfway, such as a submission, to call before it starts."""
    fn = _DECK.get("deck")
    if fn is not None:
        fn(team, "team")


# --- the frozen deck of a submission: supplied by the assessment feature ----------------------


@dataclass(frozen=True)
class FrozenDeck:
    """The deck a standing submission froze. `pptx` is None for a submission made before decks
    were part of one (issue 12)."""

    submission: object  # the submission record (the audit's target)
    number: int
    submitted_at: object  # datetime
    pptx: bytes | None
    sha256: str | None
    failed_parts: tuple[str, ...] = ()


FrozenFunction = Callable[[object], FrozenDeck | None]
_FROZEN: dict[str, FrozenFunction] = {}


def register_frozen_deck(fn: FrozenFunction) -> None:
    """The assessment feature's one function: the standing submission's deck of a team."""
    _FROZEN["frozen"] = fn


def frozen_deck(team) -> FrozenDeck | None:
    """The deck of the team's standing submission, or None when it has none standing."""
    fn = _FROZEN.get("frozen")
    return None if fn is None else fn(team)
