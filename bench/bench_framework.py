"""The framework's tagging and editor: server time and SQL statements, in-process.

An action's page with its tag panel (no tags; 40 tags, the most an item may carry), the
facilitator's framework editor (as shipped; with 300 more behaviours), the framework API and the
team's tags API (10 tags; 2,000), and the first copy of the framework into a cohort. Wall-clock
p50/p95, CPU p50 and queries per request; tests/test_query_counts.py asserts that they do not grow.
"""

from __future__ import annotations

import time

from bench.harness import (
    make_app,
    page_table_header,
    page_table_row,
    report,
    signed_in_client,
    time_page,
)

SIZES = {"small (no tags; framework as shipped)": (0, 0, 10), "large (40 tags on it; +300 behaviours)": (40, 300, 2000)}
REQUESTS = 30


def _build(app, item_tags: int, extra_behaviours: int, team_tags: int):
    from tests import factories
    from workspace.extensions import db
    from workspace.framework import tags as tag_ops
    from workspace.framework.models import FrameworkBehaviour, Tag
    from workspace.framework.setup import ensure_framework, framework_of
    from workspace.models import User
    from workspace.qi.models import Action

    with app.app_context():
        team = factories.make_team("Team Bench")
        member = factories.make_user("Bench Member", "bench@example.org")
        facilitator = factories.make_user("Bench Facilitator", "fac@example.org", facilitator=True)
        factories.add_member(team, member)
        db.session.commit()
        started = time.perf_counter()
        ensure_framework(team.cohort)
        copy_ms = (time.perf_counter() - started) * 1000
        framework = framework_of(team.cohort_id)
        domain = framework.domains[0]
        db.session.add_all(FrameworkBehaviour(cohort_id=team.cohort_id, domain_id=domain.id, name=f"Extra {k}",
                                              description="", position=100 + k) for k in range(extra_behaviours))
        actions = [Action(team_id=team.id, title=f"Action {k}", status="open") for k in range(max(1, team_tags // 5))]
        db.session.add_all(actions)
        db.session.commit()
        refs = [f"domain:{d.id}" for d in framework.domains] + [
            f"behaviour:{b.id}" for d in framework.domains for b in d.behaviours]
        tagged = actions[0]
        for ref in refs[:item_tags]:
            tag_ops.add_tag(team, "action", tagged.id, ref, db.session.get(User, member.id))
        rows = [Tag(team_id=team.id, target_type="action", target_id=a.id, domain_id=int(ref.split(":")[1]))
                for a in actions[1:] for ref in refs[:4]][: max(0, team_tags - item_tags)]
        db.session.add_all(rows)
        db.session.commit()
        return (team.id, team.cohort_id, tagged.id, db.session.get(User, member.id).session_token,
                db.session.get(User, facilitator.id).session_token, copy_ms)


def run() -> None:
    page_table_header(40)
    for size_name, spec in SIZES.items():
        app = make_app()
        team_id, cohort_id, action_id, member_token, facilitator_token, copy_ms = _build(app, *spec)
        report(f"ensure_framework, the cohort's first copy ({size_name})", {"wall": copy_ms})
        member, facilitator = signed_in_client(app, member_token), signed_in_client(app, facilitator_token)
        for client, name, url in (
            (member, "GET an action with its tag panel", f"/teams/{team_id}/qi/actions/{action_id}"),
            (member, "GET the framework (API)", f"/api/v1/cohorts/{cohort_id}/framework"),
            (member, "GET the team's tags (API)", f"/api/v1/teams/{team_id}/tags"),
            (facilitator, "GET the framework editor", f"/admin/cohorts/{cohort_id}/framework"),
        ):
            page_table_row(name, size_name, time_page(app, client, url, REQUESTS), 40)


if __name__ == "__main__":
    run()
