"""Names compare case-folded the same way on every database; a unique clash is a message, not a 500."""

from __future__ import annotations

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import func, select, text

from workspace.admin import operations as admin_ops
from workspace.extensions import db
from workspace.models import Cohort, Organisation, Team, name_key

from .test_migrations import scratch_app  # noqa: F401 - the fixture


def test_name_key_folds_accented_capitals_and_compatibility_forms():
    assert name_key("Royal Ünïcødé Trust") == name_key("ROYAL üNÏCØDÉ TRUST")
    assert name_key("Straße PCN") == name_key("STRASSE pcn")
    assert name_key("ﬁeld Trust") == name_key("Field Trust")  # the "ﬁ" ligature
    assert name_key("Royal Trust") != name_key("Royal Trust 2")


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_organisation_differing_in_accented_capitals_is_a_form_error(make_client, world):
    client = make_client(world.facilitator)
    assert client.form("/admin/organisations", {"name": "Royal Ünïcødé Trust", "kind": "PCN"}).status_code == 302
    response = client.form("/admin/organisations", {"name": "ROYAL üNÏCØDÉ TRUST", "kind": "PCN"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "An organisation with this name already exists" in html
    assert 'value="ROYAL üNÏCØDÉ TRUST"' in html
    assert _count(Organisation) == 3


def test_organisation_clash_in_the_api_is_422(make_client, world):
    client = make_client(world.facilitator)
    body = {"name": "Royal Ünïcødé Trust", "kind": "PCN"}
    assert client.api("POST", "/api/v1/organisations", json=body).status_code == 201
    refused = client.api("POST", "/api/v1/organisations", json={**body, "name": "royal üNÏCØDÉ trust"})
    assert refused.status_code == 422
    assert refused.get_json()["error"]["fields"]["name"] == "An organisation with this name already exists"


def test_cohort_and_team_names_fold_the_same_way(make_client, world):
    client = make_client(world.facilitator)
    dates = {"starts_on": "2026-09-01", "ends_on": "2027-08-31"}
    assert client.form("/admin/cohorts", {"name": "Cohort Ünïcødé", **dates}).status_code == 302
    assert client.form("/admin/cohorts", {"name": "COHORT üNÏCØDÉ", **dates}).status_code == 400
    team = {"cohort_id": world.team.cohort_id, "host_organisation_id": world.team.host_organisation_id, "review_title": "x"}
    assert client.form("/admin/teams/new", {"name": "Team Ärzte", **team}).status_code == 302
    response = client.form("/admin/teams/new", {"name": "TEAM äRZTE", **team})
    assert response.status_code == 400
    assert "A team with this name already exists in this cohort" in response.get_data(as_text=True)


@pytest.fixture
def checks_miss(monkeypatch):
    """As when a concurrent request adds the same name between the check and the write."""
    monkeypatch.setattr(admin_ops, "_name_taken", lambda *args, **kwargs: False)


def test_unique_clash_past_the_checks_is_a_message_on_every_admin_form(make_client, world, checks_miss):
    client = make_client(world.facilitator)
    dates = {"starts_on": "2026-09-01", "ends_on": "2027-08-31"}
    answers = {
        "cohort": client.form("/admin/cohorts", {"name": "test cohort", **dates}),
        "organisation": client.form("/admin/organisations", {"name": "riverside trust", "kind": "PCN"}),
        "team": client.form("/admin/teams/new", {
            "name": "team harbour", "cohort_id": world.team.cohort_id,
            "host_organisation_id": world.team.host_organisation_id, "review_title": "x",
        }),
        "edit organisation": client.form(
            f"/admin/organisations/{world.other_team.host_organisation_id}/edit", {"name": "RIVERSIDE TRUST", "kind": "PCN"}
        ),
    }
    for form, response in answers.items():
        assert response.status_code == 400, form
        assert "with this name already exists" in response.get_data(as_text=True), form


def test_adding_the_same_person_concurrently_is_a_message(make_client, world, monkeypatch):
    # The second request's membership check ran before the first request committed.
    monkeypatch.setattr(admin_ops.db.session, "scalar", _membership_check_misses(admin_ops.db.session.scalar))
    response = make_client(world.facilitator).form(
        f"/admin/teams/{world.team.id}/members", {"email": "mo@example.org", "name": "", "role": "host"}
    )
    assert response.status_code == 400
    assert "This person was added a moment ago" in response.get_data(as_text=True)


def _membership_check_misses(real_scalar):
    def scalar(statement, *args, **kwargs):
        if "FROM memberships" in str(statement):
            return None
        return real_scalar(statement, *args, **kwargs)

    return scalar


# --- the migration fills the keys ------------------------------------------------------------


def test_migration_fills_name_keys_and_renames_old_duplicates(scratch_app):  # noqa: F811 - the fixture
    upgrade(revision="0002_report")
    with db.engine.begin() as connection:
        for name in ("Royal Ünïcødé Trust", "ROYAL üNÏCØDÉ TRUST"):
            connection.execute(
                text("INSERT INTO organisations (name, kind, created_at) VALUES (:name, 'PCN', CURRENT_TIMESTAMP)"),
                {"name": name},
            )
    upgrade()
    rows = db.session.execute(select(Organisation.id, Organisation.name, Organisation.name_key).order_by(Organisation.id)).all()
    assert rows[0].name == "Royal Ünïcødé Trust"
    assert rows[1].name == f"ROYAL üNÏCØDÉ TRUST ({rows[1].id})"
    assert [row.name_key for row in rows] == [name_key(row.name) for row in rows]
    db.session.rollback()  # end the read, or PostgreSQL's ALTER TABLE below waits for it
    downgrade(revision="0002_report")
    upgrade()


def test_every_named_model_keeps_its_key_in_step(app):
    from . import factories

    cohort = factories.make_cohort("Über Cohort")
    team = factories.make_team("Team Ö", cohort)
    team.name = "Team Ø"
    db.session.commit()
    assert cohort.name_key == name_key("über cohort")
    assert team.name_key == name_key("team ø")
    assert db.session.scalar(select(Team.name_key).where(Team.id == team.id)) == name_key("TEAM Ø")
    assert db.session.get(Cohort, cohort.id).name_key == cohort.name_key
