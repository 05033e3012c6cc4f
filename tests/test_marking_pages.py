"""The marking pages and API end to end: forms keep what was typed, the stale tab, finalising,
moderation, release; and before release every route to marks answers 404 to members and hosts."""

from __future__ import annotations

import io

import pytest
from docx import Document

from workspace.extensions import db
from workspace.marking import marking_operations as marking_ops
from workspace.marking import moderation_operations as moderation_ops

from . import factories
from .test_marking_flow import full, make_rubric


@pytest.fixture
def marked(world):
    second = factories.make_user("Bea Second", "bea@example.org")
    factories.add_member(world.team, second, "assessor")
    db.session.commit()
    criteria = make_rubric(world.team.cohort_id)
    world.submit()
    db.session.refresh(world.team)
    return world, second, criteria


def _agreed(world, second, c, release=False):
    marking_ops.save(world.team, world.assessor, full(c, 15, 8, 71, "Assessor one wrote this"), "Strong work overall")
    marking_ops.finalise(world.team, world.assessor)
    marking_ops.save(world.team, second, full(c, 13, 7, 64, "Assessor two wrote this"))
    marking_ops.finalise(world.team, second)
    moderation_ops.agree(world.team, world.facilitator, {"report_mark": 72, "presentation_mark": 68,
                                                         "note": "SECRET NOTE", "feedback": "Agreed team feedback"})
    if release:
        moderation_ops.release(world.team, world.facilitator)


def test_assessor_marks_through_the_page(make_client, marked):
    world, _second, c = marked
    client = make_client(world.assessor)
    page = client.get(f"/teams/{world.team.id}/marking/mine")
    assert page.status_code == 200 and "Recommendations" in page.get_data(as_text=True)
    bad = client.form(f"/teams/{world.team.id}/marking/mine", {
        f"score-{c['recs'].id}": "25", f"feedback-{c['recs'].id}": "Typed words kept", "version": "0"})
    html = bad.get_data(as_text=True)
    assert bad.status_code == 400
    assert "The score for &#39;Recommendations&#39; must be a whole number from 0 to 20" in html
    assert "Typed words kept" in html and 'value="25"' in html
    ok = client.form(f"/teams/{world.team.id}/marking/mine", {
        f"score-{c['recs'].id}": "15", f"feedback-{c['recs'].id}": "Fine", "overall_feedback": "Draft", "version": "0"})
    assert ok.status_code == 302
    # a stale tab: still version 0
    stale = client.form(f"/teams/{world.team.id}/marking/mine", {
        f"score-{c['recs'].id}": "3", "overall_feedback": "From the old tab", "version": "0"})
    assert stale.status_code == 409
    html = stale.get_data(as_text=True)
    assert "another tab" in html and "From the old tab" in html


def test_finalise_confirmation_and_after(make_client, marked):
    world, _second, c = marked
    marking_ops.save(world.team, world.assessor, {c["recs"].id: {"score": 3}})
    client = make_client(world.assessor)
    confirm = client.get(f"/teams/{world.team.id}/marking/mine/finalise")
    assert confirm.status_code == 200 and "Evidence, Delivery" in confirm.get_data(as_text=True)
    refused = client.form(f"/teams/{world.team.id}/marking/mine/finalise")
    assert refused.status_code == 400 and "Not scored yet" in refused.get_data(as_text=True)
    marking_ops.save(world.team, world.assessor, full(c))
    assert client.form(f"/teams/{world.team.id}/marking/mine/finalise").status_code == 302
    page = client.get(f"/teams/{world.team.id}/marking/mine").get_data(as_text=True)
    assert "You finalised your marking on" in page and "<textarea" not in page
    again = client.form(f"/teams/{world.team.id}/marking/mine", {f"score-{c['recs'].id}": "1"})
    assert again.status_code == 409


def test_the_other_assessors_draft_is_never_shown(make_client, marked):
    world, second, c = marked
    marking_ops.save(world.team, second, full(c, words="Second's private draft"))
    marking_ops.save(world.team, world.assessor, full(c))
    marking_ops.finalise(world.team, world.assessor)
    client = make_client(world.assessor)
    assert "Second&#39;s private draft" not in client.get(f"/teams/{world.team.id}/marking/mine").get_data(as_text=True)
    api = client.get(f"/api/v1/teams/{world.team.id}/marks").get_json()
    assert [m["mine"] for m in api["markings"]] == [True]
    marking_ops.finalise(world.team, second)
    page = client.get(f"/teams/{world.team.id}/marking/mine").get_data(as_text=True)
    assert "Second&#39;s private draft" in page
    assert len(client.get(f"/api/v1/teams/{world.team.id}/marks").get_json()["markings"]) == 2


def test_moderation_page_agree_and_release(make_client, marked):
    world, second, c = marked
    marking_ops.save(world.team, world.assessor, full(c, 15, 8, 71))
    marking_ops.finalise(world.team, world.assessor)
    marking_ops.save(world.team, second, full(c, 13, 7, 64))
    client = make_client(world.facilitator)
    html = client.get(f"/teams/{world.team.id}/marking").get_data(as_text=True)
    assert "Bea Second (Assessor 2) has not finalised" in html and "Record the agreed marks" not in html
    marking_ops.finalise(world.team, second)
    html = client.get(f"/teams/{world.team.id}/marking").get_data(as_text=True)
    assert 'value="72"' in html and 'value="68"' in html  # the rounded means as defaults
    bad = client.form(f"/teams/{world.team.id}/marking", {"report_mark": "72", "presentation_mark": "68",
                                                          "note": "", "feedback": "Kept feedback", "version": "0"})
    assert bad.status_code == 400 and "Kept feedback" in bad.get_data(as_text=True)
    ok = client.form(f"/teams/{world.team.id}/marking", {"report_mark": "72", "presentation_mark": "68",
                                                         "note": "Talked it through", "feedback": "Good", "version": "0"})
    assert ok.status_code == 302
    assert "70% · Distinction" in client.get(f"/teams/{world.team.id}/marking").get_data(as_text=True)
    assert client.get(f"/teams/{world.team.id}/marking/release").status_code == 200
    assert client.form(f"/teams/{world.team.id}/marking/release").status_code == 302
    assert client.form(f"/teams/{world.team.id}/marking", {"report_mark": "1", "presentation_mark": "1",
                                                           "note": "x"}).status_code == 409
    overview = client.get(f"/admin/cohorts/{world.team.cohort_id}/marking").get_data(as_text=True)
    assert "Released" in overview and "2 final" in overview


def _team_routes(team_id: int) -> list[tuple[str, str]]:
    return [("GET", f"/teams/{team_id}/feedback"), ("GET", f"/teams/{team_id}/feedback.docx"),
            ("GET", f"/teams/{team_id}/marking"), ("GET", f"/teams/{team_id}/marking/mine"),
            ("GET", f"/teams/{team_id}/marking/mine/finalise"), ("GET", f"/teams/{team_id}/marking/release"),
            ("GET", f"/api/v1/teams/{team_id}/marks"), ("GET", f"/api/v1/teams/{team_id}/feedback"),
            ("PUT", f"/api/v1/teams/{team_id}/marks/mine"), ("POST", f"/api/v1/teams/{team_id}/marks/mine/finalise"),
            ("POST", f"/api/v1/teams/{team_id}/agreement"), ("POST", f"/api/v1/teams/{team_id}/agreement/release")]


def _call(client, method, url):
    if url.startswith("/api/"):
        return client.api(method, url, json={} if method != "GET" else None)
    return client.get(url) if method == "GET" else client.form(url, {})


def test_before_release_every_route_to_marks_is_404_for_member_and_host(make_client, marked):
    world, second, c = marked
    _agreed(world, second, c, release=False)
    for who in (world.member, world.host):
        client = make_client(who)
        for method, url in _team_routes(world.team.id):
            response = _call(client, method, url)
            assert response.status_code == 404, f"{method} {url} as {who.name}: {response.status_code}"
            assert "SECRET NOTE" not in response.get_data(as_text=True)


def test_after_release_the_member_reads_feedback_the_host_still_nothing(make_client, marked):
    world, second, c = marked
    _agreed(world, second, c, release=True)
    member = make_client(world.member)
    page = member.get(f"/teams/{world.team.id}/feedback")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "70% · Distinction" in html and "Agreed team feedback" in html and "Assessor one wrote this" in html
    assert "Assessor 2" in html and "Bea Second" not in html and "Asa Assessor" not in html
    assert "SECRET NOTE" not in html
    word = member.get(f"/teams/{world.team.id}/feedback.docx")
    assert word.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(word.data)).paragraphs)
    assert "Agreed team feedback" in text and "Bea Second" not in text and "SECRET NOTE" not in text
    api = member.get(f"/api/v1/teams/{world.team.id}/feedback").get_json()
    assert api["overall_mark"] == 70 and api["band"] == "Distinction" and len(api["assessors"]) == 2
    assert "note" not in api
    # the member still never reads the assessors' markings or the agreement itself
    for method, url in _team_routes(world.team.id)[2:]:
        if "feedback" in url:
            continue
        assert _call(member, method, url).status_code == 404, url
    host = make_client(world.host)
    for method, url in _team_routes(world.team.id):
        assert _call(host, method, url).status_code == 404, f"{method} {url} as host"


def test_api_put_finalise_agree_release(make_client, marked):
    world, second, c = marked
    client = make_client(world.assessor)
    url = f"/api/v1/teams/{world.team.id}/marks/mine"
    out = client.api("PUT", url, json={"scores": [{"criterion_id": c["recs"].id, "score": 25}], "version": 0})
    assert out.status_code == 422 and "from 0 to 20" in out.get_json()["error"]["message"]
    body = {"scores": [{"criterion_id": cid, "score": v["score"], "feedback": "ok"} for cid, v in full(c).items()],
            "overall_feedback": "Good", "version": 0}
    saved = client.api("PUT", url, json=body)
    assert saved.status_code == 200
    version = saved.get_json()["version"]
    assert saved.get_json()["component_marks"] == {"report": 77, "presentation": 70}
    stale = client.api("PUT", url, json={**body, "version": version + 5})
    assert stale.status_code == 409 and stale.get_json()["current_version"] == version
    assert client.api("POST", url + "/finalise", json={"version": version}).status_code == 200
    assert client.api("PUT", url, json=body).status_code == 409
    facilitator = make_client(world.facilitator)
    agree = f"/api/v1/teams/{world.team.id}/agreement"
    agreed = facilitator.api("POST", agree, json={"report_mark": 77, "presentation_mark": 70, "note": "One marker"})
    assert agreed.status_code == 200 and agreed.get_json()["band"] == "Distinction"
    assert facilitator.api("POST", agree, json={"report_mark": 101, "presentation_mark": 1, "note": "x"}).status_code == 422
    assert facilitator.api("POST", agree + "/release", json={}).status_code == 200
    assert facilitator.api("POST", agree + "/release", json={}).status_code == 409
    everything = facilitator.get(f"/api/v1/teams/{world.team.id}/marks").get_json()
    assert everything["agreement"]["released_at"] and len(everything["markings"]) == 1


def test_an_assessor_before_submission_is_told_there_is_nothing_to_mark(make_client, world):
    make_rubric(world.team.cohort_id)
    client = make_client(world.assessor)
    page = client.get(f"/teams/{world.team.id}/marking/mine")
    assert page.status_code == 403
    html = page.get_data(as_text=True)
    assert "<h1>Nothing to mark yet</h1>" in html
    assert "Team Harbour has not submitted its review yet, so there is nothing to mark" in html
    assert "Go back to your teams" in html
    # not the generic refusal around it
    assert "You do not have permission" not in html and "Your role in this team does not allow this" not in html
    for path in ("/marking/mine", "/marking/mine/finalise"):  # the forms' posts too
        sent = client.form(f"/teams/{world.team.id}{path}", {"version": "0"})
        assert sent.status_code == 403 and "Nothing to mark yet" in sent.get_data(as_text=True)
    api = client.api("PUT", f"/api/v1/teams/{world.team.id}/marks/mine", json={"overall_feedback": "x"})
    assert api.status_code == 403 and "nothing to mark" in api.get_json()["error"]["message"]
    assert client.get(f"/teams/{world.team.id}/marking").status_code == 403  # not theirs at all


def test_the_marks_api_holds_to_its_document_s_types(make_client, marked):
    """score is integer|null and version an integer 0 or more: text, true/false and -1 are
    malformed (422 naming the field), nothing saved; the same for the agreement's marks."""
    from workspace.marking import queries

    world, second, c = marked
    client = make_client(world.assessor)
    url = f"/api/v1/teams/{world.team.id}/marks/mine"
    recs = c["recs"].id
    for bad in ("15", True, False, [15], {"v": 15}):
        out = client.api("PUT", url, json={"scores": [{"criterion_id": recs, "score": bad}], "version": 0})
        assert out.status_code == 422, bad
        assert out.get_json()["error"]["fields"] == {f"score-{recs}": "must be a whole number or null"}
    for bad in (-1, "0", True, 1.5):
        out = client.api("PUT", url, json={"overall_feedback": "x", "version": bad})
        assert out.status_code == 422, bad
        assert set(out.get_json()["error"]["fields"]) == {"version"}
        assert client.api("POST", url + "/finalise", json={"version": bad}).status_code == 422
    assert queries.my_marking(queries.standing_submission(world.team), world.assessor) is None  # nothing saved
    # a number and null still do
    ok = client.api("PUT", url, json={"scores": [{"criterion_id": recs, "score": 15},
                                                 {"criterion_id": c["evidence"].id, "score": None}], "version": 0})
    assert ok.status_code == 200
    assert {r["criterion_id"]: r["score"] for r in ok.get_json()["scores"]}[recs] == 15

    _agreed(world, second, c)
    facilitator = make_client(world.facilitator)
    agree = f"/api/v1/teams/{world.team.id}/agreement"
    good = {"report_mark": 70, "presentation_mark": 66, "note": "Agreed again"}
    for name in ("report_mark", "presentation_mark"):
        for bad in ("70", True):
            out = facilitator.api("POST", agree, json={**good, name: bad})
            assert out.status_code == 422, (name, bad)
            assert set(out.get_json()["error"]["fields"]) == {name}
    out = facilitator.api("POST", agree, json={**good, "version": -1})
    assert out.status_code == 422 and set(out.get_json()["error"]["fields"]) == {"version"}
    moderation = queries.moderation_of(queries.standing_submission(world.team))
    assert (moderation.report_mark, moderation.presentation_mark) == (72, 68)  # unchanged
    assert facilitator.api("POST", agree, json={**good, "version": moderation.version}).status_code == 200


def _reopen_page(client, world):
    from workspace.assessment.queries import standing_submission

    submission = standing_submission(world.team)
    return client.get(f"/teams/{world.team.id}/submissions/{submission.id}/reopen").get_data(as_text=True)


def test_the_reopen_page_says_nothing_of_marking_when_none_exists(make_client, marked):
    world, _second, _c = marked
    html = _reopen_page(make_client(world.facilitator), world)
    assert "Reopen the submission" in html and "What happens to the marking" not in html


def test_the_reopen_page_says_what_happens_to_the_marking(make_client, marked):
    world, second, c = marked
    facilitator = make_client(world.facilitator)
    marking_ops.save(world.team, world.assessor, full(c, 15, 8, 71, "One"))
    marking_ops.finalise(world.team, world.assessor)
    marking_ops.save(world.team, second, {c["recs"].id: {"score": 3}})
    html = _reopen_page(facilitator, world)
    assert "What happens to the marking" in html
    assert "Any marking of this submission stays with it and is no longer shown; assessors mark the next " \
           "submission afresh." in html
    assert "1 assessor has finalised their marking and 1 assessor has started but not finalised." in html
    assert "agreed marks" not in html

    marking_ops.save(world.team, second, full(c, 13, 7, 64, "Two"))
    marking_ops.finalise(world.team, second)
    moderation_ops.agree(world.team, world.facilitator, {"report_mark": 72, "presentation_mark": 68, "note": "Agreed"})
    html = _reopen_page(facilitator, world)
    assert "2 assessors have finalised their marking." in html
    assert "The agreed marks (70% · Distinction) stay with this submission too; they were not released" in html
    assert "will no longer see" not in html

    moderation_ops.release(world.team, world.facilitator)
    html = _reopen_page(facilitator, world)
    assert "They were released to the team: the team will no longer see these marks and feedback." in html
