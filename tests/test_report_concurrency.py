"""Twenty clients saving one section at once through gunicorn with four workers: every
client's paragraph survives and no version is ever written twice (SQLite and PostgreSQL)."""

from __future__ import annotations

from sqlalchemy import select

from bench.storm import GunicornServer, initial_body, paragraph, run_storm
from workspace.auth.operations import create_api_token
from workspace.extensions import db
from workspace.report import operations as ops
from workspace.report.models import Revision

from . import factories

CLIENTS = 20
SAVES_EACH = 10


def test_twenty_concurrent_clients_lose_no_edit(app, tmp_path):
    team = factories.make_team("Storm team")
    people = [factories.make_user(f"Writer {i}", f"writer{i}@example.org") for i in range(CLIENTS)]
    for person in people:
        factories.add_member(team, person)
    db.session.commit()
    ops.save_section(team, "introduction", initial_body(CLIENTS), 0, people[0])
    tokens = [create_api_token(person, "storm").secret for person in people]
    team_id = team.id

    with GunicornServer(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path / "instance", workers=4) as server:
        result = run_storm(server.base_url, tokens, team_id, "introduction", SAVES_EACH)

    assert result.errors == []
    assert result.saves == CLIENTS * SAVES_EACH
    db.session.expire_all()
    section = ops.get_section(team, "introduction")
    for owner in range(CLIENTS):
        assert paragraph(owner, SAVES_EACH) in section.body, f"client {owner}'s last edit was lost"
    versions = list(db.session.scalars(
        select(Revision.version).where(Revision.section_id == section.id).order_by(Revision.version)
    ))
    # One revision per successful save (plus the first), numbered without gaps or repeats.
    assert versions == list(range(1, CLIENTS * SAVES_EACH + 2))
    assert section.version == versions[-1]
    assert len(set(result.versions_seen)) == len(result.versions_seen)
