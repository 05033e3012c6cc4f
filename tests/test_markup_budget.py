"""A section's markup is bounded as its size is: text that would cost seconds to parse is
refused on the way in, with a message that says what to do, and nothing typed is lost."""

from __future__ import annotations

import pathlib

from workspace.auth.operations import create_api_token
from workspace.extensions import db
from workspace.markdown import MAX_MARKUP_COST, markup_cost
from workspace.report import operations as ops

LIST_PAST_THE_LIMIT = "- item\n" * 6_000


def test_the_cost_grows_with_markup_not_with_words():
    prose = "The discharge lounge waits were long on ward seven. " * 2_000
    assert markup_cost(prose) == 0
    assert markup_cost("- a\n") > markup_cost("a\n") > 0
    assert markup_cost("_a_ ") > markup_cost("[a] ")
    assert markup_cost(LIST_PAST_THE_LIMIT) > MAX_MARKUP_COST


def test_the_programmes_own_documents_fit_five_times_over():
    """The seed documents are real programme writing: a section five times their length fits."""
    for path in pathlib.Path(__file__).parents[2].joinpath("shared", "seeds").glob("*"):
        text = path.read_text(errors="replace")
        assert markup_cost(text * 5) <= MAX_MARKUP_COST, path.name


def test_api_save_past_the_limit_is_413_and_saves_nothing(client, world):
    headers = {"Authorization": f"Bearer {create_api_token(world.member, 't').secret}"}
    response = client.put(f"/api/v1/teams/{world.team.id}/sections/findings",
                          json={"body": LIST_PAST_THE_LIMIT, "base_version": 0}, headers=headers)
    assert response.status_code == 413
    assert "appendix" in response.get_json()["error"]["message"]
    db.session.expire_all()
    assert ops.get_section(world.team, "findings").body == ""
    preview = client.post(f"/api/v1/teams/{world.team.id}/preview", json={"body": LIST_PAST_THE_LIMIT}, headers=headers)
    assert preview.status_code == 413


def test_form_save_past_the_limit_keeps_the_text(make_client, world):
    response = make_client(world.member).form(f"/teams/{world.team.id}/report/findings",
                                              {"body": LIST_PAST_THE_LIMIT, "base_version": "0"})
    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert "more list items, table rows" in page
    assert page.count("- item") == 6_000  # what was typed is back in the box


def test_a_long_ordinary_section_is_accepted(world):
    body = "\n\n".join(
        f"## Finding {n}\n\nThe team found that **waits** at the [front door](https://example.org) grew.\n\n"
        "- one point\n- another point\n\n| measure | value |\n|---|---|\n| wait | 9 days |"
        for n in range(150)
    )
    assert ops.save_section(world.team, "findings", body, 0, world.member).version == 1
