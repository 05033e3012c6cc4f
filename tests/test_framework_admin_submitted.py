"""The facilitator's framework editor never changes a SUBMITTED team's work: removing a behaviour
its tags name, or an intervention its live recommendations chose, is refused naming the teams
(the confirmation page says so first); renaming stays allowed; once reopened, removal works."""

from __future__ import annotations

from sqlalchemy import func, select

from workspace.assessment import operations as assessment_ops
from workspace.extensions import db
from workspace.framework import admin_operations as admin_ops
from workspace.framework import recommendations as rec_ops
from workspace.framework import tags as tag_ops
from workspace.framework.models import (
    FrameworkBehaviour,
    FrameworkIntervention,
    Recommendation,
    Tag,
)
from workspace.framework.setup import ensure_framework, framework_of
from workspace.models import AuditEvent, Cohort
from workspace.qi import action_operations as action_ops

ONE = ("Team Harbour has submitted work that uses it: rename it instead, or remove it after a facilitator "
       "reopens their submission")


def _set_up(world, make_client):
    cohort = db.session.get(Cohort, world.team.cohort_id)
    ensure_framework(cohort)
    framework = framework_of(cohort.id)
    return make_client(world.facilitator), f"/admin/cohorts/{cohort.id}/framework", framework


def _tag(team, member, behaviour) -> Tag:
    action = action_ops.create(team, member, {"title": f"Ring the provider ({team.name})"})
    return tag_ops.add_tag(team, "action", action.id, f"behaviour:{behaviour.id}", member)


def _tags_of(behaviour_id: int) -> int:
    return db.session.scalar(select(func.count()).select_from(Tag).where(Tag.behaviour_id == behaviour_id))


def test_a_behaviour_a_submitted_team_tagged_is_not_removed_but_may_be_renamed(world, make_client):
    facilitator, url, framework = _set_up(world, make_client)
    behaviour = framework.domains[2].behaviours[0]
    _tag(world.team, world.member, behaviour)
    _tag(world.other_team, world.other_member, behaviour)
    submission = world.submit()
    confirm = facilitator.get(f"{url}/behaviours/{behaviour.id}/remove")
    html = confirm.get_data(as_text=True)
    assert confirm.status_code == 200 and ONE in html
    assert "Remove behaviour</button>" not in html
    assert f'href="{url}/behaviours/{behaviour.id}"' in html  # rename instead
    refused = facilitator.form(f"{url}/behaviours/{behaviour.id}/remove")
    assert refused.status_code == 409 and "Nothing was removed" in refused.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(FrameworkBehaviour, behaviour.id) is not None and _tags_of(behaviour.id) == 2
    assert db.session.scalar(select(AuditEvent.id).where(AuditEvent.action == "framework.behaviour_removed")) is None
    renamed = facilitator.form(f"{url}/behaviours/{behaviour.id}", {"name": "Renamed behaviour", "description": ""})
    assert renamed.status_code == 302
    assert db.session.get(FrameworkBehaviour, behaviour.id).name == "Renamed behaviour"
    # once a facilitator reopens the submission, it may go (with both teams' tags)
    assessment_ops.reopen(world.team, submission, world.facilitator, "Framework tidy-up")
    page = facilitator.get(f"{url}/behaviours/{behaviour.id}/remove").get_data(as_text=True)
    assert "submitted work" not in page and "2 tags will go with it" in page
    assert facilitator.form(f"{url}/behaviours/{behaviour.id}/remove").status_code == 302
    db.session.expire_all()
    assert db.session.get(FrameworkBehaviour, behaviour.id) is None and _tags_of(behaviour.id) == 0


def test_only_submitted_teams_hold_a_behaviour_and_every_one_is_named(world, make_client):
    facilitator, url, framework = _set_up(world, make_client)
    theme_behaviour = next(iter(framework.themes.values()))[0]
    free = framework.domains[0].behaviours[0]
    _tag(world.team, world.member, theme_behaviour)
    _tag(world.other_team, world.other_member, theme_behaviour)
    _tag(world.other_team, world.other_member, free)
    world.submit()
    assert facilitator.form(f"{url}/behaviours/{free.id}/remove").status_code == 302  # only Compass's, not submitted
    assert db.session.get(FrameworkBehaviour, free.id) is None
    assessment_ops.submit(world.other_team, world.other_member)
    both = admin_ops.submitted_teams_tagging(db.session.get(FrameworkBehaviour, theme_behaviour.id))
    assert both == ["Team Compass", "Team Harbour"]
    html = facilitator.get(f"{url}/behaviours/{theme_behaviour.id}/remove").get_data(as_text=True)
    assert ("Team Compass and Team Harbour have submitted work that uses it: rename it instead, or remove it "
            "after a facilitator reopens their submissions") in html


def test_an_intervention_a_submitted_teams_recommendation_chose_is_not_removed(world, make_client):
    facilitator, url, framework = _set_up(world, make_client)
    chosen, other, spare = framework.domains[1].interventions[:3]
    kept = rec_ops.create(world.team, world.member, {"statement": "Adopt a trusted assessor model",
                                                      "intervention_id": chosen.id})
    dropped = rec_ops.create(world.team, world.member, {"statement": "Dropped idea", "intervention_id": spare.id})
    rec_ops.delete_recommendation(world.team, dropped, world.member)
    theirs = rec_ops.create(world.other_team, world.other_member, {"statement": "Shared discharge lounge",
                                                                   "intervention_id": other.id})
    world.submit()
    html = facilitator.get(f"{url}/interventions/{chosen.id}/remove").get_data(as_text=True)
    assert ONE in html and "Remove intervention</button>" not in html
    assert facilitator.form(f"{url}/interventions/{chosen.id}/remove").status_code == 409
    db.session.expire_all()
    assert db.session.get(FrameworkIntervention, chosen.id) is not None
    assert db.session.get(Recommendation, kept.id).intervention_id == chosen.id
    assert facilitator.form(f"{url}/interventions/{chosen.id}", {"name": "Complex change"}).status_code == 302
    # another team's (not submitted) recommendation does not hold it: it goes, theirs has none
    assert facilitator.form(f"{url}/interventions/{other.id}/remove").status_code == 302
    db.session.expire_all()
    assert db.session.get(FrameworkIntervention, other.id) is None
    assert db.session.get(Recommendation, theirs.id).intervention_id is None
    # a recommendation the submitted team deleted does not hold one either
    assert facilitator.form(f"{url}/interventions/{spare.id}/remove").status_code == 302
    db.session.expire_all()
    assert db.session.get(FrameworkIntervention, spare.id) is None


def test_the_operations_refuse_with_the_team_names(world):
    cohort = db.session.get(Cohort, world.team.cohort_id)
    ensure_framework(cohort)
    behaviour = framework_of(cohort.id).domains[3].behaviours[0]
    _tag(world.team, world.member, behaviour)
    world.submit()
    try:
        admin_ops.remove_behaviour(cohort, db.session.get(FrameworkBehaviour, behaviour.id), world.facilitator)
    except admin_ops.InUseBySubmitted as refused:
        assert refused.teams == ["Team Harbour"] and str(refused) == ONE
    else:
        raise AssertionError("removed a behaviour a submitted team's tag names")
    assert _tags_of(behaviour.id) == 1
