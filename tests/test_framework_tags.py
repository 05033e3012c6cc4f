"""Tagging the team's work with its cohort's framework: the rules, the panel on each page, the routes."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from workspace.errors import ValidationProblem
from workspace.extensions import db
from workspace.framework import tags as ops
from workspace.framework.models import FrameworkBehaviour, FrameworkDomain, Tag
from workspace.framework.setup import ensure_framework, framework_of
from workspace.framework.tag_queries import tags_of
from workspace.models import AuditEvent
from workspace.qi import action_operations as action_ops
from workspace.qi import pdsa_operations as pdsa_ops
from workspace.qi import plan_operations as plan_ops
from workspace.report import operations as report_ops
from workspace.report.models import Section
from workspace.stakeholders import operations as stakeholder_ops
from workspace.submitted import ReportSubmitted

from . import factories
from .querycount import counting_queries


def _framework(team):
    ensure_framework(team.cohort)
    return framework_of(team.cohort_id)


def _domain(team, key):
    return next(d for d in _framework(team).domains if d.key == key)


def _behaviour(team, name):
    framework = _framework(team)
    return next(b for d in framework.domains for b in d.behaviours if b.name == name)


def _action(team, writer, title="Book the discharge huddle"):
    return action_ops.create(team, writer, {"title": title})


def _count_tags() -> int:
    return db.session.scalar(select(func.count()).select_from(Tag))


def test_tag_an_action_with_a_domain_and_a_behaviour(world):
    team = world.team
    action = _action(team, world.member)
    innovation, mapping = _domain(team, "innovation"), _behaviour(team, "Process mapping")
    tag = ops.add_tag(team, "action", action.id, f"domain:{innovation.id}", world.member)
    ops.add_tag(team, "action", action.id, f"behaviour:{mapping.id}", world.member)
    shown = tags_of(team, "action", [action.id])[action.id]
    assert [(t.kind, t.name, t.group) for t in shown] == [
        ("domain", "Innovation and Improvement", "Innovation and Improvement"),
        ("behaviour", "Process mapping", "Innovation and Improvement")]
    assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.target_type == "framework_tags",
                                                             AuditEvent.target_id == tag.id)) == "framework.tag_added"


def test_a_duplicate_changes_nothing(world):
    action = _action(world.team, world.member)
    ref = f"domain:{_domain(world.team, 'learning').id}"
    first = ops.add_tag(world.team, "action", action.id, ref, world.member)
    again = ops.add_tag(world.team, "action", action.id, ref, world.member)
    assert again.id == first.id
    assert _count_tags() == 1


def test_the_database_holds_one_tag_of_a_kind_per_item_even_when_two_requests_race(world):
    """The check in add_tag reads before it writes; two requests at the same moment both pass it.
    The partial unique indexes refuse the second row (NULLs in the other column never clash, so a
    constraint over all four columns would not), and add_tag then answers with the standing tag."""
    from sqlalchemy.exc import IntegrityError

    action = _action(world.team, world.member)
    domain, behaviour = _domain(world.team, "learning"), _behaviour(world.team, "Process mapping")
    for column, ref_id in (("domain_id", domain.id), ("behaviour_id", behaviour.id)):
        for _ in range(2):
            db.session.add(Tag(team_id=world.team.id, target_type="action", target_id=action.id, **{column: ref_id}))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()
    assert _count_tags() == 0


def test_another_cohorts_domain_or_behaviour_is_refused(world):
    other_cohort = factories.make_cohort("Another cohort")
    ensure_framework(other_cohort)
    foreign = framework_of(other_cohort.id)
    action = _action(world.team, world.member)
    for ref in (f"domain:{foreign.domains[0].id}", f"behaviour:{foreign.domains[1].behaviours[0].id}",
                f"behaviour:{foreign.themes['Being'][0].id}"):
        with pytest.raises(ValidationProblem) as refused:
            ops.add_tag(world.team, "action", action.id, ref, world.member)
        assert refused.value.fields == {"tag": "That is not part of your cohort's framework"}
    assert _count_tags() == 0


@pytest.mark.parametrize("ref", ["", "domain", "domain:", "domain:x", "team:1", "behaviour:-3", None, 12])
def test_a_malformed_tag_is_refused(world, ref):
    action = _action(world.team, world.member)
    with pytest.raises(ValidationProblem) as refused:
        ops.add_tag(world.team, "action", action.id, ref, world.member)
    assert "tag" in refused.value.fields


@pytest.mark.parametrize("target_type", ["measure", "process_map", "slide", "", None, "ACTION"])
def test_an_unknown_target_type_is_refused(world, target_type):
    ref = f"domain:{_domain(world.team, 'individual').id}"
    with pytest.raises(ValidationProblem) as refused:
        ops.add_tag(world.team, target_type, 1, ref, world.member)
    assert "target_type" in refused.value.fields


def test_another_teams_item_or_a_missing_one_does_not_exist(world):
    theirs = _action(world.other_team, world.other_member)
    ref = f"domain:{_domain(world.team, 'individual').id}"
    for target_id in (theirs.id, theirs.id + 999):
        with pytest.raises(ops.TargetMissing):
            ops.add_tag(world.team, "action", target_id, ref, world.member)
    assert _count_tags() == 0


def test_a_stakeholder_confidential_to_the_team_is_not_the_hosts_to_see(world, app):
    hidden = stakeholder_ops.create(world.team, world.member, {"name": "Dr Confidential", "category": "icb",
                                                                "power": 4, "interest": 4,
                                                                "confidential": True}).stakeholder
    ref = f"domain:{_domain(world.team, 'relationships').id}"
    # the member sees (and tags) it
    ops.add_tag(world.team, "stakeholder", hidden.id, ref, world.member)
    # the host may not edit at all; with the page's rule the answer is 403 before any lookup
    with app.test_request_context(), pytest.raises(Exception) as refused:
        ops.add_tag(world.team, "stakeholder", hidden.id, ref, world.host)
    assert getattr(refused.value, "code", None) == 403


def test_a_reflection_needs_its_owners_loader(world):
    ref = f"behaviour:{_framework(world.team).themes['Being'][0].id}"
    with pytest.raises(ops.TargetMissing):  # nothing registered: no reflection exists for tagging
        ops.add_tag(world.team, "reflection", 1, ref, world.member)
    kept = ops._TARGETS.get("reflection")  # the real one (fw-reflect's), put back after
    ops.register_tag_target("reflection", lambda team, target_id, viewer: target_id == 7 and viewer.id == world.member.id,
                            capability="view", refuse_when_submitted=False)
    try:
        ops.add_tag(world.team, "reflection", 7, ref, world.member)
        with pytest.raises(ops.TargetMissing):
            ops.add_tag(world.team, "reflection", 8, ref, world.member)
        world.submit()  # personal: the registered rule lets a submitted team's member tag it
        ops.add_tag(world.team, "reflection", 7, f"behaviour:{_framework(world.team).themes['Being'][1].id}",
                    world.member)
    finally:
        ops._TARGETS.pop("reflection", None)
        if kept is not None:
            ops._TARGETS["reflection"] = kept
    assert _count_tags() == 2


def test_a_submitted_team_keeps_its_tags(world):
    action = _action(world.team, world.member)
    tag = ops.add_tag(world.team, "action", action.id, f"domain:{_domain(world.team, 'innovation').id}", world.member)
    world.submit()
    with pytest.raises(ReportSubmitted):
        ops.add_tag(world.team, "action", action.id, f"domain:{_domain(world.team, 'learning').id}", world.member)
    with pytest.raises(ReportSubmitted):
        ops.remove_tag(world.team, tag.id, world.member)
    assert _count_tags() == 1


def test_remove_a_tag(world):
    action = _action(world.team, world.member)
    tag = ops.add_tag(world.team, "action", action.id, f"domain:{_domain(world.team, 'innovation').id}", world.member)
    with pytest.raises(ops.TargetMissing):
        ops.remove_tag(world.other_team, tag.id, world.other_member)
    ops.remove_tag(world.team, tag.id, world.member)
    assert _count_tags() == 0


def test_tags_of_many_items_is_one_statement(world):
    actions = [_action(world.team, world.member, f"Action {k}") for k in range(5)]
    domains = _framework(world.team).domains
    for k, action in enumerate(actions):
        for domain in domains[: k % 4 + 1]:
            ops.add_tag(world.team, "action", action.id, f"domain:{domain.id}", world.member)
    ids = [a.id for a in actions]
    team = world.team
    team.id  # noqa: B018 - loaded before counting
    with counting_queries(db.engine) as counted:
        found = tags_of(team, "action", ids)
    assert len(counted) == 1
    assert [len(found[i]) for i in ids] == [1, 2, 3, 4, 1]


# --- the panel on each page, and its routes ----------------------------------------------------


def _section(world):
    return report_ops.add_team_section(world.team, "Notes", world.member)


def _cycle(world):
    driver = plan_ops.add_driver(world.team, world.member, "Timely assessment")
    secondary = plan_ops.add_driver(world.team, world.member, "Therapy at the weekend", driver.id)
    idea = plan_ops.add_idea(world.team, world.member, {"title": "Saturday physio", "driver_id": secondary.id})
    return pdsa_ops.create_cycle(world.team, world.member, {"change_idea_id": idea.id, "title": "One ward"})


def _stakeholder(world):
    return stakeholder_ops.create(world.team, world.member, {"name": "Chief nurse", "category": "acute_trust",
                                                            "power": 5, "interest": 4}).stakeholder


PAGES = {
    "action": (lambda w: _action(w.team, w.member).id, "/teams/{team}/qi/actions/{id}"),
    "pdsa": (lambda w: _cycle(w).id, "/teams/{team}/qi/pdsa/{id}"),
    "stakeholder": (lambda w: _stakeholder(w).id, "/teams/{team}/stakeholders/{id}"),
    "section": (lambda w: _section(w).id, None),
}


def _page_url(world, target_type, target_id):
    if target_type == "section":
        key = db.session.scalar(select(Section.key).where(Section.id == target_id))
        return f"/teams/{world.team.id}/report/{key}"
    return PAGES[target_type][1].format(team=world.team.id, id=target_id)


@pytest.mark.parametrize("target_type", list(PAGES))
def test_the_panel_tags_and_untags_on_each_page(world, make_client, target_type):
    target_id = PAGES[target_type][0](world)
    url = _page_url(world, target_type, target_id)
    member = make_client(world.member)
    page = member.get(url).get_data(as_text=True)
    assert 'id="tags"' in page and "Not tagged with the framework yet." in page
    assert 'optgroup label="Innovation and Improvement: roles and behaviours"' in page
    assert 'optgroup label="Being (system leadership behaviours)"' in page
    mapping = _behaviour(world.team, "Process mapping")
    answer = member.form(f"/teams/{world.team.id}/tags", {"target_type": target_type, "target_id": str(target_id),
                                                          "tag": f"behaviour:{mapping.id}", "next": url})
    assert answer.status_code == 302 and answer.headers["Location"] == url + "#tags"
    page = member.get(url).get_data(as_text=True)
    assert "Process mapping</strong>" in page and "Remove tag Process mapping" in page
    assert f'value="behaviour:{mapping.id}" disabled' in page
    tag = db.session.scalar(select(Tag))
    # the host partner reads the tags, with no picker and no remove button
    host_page = make_client(world.host).get(url).get_data(as_text=True)
    assert "Process mapping</strong>" in host_page and "Remove tag" not in host_page and "Add tag" not in host_page
    answer = member.form(f"/teams/{world.team.id}/tags/{tag.id}/remove", {"next": url})
    assert answer.status_code == 302 and answer.headers["Location"] == url + "#tags"
    assert _count_tags() == 0


def test_next_must_stay_on_the_site(world, make_client):
    action = _action(world.team, world.member)
    ref = f"domain:{_domain(world.team, 'innovation').id}"
    answer = make_client(world.member).form(f"/teams/{world.team.id}/tags", {
        "target_type": "action", "target_id": str(action.id), "tag": ref, "next": "//evil.example/x"})
    assert answer.headers["Location"] == f"/teams/{world.team.id}#tags"


def test_the_routes_refuse_what_the_rules_refuse(world, make_client):
    action = _action(world.team, world.member)
    theirs = _action(world.other_team, world.other_member)
    member, host = make_client(world.member), make_client(world.host)
    ref = f"domain:{_domain(world.team, 'innovation').id}"
    url = f"/teams/{world.team.id}/tags"
    other_cohort = factories.make_cohort("Elsewhere")
    ensure_framework(other_cohort)
    foreign_ref = f"domain:{framework_of(other_cohort.id).domains[0].id}"
    assert member.form(url, {"target_type": "action", "target_id": str(theirs.id), "tag": ref}).status_code == 404
    assert host.form(url, {"target_type": "action", "target_id": str(action.id), "tag": ref}).status_code == 403
    answer = member.form(url, {"target_type": "action", "target_id": str(action.id), "tag": foreign_ref,
                               "next": f"/teams/{world.team.id}/qi/actions/{action.id}"})
    assert answer.status_code == 302
    with member.raw.session_transaction() as session:
        assert ("error", "That is not part of your cohort's framework") in session["_flashes"]
    assert make_client(world.other_member).form(url, {"target_type": "action", "target_id": str(action.id),
                                                      "tag": ref}).status_code == 404
    assert _count_tags() == 0
    world.submit()
    assert member.form(url, {"target_type": "action", "target_id": str(action.id), "tag": ref}).status_code == 409


def test_the_panel_costs_the_same_whatever_the_item_carries(world, make_client):
    bare, tagged = _action(world.team, world.member, "Bare"), _action(world.team, world.member, "Tagged")
    framework = _framework(world.team)
    for domain in framework.domains:
        ops.add_tag(world.team, "action", tagged.id, f"domain:{domain.id}", world.member)
    for behaviour in framework.domains[2].behaviours[:6]:
        ops.add_tag(world.team, "action", tagged.id, f"behaviour:{behaviour.id}", world.member)
    member = make_client(world.member)
    counts = []
    for action in (bare, tagged):
        url = f"/teams/{world.team.id}/qi/actions/{action.id}"
        member.get(url)
        with counting_queries(db.engine) as counted:
            assert member.get(url).status_code == 200
        counts.append(len(counted))
    assert counts[0] == counts[1]


def test_register_refuses_an_unknown_type():
    with pytest.raises(ValueError):
        ops.register_tag_target("measure", lambda *a: True)


def test_domain_rows_belong_to_the_cohort(world):
    _framework(world.team)
    assert db.session.scalar(select(func.count()).select_from(FrameworkDomain)
                             .where(FrameworkDomain.cohort_id == world.team.cohort_id)) == 4
    assert db.session.scalar(select(func.count()).select_from(FrameworkBehaviour)
                             .where(FrameworkBehaviour.cohort_id == world.team.cohort_id)) == 75


def test_the_panel_reads_the_framework_and_the_items_tags_in_one_statement(world):
    from workspace.framework.tag_queries import panel_data

    action = _action(world.team, world.member)
    framework = _framework(world.team)
    being = framework.themes["Being"][2]
    ops.add_tag(world.team, "action", action.id, f"behaviour:{being.id}", world.member)
    ops.add_tag(world.team, "action", action.id, f"domain:{framework.domains[1].id}", world.member)
    team, action_id = world.team, action.id
    team.cohort_id  # noqa: B018 - loaded before counting
    with counting_queries(db.engine) as counted:
        shown, tags = panel_data(team, "action", action_id)
    assert len(counted) == 1
    assert len(shown.domains) == 4
    assert [(t.kind, t.name, t.group) for t in tags] == [
        ("domain", "Relationships and Connectivity", "Relationships and Connectivity"),
        ("behaviour", "Resilience, bravery & courage", "Being")]
