"""The command-line tasks."""

from __future__ import annotations

from sqlalchemy import func, select

from workspace.auth.passwords import verify_password
from workspace.extensions import db
from workspace.models import Membership, Team, User


def test_create_admin_with_password_file(app, tmp_path):
    password_file = tmp_path / "pw"
    password_file.write_text("a long enough passphrase\n")
    result = app.test_cli_runner().invoke(args=["create-admin", "Lead@Example.org", "--name", "Lead Facilitator", "--password-file", str(password_file)])
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == "lead@example.org"))
    assert user.is_facilitator
    assert verify_password(user.password_hash, "a long enough passphrase")


def test_create_admin_prompts_and_refuses_weak_password(app):
    runner = app.test_cli_runner()
    weak = runner.invoke(args=["create-admin", "a@example.org", "--name", "A"], input="password1234\npassword1234\n")
    assert weak.exit_code != 0
    assert "too common" in weak.output
    ok = runner.invoke(args=["create-admin", "a@example.org", "--name", "A"], input="a long enough passphrase\na long enough passphrase\n")
    assert ok.exit_code == 0, ok.output


def test_create_admin_refuses_bad_email(app):
    result = app.test_cli_runner().invoke(args=["create-admin", "not-an-email", "--name", "A"], input="x\n")
    assert result.exit_code != 0
    assert "not valid" in result.output


def test_create_token_prints_a_working_token(app, world):
    result = app.test_cli_runner().invoke(args=["create-token", "mo@example.org"])
    assert result.exit_code == 0
    token = result.output.strip()
    response = app.test_client().get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert response.get_json()["email"] == "mo@example.org"


def test_create_token_for_unknown_person_fails(app):
    result = app.test_cli_runner().invoke(args=["create-token", "ghost@example.org"])
    assert result.exit_code != 0


def test_seed_demo_loads_three_teams_and_prints_logins(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["seed-demo", "--if-empty"])
    assert result.exit_code == 0, result.output
    assert "facilitator@demo.example" in result.output
    teams = db.session.scalars(select(Team)).all()
    assert len(teams) == 3
    assert len({t.host_organisation_id for t in teams}) == 3
    roles = {role for (role,) in db.session.execute(select(Membership.role))}
    assert roles == {"member", "host", "assessor"}
    # Running again changes nothing and still prints the logins.
    again = runner.invoke(args=["seed-demo", "--if-empty"])
    assert "already loaded" in again.output and "facilitator@demo.example" in again.output
    assert db.session.scalar(select(func.count()).select_from(Team)) == 3


def test_seed_demo_if_empty_leaves_a_real_database_alone(app, world):
    result = app.test_cli_runner().invoke(args=["seed-demo", "--if-empty"])
    assert "not loaded" in result.output
    assert db.session.scalar(select(func.count()).select_from(Team)) == 2


def test_demo_logins_work(app):
    from workspace.demo import DEMO_PASSWORD

    app.test_cli_runner().invoke(args=["seed-demo"])
    client = app.test_client()
    page = client.get("/sign-in").get_data(as_text=True)
    from .conftest import csrf_from

    response = client.post("/sign-in", data={"email": "aisha.khan@demo.example", "password": DEMO_PASSWORD, "csrf_token": csrf_from(page)})
    assert response.status_code == 302
    assert "Team Harbour" in client.get("/").get_data(as_text=True)
