"""The marking pages' one blueprint (rubric, marking, agreement, release, the team's feedback)."""

from flask import Blueprint

bp = Blueprint("marking", __name__)


@bp.app_template_global()
def marks_released(team) -> bool:
    """Whether the team's marks are released (for the one link on its pages); asked only for a
    member of a submitted team."""
    from .queries import released_moderation

    return released_moderation(team) is not None
