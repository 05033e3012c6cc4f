"""The facilitator's presentation set-up: the cohort's slot and the outline new decks start from."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from workspace.errors import ValidationProblem
from workspace.extensions import db
from workspace.models import AuditEvent
from workspace.presentation import layout
from workspace.presentation import outline_operations as ops
from workspace.presentation.models import OutlineSlide, PresentationSettings
from workspace.presentation.queries import slides_of, slot_minutes
from workspace.presentation.template import DEFAULT_OUTLINE

from . import factories


def _actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def _entry(**values) -> dict:
    return {"title": "Our method", "body": "- Interviews\n- Shadowing", "notes": "Keep it short.", "minutes": "2",
            "figure_hint": "", **values}


# --- units: validation ---------------------------------------------------------------------------------


@pytest.mark.parametrize("typed, seconds", [("2", 120), ("1.5", 90), ("1:30", 90), ("", 0), (3, 180)])
def test_minutes_are_read_as_the_slides_read_them(typed, seconds):
    assert ops.clean_entry(_entry(minutes=typed), 20).seconds == seconds


def test_an_entry_names_every_problem_at_once():
    with pytest.raises(ValidationProblem) as caught:
        ops.clean_entry({"title": "  ", "body": "x" * (21 * 1024), "notes": "", "minutes": "-3", "figure_hint": "report"}, 20)
    assert set(caught.value.fields) == {"title", "body", "minutes", "figure_hint"}
    assert "Enter the slide title" in caught.value.fields["title"]


def test_minutes_over_the_slot_are_refused():
    with pytest.raises(ValidationProblem) as caught:
        ops.clean_entry(_entry(minutes="21"), 20)
    assert caught.value.fields["minutes"] == "Minutes must be no more than the slot (20 minutes)"
    assert ops.clean_entry(_entry(minutes="20"), 20).seconds == 1200


@pytest.mark.parametrize("hint", sorted(ops.FIGURE_HINTS))
def test_each_registered_figure_provider_is_a_hint(hint):
    assert ops.clean_entry(_entry(figure_hint=hint), 20).figure_hint == hint


@pytest.mark.parametrize("minutes", [0, 121, "twenty", "", "20.5", True, None])
def test_the_slot_is_a_whole_number_from_1_to_120(world, minutes):
    cohort = world.team.cohort
    with pytest.raises(ValidationProblem) as caught:
        ops.save_slot(cohort, minutes, world.facilitator)
    assert "from 1 to 120" in caught.value.fields["slot_minutes"]
    assert db.session.get(PresentationSettings, cohort.id) is None


def test_the_slot_is_saved_for_every_team_and_audited(world):
    cohort = world.team.cohort
    assert slot_minutes(cohort.id) == 20
    ops.save_slot(cohort, "25", world.facilitator)
    ops.save_slot(cohort, 120, world.facilitator)
    assert slot_minutes(world.team.cohort_id) == slot_minutes(world.other_team.cohort_id) == 120
    assert _actions().count("presentation.slot_saved") == 2


# --- units: the outline --------------------------------------------------------------------------------


def test_until_edited_the_cohort_uses_the_default_and_the_first_edit_copies_it(world):
    cohort = world.team.cohort
    assert not ops.is_customised(cohort)
    assert ops.entries_for(cohort) == list(DEFAULT_OUTLINE)
    ops.save_entry(cohort, 3, _entry(title="Scope, our way"), world.facilitator)
    rows = ops.outline_rows(cohort)
    assert len(rows) == len(DEFAULT_OUTLINE)
    assert [r.title for r in rows] == [e.title for e in DEFAULT_OUTLINE[:2]] + ["Scope, our way"] + \
        [e.title for e in DEFAULT_OUTLINE[3:]]
    assert [r.position for r in rows] == list(range(1, len(DEFAULT_OUTLINE) + 1))
    assert rows[3].figure_hint == "stakeholders"  # the copy keeps the default's hints
    assert "presentation.outline_slide_changed" in _actions()


def test_add_move_remove_and_reset(world):
    cohort = world.team.cohort
    number = ops.add_entry(cohort, _entry(title="Appendix", minutes="1:30", figure_hint="qi"), world.facilitator)
    assert number == len(DEFAULT_OUTLINE) + 1
    assert ops.move_entry(cohort, number, "up", world.facilitator) == number - 1
    titles = [r.title for r in ops.outline_rows(cohort)]
    assert titles[-2:] == ["Appendix", "Questions"]
    assert ops.move_entry(cohort, 1, "up", world.facilitator) == 1  # the first stays first
    assert ops.remove_entry(cohort, 1, world.facilitator) == "{review_title}"
    rows = ops.outline_rows(cohort)
    assert len(rows) == len(DEFAULT_OUTLINE) and rows[0].title == "The challenge and the host partner"
    assert [r.position for r in rows] == list(range(1, len(rows) + 1))
    ops.reset_outline(cohort, world.facilitator)
    assert not ops.is_customised(cohort) and ops.entries_for(cohort) == list(DEFAULT_OUTLINE)
    assert {"presentation.outline_slide_added", "presentation.outline_slide_moved",
            "presentation.outline_slide_removed", "presentation.outline_reset"} <= set(_actions())


def test_a_number_outside_the_outline_changes_nothing(world):
    cohort = world.team.cohort
    with pytest.raises(LookupError):
        ops.save_entry(cohort, 99, _entry(), world.facilitator)
    with pytest.raises(LookupError):
        ops.remove_entry(cohort, 0, world.facilitator)
    assert not ops.is_customised(cohort)


def test_an_outline_holds_at_most_forty_slides(world):
    cohort = world.team.cohort
    for n in range(40 - len(DEFAULT_OUTLINE)):
        ops.add_entry(cohort, _entry(title=f"Extra {n}", minutes="0"), world.facilitator)
    with pytest.raises(ValidationProblem) as caught:
        ops.add_entry(cohort, _entry(), world.facilitator)
    assert "at most 40" in caught.value.fields["title"]
    assert len(ops.outline_rows(cohort)) == 40


def test_the_outline_shapes_new_decks_only(world):
    cohort = world.team.cohort
    layout.ensure_deck(world.team)  # this team has opened its presentation
    ops.reset_outline(cohort, world.facilitator)
    ops.add_entry(cohort, _entry(title="Only for new decks"), world.facilitator)
    layout.ensure_deck(world.other_team)
    assert "Only for new decks" not in [s.title for s in slides_of(world.team)]
    assert slides_of(world.other_team)[-1].title == "Only for new decks"


# --- pages ----------------------------------------------------------------------------------------------


def _base(world) -> str:
    return f"/admin/cohorts/{world.team.cohort_id}/presentation"


def test_the_page_lists_the_default_outline_and_says_whom_it_shapes(make_client, world):
    page = make_client(world.facilitator).get(_base(world))
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "uses the default outline" in html and "teams that have not opened their presentation yet" in html
    for entry in DEFAULT_OUTLINE:
        assert entry.title.replace("{", "").replace("}", "") in html.replace("{", "").replace("}", "")
    assert "Reset to the default outline" not in html  # nothing to reset yet


def test_the_cohort_page_links_to_the_set_up(make_client, world):
    html = make_client(world.facilitator).get(f"/admin/cohorts/{world.team.cohort_id}/edit").get_data(as_text=True)
    assert f'href="{_base(world)}"' in html


def test_a_bad_slot_re_renders_with_what_was_typed(make_client, world):
    response = make_client(world.facilitator).form(f"{_base(world)}/slot", {"slot_minutes": "500"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "nhsuk-error-summary" in html and "from 1 to 120" in html and 'value="500"' in html


def test_adding_a_bad_slide_keeps_what_was_typed(make_client, world):
    client = make_client(world.facilitator)
    client.form(f"{_base(world)}/slot", {"slot_minutes": "10"})
    response = client.form(f"{_base(world)}/slides", _entry(title="Keep me", minutes="11"))
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "no more than the slot (10 minutes)" in html and 'value="Keep me"' in html
    assert not ops.is_customised(world.team.cohort)


def test_edit_move_remove_and_reset_through_the_pages(make_client, world):
    client = make_client(world.facilitator)
    base = _base(world)
    edit = client.get(f"{base}/slides/2")
    assert edit.status_code == 200 and "The challenge and the host partner" in edit.get_data(as_text=True)
    saved = client.form(f"{base}/slides/2", _entry(title="The ask", minutes="3", figure_hint="process_maps"))
    assert saved.status_code == 302 and saved.headers["Location"].endswith("#slide-2")
    row = db.session.scalar(select(OutlineSlide).where(OutlineSlide.position == 2))
    assert (row.title, row.seconds, row.figure_hint) == ("The ask", 180, "process_maps")
    moved = client.form(f"{base}/slides/2/move", {"direction": "down"})
    assert moved.headers["Location"].endswith("#slide-3")
    assert client.form(f"{base}/slides/2/move", {"direction": "sideways"}).status_code == 400
    confirm = client.get(f"{base}/slides/3/remove")
    assert confirm.status_code == 200 and "The ask" in confirm.get_data(as_text=True)
    assert client.form(f"{base}/slides/3/remove").status_code == 302
    db.session.expire_all()
    assert "The ask" not in [r.title for r in ops.outline_rows(world.team.cohort)]
    assert client.get(f"{base}/slides/99").status_code == 404
    assert client.get(f"{base}/reset").status_code == 200
    assert client.form(f"{base}/reset").status_code == 302
    db.session.expire_all()
    assert not ops.is_customised(world.team.cohort)


def test_another_cohorts_url_is_404_and_members_are_refused(make_client, world):
    assert make_client(world.facilitator).get("/admin/cohorts/999999/presentation").status_code == 404
    assert make_client(world.member).get(_base(world)).status_code == 403
    other = factories.make_cohort()
    assert make_client(world.facilitator).get(f"/admin/cohorts/{other.id}/presentation/slides/3").status_code == 200
