"""The capability rules, as units."""

from __future__ import annotations

import pytest
from werkzeug.exceptions import Forbidden, NotFound

from workspace.permissions import CAPABILITIES, UnknownCapability, can, capabilities_for, require


def test_unknown_capability_raises(world):
    with pytest.raises(UnknownCapability):
        can(world.member, "delete_everything", world.team)
    with pytest.raises(UnknownCapability):
        require(world.member, "vew", world.team)


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("member", {"see_team", "view", "edit", "comment", "export", "see_history", "see_email_addresses",
                    "submit_report", "download_draft_report", "download_submission",
                    "download_review_copy", "change_export_settings", "see_reopen_reasons",
                    "see_confidential_stakeholders", "download_presentation", "see_released_marks",
                    "keep_reflections"}),
        # A host partner comments like a commenter in a shared document: no history (issue 6);
        # they read the draft and its threads in Word too (issue 8), but place nothing.
        ("host", {"see_team", "view", "comment", "see_email_addresses", "download_review_copy",
                  "respond_to_recommendations"}),
        ("assessor", {"see_team"}),
        ("other_member", set()),
        # Everything but submitting the team's work on its behalf, marking as an assessor, or
        # reading the marks as the team does (they see every assessor's marks instead).
        ("facilitator", set(CAPABILITIES) - {"submit_report", "mark", "see_released_marks",
                                             "respond_to_recommendations", "keep_reflections"}),
    ],
)
def test_capabilities_by_role_before_submission(world, who, expected):
    assert set(capabilities_for(getattr(world, who), world.team)) == expected


def test_assessor_gets_view_export_assess_after_submission(world):
    world.submit()
    assert set(capabilities_for(world.assessor, world.team)) == {
        "see_team", "view", "export", "assess", "see_history", "see_email_addresses", "download_submission",
        "see_reopen_reasons", "see_confidential_stakeholders", "download_presentation", "mark",
    }


def test_only_the_team_assessors_and_facilitators_see_confidential_stakeholders(world):
    assert can(world.member, "see_confidential_stakeholders", world.team)
    assert can(world.facilitator, "see_confidential_stakeholders", world.team)
    assert not can(world.host, "see_confidential_stakeholders", world.team)
    assert not can(world.assessor, "see_confidential_stakeholders", world.team)  # nothing before submission
    world.submit()
    assert can(world.assessor, "see_confidential_stakeholders", world.team)
    assert not can(world.host, "see_confidential_stakeholders", world.team)


def test_host_never_gets_the_submitted_file_or_the_draft(world):
    assert not can(world.host, "download_submission", world.team)
    assert not can(world.host, "download_draft_report", world.team)
    world.submit()
    assert not can(world.host, "download_submission", world.team)


def test_only_facilitators_reopen_a_submission(world):
    world.submit()
    assert can(world.facilitator, "reopen_submission", world.team)
    for who in (world.member, world.host, world.assessor):
        assert not can(who, "reopen_submission", world.team)


def test_host_never_edits(world):
    world.submit()
    assert not can(world.host, "edit", world.team)


def test_require_is_404_for_strangers_and_403_for_members_without_the_capability(world):
    with pytest.raises(NotFound):
        require(world.other_member, "view", world.team)
    with pytest.raises(Forbidden):
        require(world.host, "edit", world.team)
    require(world.member, "edit", world.team)  # allowed: no exception


def test_deleted_team_grants_nothing_to_members(world):
    from workspace.models import utcnow

    world.team.deleted_at = utcnow()
    assert capabilities_for(world.member, world.team) == frozenset()


def test_inactive_user_has_no_capabilities(world):
    world.member.is_active = False
    assert capabilities_for(world.member, world.team) == frozenset()


def test_administer_is_facilitators_only(world):
    assert can(world.facilitator, "administer")
    assert not can(world.member, "administer")
