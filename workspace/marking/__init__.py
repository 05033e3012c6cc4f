"""Marking: each cohort's rubric, independent marking of a submitted team by its assessors,
the facilitator's agreed mark and its release to the team, and the cohort's marks as CSV.

Nobody in a team sees anything of its marking before release, through any route: every read
of marks for a team member goes through `queries.released_moderation`.
"""

from ..assessment.reopen_notes import register_reopen_note
from . import models  # noqa: F401 - the tables, for the migrations' metadata
from .reopen_note import marking_note

register_reopen_note("marking", marking_note)
