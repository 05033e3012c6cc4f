"""The framework's pages' one blueprint (no prefix: each page module names its own addresses,
under /teams/<id>/... for a team's work and /admin/cohorts/<id>/... for a cohort's set-up)."""

from flask import Blueprint

bp = Blueprint("framework", __name__)
