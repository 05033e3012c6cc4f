"""What a facilitator sets up: cohorts, organisations, teams, people, and the audit log."""

from __future__ import annotations

from sqlalchemy import select

from workspace.extensions import db
from workspace.models import AuditEvent, Cohort, Membership, Organisation, Team, User


def test_create_cohort(make_client, world):
    client = make_client(world.facilitator)
    response = client.form("/admin/cohorts", {"name": "Cohort 2027", "starts_on": "2027-09-01", "ends_on": "2028-08-31"})
    assert response.status_code == 302
    assert "Cohort 2027" in client.get("/admin/cohorts").get_data(as_text=True)


def test_cohort_end_before_start_is_refused_and_input_kept(make_client, world):
    response = make_client(world.facilitator).form(
        "/admin/cohorts", {"name": "Backwards", "starts_on": "2027-09-01", "ends_on": "2027-01-01"}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "End date must be the same as or after the start date" in html
    assert 'value="Backwards"' in html
    assert "There is a problem" in html


def test_duplicate_cohort_name_is_refused_case_insensitively(make_client, world):
    response = make_client(world.facilitator).form(
        "/admin/cohorts", {"name": "TEST COHORT", "starts_on": "2027-09-01", "ends_on": "2028-01-01"}
    )
    assert "A cohort with this name already exists" in response.get_data(as_text=True)


def test_over_long_name_is_refused(make_client, world):
    response = make_client(world.facilitator).form("/admin/organisations", {"name": "x" * 121, "kind": "PCN"})
    assert "120 characters or fewer" in response.get_data(as_text=True)


def test_create_and_edit_organisation(make_client, world):
    client = make_client(world.facilitator)
    assert client.form("/admin/organisations", {"name": "Westside PCN", "kind": "PCN"}).status_code == 302
    organisation = db.session.scalar(select(Organisation).where(Organisation.name == "Westside PCN"))
    client.form(f"/admin/organisations/{organisation.id}/edit", {"name": "Westside Primary Care Network", "kind": "PCN"})
    db.session.refresh(organisation)
    assert organisation.name == "Westside Primary Care Network"


def test_unknown_organisation_kind_is_refused(make_client, world):
    response = make_client(world.facilitator).form("/admin/organisations", {"name": "Odd", "kind": "spaceship"})
    assert response.status_code == 400
    assert db.session.scalar(select(Organisation).where(Organisation.name == "Odd")) is None


def test_create_team_then_add_people(make_client, world):
    client = make_client(world.facilitator)
    cohort_id = world.team.cohort_id
    host_id = world.team.host_organisation_id
    response = client.form("/admin/teams/new", {
        "name": "Team Lighthouse", "cohort_id": cohort_id, "host_organisation_id": host_id,
        "review_title": "Improving transfers of care",
    })
    assert response.status_code == 302
    team = db.session.scalar(select(Team).where(Team.name == "Team Lighthouse"))
    for email, name, role in [("ann@example.org", "Ann Learner", "member"), ("hal@example.org", "Hal Host", "host")]:
        assert client.form(f"/admin/teams/{team.id}/members", {"email": email, "name": name, "role": role}).status_code == 201
    # An existing person with a password joins without a new invitation.
    existing = client.form(f"/admin/teams/{team.id}/members", {"email": "ASA@example.org", "name": "", "role": "assessor"})
    assert existing.status_code == 302
    roles = {m.user.email: m.role for m in db.session.scalars(select(Membership).where(Membership.team_id == team.id))}
    assert roles == {"ann@example.org": "member", "hal@example.org": "host", "asa@example.org": "assessor"}


def test_team_name_must_be_unique_within_cohort(make_client, world):
    response = make_client(world.facilitator).form("/admin/teams/new", {
        "name": "team harbour", "cohort_id": world.team.cohort_id,
        "host_organisation_id": world.team.host_organisation_id, "review_title": "Another",
    })
    html = response.get_data(as_text=True)
    assert "A team with this name already exists in this cohort" in html
    assert 'value="Another"' in html


def test_team_needs_existing_cohort(make_client, world):
    response = make_client(world.facilitator).form("/admin/teams/new", {
        "name": "Ghost", "cohort_id": "99999", "host_organisation_id": world.team.host_organisation_id, "review_title": "x",
    })
    assert response.status_code == 400


def test_adding_a_person_twice_is_refused(make_client, world):
    response = make_client(world.facilitator).form(
        f"/admin/teams/{world.team.id}/members", {"email": "mo@example.org", "name": "", "role": "host"}
    )
    assert "already in this team" in response.get_data(as_text=True)


def test_new_person_needs_a_name_and_a_valid_email(make_client, world):
    client = make_client(world.facilitator)
    no_name = client.form(f"/admin/teams/{world.team.id}/members", {"email": "new@example.org", "name": "", "role": "member"})
    assert "Enter their full name" in no_name.get_data(as_text=True)
    bad_email = client.form(f"/admin/teams/{world.team.id}/members", {"email": "not-an-email", "name": "X", "role": "member"})
    html = bad_email.get_data(as_text=True)
    assert "Enter an email address in the correct format" in html
    assert 'value="not-an-email"' in html


def test_unknown_role_is_refused(make_client, world):
    response = make_client(world.facilitator).form(
        f"/admin/teams/{world.team.id}/members", {"email": "new@example.org", "name": "New", "role": "owner"}
    )
    assert response.status_code == 400
    assert db.session.scalar(select(User).where(User.email == "new@example.org")) is None


def test_remove_member_asks_for_confirmation_first(make_client, world):
    client = make_client(world.facilitator)
    confirm = client.get(f"/admin/teams/{world.team.id}/members/{world.member.id}/remove")
    assert "Remove Mo Member from Team Harbour?" in confirm.get_data(as_text=True)
    assert db.session.scalar(select(Membership).where(Membership.user_id == world.member.id)) is not None
    client.form(f"/admin/teams/{world.team.id}/members/{world.member.id}/remove")
    assert db.session.scalar(select(Membership).where(Membership.user_id == world.member.id)) is None


def test_deleted_team_is_gone_for_everyone(make_client, world):
    facilitator = make_client(world.facilitator)
    assert "Are you sure" in facilitator.get(f"/admin/teams/{world.team.id}/delete").get_data(as_text=True)
    facilitator.form(f"/admin/teams/{world.team.id}/delete")
    assert make_client(world.member).get(f"/teams/{world.team.id}").status_code == 404
    assert facilitator.get(f"/admin/teams/{world.team.id}").status_code == 404
    assert "Team Harbour" not in make_client(world.member).get("/").get_data(as_text=True)
    # Acting on a deleted team is a clear 404, not a 500.
    assert facilitator.form(f"/admin/teams/{world.team.id}/members", {"email": "a@b.org", "name": "A", "role": "member"}).status_code == 404


def test_audit_log_records_writes_and_filters(make_client, world):
    client = make_client(world.facilitator)
    client.form(f"/admin/teams/{world.team.id}/members", {"email": "ann@example.org", "name": "Ann", "role": "member"})
    client.form(f"/admin/teams/{world.other_team.id}/members", {"email": "bob@example.org", "name": "Bob", "role": "member"})
    events = db.session.scalars(select(AuditEvent)).all()
    assert {"member.added", "invitation.created"} <= {e.action for e in events}
    assert all(e.actor_id == world.facilitator.id for e in events)
    html = client.get(f"/admin/audit?team_id={world.team.id}").get_data(as_text=True)
    assert "user_email: ann@example.org" in html and "user_email: bob@example.org" not in html
    html = client.get(f"/admin/audit?user_id={world.member.id}").get_data(as_text=True)
    assert "No events match" in html


def test_audit_log_is_paginated(make_client, world):
    from workspace import audit

    for n in range(60):
        audit.record("test.event", actor=world.facilitator, detail={"n": n})
    db.session.commit()
    client = make_client(world.facilitator)
    first = client.get("/admin/audit").get_data(as_text=True)
    assert "Page 2 of 2" in first
    assert "n: 59" in first and "n: 5;" not in first
    assert "n: 0" in client.get("/admin/audit?page=2").get_data(as_text=True)


def test_dashboard_queries_do_not_grow_with_teams(make_client, world, app):
    from . import factories
    from .querycount import counting_queries

    def count_queries(client) -> int:
        with counting_queries(db.engine) as seen:
            assert client.get("/").status_code == 200
        return len(seen)

    client = make_client(world.member)
    before = count_queries(client)
    for _ in range(5):
        factories.add_member(factories.make_team(), world.member)
    db.session.commit()
    assert count_queries(client) == before
    facilitator = make_client(world.facilitator)
    before = count_queries(facilitator)
    for _ in range(5):
        factories.make_team()
    db.session.commit()
    assert count_queries(facilitator) == before


def test_cohort_listing_counts_teams(make_client, world):
    html = make_client(world.facilitator).get("/admin/cohorts").get_data(as_text=True)
    assert "Test cohort" in html
    assert db.session.scalar(select(Cohort)).name == "Test cohort"


def test_closing_an_account_stops_sessions_tokens_and_sign_in(make_client, world, client):
    from workspace.auth.operations import create_api_token

    member = make_client(world.member)
    token = create_api_token(world.member, "script").secret
    facilitator = make_client(world.facilitator)
    assert "Close Mo Member" in facilitator.get(f"/admin/people/{world.member.id}/close").get_data(as_text=True)
    facilitator.form(f"/admin/people/{world.member.id}/close")
    assert member.get("/").status_code == 302
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    assert "Account closed" in facilitator.get(f"/admin/people/{world.member.id}").get_data(as_text=True)
    # Their membership is kept, and the account can be opened again.
    assert db.session.scalar(select(Membership).where(Membership.user_id == world.member.id)) is not None
    facilitator.form(f"/admin/people/{world.member.id}/reopen")
    assert member.get("/").status_code == 302  # old sessions stay signed out
    # Closing revoked the tokens: reopening does not bring them back.
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_facilitator_cannot_close_their_own_account(make_client, world):
    facilitator = make_client(world.facilitator)
    facilitator.form(f"/admin/people/{world.facilitator.id}/close")
    db.session.refresh(world.facilitator)
    assert world.facilitator.is_active
