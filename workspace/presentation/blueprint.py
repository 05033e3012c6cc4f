"""The presentation pages' one blueprint: every page module of this package adds its routes."""

from flask import Blueprint

bp = Blueprint("presentation", __name__, url_prefix="/teams/<int:team_id>/presentation")
