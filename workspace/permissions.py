"""Who may do what: named capabilities by role, checked in this one place.

`can(user, "edit", team)` answers a question; `require(...)` turns the answer into the HTTP
rule the whole product follows: a team you do not belong to does not exist for you (404),
a team you belong to but cannot act on answers 403.
"""

from __future__ import annotations

from typing import Protocol

from flask import abort, g
from sqlalchemy import select

from .extensions import db
from .models import Membership, Role, Team, User

#: every capability the product knows; asking for any other name is a programming error
CAPABILITIES: frozenset[str] = frozenset(
    {
        "see_team",  # the team's name, review title, host partner and people
        "view",  # the team's work: report, maps, QI, presentation
        "edit",
        "comment",
        "export",
        "assess",
        "administer",  # facilitators: cohorts, organisations, teams, people, audit
        # --- privacy (decided in issue 6) ---
        # A host partner reads the current report and comments on it, like a commenter in a
        # shared document: no revision history, compare or restore, no per-person
        # contributions and no word authorship. Who saved a section last, and when, stays
        # visible to everyone who may view (a shared document shows that too), as do the
        # authors of comments and who is on the page now.
        "see_history",  # a section's revisions and diffs, contributions, who wrote which words
        # People's email addresses (team page, API). Names alone for an assessor until the team
        # submits: they mark the work and have no reason to contact the team before then.
        "see_email_addresses",
        # --- submission and the Word report (issue 8) ---
        "submit_report",  # freeze the report for assessment (and submit again once reopened)
        "download_draft_report",  # the live draft as Word, before the team submits
        # The frozen .docx the team submitted. Never a host partner's: hosts read the team's
        # work through the review copy, never the assessor's file.
        "download_submission",
        "reopen_submission",  # facilitators only: open a submitted report for changes again
        # Why a facilitator reopened a submission: for the team, its assessors and facilitators,
        # never the host partner (a reason may be about the team's conduct).
        "see_reopen_reasons",
        # --- the Word export (issue 8) ---
        # The review copy: the live draft with every open comment thread as a Word comment.
        # Members and the host partner read the threads on the page already; an assessor marks
        # the submitted file, never the draft.
        "download_review_copy",
        # Where each figure and table goes (main text or appendix): the team's own choice.
        "change_export_settings",
        # --- stakeholder maps (issue 9) ---
        # The register reads with "view", changes with "edit" and takes comments with "comment",
        # like the report. What a stakeholder marked confidential to the team holds (the whole
        # stakeholder, or only their current and desired attitude and its history) is for the
        # team, its assessors and facilitators: never the host partner, on any page, figure,
        # API answer, CSV or Word copy.
        "see_confidential_stakeholders",
        # --- the presentation and marking (issue 12) ---
        # Slides read with "view", change with "edit" and take comments with "comment", like the
        # report. The deck as PowerPoint: the live draft for the team, the frozen deck of the
        # submission for its assessors; a host partner reads and comments on the slides on the
        # page, as they do the report, and downloads neither.
        "download_presentation",
        # Mark a submitted team against the cohort's rubric: its assessors only. A facilitator
        # agrees the marks instead (moderate_marks), never marks as an assessor.
        "mark",
        # Every assessor's marks of a team, before and after release, and the cohort's marks CSV.
        "see_all_marks",
        # Record the agreed mark and release the feedback to the team.
        "moderate_marks",
        # The team's own marks and feedback, and only once a facilitator has released them
        # (marking.queries.released_moderation is the data side of this rule): before release,
        # every route to them answers 404, as if there were none.
        "see_released_marks",
        # --- the framework, recommendations, reflections, timeline (issue 13) ---
        # The host partner's one writable field: their response to a recommendation (accept,
        # consider, decline, with a note). Nobody else writes it, a facilitator included.
        "respond_to_recommendations",
        # Keep reflections of one's own: private to their author unless shared with the team.
        # Whose reflection it is is a data rule (framework.reflections): nobody but its author
        # ever reads a private one, facilitators included, through any route.
        "keep_reflections",
    }
)

ROLE_CAPABILITIES: dict[str, frozenset[str]] = {
    Role.MEMBER: frozenset({"see_team", "view", "edit", "comment", "export", "see_history", "see_email_addresses",
                            "submit_report", "download_draft_report", "download_submission",
                            "download_review_copy", "change_export_settings", "see_reopen_reasons",
                            "see_confidential_stakeholders", "download_presentation", "see_released_marks",
                            "keep_reflections"}),
    Role.HOST: frozenset({"see_team", "view", "comment", "see_email_addresses", "download_review_copy",
                          "respond_to_recommendations"}),
    # An assessor sees the work only once the team has submitted it (see capabilities_for).
    Role.ASSESSOR: frozenset({"see_team", "view", "export", "assess", "see_history", "see_email_addresses",
                              "download_submission", "see_reopen_reasons", "see_confidential_stakeholders",
                              "download_presentation", "mark"}),
}
#: what a facilitator never does, though they set everything up: submit the team's work or
#: confirm its declaration on the team's behalf, mark as one of its assessors, read the marks
#: as the team reads them (they see every assessor's marks with see_all_marks), answer for the
#: host partner, or keep a learner's reflections
NOT_FOR_FACILITATORS: frozenset[str] = frozenset({"submit_report", "mark", "see_released_marks",
                                                  "respond_to_recommendations", "keep_reflections"})
ASSESSOR_BEFORE_SUBMISSION: frozenset[str] = frozenset({"see_team"})


class UnknownCapability(LookupError):
    pass


def _check_name(capability: str) -> None:
    if capability not in CAPABILITIES:
        raise UnknownCapability(f"unknown capability {capability!r}")


def _membership_cache() -> dict[tuple[int, int], Membership | None]:
    # In `g`, so it never outlives the request (create_app's teardown empties g as well).
    return g.setdefault("_memberships", {})


def remember_membership(user: User, team: Team, membership: Membership | None) -> None:
    """Record a membership (or its absence) loaded together with the team, by loading.py."""
    _membership_cache()[(user.id, team.id)] = membership


def membership_for(user: User, team: Team) -> Membership | None:
    """The user's membership of the team, loaded once per request."""
    cache = _membership_cache()
    key = (user.id, team.id)
    if key not in cache:
        cache[key] = db.session.scalar(
            select(Membership).where(Membership.user_id == user.id, Membership.team_id == team.id)
        )
    return cache[key]


def capabilities_for(user: User | None, team: Team | None) -> frozenset[str]:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    if user.is_facilitator:
        return CAPABILITIES - NOT_FOR_FACILITATORS
    if team is None or team.deleted_at is not None:
        return frozenset()
    membership = membership_for(user, team)
    if membership is None:
        return frozenset()
    if membership.role == Role.ASSESSOR and not team.is_submitted:
        return ASSESSOR_BEFORE_SUBMISSION
    return ROLE_CAPABILITIES[Role(membership.role)]


def can(user: User | None, capability: str, team: Team | None = None) -> bool:
    _check_name(capability)
    return capability in capabilities_for(user, team)


def require(user: User | None, capability: str, team: Team | None = None) -> None:
    """Abort unless the user may; 404 when the team is not theirs to see at all."""
    _check_name(capability)
    held = capabilities_for(user, team)
    if capability in held:
        return
    if team is not None and "see_team" not in held:
        abort(404)
    abort(403)


# --- comments: whose words they are -------------------------------------------------------------


class _Comment(Protocol):
    author_id: int | None


def may_change_comment(user: User | None, comment: _Comment, change: str = "edit") -> bool:
    """Only the person who wrote a comment may edit or delete it. A facilitator may also
    delete one (moderation), but never rewrite someone else's words."""
    if change not in ("edit", "delete"):
        raise ValueError(f"unknown comment change {change!r}")
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if comment.author_id is not None and comment.author_id == user.id:
        return True
    return change == "delete" and user.is_facilitator


def page_capabilities(user: User | None, team: Team) -> frozenset[str]:
    """What a page of the team's work offers the viewer: a submitted review is shown to read,
    not to change, until a facilitator reopens it (the operations refuse changes as well; this
    keeps forms and buttons from being offered at all)."""
    held = capabilities_for(user, team)
    return held - {"edit"} if team.is_submitted else held
