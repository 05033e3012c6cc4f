"""The QI overview: empty states that say what to do, then the aim, the driver diagram, the open
PDSA cycles (running first, numbered), the overdue actions (the viewer's own first), each
measure's signal linked to its page; the team page's overdue-actions panel; another team 404."""

from __future__ import annotations

from datetime import date, timedelta

from workspace.extensions import db
from workspace.qi import action_operations as ops
from workspace.qi import action_queries
from workspace.qi.models import Aim, ChangeIdea, Driver, Measure, MeasurePoint, PdsaCycle

from . import factories


def _page(client, team) -> str:
    response = client.get(f"/teams/{team.id}/qi")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_a_new_team_is_told_what_to_do(make_client, world):
    page = _page(make_client(world.member), world.team)
    for empty in ('id="aim-empty"', 'id="drivers-empty"', 'id="cycles-empty"', 'id="overdue-empty"',
                  'id="measures-empty"'):
        assert empty in page
    assert "Write the aim" in page and f'href="/teams/{world.team.id}/qi/aim"' in page
    for sub in ("drivers", "pdsa", "measures", "actions"):
        assert f'href="/teams/{world.team.id}/qi/{sub}"' in page
    host_page = _page(make_client(world.host), world.team)
    assert "Write the aim" not in host_page and "See the aim page" in host_page


def test_the_overview_shows_the_work(make_client, world):
    team = world.team
    other = factories.make_user("Tom Whitfield")
    factories.add_member(team, other, "member")
    db.session.add(Aim(team_id=team.id, statement="Halve the wait by March."))
    primary = Driver(team_id=team.id, level="primary", title="Assess without waiting")
    db.session.add(primary)
    db.session.flush()
    idea = ChangeIdea(team_id=team.id, title="Trusted assessor")
    db.session.add(idea)
    db.session.flush()
    db.session.add_all([
        PdsaCycle(team_id=team.id, title="Done one", status="complete"),
        PdsaCycle(team_id=team.id, title="Planned one", status="planned", started_on=date(2027, 1, 1)),
        PdsaCycle(team_id=team.id, title="Running one", status="running", change_idea_id=idea.id,
                  started_on=date(2026, 11, 1)),
    ])
    measure = Measure(team_id=team.id, name="Days to discharge", unit="days", better="down")
    db.session.add(measure)
    db.session.flush()
    db.session.add(MeasurePoint(team_id=team.id, measure_id=measure.id, on_date=date(2026, 11, 2), value=3.5))
    db.session.commit()
    today = action_queries.today()
    ops.create(team, world.member, {"title": "Tom's late one", "owner_id": other.id,
                                    "due_on": today - timedelta(days=9)})
    ops.create(team, world.member, {"title": "My late one", "owner_id": world.member.id,
                                    "due_on": today - timedelta(days=2)})
    ops.create(team, world.member, {"title": "Done late", "status": "done", "due_on": today - timedelta(days=2)})
    page = _page(make_client(world.member), team)
    assert "Halve the wait by March." in page and "<svg" in page
    assert page.index("PDSA 3: Running one") < page.index("PDSA 2: Planned one") and "Done one" not in page
    assert "Testing “Trusted assessor”" in page
    assert "2 actions overdue" in page and "Done late" not in page
    assert page.index("My late one") < page.index("Tom&#39;s late one")  # the viewer's own first
    assert f'href="/teams/{team.id}/qi/measures/{measure.id}"' in page and "3.5 days" in page
    # Tom sees his own first
    tom_page = _page(make_client(other), team)
    assert tom_page.index("Tom&#39;s late one") < tom_page.index("My late one")


def test_the_team_page_flags_overdue_actions(make_client, world):
    client = make_client(world.member)
    assert 'id="overdue-actions"' not in client.get(f"/teams/{world.team.id}").get_data(as_text=True)
    ops.create(world.team, world.member, {"title": "Late", "owner_id": world.member.id,
                                          "due_on": action_queries.today() - timedelta(days=1)})
    page = client.get(f"/teams/{world.team.id}").get_data(as_text=True)
    assert 'id="overdue-actions"' in page and "1 action overdue" in page and "Yours" in page
    assert 'nhsuk-tag--red">Overdue' in page  # a word, not colour alone
    # an assessor before submission does not see the team's work
    assert 'id="overdue-actions"' not in make_client(world.assessor).get(f"/teams/{world.team.id}").get_data(
        as_text=True)


def test_another_team_is_404(make_client, world):
    assert make_client(world.other_member).get(f"/teams/{world.team.id}/qi").status_code == 404


def test_a_submitted_teams_overview_offers_no_changes(make_client, world):
    world.submit()
    page = _page(make_client(world.member), world.team)
    assert "shown as submitted" in page and "Write the aim" not in page and "See the aim page" in page


def test_every_qi_page_has_the_qi_subnavigation_with_its_part_current(make_client, world):
    import re

    team = world.team
    idea = ChangeIdea(team_id=team.id, title="Trusted assessor")
    cycle = PdsaCycle(team_id=team.id, title="One ward", status="running")
    measure = Measure(team_id=team.id, name="Days to discharge", kind="outcome", better="down", position=0)
    db.session.add_all([idea, cycle, measure])
    db.session.flush()
    point = MeasurePoint(team_id=team.id, measure_id=measure.id, on_date=date(2027, 1, 4), value=3.0)
    db.session.add(point)
    db.session.commit()
    action = ops.create(team, world.member, {"title": "Ring the provider"})
    qi = f"/teams/{team.id}/qi"
    pages = {  # the page -> (the part of QI it belongs to, whether it is that part's own page)
        qi: ("Overview", True), f"{qi}/aim": ("Aim", True), f"{qi}/drivers": ("Driver diagram", True),
        f"{qi}/change-ideas/{idea.id}": ("Driver diagram", False), f"{qi}/pdsa": ("PDSA cycles", True),
        f"{qi}/pdsa/{cycle.id}": ("PDSA cycles", False), f"{qi}/pdsa/new": ("PDSA cycles", False),
        f"{qi}/pdsa/{cycle.id}/edit": ("PDSA cycles", False), f"{qi}/measures": ("Measures", True),
        f"{qi}/measures/{measure.id}": ("Measures", False), f"{qi}/measures/new": ("Measures", False),
        f"{qi}/measures/{measure.id}/edit": ("Measures", False), f"{qi}/actions": ("Action log", True),
        f"{qi}/actions/{action.id}": ("Action log", False), f"{qi}/actions/new": ("Action log", False),
        f"{qi}/actions/{action.id}/edit": ("Action log", False),
        f"{qi}/change-ideas/{idea.id}/edit": ("Driver diagram", False),
        f"{qi}/measures/{measure.id}/points/{point.id}/edit": ("Measures", False),
    }
    client = make_client(world.member)
    for url, (label, own_page) in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.get_data(as_text=True)
        nav = re.search(r'<nav class="app-subnav" aria-label="Quality improvement">(.*?)</nav>', html, re.S)
        assert nav is not None, url
        assert html.index('class="app-team-tabs') < nav.start(), url  # under the team tabs
        links = re.findall(r'<a class="app-subnav__link" href="[^"]+"( aria-current="(\w+)")?>([^<]+)</a>', nav[1])
        assert [text for _, _, text in links] == ["Overview", "Aim", "Driver diagram", "PDSA cycles", "Measures",
                                                  "Action log"], url
        assert [(text, current) for _, current, text in links if current] == [
            (label, "page" if own_page else "true")], url
