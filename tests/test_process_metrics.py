"""Process-map metrics on hand-worked maps (each map's numbers are worked out in its comment),
the duration wording and current-versus-future comparison. Plain data: no app or database."""

from __future__ import annotations

from workspace.processes.compare import MetricDelta, compare
from workspace.processes.durations import format_minutes
from workspace.processes.flow import Flow, FlowBranch, FlowStep
from workspace.processes.metrics import Metrics, measure

DAY = 1440


def step(id, lane, kind="step", label=None, **fields):
    branches = tuple(FlowBranch(*b) if isinstance(b, tuple) else FlowBranch(b) for b in fields.pop("branches", ()))
    return FlowStep(id=id, lane=lane, label=label or f"Step {id}", kind=kind, branches=branches, **fields)


def flow(lanes, *steps, state="current"):
    return Flow(title="Map", state=state, lanes=tuple(lanes), steps=tuple(steps))


# --- durations ---------------------------------------------------------------------------------


def test_format_minutes_reads_like_a_person_wrote_it():
    cases = {0: "0 min", 1: "1 min", 45: "45 min", 59: "59 min", 60: "1 h", 200: "3 h 20 min",
             23 * 60 + 59: "23 h 59 min", DAY: "1 day", DAY + 60: "1 day 1 h", DAY + 29: "1 day",
             DAY + 30: "1 day 1 h", 2 * DAY + 4 * 60: "2 days 4 h", 9 * DAY + 23 * 60 + 40: "10 days",
             10 * DAY: "10 days", 41 * DAY: "41 days", 41 * DAY + 11 * 60: "41 days", 41 * DAY + 12 * 60: "42 days",
             3650 * DAY: "3650 days", -45: "\u221245 min"}
    assert {m: format_minutes(m) for m in cases} == cases


# --- the metrics -------------------------------------------------------------------------------


def test_straight_line():
    # 1 start -> 2 (30 min, VA) -> 3 (20 min, NVA) -> 4 end, all in the patient's lane.
    # Lead 0+30+20+0 = 50; value-added 30; efficiency 30/50 = 0.6; no waits, no hand-offs.
    m = measure(flow(["Patient"], step(1, "Patient", "start"), step(2, "Patient", minutes=30, value="va"),
                     step(3, "Patient", minutes=20, value="nva"), step(4, "Patient", "end")))
    assert m == Metrics(lead_minutes=50, value_added_minutes=30, efficiency=0.6, steps=4, waits=0, wait_minutes=0,
                        handoffs=0, people_met=0, longest_wait=None, paper_share=None, main_path=(1, 2, 3, 4),
                        loops=0, warnings=())


def test_decision_whose_branches_rejoin_follows_the_first_branch():
    # 1 start (Patient) -> 2 decision (GP, 10 min, on paper): "yes" -> 3, "no" -> 4.
    # 3 (GP, 20 min VA) -> 5; 4 (Patient, 60 min NVA, 30 min wait first) -> 5; 5 end (Patient).
    # Main path 1, 2, 3, 5 (the first branch): lead 0+10+20+0 = 30, value-added 20, efficiency 2/3.
    # Step 4 and its wait are off the path. Hand-offs: 1->2 (P->GP, paper), 3->5 (GP->P): 2, half on paper.
    # Steps counts all five; the patient meets the GP: 1 person.
    m = measure(flow(["Patient", "GP"], step(1, "Patient", "start"),
                     step(2, "GP", "decision", minutes=10, paper=True, branches=[(3, "yes"), (4, "no")]),
                     step(3, "GP", minutes=20, value="va", branches=[5]),
                     step(4, "Patient", minutes=60, value="nva", wait_minutes=30),
                     step(5, "Patient", "end")))
    assert m.main_path == (1, 2, 3, 5)
    assert (m.lead_minutes, m.value_added_minutes) == (30, 20)
    assert abs(m.efficiency - 2 / 3) < 1e-9
    assert (m.steps, m.waits, m.wait_minutes, m.longest_wait) == (5, 0, 0, None)
    assert (m.handoffs, m.paper_share, m.people_met) == (2, 0.5, 1)
    assert (m.loops, m.warnings) == (0, ())


def test_rework_loop_is_counted_and_never_followed():
    # 1 start (P) -> 2 (Nurse, 15 min VA) -> 3 check (Nurse, 5 min BNVA): "ok" -> 4, "redo" -> 2 (back);
    # 4 end (P). Main path 1, 2, 3, 4: lead 20, value-added 15 (BNVA is not value-adding), 1 loop.
    m = measure(flow(["Patient", "Nurse"], step(1, "Patient", "start"), step(2, "Nurse", minutes=15, value="va"),
                     step(3, "Nurse", minutes=5, value="bnva", branches=[(4, "ok"), (2, "redo")]),
                     step(4, "Patient", "end")))
    assert m.main_path == (1, 2, 3, 4)
    assert (m.lead_minutes, m.value_added_minutes, m.efficiency) == (20, 15, 0.75)
    assert (m.loops, m.handoffs, m.people_met, m.warnings) == (1, 2, 1, ())


def test_a_loop_listed_first_is_skipped_for_the_first_forward_branch():
    # 3's first branch goes back to 1: the main path takes its first *forward* branch, to 4.
    m = measure(flow(["P"], step(1, "P", "start"), step(2, "P", minutes=5), step(3, "P", branches=[(1, "again"), 4]),
                     step(4, "P", "end")))
    assert (m.main_path, m.loops, m.lead_minutes) == ((1, 2, 3, 4), 1, 5)


def test_a_self_loop_is_a_rework_loop():
    # 2 repeats itself ("again") or goes on to 3: the branch to itself is a back link (target at its source).
    m = measure(flow(["P"], step(1, "P", "start"), step(2, "P", minutes=10, branches=[(2, "again"), 3]),
                     step(3, "P", "end")))
    assert (m.main_path, m.loops, m.lead_minutes, m.warnings) == ((1, 2, 3), 1, 10, ())


def test_a_wait_step_and_a_wait_before_a_step():
    # 1 start (P) -> 2 wait "Waiting list" (P, 41 days, wrongly marked VA) -> 3 "Appointment" (Clinic,
    # 30 min VA, after a 45 min wait in the waiting room) -> 4 end (P).
    # Lead = 59040 + (45 + 30) = 59115. Value-added 30 (a wait never adds value).
    # Waits: the wait step (59040) and the wait before 3 (45): 2 waits, 59085 minutes, longest the list.
    m = measure(flow(["Patient", "Clinic"], step(1, "Patient", "start"),
                     step(2, "Patient", "wait", "Waiting list", minutes=41 * DAY, value="va"),
                     step(3, "Clinic", label="Appointment", minutes=30, value="va", wait_minutes=45),
                     step(4, "Patient", "end")))
    assert (m.lead_minutes, m.value_added_minutes) == (59115, 30)
    assert abs(m.efficiency - 30 / 59115) < 1e-12
    assert (m.waits, m.wait_minutes, m.longest_wait) == (2, 59085, ("Waiting list", 41 * DAY))
    assert (m.handoffs, m.people_met) == (2, 1)


def test_a_wait_step_with_a_wait_before_it_is_one_wait_and_ties_keep_the_first():
    # 2: a wait step of 100 min with 20 min before it: one wait of 120. 3: 120 min before it: a tie.
    m = measure(flow(["P"], step(1, "P", "start"), step(2, "P", "wait", "Queue", minutes=100, wait_minutes=20),
                     step(3, "P", label="Seen", minutes=10, wait_minutes=120), step(4, "P", "end")))
    assert (m.waits, m.wait_minutes, m.longest_wait, m.lead_minutes) == (2, 240, ("Queue", 120), 250)


def test_several_lanes_with_paper_and_electronic_handoffs():
    # P start -> Receptionist (paper) -> GP (electronic) -> Pharmacist (paper) -> Pharmacist (paper,
    # same lane: no hand-off) -> GP (electronic) -> P end (electronic).
    # Hand-offs: 1->2 paper, 2->3, 3->4 paper, 5->6, 6->7: 5, of which 2 on paper: 0.4.
    # People met: Receptionist, GP, Pharmacist (the GP twice, counted once): 3.
    lanes = ["Patient", "Receptionist", "GP", "Pharmacist"]
    m = measure(flow(lanes, step(1, "Patient", "start"), step(2, "Receptionist", paper=True), step(3, "GP"),
                     step(4, "Pharmacist", paper=True), step(5, "Pharmacist", paper=True), step(6, "GP"),
                     step(7, "Patient", "end")))
    assert (m.handoffs, m.paper_share, m.people_met) == (5, 0.4, 3)


def test_a_lane_before_the_patients_in_the_steps_still_counts_as_someone_met():
    # The first *lane* is the patient, whatever lane the first step is in.
    m = measure(flow(["Patient", "Carer"], step(1, "Carer", "start"), step(2, "Patient"), step(3, "Patient", "end")))
    assert (m.people_met, m.handoffs) == (1, 1)


def test_no_start_takes_the_first_step_and_warns():
    m = measure(flow(["P"], step(1, "P", label="Referral", minutes=10), step(2, "P", "end")))
    assert m.main_path == (1, 2) and m.lead_minutes == 10
    assert m.warnings == ("This map has no start step: the first step, \u201cReferral\u201d, is taken as the start",)


def test_no_end_step():
    m = measure(flow(["P"], step(1, "P", "start"), step(2, "P", minutes=5)))
    assert m.main_path == (1, 2) and m.warnings == ("This map has no end step",)


def test_an_end_that_cannot_be_reached():
    # 2 goes back to 1 only; 3 (the end) is never reached.
    m = measure(flow(["P"], step(1, "P", "start"), step(2, "P", minutes=5, branches=[(1, "retry")]),
                     step(3, "P", "end")))
    assert m.main_path == (1, 2) and m.loops == 1
    assert m.warnings == ("No end step is reachable from the start", "1 step is not reachable from the start")


def test_the_main_path_takes_the_branch_that_reaches_an_end():
    # 2 decides: "no" -> 3, which only loops back to 1; "yes" -> 4, the end. "no" is listed
    # first, yet only "yes" leads to an end: the main path is 1, 2, 4 and nothing warns.
    m = measure(flow(["P"], step(1, "P", "start"), step(2, "P", "decision", branches=[(3, "no"), (4, "yes")]),
                     step(3, "P", label="Sent home", branches=[(1, "comes back")]), step(4, "P", "end")))
    assert m.main_path == (1, 2, 4)
    assert m.warnings == () and m.loops == 1


def test_branch_order_does_not_change_the_metrics_when_one_branch_loops_back():
    # start -> A (10 min, value-adding) -> decision (5 min): "yes" -> end, "no" -> Redo (30 min,
    # another lane) -> back to A. Lead time 10 + 5 = 15 min, whichever branch is listed first;
    # Redo's 30 minutes and its hand-off are the loop's, not the main path's.
    def pathway(first, second):
        return flow(["Patient", "Clinic"], step(1, "Patient", "start"), step(2, "Patient", minutes=10, value="va"),
                    step(3, "Patient", "decision", minutes=5, branches=[first, second]),
                    step(4, "Clinic", label="Redo", minutes=30, wait_minutes=1000, branches=[(2, "again")]),
                    step(5, "Patient", "end"))
    yes_first = measure(pathway((5, "yes"), (4, "no")))
    no_first = measure(pathway((4, "no"), (5, "yes")))
    for m in (yes_first, no_first):
        assert m.main_path == (1, 2, 3, 5)
        assert (m.lead_minutes, m.value_added_minutes, m.handoffs, m.waits, m.loops) == (15, 10, 0, 0, 1)
    # With no way to an end at all, the first branch is still followed, and the page says so.
    stuck = measure(flow(["P"], step(1, "P", "start"), step(2, "P", "decision", branches=[(3, "no"), (4, "yes")]),
                         step(3, "P", label="Sent home", branches=[(1, "comes back")]),
                         step(4, "P", label="Referred", branches=[(1, "back")])))
    assert stuck.main_path == (1, 2, 3) and stuck.warnings[0] == "This map has no end step"


def test_unreachable_steps_are_counted():
    # The end at 2 flows nowhere, so 3, 4 and 5 are cut off.
    m = measure(flow(["P"], step(1, "P", "start"), step(2, "P", "end"), step(3, "P"), step(4, "P"),
                     step(5, "P", "end")))
    assert m.main_path == (1, 2) and m.steps == 5
    assert m.warnings == ("3 steps are not reachable from the start",)


def test_empty_maps():
    for lanes in ([], ["Patient", "GP"]):
        m = measure(flow(lanes))
        assert m == Metrics(lead_minutes=0, value_added_minutes=0, efficiency=None, steps=0, waits=0, wait_minutes=0,
                            handoffs=0, people_met=0, longest_wait=None, paper_share=None, main_path=(), loops=0,
                            warnings=("This map has no steps yet",))


def test_zero_lead_time_has_no_efficiency_and_a_branch_off_the_map_is_ignored():
    m = measure(flow(["P"], step(1, "P", "start", branches=[(99, "gone"), 2]), step(2, "P", "end")))
    assert (m.lead_minutes, m.efficiency, m.main_path) == (0, None, (1, 2))


def test_two_hundred_steps():
    steps = [step(1, "P", "start")] + [step(i, f"L{i % 8}", minutes=i, value="va" if i % 3 else "nva",
                                            branches=[(i + 1,), (i - 5, "rework")] if i % 20 == 0 else ())
                                       for i in range(2, 200)] + [step(200, "P", "end")]
    m = measure(flow(["P"] + [f"L{i}" for i in range(8)], *steps))
    assert len(m.main_path) == 200 and m.loops == 9
    assert m.lead_minutes == sum(range(2, 200))


# --- current versus future ---------------------------------------------------------------------


def metrics(**changes) -> Metrics:
    base = dict(lead_minutes=59115, value_added_minutes=30, efficiency=0.25, steps=12, waits=4, wait_minutes=59085,
                handoffs=6, people_met=4, longest_wait=("Waiting list", 41 * DAY), paper_share=0.5,
                main_path=(1, 2), loops=1, warnings=())
    base.update(changes)
    return Metrics(**base)


def test_compare_every_metric_in_a_fixed_order_with_its_change():
    rows = compare(metrics(), metrics(lead_minutes=12 * DAY, value_added_minutes=45, efficiency=0.5, steps=9,
                                      waits=4, wait_minutes=0, handoffs=2, people_met=5,
                                      longest_wait=("Triage", 2 * DAY), paper_share=0.0, loops=0))
    assert [r.key for r in rows] == ["lead_minutes", "value_added_minutes", "efficiency", "steps", "waits",
                                     "wait_minutes", "handoffs", "people_met", "longest_wait", "paper_share", "loops"]
    by_key = {r.key: r for r in rows}
    assert by_key["lead_minutes"] == MetricDelta("lead_minutes", "Lead time", "41 days", "12 days", "\u221271%")
    assert by_key["value_added_minutes"].change == "+50%"
    assert (by_key["efficiency"].before, by_key["efficiency"].after, by_key["efficiency"].change) == ("25%", "50%",
                                                                                                      "+25 pts")
    assert by_key["steps"].change == "\u22123"
    assert by_key["waits"].change == "0"
    assert by_key["wait_minutes"].change == "\u2212100%"
    assert by_key["people_met"].change == "+1"
    assert by_key["longest_wait"].before == "41 days (Waiting list)"
    assert by_key["longest_wait"].after == "2 days (Triage)"
    assert by_key["longest_wait"].change == "\u221295%"
    assert (by_key["paper_share"].after, by_key["paper_share"].change) == ("0%", "\u221250 pts")


def test_compare_zero_and_none():
    before = metrics(lead_minutes=0, efficiency=None, wait_minutes=0, longest_wait=None, paper_share=None)
    after = metrics(lead_minutes=90, efficiency=0.5, wait_minutes=0, longest_wait=("Queue", 30), paper_share=None)
    by_key = {r.key: r for r in compare(before, after)}
    assert (by_key["lead_minutes"].before, by_key["lead_minutes"].change) == ("0 min", "\u2013")  # from 0: no %
    assert (by_key["efficiency"].before, by_key["efficiency"].change) == ("\u2013", "\u2013")
    assert by_key["wait_minutes"].change == "\u2013"
    assert (by_key["longest_wait"].before, by_key["longest_wait"].after) == ("\u2013", "30 min (Queue)")
    assert by_key["longest_wait"].change == "\u2013"
    assert (by_key["paper_share"].before, by_key["paper_share"].change) == ("\u2013", "\u2013")
    same = {r.key: r.change for r in compare(metrics(), metrics())}
    assert same["lead_minutes"] == "0%" and same["efficiency"] == "0 pts" and same["steps"] == "0"


def test_compare_small_relative_changes_keep_a_decimal():
    by_key = {r.key: r for r in compare(metrics(lead_minutes=1000), metrics(lead_minutes=996))}
    assert by_key["lead_minutes"].change == "\u22120.4%"
