"""The slides API: the deck, one slide, create, save with base_version (428, merged, 409
conflict, 422), delete, reorder; another team's slide is 404; a submitted review is 409."""

from __future__ import annotations

import pytest

from workspace.exports import parts as registry
from workspace.extensions import db
from workspace.presentation.layout import ensure_deck
from workspace.presentation.models import Slide
from workspace.presentation.queries import slides_of

PROVIDER = "slides-api-test-figures"  # never a real provider's name


@pytest.fixture
def figures(world):
    def parts(team, audience):
        if team.id == world.team.id:
            return [registry.Figure("grid", "stakeholders", "Power and interest grid", png=b"x")]
        return [registry.Figure("secret", "stakeholders", "Another team's grid", png=b"x")]

    registry.register_parts(PROVIDER, parts)
    yield
    registry.unregister_parts(PROVIDER)


@pytest.fixture
def member(make_client, world):
    return make_client(world.member)


def _url(world, tail: str = "") -> str:
    return f"/api/v1/teams/{world.team.id}/slides{tail}"


def _deck(member, world) -> dict:
    response = member.api("GET", _url(world))
    assert response.status_code == 200
    return response.get_json()


def test_the_deck_lists_slides_in_order_with_versions_order_version_and_slot(member, world):
    deck = _deck(member, world)
    assert [s["number"] for s in deck["items"]] == list(range(1, 12))
    assert deck["items"][0]["title"] == world.team.review_title  # filled in from the outline
    assert {s["version"] for s in deck["items"]} == {1}
    assert deck["order_version"] == 1 and deck["slot_minutes"] == 20
    assert deck["total_seconds"] == sum(s["seconds"] for s in deck["items"])
    one = member.api("GET", _url(world, f"/{deck['items'][2]['id']}")).get_json()
    assert one["title"] == "Scope: Start Anywhere" and one["minutes"] == "2"


def test_create_then_delete(member, world):
    first = _deck(member, world)["items"][0]
    created = member.api("POST", _url(world), json={"title": "Our method", "seconds": 90, "after_id": first["id"]})
    assert created.status_code == 201, created.get_json()
    body = created.get_json()
    assert (body["title"], body["seconds"], body["position"], body["version"]) == ("Our method", 90, 2, 1)
    deck = _deck(member, world)
    assert [s["title"] for s in deck["items"]][1] == "Our method" and deck["order_version"] == 2
    assert member.api("DELETE", _url(world, f"/{body['id']}")).status_code == 204
    assert member.api("GET", _url(world, f"/{body['id']}")).status_code == 404
    assert "Our method" not in [s["title"] for s in _deck(member, world)["items"]]


def test_a_save_without_base_version_is_428_and_saves_nothing(member, world):
    slide = _deck(member, world)["items"][1]
    response = member.api("PUT", _url(world, f"/{slide['id']}"), json={"title": "Changed"})
    assert response.status_code == 428
    assert response.get_json()["error"]["code"] == "base_version_required"
    assert db.session.get(Slide, slide["id"]).title == slide["title"]


def test_a_current_save_then_a_stale_one_on_other_words_is_merged(member, world):
    slide = _deck(member, world)["items"][1]
    url = _url(world, f"/{slide['id']}")
    body = "- First point\n- Second point\n- Third point"
    assert member.api("PUT", url, json={"body": body, "base_version": 1}).get_json()["version"] == 2
    mine = member.api("PUT", url, json={"body": body.replace("First", "Opening"), "base_version": 2}).get_json()
    assert (mine["version"], mine["merged"]) == (3, False)
    stale = member.api("PUT", url, json={"body": body.replace("Third", "Closing"), "notes": "Pause here.",
                                         "seconds": 150, "base_version": 2})
    assert stale.status_code == 200, stale.get_json()
    saved = stale.get_json()
    assert (saved["version"], saved["merged"]) == (4, True)
    assert saved["body"] == "- Opening point\n- Second point\n- Closing point"
    assert (saved["notes"], saved["seconds"]) == ("Pause here.", 150)


def test_an_overlapping_stale_save_is_409_with_the_current_slide_and_the_markers(member, world):
    slide = _deck(member, world)["items"][1]
    url = _url(world, f"/{slide['id']}")
    member.api("PUT", url, json={"title": "The challenge, as the host sees it", "minutes": 3, "base_version": 1})
    response = member.api("PUT", url, json={"title": "The challenge, as we see it", "minutes": 4, "base_version": 1})
    assert response.status_code == 409
    body = response.get_json()
    assert body["error"]["code"] == "conflict"
    assert body["current_version"] == 2
    assert body["current"]["title"] == "The challenge, as the host sees it" and body["current"]["seconds"] == 180
    assert "<<<<<<<" in body["merged_with_markers"]["title"]
    assert set(body["conflicting_fields"]) == {"title", "seconds"}
    assert db.session.get(Slide, slide["id"]).version == 2  # nothing saved


def test_bad_fields_are_422_naming_each(member, world, figures):
    slide = _deck(member, world)["items"][1]
    response = member.api("PUT", _url(world, f"/{slide['id']}"), json={
        "title": "", "minutes": 25, "body": "x" * (21 * 1024), "figure_key": f"{PROVIDER}/secret", "base_version": 1})
    assert response.status_code == 422
    fields = response.get_json()["error"]["fields"]
    assert fields["title"] == "Enter a title for the slide"
    assert fields["minutes"] == "Minutes must be between 0 and the 20-minute slot"
    assert "20 kB" in fields["body"]
    assert fields["figure_key"] == "That figure is not one of your team's figures"
    both = member.api("PUT", _url(world, f"/{slide['id']}"), json={"minutes": 1, "seconds": 60, "base_version": 1})
    assert both.status_code == 422 and "seconds" in both.get_json()["error"]["fields"]
    negative = member.api("PUT", _url(world, f"/{slide['id']}"), json={"seconds": -5, "base_version": 1})
    assert negative.status_code == 422
    unknown = member.api("PUT", _url(world, f"/{slide['id']}"), json={"colour": "red", "base_version": 1})
    assert unknown.status_code == 422 and "colour" in unknown.get_json()["error"]["fields"]
    assert db.session.get(Slide, slide["id"]).version == 1


def test_a_figure_of_the_team_is_saved_with_its_caption(member, world, figures):
    slide = _deck(member, world)["items"][3]
    saved = member.api("PUT", _url(world, f"/{slide['id']}"), json={"figure_key": f"{PROVIDER}/grid", "base_version": 1})
    assert saved.status_code == 200
    assert saved.get_json()["figure_caption"] == "Power and interest grid"


def test_another_teams_slide_is_404_on_every_route(member, world, make_client):
    ensure_deck(world.other_team)
    foreign = slides_of(world.other_team)[1].id
    url = _url(world, f"/{foreign}")
    assert member.api("GET", url).status_code == 404
    assert member.api("PUT", url, json={"title": "Mine now", "base_version": 1}).status_code == 404
    assert member.api("DELETE", url).status_code == 404
    assert db.session.get(Slide, foreign).deleted_at is None
    outsider = make_client(world.other_member)
    assert outsider.api("GET", _url(world)).status_code == 404


def test_reorder_names_the_order_version(member, world):
    deck = _deck(member, world)
    ids = [s["id"] for s in deck["items"]]
    turned = [*reversed(ids)]
    missing = member.api("PUT", _url(world, "/order"), json={"ids": turned})
    assert missing.status_code == 428
    done = member.api("PUT", _url(world, "/order"), json={"ids": turned, "order_version": deck["order_version"]})
    assert done.status_code == 200 and done.get_json() == {"order_version": 2, "ids": turned}
    stale = member.api("PUT", _url(world, "/order"), json={"ids": ids, "order_version": 1})
    assert stale.status_code == 409
    assert stale.get_json()["error"]["code"] == "order_changed" and stale.get_json()["order_version"] == 2
    short = member.api("PUT", _url(world, "/order"), json={"ids": ids[:3], "order_version": 2})
    assert short.status_code == 422
    assert [s["id"] for s in _deck(member, world)["items"]] == turned


def test_after_submission_every_change_is_409_submitted(member, world):
    slide = _deck(member, world)["items"][1]
    world.submit()
    changes = [("PUT", _url(world, f"/{slide['id']}"), {"title": "Late", "base_version": 1}),
               ("POST", _url(world), {"title": "Late"}),
               ("DELETE", _url(world, f"/{slide['id']}"), None),
               ("PUT", _url(world, "/order"), {"ids": [slide["id"]], "order_version": 1})]
    for method, url, body in changes:
        response = member.api(method, url, json=body)
        assert response.status_code == 409, (method, url, response.status_code)
        assert response.get_json()["error"]["code"] == "submitted"
    assert member.api("GET", _url(world)).status_code == 200
    assert db.session.get(Slide, slide["id"]).title == slide["title"]


def test_a_host_reads_but_may_not_change(make_client, world):
    host = make_client(world.host)
    deck = host.api("GET", _url(world))
    assert deck.status_code == 200
    slide = deck.get_json()["items"][1]
    assert host.api("PUT", _url(world, f"/{slide['id']}"), json={"title": "x", "base_version": 1}).status_code == 403
