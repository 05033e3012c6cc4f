"""The framework's pages (thin: load, authorize, call the operations, render). Importing this
module adds all their routes to `bp`: each page module is imported here with one line."""

from __future__ import annotations

from . import calendar_views as _calendar_views  # noqa: E402, F401 - fw-timeline: the calendar feed and its addresses
from . import coverage_views as _coverage_views  # noqa: E402, F401 - fw-coverage (replaces the placeholder overview)
from . import evidence_views as _evidence_views  # noqa: E402, F401 - fw-coverage
from . import framework_admin_views as _framework_admin_views  # noqa: E402, F401  (fw-data: the facilitator's editor)
from . import recommendation_views  # noqa: E402, F401 - the recommendations register (fw-recs)
from . import reflection_views as _reflection_views  # noqa: E402, F401 - fw-reflect
from . import scope_views as _scope_views  # noqa: E402, F401 - fw-reflect
from . import tag_views as _tag_views  # noqa: E402, F401  (fw-data: the tag panel and its routes)
from . import timeline_views as _timeline_views  # noqa: E402, F401 - fw-timeline: the programme timeline
from .blueprint import bp  # noqa: F401 - the blueprint, with every page module's routes
