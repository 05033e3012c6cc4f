"""The group presentation: each team's slides (from the cohort's outline, co-edited like report
sections), their timing against the cohort's slot, a keyboard rehearsal view, and the
PowerPoint deck.

This package plugs into three registries, so neither the exporter nor the report imports it:
slides are comment targets (comment_targets), the deck's contents go to the PowerPoint builder
(exports.deck), and a slide's figure is chosen from the export parts registry.
"""

from .. import comment_targets
from . import models  # noqa: F401 - the tables, for the migrations' metadata
from .targets import TYPE

comment_targets.register(TYPE)

# --- the deck's contents for the PowerPoint builder
from ..exports.deck import register_deck  # noqa: E402
from .deck_parts import deck_contents  # noqa: E402

register_deck(deck_contents)
