"""The linked chain on a change idea's page: its driver path, the pain points it came from, its
PDSA ramp in order (cycle 1 -> 2 -> 3, branches side by side), the measures those cycles should
move with their charts, and its actions; and the ramp ordering on hand-built cycles."""

from __future__ import annotations

from datetime import date

from workspace.extensions import db
from workspace.qi import pdsa_operations as pdsa_ops
from workspace.qi import plan_operations as ops
from workspace.qi.chain import ramp
from workspace.qi.models import Action, Measure, MeasurePoint, PdsaCycle


def _text(response) -> str:
    return response.get_data(as_text=True)


def test_ramp_orders_chains_and_branches():
    def cycle(id_, follows=None, started=None):
        return PdsaCycle(id=id_, follows_id=follows, started_on=started, title=str(id_), status="planned")

    cycles = [cycle(1, started=date(2027, 1, 1)), cycle(2, 1, date(2027, 2, 1)), cycle(3, 2, date(2027, 3, 1)),
              cycle(4, 1, date(2027, 1, 15)), cycle(5, started=date(2026, 12, 1)), cycle(6, 99)]
    steps = ramp(cycles, {n: n for n in range(1, 7)})
    assert [(s.number, s.depth, s.follows_number) for s in steps] == [
        (5, 0, None), (1, 0, None), (4, 1, 1), (2, 1, 1), (3, 2, 2), (6, 0, None)]


def test_ramp_never_spins_on_a_loop():
    a = PdsaCycle(id=1, follows_id=2, title="a", status="planned")
    b = PdsaCycle(id=2, follows_id=1, title="b", status="planned")
    assert sorted(s.number for s in ramp([a, b], {1: 1, 2: 2})) == [1, 2]


def test_the_change_idea_page_shows_the_whole_chain(make_client, world):
    team, member = world.team, world.member
    primary = ops.add_driver(team, member, "Timely assessment")
    secondary = ops.add_driver(team, member, "Weekend therapy", primary.id)
    idea = ops.add_idea(team, member, {"title": "Saturday physio", "driver_id": secondary.id})
    measure = Measure(team_id=team.id, name="Days from fit to discharge", created_by_id=member.id,
                      updated_by_id=member.id)
    db.session.add(measure)
    db.session.flush()
    db.session.add_all(MeasurePoint(team_id=team.id, measure_id=measure.id, on_date=date(2027, 1, d), value=v)
                       for d, v in [(1, 9.0), (8, 8.0), (15, 7.5)])
    db.session.commit()
    one = pdsa_ops.create_cycle(team, member, {"change_idea_id": idea.id, "title": "One ward", "status": "complete",
                                               "decision": "adapt", "started_on": "2027-01-04"}, [measure.id])
    two = pdsa_ops.create_cycle(team, member, {"change_idea_id": idea.id, "title": "Two wards", "status": "running",
                                               "follows_id": one.id, "started_on": "2027-02-01"})
    db.session.add(Action(team_id=team.id, title="Book the physio rota", change_idea_id=idea.id, status="open",
                          due_on=date(2027, 1, 20)))
    db.session.commit()
    page = _text(make_client(world.host).get(f"/teams/{team.id}/qi/change-ideas/{idea.id}"))
    assert page.index("Timely assessment") < page.index("Weekend therapy")
    assert page.index(f"/qi/pdsa/{one.id}") < page.index(f"/qi/pdsa/{two.id}")
    assert "follows PDSA 1" in page and "decision: <strong>adapt</strong>" in page
    assert "Days from fit to discharge" in page and "<svg" in page.split("The measures its cycles should move")[1]
    assert "Book the physio rota" in page and "open, due" in page
    assert "Not linked to a process-map pain point" in page


def test_another_teams_idea_is_404_and_a_missing_one_too(make_client, world):
    idea = ops.add_idea(world.team, world.member, {"title": "Ours"})
    member = make_client(world.member)
    assert member.get(f"/teams/{world.team.id}/qi/change-ideas/{idea.id + 1000}").status_code == 404
    assert make_client(world.other_member).get(f"/teams/{world.other_team.id}/qi/change-ideas/{idea.id}").status_code == 404
