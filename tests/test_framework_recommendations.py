"""The recommendations register: the Useful-criteria score (pure), the operations (add,
change, version guard, findings and interventions checked against the team, move, delete),
the host partner's single write (their response), and the pages."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from workspace.errors import ValidationProblem
from workspace.extensions import db
from workspace.framework import criteria as useful
from workspace.framework import recommendation_queries as queries
from workspace.framework import recommendations as ops
from workspace.framework.models import Recommendation, RecommendationFinding
from workspace.models import AuditEvent
from workspace.submitted import ReportSubmitted

from . import factories
from .framework_recs_helpers import ALL_MET, make_findings, make_menu

# --- the score: pure --------------------------------------------------------------------------


def test_nothing_assessed_is_not_assessed_never_zero():
    for empty in (None, {}, {"long_term_plan": {"rating": None, "note": ""}}, {"unknown": {"rating": "met"}}):
        score = useful.score(empty)
        assert score.headline == "Not assessed" and score.label == "Not assessed"
        assert score.fraction is None and not score.is_assessed


def test_all_five_assessed_counts_met_1_partly_half_not_met_0():
    score = useful.score({"long_term_plan": {"rating": "met"}, "workforce_strategy": {"rating": "met"},
                          "multi_agency": {"rating": "partly"}, "leadership_focus": {"rating": "met"},
                          "affordable": {"rating": "not_met"}})
    assert (score.met, score.assessed) == (3.5, 5)
    assert score.label == "3.5 of 5 met"
    assert score.coverage == ""
    assert score.fraction == pytest.approx(0.7)


def test_some_assessed_says_how_many():
    score = useful.score({"multi_agency": {"rating": "partly"}, "affordable": {"rating": "met"}})
    assert score.label == "1.5 of 2 met (2 of 5 assessed)"
    assert useful.score({"affordable": {"rating": "not_met"}}).label == "0 of 1 met (1 of 5 assessed)"


def test_clean_keeps_rated_criteria_and_refuses_bad_input():
    def note(value, label):
        return (value or "").strip()

    assert useful.clean({"affordable": {"rating": "partly", "note": " Funded in part "}}, note) == {
        "affordable": {"rating": "partly", "note": "Funded in part"}}
    assert useful.clean({"affordable": {"rating": "", "note": ""}, "multi_agency": None}, note) == {}
    for bad, words in [({"cheap": {"rating": "met"}}, "Not a Useful criterion"),
                       ({"affordable": {"rating": "yes"}}, "rating must be one of"),
                       ({"affordable": {"note": "Only a note"}}, "for the note to count"),
                       ({"affordable": "met"}, "give a rating"),
                       ([1], "must be an object")]:
        with pytest.raises(ValueError, match=words):
            useful.clean(bad, note)


# --- operations -------------------------------------------------------------------------------


@pytest.fixture
def menu(world):
    return make_menu(world.team.cohort_id)


@pytest.fixture
def findings(world):
    return make_findings(world.team, world.member)


def _add(world, **data):
    return ops.create(world.team, world.member, {"statement": "Adopt a trusted assessor model", **data})


def test_create_stores_everything_and_audits(world, menu, findings):
    found = _add(world, rationale="Waits for assessment", owner="Director of nursing", time_frame="By March 2027",
                 cost="£12,000 a year", intervention_id=menu["Leading complex change"],
                 measures_of_success="Discharges before noon", criteria=ALL_MET,
                 findings=[{"kind": "section", "id": findings["section"]}, f"measure:{findings['measure']}",
                           {"kind": "process_map", "id": findings["process_map"]}])
    row = queries.register(world.team)[0]
    assert (row.number, row.intervention, row.domain) == (1, "Leading complex change", "Innovation and Improvement")
    assert row.score.label == "5 of 5 met"
    assert queries.findings_of(found) == [("section", findings["section"]), ("measure", findings["measure"]),
                                          ("process_map", findings["process_map"])]
    assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.target_id == found.id,
                                                        AuditEvent.target_type == "recommendations")) == \
        "framework.recommendation.created"


def test_statement_is_required_and_unknown_fields_refused(world, menu):
    with pytest.raises(ValidationProblem) as refused:
        ops.create(world.team, world.member, {"statement": "  "})
    assert "statement" in refused.value.fields
    with pytest.raises(ValidationProblem) as refused:
        ops.create(world.team, world.member, {"statement": "x", "colour": "red"})
    assert "colour" in refused.value.fields


def test_another_teams_finding_is_refused(world, menu):
    theirs = make_findings(world.other_team, world.other_member)
    for kind in ("section", "measure", "process_map"):
        with pytest.raises(ValidationProblem) as refused:
            _add(world, findings=[{"kind": kind, "id": theirs[kind]}])
        assert "not one of this team's" in refused.value.fields["findings"]
    assert db.session.scalar(select(Recommendation.id)) is None


def test_an_intervention_of_another_cohort_is_refused(world, menu):
    other_cohort = factories.make_cohort("Another cohort")
    theirs = make_menu(other_cohort.id)
    with pytest.raises(ValidationProblem) as refused:
        _add(world, intervention_id=theirs["Action learning sets"])
    assert "programme's menu" in refused.value.fields["intervention_id"]


def test_update_changes_only_what_differs_and_replaces_findings(world, menu, findings):
    found = _add(world, findings=[f"section:{findings['section']}"])
    changed = ops.update(world.team, found, world.member, {"cost": "Nil", "statement": found.statement,
                                                           "findings": [f"measure:{findings['measure']}"]},
                         version=found.version)
    assert sorted(changed) == ["cost", "findings"]
    assert queries.findings_of(found) == [("measure", findings["measure"])]
    assert db.session.scalars(select(RecommendationFinding.kind)).all() == ["measure"]
    assert ops.update(world.team, found, world.member, {"cost": "Nil"}) == []


def test_a_stale_version_saves_nothing(world, menu):
    found = _add(world)
    read = found.version
    ops.update(world.team, found, world.member, {"cost": "£5,000"}, version=read)
    with pytest.raises(ops.Stale):
        ops.update(world.team, found, world.member, {"cost": "£9,000"}, version=read)
    db.session.expire_all()
    assert db.session.get(Recommendation, found.id).cost == "£5,000"


def test_move_swaps_and_renumbers_and_delete_is_soft(world, menu):
    first, second, third = (_add(world, statement=s) for s in ("One", "Two", "Three"))
    assert ops.move(world.team, third, world.member, "up")
    assert [r.recommendation.statement for r in queries.register(world.team)] == ["One", "Three", "Two"]
    assert not ops.move(world.team, first, world.member, "up")
    with pytest.raises(ValidationProblem):
        ops.move(world.team, first, world.member, "sideways")
    ops.delete(world.team, first, world.member)
    assert [(r.number, r.recommendation.statement) for r in queries.register(world.team)] == [(1, "Three"), (2, "Two")]
    assert db.session.get(Recommendation, first.id).deleted_at is not None
    assert queries.get_recommendation(world.team, first.id) is None


def test_respond_stores_the_response_and_note_and_audits(world, menu):
    found = _add(world)
    ops.respond(world.team, found, world.host, "consider", "  Needs the board in January ")
    assert (found.host_response, found.host_response_note, found.host_responded_by_id) == (
        "consider", "Needs the board in January", world.host.id)
    with pytest.raises(ValidationProblem) as refused:
        ops.respond(world.team, found, world.host, "maybe", "")
    assert "response" in refused.value.fields
    assert db.session.scalars(select(AuditEvent.action).where(AuditEvent.action.like("%responded"))).all() == [
        "framework.recommendation.responded"]


def test_a_submitted_team_cannot_change_the_register_but_the_host_still_responds(world, menu):
    found = _add(world)
    world.submit()
    with pytest.raises(ReportSubmitted):
        ops.update(world.team, found, world.member, {"cost": "Nil"})
    with pytest.raises(ReportSubmitted):
        _add(world)
    ops.respond(world.team, found, world.host, "accept", "")
    assert db.session.get(Recommendation, found.id).host_response == "accept"


# --- pages ------------------------------------------------------------------------------------


def _form(findings=(), **over):
    data = {"statement": "Make the daily huddle standard", "rationale": "", "owner": "Ward manager", "time_frame": "",
            "cost": "", "intervention_id": "", "measures_of_success": "", "version": ""}
    for key in ("long_term_plan", "workforce_strategy", "multi_agency", "leadership_focus", "affordable"):
        data[f"rating_{key}"] = ""
        data[f"note_{key}"] = ""
    data.update(over)
    if findings:
        data["finding"] = list(findings)
    return data


def test_member_adds_then_sees_the_register(make_client, world, menu, findings):
    client = make_client(world.member)
    page = client.get(f"/teams/{world.team.id}/recommendations/new").get_data(as_text=True)
    assert "Leading complex change" in page and 'optgroup label="Innovation and Improvement"' in page
    assert f"Current state at {world.team.name}" in page
    response = client.form(f"/teams/{world.team.id}/recommendations/new", _form(
        [f"section:{findings['section']}"], intervention_id=str(menu["Action learning sets"]),
        rating_affordable="partly", note_affordable="Within existing budgets", rating_multi_agency="met"))
    assert response.status_code == 302
    found = db.session.scalar(select(Recommendation))
    assert found.criteria == {"affordable": {"rating": "partly", "note": "Within existing budgets"},
                              "multi_agency": {"rating": "met", "note": ""}}
    register = client.get(f"/teams/{world.team.id}/recommendations").get_data(as_text=True)
    assert "Make the daily huddle standard" in register
    assert "1.5 of 2 met" in register and "(2 of 5 assessed)" in register and "Awaiting response" in register
    page = client.get(f"/teams/{world.team.id}/recommendations/{found.id}").get_data(as_text=True)
    assert f"Current state at {world.team.name}" in page and "Within existing budgets" in page
    assert "Save response" not in page  # a member never sees the host's form


def test_the_form_keeps_what_was_typed_when_refused(make_client, world, menu):
    client = make_client(world.member)
    response = client.form(f"/teams/{world.team.id}/recommendations/new", _form(
        statement="", owner="Chief operating officer", note_affordable="A note without a rating"))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "There is a problem" in page and "Enter the recommendation" in page
    assert "Chief operating officer" in page and "A note without a rating" in page


def test_a_stale_edit_keeps_what_was_typed(make_client, world, menu):
    found = _add(world)
    read = found.version
    ops.update(world.team, found, world.member, {"owner": "Someone else"})
    response = make_client(world.member).form(
        f"/teams/{world.team.id}/recommendations/{found.id}/edit",
        _form(statement="My wording", version=str(read)))
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Someone else changed this recommendation" in page and "My wording" in page
    db.session.expire_all()
    assert db.session.get(Recommendation, found.id).statement == "Adopt a trusted assessor model"


def test_the_host_responds_on_the_page_and_members_see_it(make_client, world, menu):
    found = _add(world)
    host = make_client(world.host)
    page = host.get(f"/teams/{world.team.id}/recommendations/{found.id}").get_data(as_text=True)
    assert "Save response" in page and "Change<span" not in page
    refused = host.form(f"/teams/{world.team.id}/recommendations/{found.id}/response", {"note": "Hmm"})
    assert refused.status_code == 422 and "Choose accept, consider or decline" in refused.get_data(as_text=True)
    saved = host.form(f"/teams/{world.team.id}/recommendations/{found.id}/response",
                      {"response": "accept", "note": "We will fund it from April"})
    assert saved.status_code == 302
    page = make_client(world.member).get(f"/teams/{world.team.id}/recommendations/{found.id}").get_data(as_text=True)
    assert "Accepted" in page and "We will fund it from April" in page and "by Hana Host" in page


@pytest.mark.parametrize("who", ["member", "facilitator"])
def test_only_the_host_may_respond(make_client, world, menu, who):
    found = _add(world)
    response = make_client(getattr(world, who)).form(
        f"/teams/{world.team.id}/recommendations/{found.id}/response", {"response": "accept", "note": ""})
    assert response.status_code == 403
    db.session.expire_all()
    assert db.session.get(Recommendation, found.id).host_response is None


def test_the_host_writes_nothing_else(make_client, world, menu):
    found = _add(world)
    host = make_client(world.host)
    base = f"/teams/{world.team.id}/recommendations"
    for url, data in [(f"{base}/new", _form()), (f"{base}/{found.id}/edit", _form(statement="Host wording")),
                      (f"{base}/{found.id}/move", {"direction": "up"}), (f"{base}/{found.id}/delete", {})]:
        assert host.form(url, data).status_code == 403, url
    db.session.expire_all()
    assert db.session.get(Recommendation, found.id).statement == "Adopt a trusted assessor model"


def test_the_host_responds_after_submission(make_client, world, menu):
    found = _add(world)
    world.submit()
    response = make_client(world.host).form(f"/teams/{world.team.id}/recommendations/{found.id}/response",
                                            {"response": "decline", "note": "No budget"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Recommendation, found.id).host_response == "decline"


def test_move_and_delete_pages(make_client, world, menu):
    first, second = _add(world, statement="One"), _add(world, statement="Two")
    client = make_client(world.member)
    base = f"/teams/{world.team.id}/recommendations"
    moved = client.form(f"{base}/{second.id}/move", {"direction": "up"})
    assert moved.status_code == 302
    assert [r.recommendation.statement for r in queries.register(world.team)] == ["Two", "One"]
    assert "Delete recommendation 2?" in client.get(f"{base}/{first.id}/delete").get_data(as_text=True)
    assert client.form(f"{base}/{first.id}/delete").status_code == 302
    assert client.get(f"{base}/{first.id}").status_code == 404


def test_empty_register(make_client, world):
    page = make_client(world.member).get(f"/teams/{world.team.id}/recommendations").get_data(as_text=True)
    assert "No recommendations yet" in page and "Add a recommendation" in page
    host_page = make_client(world.host).get(f"/teams/{world.team.id}/recommendations").get_data(as_text=True)
    assert "No recommendations yet" in host_page and "Add a recommendation" not in host_page


# --- the framework: the cohort's menu, and tags --------------------------------------------------


def test_the_form_offers_the_cohorts_own_menu_made_on_first_need(make_client, world):
    page = make_client(world.member).get(f"/teams/{world.team.id}/recommendations/new").get_data(as_text=True)
    assert 'optgroup label="Innovation and Improvement"' in page and "Leading Complex Change" in page
    assert 'optgroup label="Learning and Capacity Building"' in page
    assert queries.intervention_menu(world.team)[0][0] == "Individual Effectiveness"


def test_the_team_tags_a_recommendation_the_host_does_not(make_client, world, menu):
    from workspace.framework.models import FrameworkDomain, Tag

    found = _add(world)
    domain = db.session.scalar(select(FrameworkDomain.id).where(FrameworkDomain.cohort_id == world.team.cohort_id,
                                                                FrameworkDomain.key == "innovation"))
    page = f"/teams/{world.team.id}/recommendations/{found.id}"
    body = {"target_type": "recommendation", "target_id": str(found.id), "tag": f"domain:{domain}", "next": page}
    assert make_client(world.host).form(f"/teams/{world.team.id}/tags", body).status_code == 403
    assert make_client(world.member).form(f"/teams/{world.team.id}/tags", body).status_code == 302
    assert db.session.scalars(select(Tag.target_type)).all() == ["recommendation"]
    shown = make_client(world.host).get(page).get_data(as_text=True)
    assert "Systems leadership framework" in shown and "Innovation and Improvement" in shown
    other = db.session.scalar(select(FrameworkDomain.id).where(FrameworkDomain.cohort_id == world.team.cohort_id,
                                                               FrameworkDomain.key == "relationships"))
    ops.delete(world.team, found, world.member)
    again = make_client(world.member).form(f"/teams/{world.team.id}/tags", {**body, "tag": f"domain:{other}"})
    assert again.status_code == 404  # a deleted recommendation is not there to tag


def test_every_cost_is_bounded(world, menu, monkeypatch):
    from workspace.framework import recommendation_fields as fields

    with pytest.raises(ValidationProblem) as refused:
        _add(world, findings=[f"section:{n}" for n in range(1, fields.MAX_FINDINGS + 2)])
    assert "at most 30 findings" in refused.value.fields["findings"]
    with pytest.raises(ValidationProblem) as refused:
        _add(world, statement="x" * (fields.STATEMENT_MAX + 1))
    assert "2,000 characters or fewer" in refused.value.fields["statement"]
    with pytest.raises(ValidationProblem) as refused:
        _add(world, criteria={"affordable": {"rating": "met", "note": "n" * 1001}})
    assert "1,000 characters" in refused.value.fields["criteria"]
    monkeypatch.setattr(ops, "MAX_RECOMMENDATIONS", 2)
    _add(world)
    _add(world)
    with pytest.raises(ValidationProblem) as refused:
        _add(world)
    assert "at most 2 recommendations" in refused.value.fields["statement"]
