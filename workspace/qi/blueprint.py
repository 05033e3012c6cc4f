"""The QI pages' one blueprint: every page module of this package adds its routes to it."""

from flask import Blueprint

bp = Blueprint("qi", __name__, url_prefix="/teams/<int:team_id>/qi")
