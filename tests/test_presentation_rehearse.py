"""The rehearsal view (every slide in the page, in order, with notes, presenter and times) and
a slide's figure as a PNG."""

from __future__ import annotations

import re

import pytest

from workspace.exports import parts as registry
from workspace.extensions import db
from workspace.presentation import operations as ops
from workspace.presentation.layout import ensure_deck
from workspace.presentation.models import Slide
from workspace.presentation.queries import slides_of
from workspace.presentation.rehearse_views import clock
from workspace.presentation.template import DEFAULT_OUTLINE

PROVIDER = "rehearse-test-figures"  # never a real provider's name
PNG = b"\x89PNG\r\n\x1a\n" + b"rehearse-test" * 4


@pytest.fixture
def figures(world):
    drawn = []

    def draw():
        drawn.append(1)
        return PNG

    def parts(team, audience):
        if team.id != world.team.id:
            return []
        return [registry.Figure("grid", "stakeholders", "Power and interest grid", render=draw, content_hash="f" * 64)]

    registry.register_parts(PROVIDER, parts)
    yield drawn
    registry.unregister_parts(PROVIDER)


def _page(world, client):
    response = client.get(f"/teams/{world.team.id}/presentation/rehearse")
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.mark.parametrize("seconds, shown", [(0, "0:00"), (59, "0:59"), (760, "12:40"), (1200, "20:00"), (-4, "0:00")])
def test_the_clock_reads_like_a_timer(seconds, shown):
    assert clock(seconds) == shown


def test_every_slide_is_in_the_page_in_order_with_its_notes_presenter_and_time(make_client, world):
    ensure_deck(world.team)
    slides = slides_of(world.team)
    ops.save_slide(world.team, slides[2].id, {"presenter_id": world.member.id, "body": "- **People** first"}, 1,
                   world.member)
    html = _page(world, make_client(world.member))
    titles = re.findall(r'data-title="([^"]*)"', html)
    assert titles == [s.title for s in slides_of(world.team)]
    assert len(titles) == len(DEFAULT_OUTLINE)
    assert html.count("data-slide ") == len(DEFAULT_OUTLINE)
    seconds = [int(s) for s in re.findall(r'data-seconds="(\d+)"', html)]
    assert seconds == [e.seconds for e in DEFAULT_OUTLINE]
    assert "<strong>People</strong> first" in html  # bullets rendered as markdown
    assert "<strong>Presenter:</strong> Mo Member" in html
    assert DEFAULT_OUTLINE[4].notes in html  # speaker notes
    assert 'data-slot-seconds="1200"' in html and "0:00</span> of 20:00" in html
    assert f"Planned: {clock(sum(e.seconds for e in DEFAULT_OUTLINE))} of 20:00" in html
    assert 'aria-live="polite"' in html
    assert 'src="/static/js/rehearse.js"' in html and "onclick" not in html
    assert f'data-leave-url="/teams/{world.team.id}/presentation"' in html


def test_an_empty_deck_says_so(make_client, world):
    ensure_deck(world.team)
    for slide in slides_of(world.team):
        ops.delete_slide(world.team, slide, world.member)
    html = _page(world, make_client(world.member))
    assert "No slides to rehearse" in html and "data-slide " not in html


def test_a_slide_over_the_slot_plan_says_so_in_words(make_client, world):
    ensure_deck(world.team)
    slide = slides_of(world.team)[0]
    ops.save_slide(world.team, slide.id, {"minutes": "20"}, 1, world.member)
    assert "(over the slot)" in _page(world, make_client(world.member))


def test_a_host_rehearses_too_an_assessor_before_submission_may_not(make_client, world):
    _page(world, make_client(world.host))
    assert make_client(world.assessor).get(f"/teams/{world.team.id}/presentation/rehearse").status_code == 403
    assert make_client(world.other_member).get(f"/teams/{world.team.id}/presentation/rehearse").status_code == 404


def test_the_figure_route_serves_the_slides_figure_and_caches_it(make_client, world, figures):
    ensure_deck(world.team)
    slide = slides_of(world.team)[3]
    ops.save_slide(world.team, slide.id, {"figure_key": f"{PROVIDER}/grid"}, 1, world.member)
    member = make_client(world.member)
    url = f"/teams/{world.team.id}/presentation/slides/{slide.id}/figure.png"
    html = _page(world, member)
    assert f'src="{url}"' in html and 'alt="Power and interest grid"' in html
    response = member.get(url)
    assert response.status_code == 200 and response.mimetype == "image/png" and response.data == PNG
    again = member.get(url, headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304
    assert member.get(url).data == PNG
    assert len(figures) == 1  # drawn once: the second request read the cache by content hash


def test_the_figure_route_is_404_without_a_figure_or_for_another_teams_slide(make_client, world, figures):
    ensure_deck(world.team)
    ensure_deck(world.other_team)
    member = make_client(world.member)
    plain = slides_of(world.team)[1]
    assert member.get(f"/teams/{world.team.id}/presentation/slides/{plain.id}/figure.png").status_code == 404
    foreign = slides_of(world.other_team)[3]
    assert member.get(f"/teams/{world.team.id}/presentation/slides/{foreign.id}/figure.png").status_code == 404
    # a figure that has gone from the parts (its record deleted) is 404 too, never a 500
    gone = slides_of(world.team)[4]
    db.session.get(Slide, gone.id).figure_key = f"{PROVIDER}/deleted"
    db.session.commit()
    assert member.get(f"/teams/{world.team.id}/presentation/slides/{gone.id}/figure.png").status_code == 404
