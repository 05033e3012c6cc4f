"""Each main page asks the database a fixed, small number of questions, however much it lists.

Issue 7's budget is 6 SQL statements a page; the team page has taken one more since (issue 9,
below). The section editor's six: the user; the team with its cohort, the cohort's counting rules and the viewer's
membership; the report's sections as summaries with their open threads, and the edited one's
text; a page of threads with replies and authors joined and the list's total counted in the
same query (a window function), not asked when the section has no open thread; the people who
may be @mentioned and who else has the section open, in one query; the unread count in the
header. Listing resolved threads too costs nothing more (the summaries counted the open). The team
page's report panel (issue 8: due date, days left, the submission checklist) asks for the
report's sections and the open-comment counts, and (issue 9) a member's own overdue stakeholder
contacts: seven. The counts are pinned here so that a new per-row query fails the suite.
"""

from __future__ import annotations

import pytest

from workspace.auth.operations import create_api_token
from workspace.extensions import db
from workspace.report import operations as ops
from workspace.report.models import Comment, Section, SectionStatus

from . import factories
from .querycount import counting_queries

#: the most SQL statements each page may send, for a member of the team
BUDGETS = {
    "dashboard": 3,
    # 4, plus the checklist (issue 8): the sections with their checks and open threads; plus a
    # member's own overdue stakeholder contacts (issue 9: one query, however many they own);
    # plus the team's overdue QI actions (issue 11: one query, however many there are); plus the
    # cohort's next programme events and deadlines (issue 13: one ranked query, however long the timeline)
    "team": 8,
    "report": 4,  # the user, the team, the sections with their open threads and last editors, the unread count
    "section": 7,  # 6, plus the framework tag panel (issue 13: the framework and the section's tags, one query)
    "section_all_threads": 7,
    "comments": 6,
    "api_sections": 3,
}


def _grow(world, n: int) -> None:
    """Up to n teams for the member, n people in the team, n sections and n threads (with a
    reply each, every other one resolved, each by its own person)."""
    team = world.team
    have = len(team.memberships)
    for _ in range(n - have):
        factories.add_member(team, factories.make_user())
    for _ in range(n - len(world.member.memberships)):
        factories.add_member(factories.make_team(cohort=team.cohort), world.member)
    sections = ops.sections_for(team)
    start = len(sections)
    db.session.add_all(
        Section(team_id=team.id, key=f"own-{k}", title=f"Own section {k}", position=1000 + k, guidance="",
                status=SectionStatus.DRAFTING.value, body="", version=0, word_count=0)
        for k in range(start, n)
    )
    section = ops.get_section(team, "introduction")
    threads = db.session.query(Comment).filter_by(parent_id=None).count()
    for k in range(threads, n):
        thread = Comment(team_id=team.id, target_type="section", target_id=section.id, quote="long waits",
                         body=f"Thread {k}", author_id=factories.make_user().id)
        if k % 2:
            from workspace.models import utcnow

            thread.resolved_at, thread.resolved_by_id = utcnow(), factories.make_user().id
        db.session.add(thread)
        db.session.flush()
        db.session.add(Comment(team_id=team.id, target_type="section", target_id=section.id, parent_id=thread.id,
                               body=f"Reply {k}", author_id=factories.make_user().id))
    db.session.commit()


def _counts(member, urls: dict[str, tuple[str, dict]]) -> dict[str, int]:
    counts = {}
    for name, (url, kwargs) in urls.items():
        db.session.expire_all()  # each request starts cold, as in production
        with counting_queries(db.engine) as seen:
            assert member.get(url, **kwargs).status_code == 200, url
        counts[name] = len(seen)
    return counts


@pytest.mark.parametrize("large", [60, 1_000], ids=["60", "1000"])
def test_main_pages_query_counts_are_small_and_do_not_grow(make_client, world, large):
    ops.save_section(world.team, "introduction", "We found long waits at the front door.", 0, world.member)
    member = make_client(world.member)
    team = f"/teams/{world.team.id}"
    bearer = {"headers": {"Authorization": f"Bearer {create_api_token(world.member, 'count').secret}"}}
    urls = {
        "dashboard": ("/", {}),
        "team": (team, {}),
        "report": (f"{team}/report", {}),
        "section": (f"{team}/report/introduction", {}),
        "section_all_threads": (f"{team}/report/introduction?comments=all", {}),
        "comments": (f"{team}/comments?state=all", {}),
        "api_sections": (f"/api/v1{team}/sections", bearer),
    }
    _grow(world, 10)
    _counts(member, urls)  # first visits write once (the report's layout, the token's first use)
    small = _counts(member, urls)
    assert all(small[name] <= budget for name, budget in BUDGETS.items()), small
    _grow(world, large)
    assert _counts(member, urls) == small


def test_the_open_filter_counts_open_threads_once(make_client, world):
    """The section editor's open-comment count comes from the pager when it lists open threads;
    the figure is the same either way."""
    ops.save_section(world.team, "introduction", "We found long waits.", 0, world.member)
    _grow(world, 10)  # 5 open threads, 5 resolved
    member = make_client(world.member)
    url = f"/teams/{world.team.id}/report/introduction"
    for query in ("", "?comments=all", "?comments=resolved"):
        assert "Comments (5 open)" in member.get(url + query).get_data(as_text=True)


# --- the stakeholder map (issue 9) -----------------------------------------------------------------

#: the user; the team with the viewer's membership; the unread count; the team's members (owner
#: filter and names); the stakeholders with their owners (the register: a page of them, counted in
#: the same query); the network also its links, with both ends' names, in one query
STAKEHOLDER_BUDGETS = {"register": 5, "grid": 5, "network": 6, "stakeholder": 10}  # stakeholder: +1, the tag panel


def _grow_map(world, people: int, links: int) -> int:
    from workspace.stakeholders.models import Stakeholder, StakeholderLink

    team = world.team
    have = db.session.query(Stakeholder).count()
    for n in range(have, people):
        owner = factories.make_user()
        factories.add_member(team, owner, "member")
        db.session.add(Stakeholder(team_id=team.id, name=f"Stakeholder {n}", organisation=f"Org {n % 7}",
                                   duplicate_key=f"{n:064d}", category="icb", power=1 + n % 5,
                                   interest=1 + (n // 5) % 5, attitude=(n % 5) - 2, desired_attitude=2,
                                   owner_id=owner.id, field_versions={}, tags=[], nine_cs=[]))
    db.session.flush()
    ids = [s.id for s in db.session.query(Stakeholder).order_by(Stakeholder.id)]
    made = {(link.source_id, link.target_id) for link in db.session.query(StakeholderLink)}
    n = 0
    while len(made) < links:
        source, target = ids[n % len(ids)], ids[(n % len(ids) + 1 + 13 * (n // len(ids))) % len(ids)]
        n += 1
        if source != target and (source, target) not in made:
            made.add((source, target))
            db.session.add(StakeholderLink(team_id=team.id, source_id=source, target_id=target,
                                           kind=("influences", "reports_to", "works_with", "conflicts_with")[n % 4]))
    db.session.commit()
    return ids[0]


def test_stakeholder_pages_ask_a_fixed_number_of_questions(make_client, world):
    """The register, the grid, the network and a stakeholder's page at 10 stakeholders and at
    150 with 300 links: the same count, within budget."""
    member = make_client(world.member)
    first = _grow_map(world, 10, 20)
    team = f"/teams/{world.team.id}/stakeholders"
    urls = {"register": (team, {}), "grid": (f"{team}/grid", {}), "network": (f"{team}/network", {}),
            "stakeholder": (f"{team}/{first}", {})}
    _counts(member, urls)  # the first visit copies the cohort's framework in once (issue 13)
    small = _counts(member, urls)
    assert all(small[name] <= budget for name, budget in STAKEHOLDER_BUDGETS.items()), small
    _grow_map(world, 150, 300)
    assert _counts(member, urls) == small


# --- the process maps (issue 10) ------------------------------------------------------------------

#: the user; the team with the viewer's membership; the unread count; then the list: its page of
#: maps (counted in the same query) and the step counts; a map: the map, its lanes, steps, branches
#: and notes (one query each), its threads and who may be @mentioned, the future maps redesigning it;
#: the edit page: the map, lanes, steps, branches, notes; compare: both maps read the same way.
PROCESS_BUDGETS = {"list": 5, "map": 12, "edit": 8, "print": 8, "compare": 16, "csv": 8}


def _grow_maps(world, maps: int, steps: int) -> tuple[int, int]:
    from workspace.processes import operations as process_ops
    from workspace.processes.models import ProcessMap

    have = db.session.query(ProcessMap).count()
    for n in range(have, maps):
        lanes = [f"Lane {k}" for k in range(6)]
        rows = [{"lane": lanes[k % 6], "label": f"Step {k}", "minutes": k, "wait_minutes": 60 * (k % 3),
                 "kind": "decision" if k % 7 == 3 else "step", "value": ("va", "nva", "bnva")[k % 3],
                 "pain_points": [f"Pain {k}"] if k % 4 == 0 else [],
                 "branches": [{"to": 1 + (k + 2) % steps, "label": "yes"}, {"to": 1 + (k + 5) % steps, "label": "no"}]
                 if k % 7 == 3 and (k + 2) % steps != k and (k + 5) % steps != k else []}
                for k in range(steps)]
        state = "current" if n % 2 == 0 else "future"
        first = db.session.query(ProcessMap).filter_by(state="current").order_by(ProcessMap.id).first()
        process_ops.create_map(world.team, world.member, {
            "title": f"Map {n}", "state": state, "redesigns_id": first.id if state == "future" and first else None},
            lanes=lanes, steps=rows)
    current = db.session.query(ProcessMap).filter_by(state="current").order_by(ProcessMap.id).first()
    return current.id, db.session.query(ProcessMap).count()


def test_process_map_pages_ask_a_fixed_number_of_questions(make_client, world):
    """The list, a map, its edit page, print, compare and CSV at 2 maps of 6 steps, and at 60 maps
    of 200 steps each (branches, notes, a future map): the same counts, within budget."""
    from workspace.processes.models import ProcessMap

    member = make_client(world.member)
    first, _ = _grow_maps(world, 2, 6)
    base = f"/teams/{world.team.id}/process-maps"

    def urls(map_id):
        return {"list": (base, {}), "map": (f"{base}/{map_id}", {}), "edit": (f"{base}/{map_id}/edit", {}),
                "print": (f"{base}/{map_id}/print", {}), "compare": (f"{base}/{map_id}/compare", {}),
                "csv": (f"{base}/{map_id}/steps.csv", {})}

    small = _counts(member, urls(first))
    assert all(small[name] <= budget for name, budget in PROCESS_BUDGETS.items()), small
    db.session.query(ProcessMap).delete()
    db.session.commit()
    first, _ = _grow_maps(world, 60, 200)
    assert _counts(member, urls(first)) == small


# --- QI measures (issue 11, the measures part) ---------------------------------------------------

QI_MEASURE_BUDGETS = {"list": 9, "measure": 14, "analysis": 8}  # measure: its table is the series it charts


def _grow_measures(world, measures: int, points: int) -> int:
    """`measures` measures of `points` points each, two annotations and a linked PDSA cycle each."""
    from datetime import date, timedelta

    from workspace.qi import measure_operations as measure_ops
    from workspace.qi.models import PdsaCycle, PdsaMeasure

    first = None
    for n in range(measures):
        measure = measure_ops.create_measure(world.team, world.member, {"name": f"Measure {n}", "unit": "%",
                                                                        "target": 50})
        rows = [{"on": (date(2020, 1, 6) + timedelta(weeks=k)).isoformat(), "value": 40 + (k * 7) % 13}
                for k in range(points)]
        measure_ops.add_points(world.team, measure, world.member, rows)
        for k in range(2):
            measure_ops.add_annotation(world.team, measure, world.member, {"on": f"2020-0{k + 2}-01", "label": f"A{k}"})
        cycle = PdsaCycle(team_id=world.team.id, title=f"Cycle {n}", started_on=date(2020, 3, 2), decision="adapt")
        db.session.add(cycle)
        db.session.flush()
        db.session.add(PdsaMeasure(pdsa_id=cycle.id, measure_id=measure.id, team_id=world.team.id))
        db.session.commit()
        first = first or measure.id
    return first


def test_qi_measure_pages_ask_a_fixed_number_of_questions(make_client, world):
    """The list, a measure and its analysis at 2 measures of 5 points, and at 25 measures of 300
    points (annotations, linked cycles): the same counts, within budget."""
    from workspace.qi.models import Measure, MeasureAnnotation, MeasurePoint, PdsaCycle, PdsaMeasure

    member = make_client(world.member)

    def urls(measure_id):
        base = f"/teams/{world.team.id}/qi/measures"
        return {"list": (base, {}), "measure": (f"{base}/{measure_id}", {}),
                "analysis": (f"/api/v1/teams/{world.team.id}/measures/{measure_id}/analysis", {})}

    small = _counts(member, urls(_grow_measures(world, 2, 5)))
    assert all(small[name] <= budget for name, budget in QI_MEASURE_BUDGETS.items()), small
    for model in (PdsaMeasure, PdsaCycle, MeasureAnnotation, MeasurePoint, Measure):
        db.session.query(model).delete()
    db.session.commit()
    assert _counts(member, urls(_grow_measures(world, 25, 300))) == small
# --- QI plan (issue 11): the aim, the driver diagram, change ideas, PDSA cycles --------------------

#: the user, the team with the viewer's membership and the unread count, then per page: the aim
#: (the aim); the diagram (the aim, drivers, ideas, cycle counts, pain-point ideas; the aim again
#: while it has no statement); a change idea (the idea, its drivers, cycles, their numbers and
#: measures, actions, pain points, then the measures' series in five); the list (the cycles, their
#: ideas); a cycle (the cycle, numbers, its neighbours, idea, measures, actions, threads and people);
#: the cycle's form (ideas, numbers, other cycles, measures; the cycle and its measures to edit).
QI_PLAN_BUDGETS = {"aim": 4, "drivers": 9, "idea": 15, "pdsa_list": 5, "pdsa": 12, "pdsa_edit": 9, "pdsa_new": 7}  # pdsa: +1, the framework tag panel (issue 13)


def _grow_qi_plan(world, primaries: int, secondaries: int, ideas: int, measures: int) -> tuple[int, int]:
    """A diagram of primaries x secondaries x ideas, each idea with a ramp of three cycles, every
    cycle moving every measure (each with 12 points); gives the first idea and its last cycle."""
    from datetime import date

    from workspace.qi import pdsa_operations as pdsa_ops
    from workspace.qi import plan_operations as plan_ops
    from workspace.qi.models import ChangeIdea, Measure, MeasurePoint

    team, member = world.team, world.member
    if not db.session.query(Measure).count():
        plan_ops.save_aim(team, member, {"what": "Fewer delays", "how_much": "20%", "by_when": "2027-03-31",
                                         "for_whom": "Ward 7", "statement": "Fewer delays on Ward 7."})
    have = db.session.query(Measure).count()
    for n in range(have, measures):
        measure = Measure(team_id=team.id, name=f"Measure {n}", created_by_id=member.id, updated_by_id=member.id)
        db.session.add(measure)
        db.session.flush()
        db.session.add_all(MeasurePoint(team_id=team.id, measure_id=measure.id, on_date=date(2026, 1, 1 + k),
                                        value=float(k % 5)) for k in range(12))
    db.session.commit()
    measure_ids = [m.id for m in db.session.query(Measure).order_by(Measure.id)]
    start = db.session.query(ChangeIdea).count()
    made = 0
    for p in range(primaries):
        primary = plan_ops.add_driver(team, member, f"Primary {start}.{p}")
        for s in range(secondaries):
            secondary = plan_ops.add_driver(team, member, f"Secondary {p}.{s}", primary.id)
            for i in range(ideas):
                idea = plan_ops.add_idea(team, member, {"title": f"Idea {p}.{s}.{i}", "driver_id": secondary.id})
                last = None
                for c in range(3):
                    last = pdsa_ops.create_cycle(team, member, {
                        "change_idea_id": idea.id, "title": f"Cycle {c}", "follows_id": last.id if last else None,
                        "started_on": f"2026-0{c + 1}-01"}, measure_ids)
                made += 1
    first = db.session.query(ChangeIdea).order_by(ChangeIdea.id).first()
    from workspace.qi.models import PdsaCycle

    cycle = db.session.query(PdsaCycle).filter_by(change_idea_id=first.id).order_by(PdsaCycle.id.desc()).first()
    return first.id, cycle.id


def test_qi_plan_pages_ask_a_fixed_number_of_questions(make_client, world):
    """The aim, the diagram, a change idea with its chain, the PDSA list, a cycle and its forms at a
    small diagram, and at a large one (4 x 4 x 3 ideas, 144 cycles, 6 measures): the same counts."""
    member = make_client(world.member)
    idea, cycle = _grow_qi_plan(world, 1, 2, 1, 1)
    base = f"/teams/{world.team.id}/qi"
    urls = {"aim": (f"{base}/aim", {}), "drivers": (f"{base}/drivers", {}), "idea": (f"{base}/change-ideas/{idea}", {}),
            "pdsa_list": (f"{base}/pdsa", {}), "pdsa": (f"{base}/pdsa/{cycle}", {}),
            "pdsa_edit": (f"{base}/pdsa/{cycle}/edit", {}), "pdsa_new": (f"{base}/pdsa/new", {})}
    _counts(member, urls)  # the first visit copies the cohort's framework in once (issue 13)
    small = _counts(member, urls)
    assert all(small[name] <= budget for name, budget in QI_PLAN_BUDGETS.items()), small
    _grow_qi_plan(world, 4, 4, 3, 6)
# --- QI, the log part (issue 11): the overview, the action log, an action, the CSV, the API list ---------

#: the user; the team with the viewer's membership; the unread count; then
#: overview: the driver tree (aim, drivers, ideas, cycle counts, pain-point ideas), the open cycles,
#:   the overdue actions, the measures with their points, annotations, cycle numbers and PDSA markers;
#: log: the members, the page of actions (counted in the same query), the cycles, ideas and
#:   stakeholders they link to; action: the action, its threads and who may be @mentioned, its links,
#:   its owner; csv: the actions, their links, the members.
QI_LOG_BUDGETS = {"overview": 15, "log": 8, "action": 10, "csv": 8, "api": 8}  # action: +1, the framework tag panel (issue 13)


def _grow_qi(world, actions: int, measures: int, points: int) -> int:
    from datetime import date, timedelta

    from workspace.qi import action_operations as action_ops
    from workspace.qi.models import (
        Action,
        ChangeIdea,
        Driver,
        Measure,
        MeasurePoint,
        PdsaCycle,
        PdsaMeasure,
    )
    from workspace.stakeholders import operations as stakeholder_ops

    team = world.team
    person = stakeholder_ops.create(team, world.member, {"name": f"Person {actions}", "category": "icb", "power": 3,
                                                         "interest": 3}).stakeholder
    primary = Driver(team_id=team.id, level="primary", title=f"Driver {actions}")
    db.session.add(primary)
    db.session.flush()
    secondary = Driver(team_id=team.id, level="secondary", parent_id=primary.id, title="Secondary")
    db.session.add(secondary)
    db.session.flush()
    idea = ChangeIdea(team_id=team.id, driver_id=secondary.id, title=f"Idea {actions}")
    db.session.add(idea)
    db.session.flush()
    cycles = [PdsaCycle(team_id=team.id, change_idea_id=idea.id, title=f"Cycle {k}", status="running",
                        started_on=date(2026, 10, 1)) for k in range(actions // 5 + 1)]
    db.session.add_all(cycles)
    db.session.flush()
    for m in range(measures):
        measure = Measure(team_id=team.id, name=f"Measure {m}", better="down")
        db.session.add(measure)
        db.session.flush()
        db.session.add_all(MeasurePoint(team_id=team.id, measure_id=measure.id, on_date=date(2025, 1, 6) +
                                        timedelta(days=k), value=float(k % 7)) for k in range(points))
        db.session.add(PdsaMeasure(pdsa_id=cycles[0].id, measure_id=measure.id, team_id=team.id))
    today = date.today()
    db.session.add_all(Action(team_id=team.id, title=f"Action {k}", owner_id=world.member.id, status="open",
                              due_on=today - timedelta(days=k % 20 - 10), pdsa_id=cycles[k % len(cycles)].id,
                              change_idea_id=idea.id, stakeholder_id=person.id) for k in range(actions))
    db.session.commit()
    return action_ops.create(team, world.member, {"title": "Looked at", "pdsa_id": cycles[0].id,
                                                   "change_idea_id": idea.id, "stakeholder_id": person.id}).id


def test_qi_log_pages_ask_a_fixed_number_of_questions(make_client, world):
    """The overview, the log, an action, the CSV and the API list at 10 actions and 2 measures of
    12 points, and at 400 actions and 8 measures of 200 points: the same counts, within budget."""
    member = make_client(world.member)
    first = _grow_qi(world, 10, 2, 12)
    base = f"/teams/{world.team.id}/qi"
    bearer = {"headers": {"Authorization": f"Bearer {create_api_token(world.member, 'count').secret}"}}
    urls = {"overview": (base, {}), "log": (f"{base}/actions", {}), "action": (f"{base}/actions/{first}", {}),
            "csv": (f"{base}/actions.csv", {}), "api": (f"/api/v1/teams/{world.team.id}/actions", bearer)}
    _counts(member, urls)  # the token's first use writes once
    small = _counts(member, urls)
    assert all(small[name] <= budget for name, budget in QI_LOG_BUDGETS.items()), small
    _grow_qi(world, 400, 8, 200)
    assert _counts(member, urls) == small


# --- the presentation (issue 12, helper rehearse): the rehearsal view, the slides API, the set-up --

#: the user, then: the rehearsal view (the team with the viewer's membership, the deck's row, the
#: slides, their presenters' names in one query, the slot, the unread count); the API's deck (the
#: team, the deck's row, the slides, the order version, the slot); the facilitator's set-up page
#: (the cohort, the outline, whether it is the cohort's own, the slot, the unread count).
REHEARSE_BUDGETS = {"rehearse": 6, "api_slides": 6, "outline_admin": 6}


def _grow_deck(world, slides: int) -> None:
    """`slides` slides in the deck, each presented by its own member, and as many outline slides."""
    from workspace.presentation import operations as slide_ops
    from workspace.presentation import outline_operations as outline_ops
    from workspace.presentation.layout import ensure_deck
    from workspace.presentation.queries import slides_of

    team = world.team
    ensure_deck(team)
    for n in range(len(slides_of(team)), slides):
        slide_ops.create_slide(team, world.member, {"title": f"Extra {n}", "body": "- a\n- b", "minutes": "0:10"})
    for n, slide in enumerate(slides_of(team)):
        presenter = factories.make_user()
        factories.add_member(team, presenter)
        slide_ops.save_slide(team, slide.id, {"presenter_id": presenter.id, "notes": f"Note {n}"}, slide.version,
                             world.member)
    cohort = team.cohort
    for n in range(len(outline_ops.entries_for(cohort)), slides):
        outline_ops.add_entry(cohort, {"title": f"Outline {n}", "minutes": "0:10"}, world.facilitator)
    db.session.commit()


def test_rehearsal_api_and_set_up_pages_ask_a_fixed_number_of_questions(make_client, world):
    """The rehearsal view, the API's deck and the facilitator's set-up at 11 slides and at 40
    (each slide with its own presenter): the same counts, within budget."""
    member, facilitator = make_client(world.member), make_client(world.facilitator)
    team = f"/teams/{world.team.id}"
    urls = {"rehearse": (f"{team}/presentation/rehearse", {}), "api_slides": (f"/api/v1{team}/slides", {})}
    admin = {"outline_admin": (f"/admin/cohorts/{world.team.cohort_id}/presentation", {})}
    _grow_deck(world, 11)
    small = {**_counts(member, urls), **_counts(facilitator, admin)}
    assert all(small[name] <= budget for name, budget in REHEARSE_BUDGETS.items()), small
    _grow_deck(world, 40)
    assert {**_counts(member, urls), **_counts(facilitator, admin)} == small
# --- helper "slides" (issue 12): the presentation outline, a slide and its edit page ---

#: the outline: the user; the team with its cohort, host and membership; the deck; its slides; the
#: slot; the presenters' names; the open threads per slide; the unread count (and one the base
#: template asks). The edit page builds the team's figure choices, which asks each registered
#: figure provider (stakeholders, process maps, QI) for its parts: most of its twenty, and only
#: on this page. Issue 13 adds four providers of one statement each: the Start Anywhere canvas
#: and the shared reflections (fw-reflect), the coverage heatmap's tags (fw-coverage), the
#: recommendations register (fw-recs, tables only).
SLIDES_BUDGETS = {"outline": 9, "slide": 8, "slide_all": 8, "edit": 20 + 4}


def _grow_slides(world, slides: int, comments: int) -> int:
    from workspace.models import utcnow
    from workspace.presentation import operations as slide_ops
    from workspace.presentation.layout import ensure_deck
    from workspace.presentation.queries import slides_of

    ensure_deck(world.team)
    have = slides_of(world.team)
    for k in range(len(have), slides):
        slide_ops.create_slide(world.team, world.member, {"title": f"Slide {k}", "minutes": "0:30"})
    deck = slides_of(world.team)
    people = [factories.make_user() for _ in range(4)]
    for person in people:
        factories.add_member(world.team, person)
    db.session.commit()
    for n, slide in enumerate(deck):
        slide.presenter_id = people[n % len(people)].id
    for k in range(comments):
        thread = Comment(team_id=world.team.id, target_type="slide", target_id=deck[k % len(deck)].id,
                         body=f"Thread {k}", author_id=people[k % len(people)].id,
                         resolved_at=utcnow() if k % 3 == 0 else None)
        db.session.add(thread)
        db.session.flush()
        db.session.add(Comment(team_id=world.team.id, target_type="slide", target_id=thread.target_id,
                               parent_id=thread.id, body=f"Reply {k}", author_id=world.member.id))
    db.session.commit()
    return deck[0].id


def test_presentation_pages_ask_a_fixed_number_of_questions(make_client, world):
    """The outline and a slide at the outline's 11 slides and a few comments, and at 40 slides
    with many presenters and 200 threads: the same counts, within budget."""
    member = make_client(world.member)
    first = _grow_slides(world, 11, 6)
    base = f"/teams/{world.team.id}/presentation"
    urls = {"outline": (base, {}), "slide": (f"{base}/slides/{first}", {}),
            "slide_all": (f"{base}/slides/{first}?comments=all", {}), "edit": (f"{base}/slides/{first}/edit", {})}
    _counts(member, urls)  # the edit page's figure choices lay out the report on a first visit
    small = _counts(member, urls)
    assert all(small[name] <= budget for name, budget in SLIDES_BUDGETS.items()), small
    _grow_slides(world, 40, 200)
    assert _counts(member, urls) == small
# --- marking (issue 12, helper "marking") ---


def _grow_marking(world, assessors: int, extra_criteria: int, teams: int) -> None:
    """More assessors' final markings, more criteria (weight 0, so the rubric stays ready) with
    a score in every marking, and more teams in the cohort."""
    from workspace.marking import queries as marking_queries
    from workspace.marking.models import CriterionMark, Marking, RubricCriterion
    from workspace.models import utcnow

    team = world.team
    submission = marking_queries.standing_submission(team)
    have = len(marking_queries.criteria_of(team.cohort_id))
    db.session.add_all(RubricCriterion(cohort_id=team.cohort_id, component="report", position=100 + k,
                                       title=f"Extra {k}", weight=0, max_score=10, descriptors={})
                       for k in range(have - 3, extra_criteria))
    existing = marking_queries.markings_of(submission)
    for k in range(len(existing), assessors):
        person = factories.make_user()
        factories.add_member(team, person, "assessor")
        db.session.add(Marking(team_id=team.id, submission_id=submission.id, assessor_id=person.id, status="final",
                               overall_feedback=f"Marker {k}", finalised_at=utcnow()))
    db.session.flush()
    criteria = marking_queries.criteria_of(team.cohort_id)
    for marking in marking_queries.markings_of(submission):
        scored = marking_queries.scores_of([marking])[marking.id]
        db.session.add_all(CriterionMark(marking_id=marking.id, criterion_id=c.id, score=min(5, c.max_score),
                                         feedback="Fine") for c in criteria if c.id not in scored)
    for _ in range(teams):
        factories.make_team(cohort=team.cohort)
    db.session.commit()


#: the user, the team with the viewer's membership, then per page: the submission, the cohort's
#: criteria, the markings, their assessors' names and all their scores in one query each (and
#: the rubric, the agreement); the header's unread count on pages
MARKING_BUDGETS = {"mine": 9, "finalise": 5, "moderate": 10, "cohort": 7, "feedback": 10, "api_feedback": 9,
                   "api_marks": 8}


def test_marking_pages_ask_a_fixed_number_of_questions(make_client, world):
    """The assessor's marking, the finalise page, the facilitator's agreement page and the cohort's
    overview, and the team's released feedback (page and API), at 2 assessors of 3 criteria with
    2 teams, and at 8 assessors of 23 criteria with 40 teams: the same counts, within budget."""
    from .test_marking_flow import make_rubric
    from .test_marking_pages import _agreed

    second = factories.make_user("Bea Second", "bea@example.org")
    factories.add_member(world.team, second, "assessor")
    db.session.commit()
    criteria = make_rubric(world.team.cohort_id)
    world.submit()
    db.session.refresh(world.team)
    _agreed(world, second, criteria, release=True)
    team = world.team.id
    clients = {"assessor": make_client(world.assessor), "facilitator": make_client(world.facilitator),
               "member": make_client(world.member)}
    urls = {"mine": ("assessor", f"/teams/{team}/marking/mine"),
            "finalise": ("assessor", f"/teams/{team}/marking/mine/finalise"),
            "api_marks": ("assessor", f"/api/v1/teams/{team}/marks"),
            "moderate": ("facilitator", f"/teams/{team}/marking"),
            "cohort": ("facilitator", f"/admin/cohorts/{world.team.cohort_id}/marking"),
            "feedback": ("member", f"/teams/{team}/feedback"),
            "api_feedback": ("member", f"/api/v1/teams/{team}/feedback")}

    def counts() -> dict[str, int]:
        out = {}
        for name, (who, url) in urls.items():
            db.session.expire_all()
            with counting_queries(db.engine) as seen:
                status = clients[who].get(url).status_code
            assert status == (409 if name == "finalise" else 200), (url, status)
            out[name] = len(seen)
        return out

    small = counts()
    assert all(small[name] <= budget for name, budget in MARKING_BUDGETS.items()), small
    _grow_marking(world, 8, 20, 40)
    assert counts() == small

# --- the rubric pages and the marks CSV (issue 12, helper "rubric") ---

#: the user; the cohort (or the team with its cohort); the rubric; its criteria; whether marking
#: has started (facilitator pages); the header's unread count. The CSV: the user, the cohort, the
#: teams, the markings with assessors and submissions, their criterion marks, the criteria, the
#: moderations, and its audit event.
RUBRIC_BUDGETS = {"rubric": 6, "bands": 5, "criterion": 6, "weights": 6, "team_rubric": 5, "csv": 9, "api": 5}


def _grow_rubric(world, criteria_per_component: int, teams: int) -> None:
    """The cohort's rubric with `criteria_per_component` criteria each, and `teams` submitted
    teams each marked by two assessors (every criterion scored) with agreed marks."""
    from sqlalchemy import select

    from workspace.assessment import operations as assessment_ops
    from workspace.marking.models import CriterionMark, Marking, Moderation, RubricCriterion
    from workspace.marking.rubric_defaults import criteria_of, ensure_rubric

    cohort = world.team.cohort
    ensure_rubric(cohort)
    for component in ("report", "presentation"):
        have = [c for c in criteria_of(cohort.id) if c.component == component]
        db.session.add_all(RubricCriterion(cohort_id=cohort.id, component=component, position=len(have) + k + 1,
                                           title=f"Extra {component} {k}", weight=0, max_score=100,
                                           descriptors={"Pass": "Words"})
                           for k in range(criteria_per_component - len(have)))
    db.session.commit()
    criteria = criteria_of(cohort.id)
    marked = set(db.session.scalars(select(Marking.team_id)))
    cohort_teams = [t for t in cohort.teams if t.id not in marked]
    while len(marked) + len(cohort_teams) < teams:
        cohort_teams.append(factories.make_team(cohort=cohort))
    for team in cohort_teams[: max(0, teams - len(marked))]:
        writer = factories.make_user()
        factories.add_member(team, writer, "member")
        db.session.commit()
        submission = assessment_ops.submit(team, writer).submission
        for _ in range(2):
            assessor = factories.make_user()
            factories.add_member(team, assessor, "assessor")
            marking = Marking(team_id=team.id, submission_id=submission.id, assessor_id=assessor.id, status="final",
                              overall_feedback="Overall")
            db.session.add(marking)
            db.session.flush()
            db.session.add_all(CriterionMark(marking_id=marking.id, criterion_id=c.id, score=60, feedback="Fine")
                               for c in criteria)
        db.session.add(Moderation(team_id=team.id, submission_id=submission.id, report_mark=60, presentation_mark=60,
                                  overall_mark=60, band="Merit"))
        db.session.commit()


def test_rubric_pages_ask_a_fixed_number_of_questions(make_client, world):
    """The facilitator's rubric pages and the marks CSV, and the team's rubric, with the default
    rubric and one marked team, then with 20 criteria a component and 12 marked teams."""
    from workspace.marking.rubric_defaults import criteria_of

    _grow_rubric(world, 6, 1)
    cohort = world.team.cohort_id
    first = criteria_of(cohort)[0].id
    base = f"/admin/cohorts/{cohort}/rubric"
    facilitator = make_client(world.facilitator)
    bearer = {"headers": {"Authorization": f"Bearer {create_api_token(world.member, 'count').secret}"}}
    facilitator_urls = {"rubric": (base, {}), "bands": (f"{base}/bands", {}), "criterion": (f"{base}/criteria/{first}", {}),
                        "weights": (f"{base}/report/weights", {}), "csv": (f"/admin/cohorts/{cohort}/marks.csv", {})}
    member_urls = {"team_rubric": (f"/teams/{world.team.id}/rubric", {}),
                   "api": (f"/api/v1/teams/{world.team.id}/rubric", bearer)}
    member = make_client(world.member)
    _counts(member, member_urls)  # the token's first use writes once
    small = {**_counts(facilitator, facilitator_urls), **_counts(member, member_urls)}
    assert all(small[name] <= budget for name, budget in RUBRIC_BUDGETS.items()), small
    _grow_rubric(world, 20, 12)
    assert {**_counts(facilitator, facilitator_urls), **_counts(member, member_urls)} == small


# --- the framework's coverage and each member's evidence (issue 13, helper fw-coverage) ---------

#: the user, the team with the viewer's membership, then: the coverage page: the framework (one
#: statement), the counted tags (one statement, every kind's visibility in it), the members, the
#: unread count; a cell's list: the framework, the tags, the items of its one kind, the unread
#: count; a member's evidence: the member, the framework, their tags, the items (one query per
#: kind; a report section's title is one query per section, and one section is tagged here at both
#: sizes: the report registers no `load_many`, and a report has a dozen sections), the
#: reflections and their tags, the unread count; the document: the same without the unread count.
FRAMEWORK_COVERAGE_BUDGETS = {"coverage": 6, "cell": 6, "member": 12, "docx": 11}


def _grow_coverage(world, framework, members: int, actions: int, people: int, reflections: int) -> None:
    from .framework_coverage_data import action, reflection, stakeholder, tag

    team = world.team
    learners = [world.member] + [factories.make_user() for _ in range(members)]
    for learner in learners[1:]:
        factories.add_member(team, learner)
    domains, behaviours = list(framework.domains.values()), list(framework.behaviours.values())
    for k in range(actions):
        made = action(team, world.member, f"Action {k}")
        tag(team, "action", made.id, domain=domains[k % 4], by=learners[k % len(learners)])
        tag(team, "action", made.id, behaviour=behaviours[k % len(behaviours)], by=world.member)
    for k in range(people):
        person = stakeholder(team, world.member, f"Person {k}", confidential=k % 3 == 0)
        tag(team, "stakeholder", person.id, domain=domains[(k + 1) % 4], by=learners[k % len(learners)])
    for k in range(reflections):
        author = learners[k % len(learners)]
        entry = reflection(team, author, f"Reflection {k}", shared=k % 2 == 0)
        tag(team, "reflection", entry.id, behaviour=behaviours[k % len(behaviours)], by=author)
    db.session.commit()


def test_framework_coverage_pages_ask_a_fixed_number_of_questions(make_client, world):
    """The coverage page, a cell's list, a member's evidence and their document with a few
    tagged items, then with 10 more members, 300 actions, 60 stakeholders and 80 reflections."""
    from .framework_coverage_data import Framework, section, tag

    framework = Framework(world.team.cohort)
    tag(world.team, "section", section(world.team).id, domain=framework.domains["learning"], by=world.member)
    db.session.commit()
    _grow_coverage(world, framework, 1, 6, 3, 4)
    base = f"/teams/{world.team.id}/framework"
    urls = {"coverage": (base, {}), "cell": (f"{base}/domains/individual/action", {}),
            "member": (f"{base}/members/{world.member.id}", {}),
            "docx": (f"{base}/members/{world.member.id}/evidence.docx", {})}
    member = make_client(world.member)
    small = _counts(member, urls)
    assert all(small[name] <= budget for name, budget in FRAMEWORK_COVERAGE_BUDGETS.items()), small
    _grow_coverage(world, framework, 10, 300, 60, 80)
    assert _counts(member, urls) == small
# --- the recommendations register (issue 13, helper "fw-recs") -----------------------------------

#: the user, then: the register (the team with the viewer's membership, the recommendations, their
#: interventions' names, the unread count); a recommendation's page (those, its threads and who may
#: be @mentioned, its findings, then its sections, measures and process maps in one query a kind,
#: who responded, the tag panel); its form (the menu, and every section, measure and process map to choose from,
#: one query a kind); the API's list (the team, the recommendations, their interventions' names).
RECOMMENDATION_BUDGETS = {"register": 5, "recommendation": 13, "form": 12, "api": 4}


def _grow_recommendations(world, count: int, menu: dict, findings: dict) -> int:
    """`count` recommendations, each linked to the team's measure and process map, the first also
    to its one report section, with an intervention and criteria; the host responds to the first."""
    from workspace.framework import recommendations as recommendation_ops
    from workspace.framework.models import Recommendation
    from workspace.framework.queries import live_recommendations

    have = db.session.query(Recommendation).filter(live_recommendations(world.team)).count()
    links = [{"kind": "measure", "id": findings["measure"]}, {"kind": "process_map", "id": findings["process_map"]}]
    for n in range(have, count):
        made = recommendation_ops.create(world.team, world.member, {
            "statement": f"Recommendation {n}", "intervention_id": list(menu.values())[n % len(menu)],
            "criteria": {"affordable": {"rating": "partly", "note": f"Note {n}"}},
            "findings": links + ([{"kind": "section", "id": findings["section"]}] if n == 0 else [])})
        if n == 0:
            recommendation_ops.respond(world.team, made, world.host, "accept", "Yes")
    return db.session.query(Recommendation).order_by(Recommendation.id).first().id


def test_recommendation_pages_ask_a_fixed_number_of_questions(make_client, world):
    """The register, a recommendation, its form and the API's list at 3 recommendations and at 60,
    and with 12 more report sections, measures and process maps to choose from: the same counts,
    within budget."""
    from .framework_recs_helpers import make_findings, make_menu

    menu, findings = make_menu(world.team.cohort_id), make_findings(world.team, world.member)
    first = _grow_recommendations(world, 3, menu, findings)
    base = f"/teams/{world.team.id}/recommendations"
    bearer = {"headers": {"Authorization": f"Bearer {create_api_token(world.member, 'count').secret}"}}
    urls = {"register": (base, {}), "recommendation": (f"{base}/{first}", {}), "form": (f"{base}/{first}/edit", {}),
            "api": (f"/api/v1/teams/{world.team.id}/recommendations", bearer)}
    member = make_client(world.member)
    _counts(member, urls)  # the token's first use writes once
    small = _counts(member, urls)
    assert all(small[name] <= budget for name, budget in RECOMMENDATION_BUDGETS.items()), small
    _grow_recommendations(world, 60, menu, findings)
    for n in range(12):
        make_findings(world.team, world.member, f" {n}")
    assert _counts(member, urls) == small


# --- the framework (issue 13, helper "fw-data"): the facilitator's editor and the framework API ---

FRAMEWORK_BUDGETS = {"admin": 4, "behaviour": 5, "api_framework": 4, "api_tags": 3}


def _grow_framework(world, behaviours: int, tags: int) -> None:
    from workspace.framework import tags as tag_ops
    from workspace.framework.models import FrameworkBehaviour
    from workspace.framework.setup import ensure_framework, framework_of
    from workspace.qi import action_operations as action_ops

    ensure_framework(world.team.cohort)
    framework = framework_of(world.team.cohort_id)
    domain = framework.domains[0]
    db.session.add_all(FrameworkBehaviour(cohort_id=world.team.cohort_id, domain_id=domain.id, name=f"Grown {k}",
                                          description="", position=100 + k) for k in range(behaviours))
    db.session.commit()
    action = action_ops.create(world.team, world.member, {"title": f"Tagged {tags}"})
    for item in framework.domains[2].behaviours[:tags]:
        tag_ops.add_tag(world.team, "action", action.id, f"behaviour:{item.id}", world.member)


def test_framework_pages_ask_a_fixed_number_of_questions(make_client, world):
    """The editor, a behaviour's page and the framework and tags API, at the framework as shipped
    with a few tags, then with 50 more behaviours and many more tags: the same counts."""
    from workspace.framework.setup import framework_of

    _grow_framework(world, 0, 2)
    cohort = world.team.cohort_id
    first = framework_of(cohort).domains[1].behaviours[0].id
    bearer = {"headers": {"Authorization": f"Bearer {create_api_token(world.member, 'count').secret}"}}
    facilitator_urls = {"admin": (f"/admin/cohorts/{cohort}/framework", {}),
                        "behaviour": (f"/admin/cohorts/{cohort}/framework/behaviours/{first}", {})}
    member_urls = {"api_framework": (f"/api/v1/cohorts/{cohort}/framework", bearer),
                   "api_tags": (f"/api/v1/teams/{world.team.id}/tags", bearer)}
    facilitator, member = make_client(world.facilitator), make_client(world.member)
    _counts(member, member_urls)  # the token's first use writes once
    small = {**_counts(facilitator, facilitator_urls), **_counts(member, member_urls)}
    assert all(small[name] <= budget for name, budget in FRAMEWORK_BUDGETS.items()), small
    _grow_framework(world, 50, 9)
    assert {**_counts(facilitator, facilitator_urls), **_counts(member, member_urls)} == small
# --- helper "fw-reflect" (issue 13): reflections and the Start Anywhere canvas ---

#: the user; the team with the viewer's membership; the reflections the viewer may read (the list:
#: my newest and the team's newest shared, one query each; a reflection: one); their authors' names
#: (one query); their tags (one query; on a reflection's page the tag panel: the framework with the
#: tags); the header's unread count. The canvas: the user, the
#: team, the canvas's row, the unread count. The API: the same without tags and the unread count.
REFLECT_BUDGETS = {"reflections": 7, "reflection": 6, "scope": 4, "api_reflections": 4, "api_scope": 3}


def _grow_reflections(world, members: int, each: int) -> int:
    """`members` members each with `each` reflections, half shared; the member's own likewise.
    Returns the id of one of the member's reflections."""
    from workspace.framework import reflections as reflection_ops
    from workspace.framework import scope as scope_ops
    from workspace.framework import tags as tag_ops
    from workspace.framework.setup import ensure_framework, framework_of

    ensure_framework(world.team.cohort)
    framework = framework_of(world.team.cohort_id)
    refs = [f"domain:{d.id}" for d in framework.domains][:3]
    people = [world.member] + [factories.add_member(world.team, factories.make_user()).user for _ in range(members)]
    db.session.commit()
    first = None
    for person in people:
        for n in range(each):
            made = reflection_ops.create(world.team, person, {"written_on": "2026-01-02", "title": f"Entry {n}",
                                                              "body": f"- thought {n}\n- **another**"})
            if n % 2:
                reflection_ops.set_shared(world.team, made, person, True)
            for ref in refs[:n % 4]:
                tag_ops.add_tag(world.team, "reflection", made.id, ref, person)
            first = first or made.id
    canvas = scope_ops.canvas_of(world.team)
    scope_ops.save(world.team, world.member, {"people": "\n".join(f"- person {n}" for n in range(each))},
                   scope_ops.version_of(canvas))
    return first


def test_reflection_and_scope_pages_ask_a_fixed_number_of_questions(make_client, world):
    """The reflections list, a reflection, the canvas and their API, with 2 members of 2
    reflections, then with 12 members of 20: the same counts, within budget."""
    first = _grow_reflections(world, 1, 2)
    team = f"/teams/{world.team.id}"
    bearer = {"headers": {"Authorization": f"Bearer {create_api_token(world.member, 'count').secret}"}}
    urls = {"reflections": (f"{team}/reflections", {}), "reflection": (f"{team}/reflections/{first}", {}),
            "scope": (f"{team}/scope", {}), "api_reflections": (f"/api/v1{team}/reflections", bearer),
            "api_scope": (f"/api/v1{team}/scope", bearer)}
    member = make_client(world.member)
    _counts(member, urls)  # the token's first use writes once
    small = _counts(member, urls)
    assert all(small[name] <= budget for name, budget in REFLECT_BUDGETS.items()), small
    _grow_reflections(world, 11, 20)
    assert _counts(member, urls) == small
# --- the programme timeline and the calendar feed (issue 13, helper fw-timeline) ---

#: the user; the team with its cohort (or the cohort), the events in one query; the header's
#: unread count. The feed: no user session; the token with its owner, the rate-limit counters
#: (client and address), the cohorts, the events' state for the ETag (one aggregate), the events.
TIMELINE_BUDGETS = {"team_timeline": 4, "admin_timeline": 4, "api_events": 4, "feed": 6}


def _grow_timeline(world, n: int) -> None:
    from workspace.framework import timeline as timeline_ops

    cohort = world.team.cohort
    for k in range(n):
        timeline_ops.add_event(cohort, world.facilitator, {
            "kind": ("seminar", "workshop", "report_due", "coaching")[k % 4], "title": f"Event {k}",
            "starts_on": f"2027-0{1 + k % 8}-{1 + k % 27:02d}", "starts_at": "09:30" if k % 2 else "",
            "ends_on": f"2027-0{1 + k % 8}-{2 + k % 27:02d}" if k % 3 == 0 else "", "location": "Room 2"})


def test_timeline_pages_and_the_feed_ask_a_fixed_number_of_questions(make_client, world):
    """The team's timeline, the facilitator's, the API's list and the calendar feed, with 6
    events and with 150 (the feed carries them all): the same counts, within budget."""
    from workspace.framework import calendar_tokens

    _grow_timeline(world, 6)
    cohort = world.team.cohort_id
    secret = calendar_tokens.create(world.member).secret
    bearer = {"headers": {"Authorization": f"Bearer {create_api_token(world.member, 'count').secret}"}}
    member, facilitator, anonymous = make_client(world.member), make_client(world.facilitator), make_client()
    member_urls = {"team_timeline": (f"/teams/{world.team.id}/timeline", {}),
                   "api_events": (f"/api/v1/cohorts/{cohort}/events", bearer)}
    feed = {"feed": (f"/calendar/{secret}.ics", {})}

    def counts():
        from workspace.framework import calendar_views

        calendar_views._BUILT.clear()  # count a feed built afresh (a rebuilt one asks one statement less)
        return {**_counts(member, member_urls), **_counts(facilitator, {"admin_timeline": (
            f"/admin/cohorts/{cohort}/timeline", {})}), **_counts(anonymous, feed)}

    counts()  # first uses write once (the token's, the feed address's)
    small = counts()
    assert all(small[name] <= budget for name, budget in TIMELINE_BUDGETS.items()), small
    _grow_timeline(world, 144)
    assert counts() == small
