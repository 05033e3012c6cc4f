"""The deck's downloads (page and API): the live draft before submission (built now, audited,
counted against the export limit), the frozen deck after it (the stored bytes, whatever a
build now would give), the submission that freezes it with its SHA-256, and a submission made
before decks were frozen (404 with a clear message)."""

from __future__ import annotations

import hashlib

from sqlalchemy import select

from workspace.assessment import operations as assessment_ops
from workspace.assessment.models import Submission
from workspace.exports.pptx import PPTX_MIME
from workspace.extensions import db
from workspace.models import AuditEvent
from workspace.presentation.deck_operations import NO_DECK
from workspace.presentation.layout import ensure_deck
from workspace.presentation.queries import slides_of

from .test_deck_pptx import read


def _page(team) -> str:
    return f"/teams/{team.id}/presentation.pptx"


def _api(team) -> str:
    return f"/api/v1/teams/{team.id}/presentation.pptx"


def _events(team, action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.team_id == team.id, AuditEvent.action == action)
                                   .order_by(AuditEvent.id)))


def test_the_draft_is_built_now_audited_and_named_like_the_word_report(world, make_client):
    team = world.team
    response = make_client(world.member).get(_page(team))
    assert response.status_code == 200 and response.mimetype == PPTX_MIME
    sha = hashlib.sha256(response.data).hexdigest()
    assert response.headers["X-Content-SHA256"] == sha
    disposition = response.headers["Content-Disposition"]
    assert "attachment" in disposition and "Team Harbour - draft presentation 20" in disposition and ".pptx" in disposition
    assert len(read(response.data).slides) == 11
    [event] = _events(team, "presentation.draft_downloaded")
    assert event.detail["sha256"] == sha and event.actor_id == world.member.id
    # The draft follows the slides: a change shows in the next download.
    ensure_deck(team)
    slides_of(team)[1].title = "Our challenge, retitled"
    db.session.commit()
    again = read(make_client(world.facilitator).get(_api(team)).data)
    assert again.slides[1].shapes.title.text_frame.text == "Our challenge, retitled"


def test_the_draft_is_counted_against_the_export_limit(world, make_client, app):
    app.config["EXPORT_RATE_LIMIT"] = 2
    client = make_client(world.member)
    assert [client.get(_page(world.team)).status_code for _ in range(3)] == [200, 200, 429]
    api = client.get(_api(world.team))
    assert api.status_code == 429 and int(api.headers["Retry-After"]) > 0
    assert api.get_json()["error"]["code"] == "rate_limited"
    assert len(_events(world.team, "presentation.draft_downloaded")) == 2


def test_submitting_freezes_the_deck_with_its_sha256(world):
    team = world.team
    ensure_deck(team)
    slides_of(team)[1].title = "Frozen title"
    db.session.commit()
    submission = world.submit()
    stored = db.session.scalar(select(Submission).where(Submission.id == submission.id))
    assert stored.pptx is not None and stored.pptx_size == len(stored.pptx)
    assert stored.pptx_sha256 == hashlib.sha256(stored.pptx).hexdigest()
    assert stored.pptx_failed_parts == []
    deck = read(stored.pptx)
    assert deck.slides[1].shapes.title.text_frame.text == "Frozen title"
    [event] = _events(team, "submission.submitted")
    assert event.detail["pptx_sha256"] == stored.pptx_sha256


def test_after_submission_the_frozen_bytes_are_served_to_the_team_and_its_assessor(world, make_client):
    team = world.team
    submission = world.submit()
    frozen, sha = submission.pptx, submission.pptx_sha256
    # A build now would differ (its timestamps at least): what is served is what was stored.
    for who, url in ((world.member, _page(team)), (world.assessor, _page(team)), (world.facilitator, _api(team))):
        response = make_client(who).get(url)
        assert response.status_code == 200, who
        assert response.data == frozen and response.headers["X-Content-SHA256"] == sha
        assert "Team Harbour - presentation 20" in response.headers["Content-Disposition"]
    events = _events(team, "presentation.downloaded")
    assert [e.actor_id for e in events] == [world.member.id, world.assessor.id, world.facilitator.id]
    assert all(e.detail["sha256"] == sha and e.target_id == submission.id for e in events)
    assert _events(team, "presentation.draft_downloaded") == []


def test_the_frozen_deck_is_not_counted_against_the_export_limit(world, make_client, app):
    world.submit()
    app.config["EXPORT_RATE_LIMIT"] = 1
    client = make_client(world.member)
    assert [client.get(_page(world.team)).status_code for _ in range(3)] == [200, 200, 200]


def test_a_submission_from_before_decks_answers_404_with_a_clear_message(world, make_client):
    submission = world.submit()
    submission.pptx = submission.pptx_sha256 = submission.pptx_size = submission.pptx_failed_parts = None
    db.session.commit()
    page = make_client(world.assessor).get(_page(world.team))
    assert page.status_code == 404 and "submitted before the presentation deck" in page.get_data(as_text=True)
    api = make_client(world.member).get(_api(world.team))
    assert api.status_code == 404
    assert api.get_json()["error"] == {**api.get_json()["error"], "code": "no_deck", "message": NO_DECK}
    submission_page = make_client(world.member).get(f"/teams/{world.team.id}/submission").get_data(as_text=True)
    assert "No presentation deck" in submission_page and _page(world.team) not in submission_page


def test_the_submission_page_shows_the_decks_sha256_and_link(world, make_client):
    submission = world.submit()
    html = make_client(world.assessor).get(f"/teams/{world.team.id}/submission").get_data(as_text=True)
    assert submission.pptx_sha256 in html and f'href="{_page(world.team)}"' in html
    body = make_client(world.member).get(f"/api/v1/teams/{world.team.id}/submission").get_json()
    assert body["history"][0]["pptx_sha256"] == submission.pptx_sha256
    assert body["history"][0]["pptx_size"] == len(submission.pptx)


def test_a_host_partner_and_an_outsider_get_no_deck(world, make_client):
    assert make_client(world.host).get(_page(world.team)).status_code == 403
    assert make_client(world.other_member).get(_page(world.team)).status_code == 404
    assert make_client(world.assessor).get(_page(world.team)).status_code == 403  # not submitted yet
    assert make_client(world.host).get(_api(world.team)).status_code == 403
    assert make_client().get(_api(world.team)).status_code == 401
    assert _events(world.team, "presentation.draft_downloaded") == []


def test_a_deck_that_cannot_be_built_never_stops_the_report_being_submitted(world, monkeypatch):
    def broken(team, audience):
        raise RuntimeError("deck builder down")

    monkeypatch.setattr(assessment_ops, "build_deck_pptx", broken)
    submission = world.submit()
    assert submission.docx and submission.pptx is None and submission.pptx_failed_parts == [assessment_ops.DECK_FAILED]


def _statements(client, url: str) -> int:
    from .querycount import counting_queries

    with counting_queries(db.engine) as seen:
        assert client.get(url).status_code == 200
    return len(seen)


def test_the_downloads_ask_a_fixed_number_of_questions(world, make_client):
    """However many slides and presenters: the draft reads the slides and their presenters in
    one query each; the frozen deck is one read of the standing submission's file."""
    from tests import factories
    from workspace.presentation.models import Slide

    team = world.team
    ensure_deck(team)
    slides_of(team)[0].presenter_id = world.member.id
    db.session.commit()
    client = make_client(world.member)
    client.get(_page(team))  # the first request of a client pays for nothing the next does not
    few = _statements(client, _page(team))
    people = [factories.make_user() for _ in range(6)]
    for person in people:
        factories.add_member(team, person)
    db.session.add_all(Slide(team_id=team.id, position=100 + k, title=f"Extra {k}", body="- more\n  - and more",
                             notes="n", seconds=30, presenter_id=people[k % 6].id) for k in range(29))
    db.session.commit()
    many = _statements(client, _page(team))
    assert many == few and many <= 12, (few, many)
    assert len(read(client.get(_page(team)).data).slides) == 40
    world.submit()
    assert _statements(client, _page(team)) <= 6


def test_a_draft_names_a_figure_that_failed_in_its_header(world, make_client):
    from .test_deck_pptx import PROVIDER, choose, figures

    with figures(wide=(800, 400)):
        choose(world.team, {4: "wide", 5: "missing"})
        response = make_client(world.member).get(_page(world.team))
    assert response.status_code == 200
    assert response.headers["X-Export-Failed-Parts"] == f"{PROVIDER}/missing"
    [event] = _events(world.team, "presentation.draft_downloaded")
    assert event.detail["failed_parts"] == [f"{PROVIDER}/missing"]


def test_the_download_partial_offers_the_draft_then_the_submitted_deck(world, app):
    from flask import render_template

    team = world.team
    with app.test_request_context():
        draft = render_template("presentation/_download.html", team=team, capabilities={"download_presentation"})
        none = render_template("presentation/_download.html", team=team, capabilities={"view"})
    assert f'href="{_page(team)}"' in draft and "Download the draft presentation (PowerPoint)" in draft
    assert _page(team) not in none
    world.submit()
    with app.test_request_context():
        frozen = render_template("presentation/_download.html", team=team, capabilities={"download_presentation"})
    assert "Download the submitted presentation (PowerPoint)" in frozen
