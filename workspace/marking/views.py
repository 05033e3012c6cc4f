"""The marking pages (thin: load, authorize, call the operations, render). Importing this module
adds all their routes to `bp`."""

from .blueprint import bp

__all__ = ["bp"]

from . import rubric_views  # noqa: E402, F401 - the rubric pages and the marks CSV (helper "rubric")
