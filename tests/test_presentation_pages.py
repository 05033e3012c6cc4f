"""The slide pages through the client: the outline with its timing, a slide with its comments,
editing (a clean merge says with whom, a conflict keeps what was typed), adding, deleting after
a confirmation, moving and reordering, and a submitted team's read-only deck."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from workspace.exports import parts as registry
from workspace.extensions import db
from workspace.presentation import operations as ops
from workspace.presentation import timing
from workspace.presentation.layout import ensure_deck
from workspace.presentation.models import Deck, Slide
from workspace.presentation.queries import slides_of

from . import factories


@pytest.fixture
def deck(world):
    ensure_deck(world.team)
    return slides_of(world.team)


def _url(world, suffix=""):
    return f"/teams/{world.team.id}/presentation{suffix}"


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def test_the_outline_numbers_the_slides_and_shows_the_timing(make_client, world, deck):
    ops.save_slide(world.team, deck[0].id, {"presenter_id": world.member.id, "minutes": "18:30"}, 1, world.member)
    page = make_client(world.member).get(_url(world))
    html = _text(page)
    assert page.status_code == 200
    assert "Slide 1: </span>Reducing delayed discharges" in html
    total = 18 * 60 + 30 + sum(s.seconds for s in deck[1:])
    assert f"<strong>{timing.format_seconds(total)}</strong> of your 20-minute slot" in html
    assert f"{timing.format_seconds(total - 20 * 60)} more than your 20-minute slot" in html
    assert "Over your slot" in html  # 18:30 plus the outline's other slides is past 20 minutes
    assert "Mo Member" in html and "slides have no presenter yet" in html
    assert html.count('name="direction" value="up"') == len(deck) - 1
    assert "Add a slide" in html


def test_the_outline_shares_within_the_slot_and_warns_of_nothing_when_all_is_well(make_client, world, deck):
    for slide in deck:
        ops.save_slide(world.team, slide.id, {"presenter_id": world.member.id, "minutes": "1"}, 1, world.member)
    html = _text(make_client(world.member).get(_url(world)))
    assert f"<strong>{len(deck)} min</strong> of your 20-minute slot ({20 - len(deck)} min to spare)" in html
    assert "nhsuk-warning-callout" not in html
    assert "100%" in html


def test_an_empty_deck_says_so(make_client, world, deck):
    for slide in deck:
        ops.delete_slide(world.team, slide, world.member)
    html = _text(make_client(world.member).get(_url(world)))
    assert "There are no slides in your presentation. Add one to start." in html


def test_a_host_reads_and_comments_but_is_offered_no_edit(make_client, world, deck):
    host = make_client(world.host)
    html = _text(host.get(_url(world, f"/slides/{deck[1].id}")))
    assert "Add comment" in html and "Edit" not in re.sub(r"<nav.*?</nav>", "", html)
    assert 'name="direction"' not in _text(host.get(_url(world)))
    assert host.get(_url(world, f"/slides/{deck[1].id}/edit")).status_code == 403


def test_the_slide_page_shows_the_slide_as_it_will_look(make_client, world, deck):
    ops.save_slide(world.team, deck[1].id, {"body": "- **Bold** point\n- Second", "notes": "Say hello.\nThen go on.",
                                            "presenter_id": world.member.id, "minutes": "2:30"}, 1, world.member)
    html = _text(make_client(world.member).get(_url(world, f"/slides/{deck[1].id}")))
    assert "<strong>Bold</strong> point" in html
    assert "Say hello.<br>Then go on." in html
    assert "2 min 30 s" in html and "Slide 2 of 11" in html and "by Mo Member" in html
    assert 'id="comments"' in html


def test_a_slide_with_more_text_than_fits_says_the_deck_shrinks_it(make_client, world, deck):
    client = make_client(world.member)
    short = _text(client.get(_url(world, f"/slides/{deck[2].id}")))
    assert "app-slide-face__note" not in short and "more text than fits" not in short
    body = "".join("  " * depth + f"- nest {depth}\n" for depth in range(60)) + "[link](https://x.org)\n"
    ops.save_slide(world.team, deck[2].id, {"body": body, "minutes": "1"}, 1, world.member)
    html = _text(client.get(_url(world, f"/slides/{deck[2].id}")))
    assert "This slide has more text than fits: the deck shrinks it to fit" in html
    assert "nest 59" in html and ">link</a>" in html


def test_a_comment_on_a_slide_shows_on_the_slide_and_counts_on_the_outline(make_client, world, deck):
    client = make_client(world.host)
    sent = client.form(f"/teams/{world.team.id}/comments/on/slide/{deck[2].id}", {"body": "Is this the right grid?"})
    assert sent.status_code in (302, 303), sent.get_data(as_text=True)[:500]
    assert "Is this the right grid?" in _text(client.get(_url(world, f"/slides/{deck[2].id}")))
    assert "1 open comment" in _text(client.get(_url(world)))


def test_editing_saves_and_says_so(make_client, world, deck):
    client = make_client(world.member)
    form = client.get(_url(world, f"/slides/{deck[1].id}/edit"))
    assert form.status_code == 200 and 'name="base_version" type="hidden" value="1"' in _text(form)
    saved = client.form(_url(world, f"/slides/{deck[1].id}/edit"), {
        "title": "Our challenge", "body": "- One", "notes": "", "presenter_id": str(world.member.id), "minutes": "1.5",
        "figure_key": "", "base_version": "1"})
    assert saved.status_code == 302
    slide = db.session.get(Slide, deck[1].id)
    assert (slide.title, slide.body, slide.seconds, slide.version) == ("Our challenge", "- One", 90, 2)
    assert "Slide saved." in _text(client.get(saved.headers["Location"]))


def test_a_stale_save_merges_and_names_who_saved_meanwhile(make_client, world, deck):
    ravi = factories.make_user("Ravi Patel", "ravi@example.org")
    factories.add_member(world.team, ravi)
    db.session.commit()
    ops.save_slide(world.team, deck[1].id, {"notes": "Ravi's notes"}, 1, ravi)
    client = make_client(world.member)
    saved = client.form(_url(world, f"/slides/{deck[1].id}/edit"), {
        "title": "Mo's title", "body": deck[1].body, "notes": deck[1].notes, "presenter_id": "", "minutes": "2",
        "figure_key": "", "base_version": "1"})
    assert saved.status_code == 302
    assert "Merged with Ravi’s change saved meanwhile" in _text(client.get(saved.headers["Location"]))
    slide = db.session.get(Slide, deck[1].id)
    assert (slide.title, slide.notes) == ("Mo's title", "Ravi's notes")


def test_a_conflict_keeps_what_was_typed_and_shows_what_the_other_saved(make_client, world, deck):
    ops.save_slide(world.team, deck[1].id, {"body": "- Their version of the point", "minutes": "3"}, 1, world.member)
    client = make_client(world.member)
    page = client.form(_url(world, f"/slides/{deck[1].id}/edit"), {
        "title": deck[1].title, "body": "- My version of the point", "notes": "My notes", "presenter_id": "",
        "minutes": "4", "figure_key": "", "base_version": "1"})
    html = _text(page)
    assert page.status_code == 409
    assert "&lt;&lt;&lt;&lt;&lt;&lt;&lt; your version" in html and "My version of the point" in html
    assert "Their version of the point" in html  # beside it, what they saved
    assert "My notes" in html  # a clean field keeps what was typed
    assert 'value="4"' in html and "also changed the minutes" in html
    assert "Mo Member chose 3 min. Yours is kept here: save to keep it" in html  # beside the minutes box
    assert 'name="base_version" type="hidden" value="2"' in html
    assert db.session.get(Slide, deck[1].id).body == "- Their version of the point"


def test_validation_errors_keep_what_was_typed(make_client, world, deck):
    page = make_client(world.member).form(_url(world, f"/slides/{deck[1].id}/edit"), {
        "title": "Kept title", "body": "- kept body", "notes": "", "presenter_id": "", "minutes": "abc",
        "figure_key": "", "base_version": "1"})
    html = _text(page)
    assert page.status_code == 422
    assert "There is a problem" in html and "Enter minutes as a number, like 2, 1.5 or 1:30" in html
    assert 'value="Kept title"' in html and "- kept body" in html and 'value="abc"' in html


def test_adding_a_slide_after_another(make_client, world, deck):
    client = make_client(world.member)
    new_page = _text(client.get(_url(world, f"/slides/new?after={deck[0].id}")))
    assert f'name="after_id" type="hidden" value="{deck[0].id}"' in new_page
    added = client.form(_url(world, "/slides/new"), {"title": "Our team", "body": "- Us", "notes": "", "presenter_id": "",
                                                     "minutes": "1", "after_id": str(deck[0].id)})
    assert added.status_code == 302
    assert [s.title for s in slides_of(world.team)][1] == "Our team"
    refused = client.form(_url(world, "/slides/new"), {"title": "", "minutes": "1"})
    assert refused.status_code == 422 and "Enter a title for the slide" in _text(refused)


def test_adding_a_slide_with_a_figure_from_the_same_picker(make_client, world, deck):
    provider = "slides-page-figures"  # never a real provider's name

    def parts(team, audience):
        if team.id == world.team.id:
            return [registry.Figure("map", "process", "Current discharge process", png=b"x")]
        return [registry.Figure("secret", "stakeholders", "Another team's grid", png=b"x")]

    registry.register_parts(provider, parts)
    try:
        client = make_client(world.member)
        page = _text(client.get(_url(world, "/slides/new")))
        assert '<label class="nhsuk-label" for="figure_key">Figure</label>' in page
        assert f'<option value="{provider}/map" >Current discharge process</option>' in page
        assert "Another team" not in page and f"{provider}/secret" not in page
        fields = {"title": "Our map", "body": "- As it is", "notes": "", "presenter_id": "", "minutes": "1"}
        refused = client.form(_url(world, "/slides/new"), {**fields, "figure_key": f"{provider}/secret"})
        html = _text(refused)
        assert refused.status_code == 422 and "That figure is not one of your team" in html and 'href="#figure_key"' in html
        assert 'value="Our map"' in html and "- As it is" in html  # what was typed is kept
        assert "Our map" not in [s.title for s in slides_of(world.team)]
        added = client.form(_url(world, "/slides/new"), {**fields, "figure_key": f"{provider}/map"})
        assert added.status_code == 302
        slide = next(s for s in slides_of(world.team) if s.title == "Our map")
        assert (slide.figure_key, slide.figure_caption) == (f"{provider}/map", "Current discharge process")
        plain = client.form(_url(world, "/slides/new"), {**fields, "title": "No figure", "figure_key": ""})
        assert plain.status_code == 302
        assert next(s for s in slides_of(world.team) if s.title == "No figure").figure_key is None
    finally:
        registry.unregister_parts(provider)


def test_deleting_asks_first(make_client, world, deck):
    client = make_client(world.member)
    confirm = client.get(_url(world, f"/slides/{deck[3].id}/delete"))
    assert confirm.status_code == 200 and "Delete slide" in _text(confirm)
    assert db.session.get(Slide, deck[3].id).deleted_at is None
    done = client.form(_url(world, f"/slides/{deck[3].id}/delete"))
    assert done.status_code == 302
    assert deck[3].id not in [s.id for s in slides_of(world.team)]
    assert client.get(_url(world, f"/slides/{deck[3].id}")).status_code == 404


def test_moving_and_reordering(make_client, world, deck):
    client = make_client(world.member)
    moved = client.form(_url(world, f"/slides/{deck[2].id}/move"), {"direction": "up"})
    assert moved.status_code == 302 and moved.headers["Location"].endswith(f"?moved={deck[2].id}&focus=up")
    # the outline it leads to puts the focus back on the moved slide's Up button, and only there
    after = client.get(moved.headers["Location"]).get_data(as_text=True)
    assert after.count(" autofocus") == 1
    assert re.search(rf'aria-label="Move slide 2, {re.escape(deck[2].title)}, up" autofocus', after)
    # moved to the top, it has no Up button: its card takes the focus
    top = client.form(_url(world, f"/slides/{deck[2].id}/move"), {"direction": "up"})
    first = client.get(top.headers["Location"]).get_data(as_text=True)
    assert first.count(" autofocus") == 1
    assert re.search(rf'id="slide-{deck[2].id}"[^>]*>\s*<div class="app-slide-list__card" tabindex="-1" autofocus>', first)
    assert " autofocus" not in client.get(_url(world)).get_data(as_text=True)
    client.form(_url(world, f"/slides/{deck[2].id}/move"), {"direction": "down"})
    order = [s.id for s in slides_of(world.team)]
    assert order[1] == deck[2].id
    version = db.session.get(Deck, world.team.id).order_version
    new = list(reversed(order))
    done = client.form(_url(world, "/order"), {"order": [str(i) for i in new], "order_version": str(version)})
    assert done.status_code == 302
    assert [s.id for s in slides_of(world.team)] == new
    stale = client.form(_url(world, "/order"), {"order": [str(i) for i in order], "order_version": str(version)})
    assert stale.status_code == 409 and "Nothing was moved" in _text(stale)
    wrong = client.form(_url(world, "/order"), {"order": [str(i) for i in new[:-1]], "order_version": str(version + 1)})
    assert wrong.status_code == 400
    assert client.form(_url(world, f"/slides/{deck[2].id}/move"), {"direction": "left"}).status_code == 400


def test_another_teams_slide_is_404_on_every_page(make_client, world, deck):
    ensure_deck(world.other_team)
    theirs = slides_of(world.other_team)[0].id
    client = make_client(world.member)
    for suffix in (f"/slides/{theirs}", f"/slides/{theirs}/edit", f"/slides/{theirs}/delete"):
        assert client.get(_url(world, suffix)).status_code == 404
    assert client.form(_url(world, f"/slides/{theirs}/move"), {"direction": "up"}).status_code == 404


def test_a_submitted_team_reads_its_slides_and_every_change_answers_409(make_client, world, deck):
    world.submit()
    client = make_client(world.member)
    outline = _text(client.get(_url(world)))
    assert "Add a slide" not in outline and 'name="direction"' not in outline and "shown to read" in outline
    assert client.get(_url(world, f"/slides/{deck[1].id}/edit")).status_code == 409
    saved = client.form(_url(world, f"/slides/{deck[1].id}/edit"), {"title": "x", "base_version": "1"})
    assert saved.status_code == 409 and "submitted" in _text(saved)
    assert db.session.scalar(select(Slide.version).where(Slide.id == deck[1].id)) == 1


def test_the_figure_picker_offers_the_slides_suggested_kind_first():
    from types import SimpleNamespace

    from workspace.presentation.slide_forms import figure_groups

    figures = [SimpleNamespace(provider=p, key=f"{p}/{k}", caption=f"{p} {k}") for p, k in
               [("stakeholders", "grid"), ("process_maps", "map-1"), ("qi", "chart"), ("process_maps", "map-2")]]
    groups = figure_groups(figures, "process_maps", None, None)  # the default outline's hint for the map slide
    assert [label for label, _ in groups] == ["Process maps", "Stakeholders", "Quality improvement"]
    assert groups[0][1] == [("process_maps/map-1", "process_maps map-1"), ("process_maps/map-2", "process_maps map-2")]
    assert [label for label, _ in figure_groups(figures, "qi", None, None)][0] == "Quality improvement"
    kept = figure_groups(figures, None, "stakeholders/gone", "Old grid")
    assert kept[0] == ("Chosen before", [("stakeholders/gone", "Old grid (no longer in your work)")])


def test_adding_after_a_slide_deleted_meanwhile_says_so_and_keeps_what_was_typed(make_client, world, deck):
    ops.delete_slide(world.team, deck[2], world.member)
    page = make_client(world.member).form(_url(world, "/slides/new"), {
        "title": "Kept", "body": "- kept bullet", "minutes": "1", "after_id": str(deck[2].id)})
    html = _text(page)
    assert page.status_code == 422
    assert "The slide you were adding this after has been deleted" in html
    assert 'value="Kept"' in html and "- kept bullet" in html
    assert 'name="after_id" type="hidden" value=""' in html
