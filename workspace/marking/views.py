"""The marking pages (thin: load, authorize, call the operations, render). Importing this module
adds all their routes to `bp`."""

from . import feedback_views, marking_views, moderation_views  # noqa: F401 - their routes
from .blueprint import bp

__all__ = ["bp"]

from . import rubric_views  # noqa: E402, F401 - the rubric pages and the marks CSV (helper "rubric")
