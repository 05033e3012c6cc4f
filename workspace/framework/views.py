"""The framework's pages (thin: load, authorize, call the operations, render). Importing this
module adds all their routes to `bp`: each page module is imported here with one line."""

from __future__ import annotations

from . import coverage_views, evidence_views  # noqa: F401 - coverage and each member's evidence (fw-coverage)
from .blueprint import bp  # noqa: F401 - the blueprint, with every page module's routes
