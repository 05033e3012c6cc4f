"""Word counts: one rule everywhere, and the report's state against its limit."""

from __future__ import annotations

import pytest

from workspace.auth.operations import create_api_token
from workspace.extensions import db
from workspace.markdown import count_words, word_starts
from workspace.report import history
from workspace.report import operations as ops
from workspace.report.models import ReportRules, Revision
from workspace.report.queries import contributions, word_state

# Prose, a table and markdown syntax: the words of the table count only by the cohort's rule.
BODY = (
    "## Waiting times\n\n"
    "We reviewed **waits** in the [discharge lounge](https://example.org/very/long/address) "
    "and found `delays` of 1. up to four hours.\n\n"
    "| Ward | Median wait | Longest wait |\n"
    "| --- | --- | --- |\n"
    "| Ward 7 acute medicine | two hours | five hours |\n"
    "| Ward 9 elderly care | three hours | seven hours |\n\n"
    "- Pharmacy \\* sign-off\n- Transport &amp; porters\n"
)


def _set_rules(world, count_tables: bool) -> None:
    db.session.merge(ReportRules(cohort_id=world.team.cohort_id, word_limit=5000, tolerance_percent=10,
                                 count_tables=count_tables))
    db.session.commit()


@pytest.mark.parametrize("count_tables", [False, True])
def test_word_starts_agree_with_count_words(count_tables):
    starts = word_starts(BODY, count_tables=count_tables)
    assert len(starts) == count_words(BODY, count_tables=count_tables)
    assert starts == sorted(starts)
    weights = history.word_weights(BODY, count_tables=count_tables)
    assert sum(weights) == len(starts)


@pytest.mark.parametrize("count_tables", [False, True])
def test_one_count_on_every_page_and_in_the_api(make_client, client, world, count_tables):
    _set_rules(world, count_tables)
    expected = count_words(BODY, count_tables=count_tables)
    ops.save_section(world.team, "findings", "First draft by Mo.\n", 0, world.member)
    ops.save_section(world.team, "findings", BODY, 1, world.facilitator)
    section = ops.get_section(world.team, "findings")
    assert section.word_count == expected

    people = contributions(section, ops.rules_for(world.team.cohort))
    assert sum(c.words_in_current_text for c in people) == expected
    latest = db.session.query(Revision).filter_by(section_id=section.id, version=section.version).one()
    assert latest.word_count == expected
    added = sum(c.words_added for c in people) - sum(c.words_removed for c in people)
    assert added == expected  # words added minus removed over the history is the count now

    member = make_client(world.member)
    page = member.get(f"/teams/{world.team.id}/report/findings").get_data(as_text=True)
    assert f'<span id="section-words">{expected:,}</span> words' in page
    history_page = member.get(f"/teams/{world.team.id}/report/findings/history").get_data(as_text=True)
    assert f"<td>{expected:,}</td>" in history_page
    headers = {"Authorization": f"Bearer {create_api_token(world.member, 't').secret}"}
    api = client.get(f"/api/v1/teams/{world.team.id}/sections", headers=headers).get_json()["items"]
    assert next(s for s in api if s["key"] == "findings")["word_count"] == expected
    preview = client.post(f"/api/v1/teams/{world.team.id}/preview", json={"body": BODY}, headers=headers).get_json()
    assert preview["word_count"] == expected


def test_table_words_are_not_credited_to_anyone_unless_tables_count(world):
    _set_rules(world, False)
    ops.save_section(world.team, "findings", "| a b c d e f g h |\n| --- |\n| i j k l m n o p |\n\nTwo words.\n",
                     0, world.member)
    section = ops.get_section(world.team, "findings")
    people = contributions(section, ops.rules_for(world.team.cohort))
    assert [(c.user.id, c.words_in_current_text, c.words_added) for c in people] == [(world.member.id, 2, 2)]


def test_changing_the_table_rule_recounts_every_section(world, make_client):
    _set_rules(world, False)
    ops.save_section(world.team, "findings", BODY, 0, world.member)
    assert ops.get_section(world.team, "findings").word_count == count_words(BODY, count_tables=False)
    ops.save_rules(world.team.cohort, 5000, 10, True)
    db.session.expire_all()
    assert ops.get_section(world.team, "findings").word_count == count_words(BODY, count_tables=True)


def test_the_history_row_of_the_current_version_follows_a_rule_change(world, make_client):
    _set_rules(world, False)
    ops.save_section(world.team, "findings", BODY, 0, world.member)
    ops.save_rules(world.team.cohort, 5000, 10, True)
    counted = count_words(BODY, count_tables=True)
    assert counted != count_words(BODY, count_tables=False)
    page = make_client(world.member).get(f"/teams/{world.team.id}/report/findings/history").get_data(as_text=True)
    rows = page.split("<tbody", 1)[1]
    assert f"{counted:,} words</span>" in rows  # the current version, counted by today's rule


# --- the state against the limit -------------------------------------------------------------


@pytest.mark.parametrize(("counted", "state"), [
    (0, "under"), (89, "under"), (90, "near"), (100, "near"), (101, "over_within_tolerance"),
    (110, "over_within_tolerance"), (111, "over_tolerance"),
])
def test_word_state_says_which(counted, state):
    assert word_state(counted, 100, 110) == state


def test_no_tolerance_means_over_is_over_the_tolerance():
    assert word_state(101, 100, 100) == "over_tolerance"


def test_with_no_tolerance_the_page_does_not_talk_of_a_0_percent_tolerance(make_client, world):
    db.session.add(ReportRules(cohort_id=world.team.cohort_id, word_limit=100, tolerance_percent=0, count_tables=False))
    db.session.commit()
    ops.save_section(world.team, "introduction", "word " * 120, 0, world.member)
    page = make_client(world.member).get(f"/teams/{world.team.id}/report").get_data(as_text=True)
    assert "Over the limit" in page and "0% tolerance" not in page
    assert "no tolerance: the limit is the most allowed" in page


def test_page_and_api_say_over_but_within_the_tolerance(make_client, client, world):
    ops.sections_for(world.team)
    db.session.add(ReportRules(cohort_id=world.team.cohort_id, word_limit=100, tolerance_percent=10, count_tables=False))
    db.session.commit()
    ops.save_section(world.team, "findings", "word " * 105, 0, world.member)
    page = make_client(world.member).get(f"/teams/{world.team.id}/report").get_data(as_text=True)
    assert "Over the limit, within the 10% tolerance" in page
    assert "Nearly at the limit" not in page
    headers = {"Authorization": f"Bearer {create_api_token(world.member, 't').secret}"}
    saved = client.put(f"/api/v1/teams/{world.team.id}/sections/findings",
                       json={"body": "word " * 120, "base_version": 1}, headers=headers).get_json()
    assert saved["word_total"]["state"] == "over_tolerance" and saved["word_total"]["counted"] == 120
    preview = client.post(f"/api/v1/teams/{world.team.id}/preview",
                          json={"body": "word " * 95, "section": "findings"}, headers=headers).get_json()
    assert preview["word_total"]["state"] == "near" and preview["word_total"]["label"] == "Nearly at the limit"
    missing = client.post(f"/api/v1/teams/{world.team.id}/preview", json={"body": "x", "section": "nope"}, headers=headers)
    assert missing.status_code == 404
