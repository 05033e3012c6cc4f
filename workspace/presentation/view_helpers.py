"""What every slide page module shares: the signed-in person, and a change refused because the
team submitted meanwhile answered with the reason (409) rather than an error."""

from __future__ import annotations

import functools

from flask_login import current_user

from ..http_errors import error_page
from ..submitted import ReportSubmitted


def me():
    return current_user._get_current_object()


def refusals(view):
    """A change refused because the team submitted (before or during it) answers 409 with why."""
    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        try:
            return view(*args, **kwargs)
        except ReportSubmitted as refused:
            return error_page(409, title="The review has been submitted", message=str(refused))
    return wrapped
