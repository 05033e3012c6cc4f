"""Every page a signed-in person can reach renders, for each role."""

from __future__ import annotations


def test_sign_in_page_renders_with_nhs_layout(client):
    response = client.get("/sign-in")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "nhsuk-header" in html
    assert 'name="csrf_token"' in html


def test_dashboard_lists_the_members_teams_with_role(make_client, world):
    html = make_client(world.member).get("/").get_data(as_text=True)
    assert "Team Harbour" in html
    assert "Your role: Team member" in html
    assert "Team Compass" not in html


def test_host_sees_their_role_on_dashboard(make_client, world):
    html = make_client(world.host).get("/").get_data(as_text=True)
    assert "Your role: Host partner" in html


def test_team_page_shows_host_partner_and_people(make_client, world):
    response = make_client(world.member).get(f"/teams/{world.team.id}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Riverside Trust" in html
    assert "Mo Member" in html and "Hana Host" in html and "Asa Assessor" in html


def test_facilitator_pages_render(make_client, world):
    c = make_client(world.facilitator)
    for url in ["/", "/admin/cohorts", "/admin/organisations", "/admin/teams", "/admin/teams/new",
                f"/admin/teams/{world.team.id}", "/admin/people", f"/admin/people/{world.member.id}",
                "/admin/audit", "/account", f"/teams/{world.team.id}"]:
        response = c.get(url)
        assert response.status_code == 200, url
