"""The stakeholder register's rules, as units: what a field accepts, the quadrant as SQL, the
history kept for "then vs now", stale writes, relationships, confidentiality and the frozen
review."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from workspace.errors import ValidationProblem
from workspace.extensions import db
from workspace.stakeholders import figures, queries
from workspace.stakeholders import operations as ops
from workspace.stakeholders.fields import FIELDS, clean
from workspace.stakeholders.models import Stakeholder, StakeholderChange, StakeholderLink
from workspace.submitted import ReportSubmitted

from . import factories


def _add(world, name="Chief nurse", **fields):
    data = {"name": name, "category": "acute_trust", "power": 4, "interest": 4, **fields}
    return ops.create(world.team, world.member, data).stakeholder


def _problems(data, members=(), partial=False) -> dict:
    with pytest.raises(ValidationProblem) as raised:
        clean(data, members=dict.fromkeys(members), partial=partial)
    return raised.value.fields


# --- what a field accepts ---------------------------------------------------------------------


@pytest.mark.parametrize("score", [0, 6, -1, 3.5, "3.5", "three", True, [3], "", None, "99999999999"])
def test_power_and_interest_are_whole_numbers_from_1_to_5(score):
    problems = _problems({"name": "A", "category": "icb", "power": score, "interest": score})
    assert set(problems) == {"power", "interest"}
    assert "1" in problems["power"] and "5" in problems["power"]


@pytest.mark.parametrize("score", [-3, 3, 1.0, "++1", "positive", False])
def test_attitudes_run_from_minus_2_to_plus_2(score):
    problems = _problems({"attitude": score, "desired_attitude": score}, partial=True)
    assert set(problems) == {"attitude", "desired_attitude"}
    assert "-2 (active resistor) to +2 (champion)" in problems["attitude"]


def test_scores_from_text_and_words_are_read_as_people_write_them():
    cleaned = clean({"power": " 5 ", "interest": "'3", "attitude": "+1", "desired_attitude": "Champion"},
                    members={}, partial=True)
    assert cleaned == {"power": 5, "interest": 3, "attitude": 1, "desired_attitude": 2}
    assert clean({"attitude": "", "desired_attitude": None}, members={}, partial=True) == {
        "attitude": None, "desired_attitude": None}


def test_categories_come_from_the_ics_list_by_key_or_label():
    assert clean({"category": "PCN or GP practice"}, members={}, partial=True)["category"] == "primary_care"
    assert clean({"category": "icb"}, members={}, partial=True)["category"] == "icb"
    message = _problems({"category": "Hospital"}, partial=True)["category"]
    assert "Acute trust" in message and "Voluntary and community sector" in message
    assert "Choose category" in _problems({"name": "A", "power": 1, "interest": 1})["category"]


def test_the_owner_must_be_a_member_of_the_team(world):
    members = ops.members_of(world.team)
    assert set(members) == {world.member.id}  # not the host, not the assessor
    for outsider in (world.host.id, world.other_member.id, world.facilitator.id, "abc", 2**40):
        assert "member of this team" in _problems({"owner_id": outsider}, members, partial=True)["owner_id"]
    assert clean({"owner_id": str(world.member.id)}, members=members, partial=True) == {"owner_id": world.member.id}


def test_dates_lengths_tags_and_the_nine_cs():
    cleaned = clean({"last_contact_on": "31/01/2027", "next_contact_on": "2027-02-28", "tags": "ICB, funding, icb",
                     "nine_cs": "Champions; commissioners"}, members={}, partial=True)
    assert cleaned["last_contact_on"] == date(2027, 1, 31) and cleaned["next_contact_on"] == date(2027, 2, 28)
    assert cleaned["tags"] == ["ICB", "funding"]  # a repeat in another case is the same tag
    assert cleaned["nine_cs"] == ["commissioners", "champions"]  # in the checklist's order
    problems = _problems({"last_contact_on": "2027-02-30", "next_contact_on": "1066-10-14", "name": "x" * 121,
                          "notes": "n" * 5001, "tags": [f"t{n}" for n in range(11)], "nine_cs": "Critics",
                          "confidential": "perhaps"}, partial=True)
    assert "real date" in problems["last_contact_on"]
    assert "between 1990 and 2100" in problems["next_contact_on"]
    assert "120 characters or fewer" in problems["name"]
    assert "5,000 characters or fewer" in problems["notes"]
    assert "at most 10 tags" in problems["tags"]
    assert "“Critics” is not one of the 9 Cs" in problems["nine_cs"]
    assert "yes or no" in problems["confidential"]


def test_names_are_cleaned_of_control_and_invisible_characters_and_must_not_be_blank():
    cleaned = clean({"name": "  Dr\u200b Amy\x00 \u202eLee\n ", "category": "icb", "power": 1, "interest": 1},
                    members={}, partial=False)
    assert cleaned["name"] == "Dr Amy Lee"
    assert "Enter the stakeholder's name" in _problems({"name": " \u200b\x07 ", "category": "icb", "power": 1,
                                                        "interest": 1})["name"]


def test_unknown_fields_are_named():
    problems = _problems({"name": "A", "salary": 1, "__class__": "x"}, partial=True)
    assert set(problems) == {"salary", "__class__"}


def test_every_field_is_listed_once():
    assert len(FIELDS) == len(set(FIELDS))


# --- the quadrant -------------------------------------------------------------------------------


def test_the_register_filters_quadrants_as_the_figures_draw_them(world):
    """queries.quadrant_condition is figures.quadrant in SQL: on every score pair they agree."""
    for power in range(1, 6):
        for interest in range(1, 6):
            _add(world, f"P{power} I{interest}", power=power, interest=interest)
    for name in figures.QUADRANTS:
        found = db.session.scalars(select(Stakeholder).where(queries.quadrant_condition(name))).all()
        assert found, name
        assert all(figures.quadrant(s.power, s.interest) == name for s in found)
    assert sum(len(db.session.scalars(select(Stakeholder).where(queries.quadrant_condition(n))).all())
               for n in figures.QUADRANTS) == 25
    assert figures.quadrant(3, 3) == "manage closely" and figures.quadrant(2, 2) == "monitor"
    assert figures.quadrant(5, 1) == "keep satisfied" and figures.quadrant(1, 5) == "keep informed"


# --- history ------------------------------------------------------------------------------------


def _history(stakeholder) -> list[tuple]:
    return [(c.power, c.interest, c.attitude, c.desired_attitude) for c in db.session.scalars(
        select(StakeholderChange).where(StakeholderChange.stakeholder_id == stakeholder.id).order_by(StakeholderChange.id))]


def test_history_keeps_the_first_scores_and_every_change_of_score_or_attitude(world):
    person = _add(world, attitude=-1, desired_attitude=1)
    assert _history(person) == [(4, 4, -1, 1)]
    ops.update(world.team, person, world.member, {"notes": "Met at the board", "role": "Chief nurse"})
    assert len(_history(person)) == 1  # not a score
    ops.update(world.team, person, world.member, {"power": 4})  # the same value: no change
    assert len(_history(person)) == 1
    ops.update(world.team, person, world.member, {"attitude": 0})
    ops.update(world.team, person, world.member, {"power": 5, "interest": 3})
    ops.update(world.team, person, world.member, {"desired_attitude": 2})
    assert _history(person) == [(4, 4, -1, 1), (4, 4, 0, 1), (5, 3, 0, 1), (5, 3, 0, 2)]


def test_then_vs_now_reads_the_scores_at_the_end_of_a_day(world):
    day = date(2026, 10, 1)
    at = datetime(2026, 10, 1, 9, tzinfo=UTC)
    early = ops.create(world.team, world.member, {"name": "Early", "category": "icb", "power": 2, "interest": 2,
                                                  "attitude": -1}, at=at).stakeholder
    ops.update(world.team, early, world.member, {"power": 5, "attitude": 1}, at=at + timedelta(days=30))
    ops.create(world.team, world.member, {"name": "Late", "category": "icb", "power": 3, "interest": 3},
               at=at + timedelta(days=40))
    then = queries.markers_on(world.team, True, day)
    assert [(m.label, m.power, m.attitude) for m in then] == [("Early", 2, -1)]  # Late was not on the map yet
    later = queries.markers_on(world.team, True, day + timedelta(days=45))
    assert [(m.label, m.power, m.attitude) for m in later] == [("Early", 5, 1), ("Late", 3, None)]
    assert queries.first_change_on(world.team, True) == day


def test_a_hidden_attitude_is_hidden_in_its_history_too(world):
    person = _add(world, attitude=-2, desired_attitude=1, attitude_confidential=True)
    ops.update(world.team, person, world.member, {"attitude": -1, "power": 5})
    assert {p.attitude for p in queries.trend(person, False)} == {None}
    assert [p.attitude for p in queries.trend(person, True)] == [-2, -1]
    assert {m.attitude for m in queries.markers_on(world.team, False, date.today() + timedelta(days=1))} == {None}
    assert queries.seen(person, False).attitude is None and queries.seen(person, False).desired_attitude is None
    assert queries.seen(person, True).attitude == -1


def test_a_host_cannot_tell_when_a_hidden_attitude_was_reassessed(world):
    """An attitude-only change leaves a history row that repeats the power and interest before
    it: shown to a host, its date alone would say the attitude moved then."""
    person = _add(world, attitude=-2, desired_attitude=1, attitude_confidential=True)
    ops.update(world.team, person, world.member, {"attitude": 0})  # attitude only
    ops.update(world.team, person, world.member, {"power": 5})  # a score a host may see move
    ops.update(world.team, person, world.member, {"desired_attitude": 2})  # attitude only
    assert len(queries.trend(person, True)) == 4
    seen_by_host = queries.trend(person, False)
    assert len(seen_by_host) == 2 and seen_by_host[1].power == 5  # the first scores, then the power's move
    assert all(p.attitude is None for p in seen_by_host)
    open_person = _add(world, name="Ward managers", attitude=-1)
    ops.update(world.team, open_person, world.member, {"attitude": 1})
    assert len(queries.trend(open_person, False)) == 2  # nothing hidden: every change shows


# --- stale writes -------------------------------------------------------------------------------


def test_a_stale_write_conflicts_only_on_fields_someone_else_changed(world):
    person = _add(world)
    read = person.version
    ops.update(world.team, person, world.member, {"power": 2})  # someone else, meanwhile
    with pytest.raises(ops.StaleWrite) as stale:
        ops.update(world.team, person, world.member, {"power": 5}, version=read)
    assert set(stale.value.fields) == {"power"}
    db.session.expire_all()
    assert db.session.get(Stakeholder, person.id).power == 2  # nothing saved
    # Other fields merge; the same value as theirs is no conflict either.
    saved = ops.update(world.team, person, world.member, {"interest": 1, "power": 2}, version=read)
    assert saved.changed == ["interest"]
    # Without a version the fields sent are set.
    ops.update(world.team, person, world.member, {"power": 5})
    assert db.session.get(Stakeholder, person.id).power == 5


def test_versions_count_writes_and_a_version_from_the_future_is_refused(world):
    person = _add(world)
    assert person.version == 1
    ops.update(world.team, person, world.member, {"power": 1, "notes": "x"})
    assert person.version == 2
    with pytest.raises(ValidationProblem):
        ops.update(world.team, person, world.member, {"power": 3}, version=99)
    with pytest.raises(ValidationProblem):
        ops.update(world.team, person, world.member, {"power": 3}, version="2")


# --- duplicates, the engagement plan ---------------------------------------------------------------


def test_a_duplicate_name_in_the_same_organisation_is_warned_about_and_allowed(world):
    _add(world, "Dr Amy Lee", organisation="Eastfield ICB")
    saved = ops.create(world.team, world.member, {"name": "  dr  AMY lee ", "organisation": "eastfield icb",
                                                  "category": "icb", "power": 1, "interest": 1})
    assert saved.warnings and "already has someone called" in saved.warnings[0]
    assert ops.create(world.team, world.member, {"name": "Dr Amy Lee", "organisation": "Riverside Trust",
                                                 "category": "icb", "power": 1, "interest": 1}).warnings == []
    other_team = ops.create(world.other_team, world.other_member, {"name": "Dr Amy Lee", "organisation": "Eastfield ICB",
                                                                    "category": "icb", "power": 1, "interest": 1})
    assert other_team.warnings == []


def test_the_next_contact_follows_from_the_last_and_how_often_and_overdue_is_past(world):
    person = _add(world, last_contact_on="2026-11-01", frequency="monthly")
    assert person.next_contact_on == date(2026, 12, 1)
    with pytest.raises(ValidationProblem) as refused:
        ops.update(world.team, person, world.member, {"next_contact_on": "2026-10-01"})
    assert "on or after the last contact" in refused.value.fields["next_contact_on"]
    with pytest.raises(ValidationProblem) as future:
        ops.update(world.team, person, world.member, {"last_contact_on": (date.today() + timedelta(days=9)).isoformat()})
    assert "cannot be in the future" in future.value.fields["last_contact_on"]
    ops.update(world.team, person, world.member, {"next_contact_on": (queries.today() - timedelta(days=1)).isoformat(),
                                                   "owner_id": world.member.id})
    assert queries.seen(person, True).overdue
    due, total = queries.overdue_for(world.team, world.member, True)
    assert [s.id for s in due] == [person.id] and total == 1


# --- relationships ------------------------------------------------------------------------------


def test_relationships_are_checked(world):
    a, b = _add(world, "A"), _add(world, "B")
    elsewhere = ops.create(world.other_team, world.other_member, {"name": "C", "category": "icb", "power": 1,
                                                                  "interest": 1}).stakeholder
    ops.add_link(world.team, world.member, a.id, b.id, "works_with")
    cases = [
        (a.id, a.id, "influences", "cannot be linked to themselves"),
        (a.id, elsewhere.id, "influences", f"no stakeholder {elsewhere.id} on this team's register"),
        (a.id, b.id, "works_with", "already linked"),
        (b.id, a.id, "works_with", "already linked"),  # works with reads both ways
        (a.id, b.id, "likes", "Choose how they are related"),
        ("x", b.id, "influences", "Choose a stakeholder"),
    ]
    for source, target, kind, message in cases:
        with pytest.raises(ValidationProblem) as refused:
            ops.add_link(world.team, world.member, source, target, kind)
        assert message in refused.value.message, (source, target, kind)
    ops.add_link(world.team, world.member, b.id, a.id, "influences")  # a different kind is fine
    ops.add_link(world.team, world.member, a.id, b.id, "influences")  # influence runs one way
    assert db.session.query(StakeholderLink).count() == 3


def test_deleting_a_stakeholder_takes_them_and_their_links_off_the_map(world):
    a, b = _add(world, "A"), _add(world, "B")
    ops.add_link(world.team, world.member, a.id, b.id, "influences")
    ops.delete(world.team, a, world.member)
    assert [s.name for s in queries.seen_all(world.team, True)] == ["B"]
    assert db.session.query(StakeholderLink).count() == 0
    assert queries.get_seen(world.team, a.id, True) is None
    with pytest.raises(ValidationProblem):
        ops.add_link(world.team, world.member, a.id, b.id, "influences")


# --- confidentiality and the frozen review -------------------------------------------------------


def test_a_confidential_stakeholder_is_not_there_for_a_host(world):
    secret = _add(world, "Senior partner", confidential=True)
    open_one = _add(world, "Practice manager")
    ops.add_link(world.team, world.member, secret.id, open_one.id, "influences")
    assert [s.name for s in queries.seen_all(world.team, False)] == ["Practice manager"]
    assert queries.get_seen(world.team, secret.id, False) is None
    assert queries.seen_links(world.team, False) == []
    assert queries.seen(open_one, False).confidential is None  # a host is not told which are
    assert len(queries.seen_links(world.team, True)) == 1


def test_a_host_sorting_or_filtering_by_attitude_learns_nothing_hidden(world):
    _add(world, "Hidden resistor", attitude=-2, attitude_confidential=True)
    _add(world, "Open champion", attitude=2)
    by_attitude = [s.name for s in db.session.scalars(queries.register_statement(world.team, False, sort="attitude"))]
    assert by_attitude == ["Open champion", "Hidden resistor"]  # a hidden attitude sorts as not recorded
    resistors = queries.Filters(attitude=-2)
    assert db.session.scalars(queries.register_statement(world.team, False, resistors)).all() == []
    assert len(db.session.scalars(queries.register_statement(world.team, True, resistors)).all()) == 1


def test_a_submitted_review_freezes_the_map(world):
    person, other = _add(world, "A"), _add(world, "B")
    world.submit()
    for change in (
        lambda: ops.create(world.team, world.member, {"name": "New", "category": "icb", "power": 1, "interest": 1}),
        lambda: ops.update(world.team, person, world.member, {"power": 1}),
        lambda: ops.delete(world.team, person, world.member),
        lambda: ops.add_link(world.team, world.member, person.id, other.id, "influences"),
    ):
        with pytest.raises(ReportSubmitted):
            change()
    db.session.expire_all()
    assert db.session.get(Stakeholder, person.id).power == 4
    assert db.session.get(Stakeholder, person.id).deleted_at is None


def test_the_register_is_capped(world, monkeypatch):
    monkeypatch.setattr(ops, "MAX_STAKEHOLDERS", 2)
    _add(world, "A")
    _add(world, "B")
    with pytest.raises(ValidationProblem) as full:
        _add(world, "C")
    assert "at most 2" in full.value.message


def test_another_team_is_never_read(world):
    mine = _add(world, "Mine")
    theirs = ops.create(world.other_team, world.other_member, {"name": "Theirs", "category": "icb", "power": 1,
                                                               "interest": 1}).stakeholder
    assert queries.get_seen(world.team, theirs.id, True) is None
    assert [s.id for s in queries.seen_all(world.team, True)] == [mine.id]
    factories.make_team()  # an empty team has an empty map
    db.session.commit()
