"""The marking pages' one blueprint (rubric, marking, agreement, release, the team's feedback)."""

from flask import Blueprint

bp = Blueprint("marking", __name__)
