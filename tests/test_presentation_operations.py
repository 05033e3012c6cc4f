"""Slide operations: create, save (the merge of two concurrent saves), delete, move, reorder,
and the fields' validation messages."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from workspace.audit import AuditEvent
from workspace.errors import ValidationProblem
from workspace.exports import parts as registry
from workspace.extensions import db
from workspace.presentation import operations as ops
from workspace.presentation.layout import ensure_deck
from workspace.presentation.models import Deck, Slide, SlideRevision
from workspace.presentation.queries import slides_of
from workspace.submitted import ReportSubmitted

from . import factories

PROVIDER = "slides-test-figures"


@pytest.fixture
def figures(world):
    """A parts provider (a unique name) giving the world's team two figures and the other
    team one of its own."""

    def parts(team, audience):
        if team.id == world.team.id:
            return [registry.Figure("grid", "stakeholders", "Power and interest grid", png=b"x"),
                    registry.Figure("map", "process", "Current discharge process", png=b"x")]
        return [registry.Figure("secret", "stakeholders", "Another team's grid", png=b"x")]

    registry.register_parts(PROVIDER, parts)
    yield
    registry.unregister_parts(PROVIDER)


def _deck(world):
    ensure_deck(world.team)
    return slides_of(world.team)


def _second(world) -> Slide:
    return _deck(world)[1]


def _fields(slide: Slide, **changes) -> dict:
    fields = {"title": slide.title, "body": slide.body, "notes": slide.notes,
              "presenter_id": slide.presenter_id or "", "minutes": str(slide.seconds / 60), "figure_key": slide.figure_key or ""}
    fields.update(changes)
    return fields


BODY = "- First point\n- Second point\n- Third point"


def _with_body(world, body=BODY) -> Slide:
    slide = _second(world)
    ops.save_slide(world.team, slide.id, {"body": body}, slide.version, world.member)
    return db.session.get(Slide, slide.id)


# --- saving ---------------------------------------------------------------------------------------


def test_a_save_writes_a_new_version_with_its_revision_and_audit(world):
    slide = _second(world)
    outcome = ops.save_slide(world.team, slide.id, _fields(slide, title="Why it matters", minutes="1:30",
                                                            presenter_id=str(world.member.id)), 1, world.member)
    assert (outcome.version, outcome.merged, outcome.changed) == (2, False, True)
    saved = db.session.get(Slide, slide.id)
    assert (saved.title, saved.seconds, saved.presenter_id, saved.version) == ("Why it matters", 90, world.member.id, 2)
    revision = db.session.scalar(select(SlideRevision).where(SlideRevision.slide_id == slide.id, SlideRevision.version == 2))
    assert (revision.title, revision.kind, revision.author_id) == ("Why it matters", "save", world.member.id)
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "slide.saved")) is not None


def test_saving_the_same_text_again_changes_nothing(world):
    slide = _second(world)
    outcome = ops.save_slide(world.team, slide.id, _fields(slide), 1, world.member)
    assert (outcome.version, outcome.changed) == (1, False)


def test_two_saves_from_one_version_that_change_different_bullets_both_survive(world):
    slide = _with_body(world)
    base = slide.version
    ops.save_slide(world.team, slide.id, {"body": "- First point, now sharper\n- Second point\n- Third point"}, base, world.member)
    other = factories.make_user("Ravi Patel", "ravi@example.org")
    factories.add_member(world.team, other)
    db.session.commit()
    outcome = ops.save_slide(world.team, slide.id, {"body": "- First point\n- Second point\n- Third point, with data"}, base, other)
    assert outcome.merged and outcome.changed
    assert outcome.merged_with == ("Mo Member",)
    saved = db.session.get(Slide, slide.id)
    assert saved.body == "- First point, now sharper\n- Second point\n- Third point, with data"
    assert saved.version == base + 2
    kinds = list(db.session.scalars(select(SlideRevision.kind).where(SlideRevision.slide_id == slide.id).order_by(SlideRevision.version)))
    assert kinds[-1] == "merge"


def test_a_stale_save_that_changes_other_fields_merges_field_by_field(world):
    slide = _with_body(world)
    base = slide.version
    ops.save_slide(world.team, slide.id, {"title": "A new title"}, base, world.member)
    ops.save_slide(world.team, slide.id, {"minutes": "3", "notes": "Speak slowly."}, base, world.member)
    saved = db.session.get(Slide, slide.id)
    assert (saved.title, saved.seconds, saved.notes) == ("A new title", 180, "Speak slowly.")


def test_a_stale_save_that_changes_the_same_words_is_a_conflict_and_saves_nothing(world):
    slide = _with_body(world)
    base = slide.version
    ops.save_slide(world.team, slide.id, {"body": "- First point\n- Second point rewritten by them\n- Third point"}, base, world.member)
    with pytest.raises(ops.SlideConflict) as conflict:
        ops.save_slide(world.team, slide.id, {"body": "- First point\n- Second point rewritten by me\n- Third point"},
                       base, world.member)
    assert conflict.value.current_version == base + 1
    assert "<<<<<<< your version" in conflict.value.merged_with_markers["body"]
    assert "rewritten by me" in conflict.value.merged_with_markers["body"]
    assert "rewritten by them" in conflict.value.current["body"]
    assert conflict.value.scalars == []
    assert db.session.get(Slide, slide.id).version == base + 1


def test_both_sides_changing_the_minutes_differently_is_a_scalar_conflict(world):
    slide = _second(world)
    ops.save_slide(world.team, slide.id, {"minutes": "3"}, 1, world.member)
    with pytest.raises(ops.SlideConflict) as conflict:
        ops.save_slide(world.team, slide.id, {"minutes": "4", "title": "Also a title change"}, 1, world.member)
    assert conflict.value.scalars == ["seconds"]
    saved = db.session.get(Slide, slide.id)
    assert (saved.seconds, saved.version) == (180, 2)


def test_both_sides_making_the_same_scalar_change_is_no_conflict(world):
    slide = _second(world)
    ops.save_slide(world.team, slide.id, {"minutes": "3"}, 1, world.member)
    outcome = ops.save_slide(world.team, slide.id, {"minutes": "3:00"}, 1, world.member)
    assert outcome.changed is False and outcome.version == 2


def test_the_guarded_write_loses_nothing_when_another_save_lands_between_read_and_write(world, monkeypatch):
    """A forced race: the other save commits after this save has read version N and before its
    guarded UPDATE ... WHERE version = N. The UPDATE then matches nothing, and the save merges
    again against N+1: both changes survive and each version is written once."""
    slide = _with_body(world)
    base = slide.version
    real_write = ops._write
    raced = []

    def write_after_someone_else(team, target, seen, new, actor, kind):
        if not raced:
            raced.append(seen)
            ops.save_slide(team, target.id, {"body": "- First point\n- Second point\n- Third point, theirs"}, base, actor)
        return real_write(team, target, seen, new, actor, kind)

    monkeypatch.setattr(ops, "_write", write_after_someone_else)
    outcome = ops.save_slide(world.team, slide.id, {"body": "- Mine first\n- Second point\n- Third point"}, base, world.member)
    assert raced == [base]
    assert outcome.version == base + 2 and outcome.merged
    saved = db.session.get(Slide, slide.id)
    assert saved.body == "- Mine first\n- Second point\n- Third point, theirs"
    versions = list(db.session.scalars(select(SlideRevision.version).where(SlideRevision.slide_id == slide.id)
                                       .order_by(SlideRevision.version)))
    assert versions == list(range(1, base + 3))


def test_a_save_that_keeps_losing_the_race_gives_up_saving_nothing(world, monkeypatch):
    slide = _second(world)
    monkeypatch.setattr(ops, "_write", lambda *args: False)
    monkeypatch.setattr(ops.time, "sleep", lambda s: None)
    with pytest.raises(ops.SlideSaveBusy):
        ops.save_slide(world.team, slide.id, {"title": "Never"}, 1, world.member)


def test_a_save_with_conflict_markers_is_refused(world):
    slide = _second(world)
    with pytest.raises(ValidationProblem) as problem:
        ops.save_slide(world.team, slide.id, {"body": "<<<<<<< your version\n- a\n=======\n- b\n>>>>>>> saved version"},
                       1, world.member)
    assert "conflict markers" in problem.value.fields["body"]


def test_a_base_version_from_the_future_or_nonsense_is_refused(world):
    slide = _second(world)
    for base in (5, 0, "abc", None):
        with pytest.raises(ValidationProblem) as problem:
            ops.save_slide(world.team, slide.id, {"title": "x"}, base, world.member)
        assert "base_version" in problem.value.fields


def test_saving_a_deleted_slide_or_another_teams_slide_is_gone(world):
    slide = _second(world)
    ensure_deck(world.other_team)
    theirs = slides_of(world.other_team)[0]
    with pytest.raises(ops.SlideGone):
        ops.save_slide(world.team, theirs.id, {"title": "Mine now"}, 1, world.member)
    ops.delete_slide(world.team, slide, world.member)
    with pytest.raises(ops.SlideGone):
        ops.save_slide(world.team, slide.id, {"title": "Too late"}, 1, world.member)


# --- validation -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("fields", "field", "message"), [
    ({"title": "  "}, "title", "Enter a title for the slide"),
    ({"title": "x" * 201}, "title", "200 characters or fewer"),
    ({"minutes": "-1"}, "minutes", "Minutes must be between 0 and the 20-minute slot"),
    ({"minutes": "21"}, "minutes", "Minutes must be between 0 and the 20-minute slot"),
    ({"minutes": "abc"}, "minutes", "Enter minutes as a number, like 2, 1.5 or 1:30"),
    ({"body": "- word\n" * 4000}, "body", "at most 20 kB"),
    ({"body": "- **a**\n" * 700}, "body", "more bullets and formatting than a slide can hold"),
    ({"notes": "n" * (20 * 1024 + 1)}, "notes", "at most 20 kB"),
    ({"presenter_id": "abc"}, "presenter_id", "Choose a presenter"),
    ({"figure_key": "slides-test-figures/secret"}, "figure_key", "That figure is not one of your team's figures"),
    ({"figure_key": "nothing/at-all"}, "figure_key", "That figure is not one of your team's figures"),
    ({"colour": "red"}, "colour", "not a slide field"),
    ({"title": 5}, "title", "must be text"),
])
def test_bad_fields_are_refused_by_name_with_a_clear_message(world, figures, fields, field, message):
    slide = _second(world)
    with pytest.raises(ValidationProblem) as problem:
        ops.save_slide(world.team, slide.id, fields, 1, world.member)
    assert message in problem.value.fields[field]
    assert db.session.get(Slide, slide.id).version == 1


def test_the_presenter_must_be_a_member_of_this_team(world):
    slide = _second(world)
    for person in (world.other_member, world.host, world.assessor, world.facilitator):
        with pytest.raises(ValidationProblem) as problem:
            ops.save_slide(world.team, slide.id, {"presenter_id": person.id}, 1, world.member)
        assert problem.value.fields["presenter_id"] == "The presenter must be a member of this team"
    outcome = ops.save_slide(world.team, slide.id, {"presenter_id": world.member.id}, 1, world.member)
    assert outcome.slide.presenter_id == world.member.id


def test_a_figure_of_the_team_is_stored_with_its_caption(world, figures):
    slide = _second(world)
    ops.save_slide(world.team, slide.id, {"figure_key": f"{PROVIDER}/map"}, 1, world.member)
    saved = db.session.get(Slide, slide.id)
    assert (saved.figure_key, saved.figure_caption) == (f"{PROVIDER}/map", "Current discharge process")
    ops.save_slide(world.team, slide.id, {"figure_key": ""}, 2, world.member)
    saved = db.session.get(Slide, slide.id)
    assert (saved.figure_key, saved.figure_caption) == (None, None)


def test_an_unchanged_figure_does_not_build_the_figure_choices(world, figures, monkeypatch):
    slide = _second(world)
    ops.save_slide(world.team, slide.id, {"figure_key": f"{PROVIDER}/grid"}, 1, world.member)
    monkeypatch.setattr(registry, "figure_choices", lambda *a: pytest.fail("built the figure choices"))
    outcome = ops.save_slide(world.team, slide.id, {"figure_key": f"{PROVIDER}/grid", "title": "Grid"}, 2, world.member)
    assert outcome.slide.figure_caption == "Power and interest grid"


def test_control_characters_are_stripped(world):
    slide = _second(world)
    ops.save_slide(world.team, slide.id, {"title": "Bad\x00 title\x07", "notes": "a\x1bb"}, 1, world.member)
    saved = db.session.get(Slide, slide.id)
    assert (saved.title, saved.notes) == ("Bad title", "ab")


# --- create, delete, order ------------------------------------------------------------------------


def test_create_adds_at_the_end_or_after_a_slide(world):
    slides = _deck(world)
    last = ops.create_slide(world.team, world.member, {"title": "Appendix", "minutes": "1"})
    middle = ops.create_slide(world.team, world.member, {"title": "Extra"}, after_id=slides[0].id)
    order = [s.title for s in slides_of(world.team)]
    assert order[1] == "Extra" and order[-1] == "Appendix" and len(order) == len(slides) + 2
    assert [s.position for s in slides_of(world.team)] == list(range(1, len(order) + 1))
    revision = db.session.scalar(select(SlideRevision).where(SlideRevision.slide_id == middle.id))
    assert (revision.version, revision.kind) == (1, "create")
    assert last.seconds == 60
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "slide.created")) is not None


def test_create_refuses_a_title_less_slide_and_a_slide_past_the_limit(world, monkeypatch):
    _deck(world)
    with pytest.raises(ValidationProblem, match="Enter a title for the slide"):
        ops.create_slide(world.team, world.member, {})
    monkeypatch.setattr(ops, "MAX_SLIDES", 11)
    with pytest.raises(ValidationProblem, match="at most 11 slides"):
        ops.create_slide(world.team, world.member, {"title": "Twelfth"})
    with pytest.raises(ValidationProblem):
        ops.create_slide(world.team, world.member, {"title": "x"}, after_id=999999)


def test_delete_is_soft_and_leaves_the_slide_for_its_comments(world):
    slide = _second(world)
    ops.delete_slide(world.team, slide, world.member)
    assert slide.id not in [s.id for s in slides_of(world.team)]
    assert db.session.get(Slide, slide.id).deleted_at is not None
    with pytest.raises(ops.SlideGone):
        ops.delete_slide(world.team, slide, world.member)


def test_move_up_and_down_and_stay_put_at_the_ends(world):
    slides = _deck(world)
    ops.move_slide(world.team, slides[1], "up", world.member)
    assert [s.id for s in slides_of(world.team)][:2] == [slides[1].id, slides[0].id]
    ops.move_slide(world.team, slides[1], "up", world.member)  # already first
    ops.move_slide(world.team, slides[-1], "down", world.member)  # already last
    assert [s.id for s in slides_of(world.team)][:2] == [slides[1].id, slides[0].id]
    ops.move_slide(world.team, slides[1], "down", world.member)
    assert [s.id for s in slides_of(world.team)] == [s.id for s in slides]
    with pytest.raises(ValidationProblem):
        ops.move_slide(world.team, slides[1], "sideways", world.member)


def test_reorder_takes_exactly_the_live_slides_and_the_order_version_it_saw(world):
    slides = _deck(world)
    ids = [s.id for s in slides]
    seen = ops.order_version(world.team)
    new = list(reversed(ids))
    assert ops.reorder(world.team, new, seen, world.member) == seen + 1
    assert [s.id for s in slides_of(world.team)] == new
    with pytest.raises(ops.OrderStale) as stale:
        ops.reorder(world.team, ids, seen, world.member)  # made from the old order
    assert stale.value.order_version == seen + 1
    for wrong in (ids[:-1], [*ids, ids[0]], [*ids[:-1], 999999], "1,2", [*ids[:-1], "x"]):
        with pytest.raises(ValidationProblem):
            ops.reorder(world.team, wrong, seen + 1, world.member)
    assert [s.id for s in slides_of(world.team)] == new


def test_adding_a_slide_makes_an_older_reorder_stale(world):
    slides = _deck(world)
    seen = ops.order_version(world.team)
    ops.create_slide(world.team, world.member, {"title": "New"})
    with pytest.raises(ops.OrderStale):
        ops.reorder(world.team, [s.id for s in reversed(slides)], seen, world.member)
    assert db.session.get(Deck, world.team.id).order_version == seen + 1


def test_a_submitted_team_can_change_no_slide(world):
    slide = _second(world)
    world.submit()
    for change in (lambda: ops.save_slide(world.team, slide.id, {"title": "x"}, 1, world.member),
                   lambda: ops.create_slide(world.team, world.member, {"title": "x"}),
                   lambda: ops.delete_slide(world.team, slide, world.member),
                   lambda: ops.move_slide(world.team, slide, "up", world.member),
                   lambda: ops.reorder(world.team, [slide.id], 1, world.member)):
        with pytest.raises(ReportSubmitted):
            change()
    assert db.session.get(Slide, slide.id).version == 1
