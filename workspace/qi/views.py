"""The QI pages, one module per kind of record (thin: load through the team, authorize, call
the operations, render). Importing this module adds all their routes to `bp`."""

from . import action_views, driver_views, measure_views, overview_views, pdsa_views  # noqa: F401
from .blueprint import bp

__all__ = ["bp"]
