"""Privacy decided in issue 6: what a host partner and an assessor before submission do not see.

A host partner reads the current report and comments, like a commenter in a shared document:
no revision history, compare, restore, contributions or word authorship. Who saved a section
last stays visible. An assessor sees the team's people by name, and their email addresses only
once the team has submitted.
"""

from __future__ import annotations

import pytest

from workspace.report import operations as ops

HISTORY_PAGES = ["/history", "/history/compare?from=1&to=2"]
HISTORY_API = ["/revisions", "/revisions/1"]
OTHERS_EMAILS = ["mo@example.org", "hana@example.org", "fay@example.org"]


@pytest.fixture
def written(world):
    """Two revisions of the introduction by two people."""
    ops.save_section(world.team, "introduction", "The cat sat.\n", 0, world.member)
    ops.save_section(world.team, "introduction", "The dog sat.\n", 1, world.facilitator)
    return world


def _page(world, suffix=""):
    return f"/teams/{world.team.id}/report/introduction{suffix}"


def _api(world, suffix=""):
    return f"/api/v1/teams/{world.team.id}/sections/introduction{suffix}"


@pytest.mark.parametrize("suffix", HISTORY_PAGES)
def test_host_is_refused_history_pages(make_client, written, suffix):
    assert make_client(written.host).get(_page(written, suffix)).status_code == 403


@pytest.mark.parametrize("suffix", HISTORY_API)
def test_host_is_refused_revisions_in_the_api(make_client, written, suffix):
    response = make_client(written.host).api("GET", _api(written, suffix))
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "forbidden"


@pytest.mark.parametrize("who", ["member", "assessor", "facilitator"])
@pytest.mark.parametrize("suffix", HISTORY_PAGES)
def test_members_submitted_assessors_and_facilitators_see_history(make_client, written, who, suffix):
    written.submit()
    html = make_client(getattr(written, who)).get(_page(written, suffix)).get_data(as_text=True)
    assert "Fay Facilitator" in html  # who saved version 2


def test_host_cannot_restore_a_revision(make_client, written):
    response = make_client(written.host).form(_page(written, "/history/1/restore"))
    assert response.status_code == 403
    assert ops.get_section(written.team, "introduction").version == 2


def test_host_sees_the_text_and_who_saved_last_but_no_history_link(make_client, written):
    html = make_client(written.host).get(_page(written)).get_data(as_text=True)
    assert "The dog sat." in html
    assert "last saved by Fay Facilitator" in html
    assert "/history" not in html
    assert "History and contributions" in make_client(written.member).get(_page(written)).get_data(as_text=True)


def test_section_json_for_a_host_names_the_last_editor_and_nothing_per_person(make_client, written):
    data = make_client(written.host).api("GET", _api(written)).get_json()
    assert data["updated_by"]["name"] == "Fay Facilitator"
    assert data["body"] == "The dog sat.\n"
    assert not {"revisions", "authorship", "contributions", "author"} & data.keys()


def test_assessor_before_submission_sees_names_without_email_addresses_in_the_api(make_client, world):
    data = make_client(world.assessor).api("GET", f"/api/v1/teams/{world.team.id}").get_json()
    assert {m["name"] for m in data["members"]} == {"Mo Member", "Hana Host", "Asa Assessor"}
    assert all("email" not in m for m in data["members"])
    assert "@" not in str(data)


@pytest.mark.parametrize("who", ["member", "host", "facilitator", "assessor_after"])
def test_others_see_email_addresses_in_the_api(make_client, world, who):
    if who == "assessor_after":
        world.submit()
    user = world.assessor if who == "assessor_after" else getattr(world, who)
    data = make_client(user).api("GET", f"/api/v1/teams/{world.team.id}").get_json()
    assert {m["email"] for m in data["members"]} == {"mo@example.org", "hana@example.org", "asa@example.org"}


def test_assessor_before_submission_sees_names_without_email_addresses_on_the_team_page(make_client, world):
    html = make_client(world.assessor).get(f"/teams/{world.team.id}").get_data(as_text=True)
    assert "Mo Member" in html and "Hana Host" in html
    assert not [email for email in OTHERS_EMAILS if email in html]
    world.submit()
    html = make_client(world.assessor).get(f"/teams/{world.team.id}").get_data(as_text=True)
    assert 'href="mailto:mo@example.org"' in html


def test_members_see_email_addresses_on_the_team_page(make_client, world):
    html = make_client(world.member).get(f"/teams/{world.team.id}").get_data(as_text=True)
    assert 'href="mailto:hana@example.org"' in html and 'href="mailto:asa@example.org"' in html
