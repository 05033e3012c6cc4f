"""A stale save of a pathological text costs a bounded amount of comparing, and ends as a
conflict the writer resolves: nothing is lost, no worker is held for seconds."""

from __future__ import annotations

from workspace import tokens as tk
from workspace.auth.operations import create_api_token
from workspace.extensions import db
from workspace.merging import merge
from workspace.report import history
from workspace.report import operations as ops

LINES = 12_000


def _shape() -> tuple[str, str, str]:
    """The reported shape: 12,000 short lines (about 138 kB); the writer edited every other
    line of an old version, and someone saved a change near the top meanwhile."""
    base = [f"Line {i:05}\n" for i in range(LINES)]
    mine = [f"Line {i:05} e\n" if i % 2 else line for i, line in enumerate(base)]
    theirs = ["Line 00000 changed by Bob.\n", *base[1:]]
    return "".join(base), "".join(mine), "".join(theirs)


def test_merge_of_the_pathological_shape_is_bounded_and_loses_nothing(cells_compared):
    base, mine, theirs = _shape()
    assert len(mine.encode()) > 130_000
    result = merge(base, mine, theirs)
    assert not result.clean
    # Both sides' every line is in the text to resolve.
    assert {*mine.splitlines(), *theirs.splitlines()} <= set(result.text.splitlines())
    assert cells_compared["cells"] <= tk.SAVE_DIFF_CELLS


def test_history_diff_of_the_shape_is_bounded(cells_compared):
    base, mine, _ = _shape()
    old_tokens, new_tokens, opcodes = history.diff(base, mine)
    assert "".join(new_tokens[j1:j2] and "".join(new_tokens[j1:j2]) for _, _, _, j1, j2 in opcodes) == mine
    assert cells_compared["cells"] <= tk.SAVE_DIFF_CELLS


def test_history_diff_of_many_edited_long_lines_stays_within_one_budget(cells_compared):
    """Each changed line is cheap to diff word by word; hundreds of them are not, together."""
    base = "".join(" ".join(f"w{i}x{j}" for j in range(100)) + "\n" for i in range(400))
    lines = base.splitlines(keepends=True)
    # The first and last words of every other line change: nothing to trim, all to compare.
    edited = "".join("new " + line.replace("x99\n", "x99 new\n") if i % 2 else line for i, line in enumerate(lines))
    old_tokens, new_tokens, opcodes = history.diff(base, edited)
    assert "".join(new_tokens) == edited
    assert cells_compared["cells"] <= tk.SAVE_DIFF_CELLS


def _stale_setup(world):
    base, mine, theirs = _shape()
    ops.save_section(world.team, "findings", base, 0, world.member)
    ops.save_section(world.team, "findings", theirs, 1, world.facilitator)
    return mine, theirs


def test_api_put_of_the_shape_answers_conflict_and_saves_nothing(client, world, cells_compared):
    mine, theirs = _stale_setup(world)
    cells_compared["cells"] = 0  # count the stale save only
    headers = {"Authorization": f"Bearer {create_api_token(world.member, 't').secret}"}
    response = client.put(f"/api/v1/teams/{world.team.id}/sections/findings",
                          json={"body": mine, "base_version": 1}, headers=headers)
    assert response.status_code == 409
    data = response.get_json()
    assert data["error"]["code"] == "conflict" and data["current_version"] == 2
    assert "Line 00001 e" in data["merged_with_markers"] and "changed by Bob" in data["merged_with_markers"]
    db.session.expire_all()
    assert ops.get_section(world.team, "findings").body == theirs


def test_form_save_of_the_shape_shows_the_conflict(make_client, world, cells_compared):
    mine, theirs = _stale_setup(world)
    cells_compared["cells"] = 0
    response = make_client(world.member).form(f"/teams/{world.team.id}/report/findings",
                                              {"body": mine, "base_version": "1"})
    assert response.status_code == 409
    assert "Line 00001 e" in response.get_data(as_text=True)
    db.session.expire_all()
    assert ops.get_section(world.team, "findings").body == theirs


def test_ordinary_stale_saves_still_merge_within_the_budget(cells_compared):
    base = "".join(f"Paragraph {i} has a few words in it.\n\n" for i in range(50))
    mine = base.replace("Paragraph 3 has", "Paragraph 3 now has")
    theirs = base.replace("Paragraph 40 has", "Paragraph 40 still has")
    result = merge(base, mine, theirs)
    assert result.clean and "3 now has" in result.text and "40 still has" in result.text
