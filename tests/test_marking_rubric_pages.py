"""The facilitator's rubric pages, the operations behind them, and the team's read-only rubric."""

from __future__ import annotations

from sqlalchemy import select

from workspace.extensions import db
from workspace.marking.models import Marking, Rubric, RubricCriterion
from workspace.marking.rubric_defaults import criteria_of, ensure_rubric
from workspace.models import AuditEvent


def _url(world, tail=""):
    return f"/admin/cohorts/{world.team.cohort_id}/rubric{tail}"


def _rubric(world):
    return ensure_rubric(world.team.cohort)


def _component(world, component):
    return [c for c in criteria_of(world.team.cohort_id) if c.component == component]


def start_marking(world):
    submission = world.submit()
    db.session.add(Marking(team_id=world.team.id, submission_id=submission.id, assessor_id=world.assessor.id))
    db.session.commit()


def _audits(what=None):
    events = list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == "rubric.changed")))
    return [e for e in events if what is None or e.detail.get("what") == what]


def test_the_rubric_page_shows_the_default_rubric_and_is_ready(world, make_client):
    page = make_client(world.facilitator).get(_url(world))
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Marking rubric" in html
    assert "Stakeholder analysis and engagement" in html and "Response to questions" in html
    assert "Distinction" in html and "70% and above" in html and "60% to 69%" in html
    assert html.count("Ready") == 2
    assert db.session.get(Rubric, world.team.cohort_id) is not None


def test_only_facilitators_reach_the_rubric_pages(world, make_client):
    for user in (world.member, world.assessor, world.host):
        assert make_client(user).get(_url(world)).status_code == 403
    assert make_client(world.facilitator).get("/admin/cohorts/999999/rubric").status_code == 404


def test_readiness_shows_on_the_page_when_weights_do_not_add_up(world, make_client):
    _rubric(world)
    first = _component(world, "report")[0]
    first.weight -= 5
    db.session.commit()
    html = make_client(world.facilitator).get(_url(world)).get_data(as_text=True)
    assert "The report&#39;s criteria weigh 95% in all: they must add up to 100%." in html
    assert "The report cannot be marked yet" in html


def test_add_edit_move_and_remove_a_criterion(world, make_client):
    client = make_client(world.facilitator)
    rubric = _rubric(world)
    response = client.form(_url(world, "/presentation/new"), {
        "title": "Use of time", "guidance": "Keeps to the slot", "weight": "0", "max_score": "10",
        "descriptor_0": "Exactly on time", "descriptor_3": "Far over", "version": str(rubric.version)})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    added = _component(world, "presentation")[-1]
    assert (added.title, added.weight, added.max_score) == ("Use of time", 0, 10)
    assert added.descriptors["Distinction"] == "Exactly on time" and added.descriptors["Fail"] == "Far over"
    assert added.position == 6
    # edit: wording and numbers
    response = client.form(_url(world, f"/criteria/{added.id}"), {
        "title": "Use of the time", "guidance": "", "weight": "0", "max_score": "20", "descriptor_0": "On time"})
    assert response.status_code == 302
    db.session.refresh(added)
    assert (added.title, added.max_score, added.descriptors["Distinction"]) == ("Use of the time", 20, "On time")
    # move up
    client.form(_url(world, f"/criteria/{added.id}/move"), {"direction": "up"})
    assert [c.title for c in _component(world, "presentation")][-2] == "Use of the time"
    # remove: a confirmation page, then the POST
    confirm = client.get(_url(world, f"/criteria/{added.id}/remove"))
    assert confirm.status_code == 200 and "Remove criterion" in confirm.get_data(as_text=True)
    assert db.session.get(RubricCriterion, added.id) is not None  # GET changes nothing
    assert client.form(_url(world, f"/criteria/{added.id}/remove")).status_code == 302
    db.session.expire_all()
    assert db.session.get(RubricCriterion, added.id) is None
    assert [c.position for c in _component(world, "presentation")] == [1, 2, 3, 4, 5]
    whats = [e.detail["what"] for e in _audits()]
    assert whats == ["criterion added", "criterion edited", "criterion moved", "criterion removed"]


def test_a_bad_criterion_keeps_what_was_typed(world, make_client):
    client = make_client(world.facilitator)
    _rubric(world)
    response = client.form(_url(world, "/report/new"), {
        "title": "", "guidance": "Typed guidance stays", "weight": "abc", "max_score": "0", "descriptor_1": "Merit words"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "There is a problem" in html
    assert "Enter the title" in html
    assert "Enter the weight as a whole percent from 0 to 100." in html
    assert "Enter the highest score as a whole number from 1 to 1000." in html
    assert "Typed guidance stays" in html and 'value="abc"' in html and "Merit words" in html
    assert len(_component(world, "report")) == 6


def test_edit_weights_all_at_once_must_add_up_to_100(world, make_client):
    client = make_client(world.facilitator)
    _rubric(world)
    rows = _component(world, "report")
    data = {f"weight_{c.id}": str(c.weight) for c in rows}
    data[f"weight_{rows[0].id}"] = "10"  # 95 in all
    response = client.form(_url(world, "/report/weights"), data)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "The report&#39;s weights add up to 95%: they must add up to 100%." in html
    assert 'value="10"' in html
    db.session.expire_all()
    assert sum(c.weight for c in _component(world, "report")) == 100
    data[f"weight_{rows[1].id}"] = str(rows[1].weight + 5)
    assert client.form(_url(world, "/report/weights"), data).status_code == 302
    db.session.expire_all()
    assert [c.weight for c in _component(world, "report")][:2] == [10, rows[1].weight]
    assert _audits("weights")[0].detail["component"] == "report"


def test_bands_and_weighting(world, make_client):
    client = make_client(world.facilitator)
    _rubric(world)
    page = client.get(_url(world, "/bands"))
    assert page.status_code == 200 and 'value="Distinction"' in page.get_data(as_text=True)
    bad = client.form(_url(world, "/bands"), {"band_name_0": "High", "band_min_0": "50", "band_name_1": "Low",
                                              "band_min_1": "60", "report_weight": "40"})
    assert bad.status_code == 400
    html = bad.get_data(as_text=True)
    assert "List the bands highest first" in html and 'value="High"' in html
    good = client.form(_url(world, "/bands"), {
        "band_name_0": "Excellent", "band_min_0": "70", "band_name_1": "Merit", "band_min_1": "60",
        "band_name_2": "Pass", "band_min_2": "50", "band_name_3": "Fail", "band_min_3": "0", "report_weight": "40"})
    assert good.status_code == 302
    db.session.expire_all()
    rubric = db.session.get(Rubric, world.team.cohort_id)
    assert rubric.bands[0] == {"name": "Excellent", "min": 70} and rubric.report_weight == 40
    # the renamed band keeps its descriptors
    assert all(c.descriptors.get("Excellent") and "Distinction" not in c.descriptors for c in criteria_of(world.team.cohort_id))
    assert _audits("bands")[0].detail["report_weight"] == 40
    bad_weight = client.form(_url(world, "/bands"), {"band_name_0": "All", "band_min_0": "0", "report_weight": "101"})
    assert bad_weight.status_code == 400
    assert "Enter the report&#39;s weight as a whole percent from 0 to 100." in bad_weight.get_data(as_text=True)


def test_once_marking_started_only_wording_may_change(world, make_client):
    client = make_client(world.facilitator)
    rubric = _rubric(world)
    start_marking(world)
    first = _component(world, "report")[0]
    html = client.get(_url(world)).get_data(as_text=True)
    assert "Marking has started" in html and "Add a report criterion" not in html
    # wording: allowed
    response = client.form(_url(world, f"/criteria/{first.id}"), {
        "title": "Understanding the challenge", "guidance": "New guidance", "weight": str(first.weight),
        "max_score": str(first.max_score), "descriptor_0": "New words", "version": str(rubric.version)})
    assert response.status_code == 302
    db.session.refresh(first)
    assert first.title == "Understanding the challenge"
    # a weight: refused with the message, and what was typed stays
    response = client.form(_url(world, f"/criteria/{first.id}"), {
        "title": "Typed title", "guidance": "", "weight": str(first.weight + 1), "max_score": str(first.max_score)})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Marking has started in this cohort" in html and 'value="Typed title"' in html
    db.session.refresh(first)
    assert first.title == "Understanding the challenge"
    # adding, removing, weights, bands: refused
    assert client.form(_url(world, "/report/new"), {"title": "New", "weight": "0", "max_score": "100"}).status_code == 400
    client.form(_url(world, f"/criteria/{first.id}/remove"))
    db.session.expire_all()
    assert db.session.get(RubricCriterion, first.id) is not None
    rows = _component(world, "report")
    weights = {f"weight_{c.id}": str(c.weight) for c in rows}
    weights[f"weight_{rows[0].id}"], weights[f"weight_{rows[1].id}"] = str(rows[0].weight - 5), str(rows[1].weight + 5)
    assert client.form(_url(world, "/report/weights"), weights).status_code == 400
    bands = client.form(_url(world, "/bands"), {"band_name_0": "All", "band_min_0": "0", "report_weight": "50"})
    assert bands.status_code == 400 and "Marking has started" in bands.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Rubric, world.team.cohort_id).bands[0]["name"] == "Distinction"
    assert len(_component(world, "report")) == 6


def test_a_stale_form_is_refused(world, make_client):
    client = make_client(world.facilitator)
    rubric = _rubric(world)
    version = rubric.version
    first = _component(world, "report")[0]
    ok = client.form(_url(world, f"/criteria/{first.id}"), {"title": "One", "weight": str(first.weight),
                                                            "max_score": "100", "version": str(version)})
    assert ok.status_code == 302
    stale = client.form(_url(world, f"/criteria/{first.id}"), {"title": "Two", "weight": str(first.weight),
                                                               "max_score": "100", "version": str(version)})
    assert stale.status_code == 400 and "Someone else changed the rubric" in stale.get_data(as_text=True)
    db.session.refresh(first)
    assert first.title == "One"


def test_the_team_rubric_page_is_read_only_for_viewers(world, make_client):
    url = f"/teams/{world.team.id}/rubric"
    assert make_client(world.assessor).get(url).status_code == 403  # an assessor sees the work once submitted
    world.submit()
    for user in (world.member, world.assessor, world.host, world.facilitator):
        page = make_client(user).get(url)
        assert page.status_code == 200, user.email
        html = page.get_data(as_text=True)
        assert "Recommendations and their case" in html and "Distinction" in html
        assert "A persuasive, evidenced case" in html
        assert "<form method=\"post\"" not in html.split("<main")[1]
    assert make_client(world.other_member).get(url).status_code == 404
