"""Assessment: a team submits its report, which freezes it for the assessors.

A submission is a snapshot made in one transaction: every section's text and version as JSON
and the Word report the exporter builds from the same state, with the file's SHA-256. What an
assessor downloads afterwards is those stored bytes, never a new build. A facilitator may
reopen a submission (with a reason); the next submission is a new snapshot and the earlier
ones are kept.

This package reaches the report only through `workspace.report.readiness`, and builds
documents only through `workspace.exports`.
"""

from ..exports.deck import register_frozen_deck  # noqa: E402
from .queries import frozen_deck  # noqa: E402

register_frozen_deck(frozen_deck)
