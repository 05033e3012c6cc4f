"""`make run PORT=5001` serves on that port, and the demo's printed sign-in link uses it."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from workspace import create_app
from workspace.config import PROJECT_ROOT


def seed_demo_output(app) -> str:
    result = app.test_cli_runner().invoke(args=["seed-demo", "--if-empty"])
    assert result.exit_code == 0, result.output
    return result.output


def test_the_printed_sign_in_link_uses_the_configured_address(app):
    app.config["PUBLIC_BASE_URL"] = "http://127.0.0.1:5001/"
    output = seed_demo_output(app)
    assert "Sign in at http://127.0.0.1:5001/sign-in with any of these demo logins" in output
    assert ":5000" not in output


def test_without_a_configured_address_the_link_is_the_default_development_server(app):
    app.config["PUBLIC_BASE_URL"] = None
    assert "Sign in at http://127.0.0.1:5000/sign-in" in seed_demo_output(app)


def test_the_address_is_read_from_the_environment(monkeypatch, database_url, tmp_path):
    monkeypatch.setenv("PUBLIC_BASE_URL", "http://127.0.0.1:5001")
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "x", "INSTANCE_DIR": str(tmp_path)})
    assert app.config["PUBLIC_BASE_URL"] == "http://127.0.0.1:5001"


@pytest.mark.skipif(shutil.which("make") is None, reason="needs GNU make")
@pytest.mark.parametrize(("arguments", "address"), [([], "127.0.0.1:5000"), (["PORT=5001"], "127.0.0.1:5001")])
def test_make_run_serves_and_prints_on_the_chosen_port(arguments, address, monkeypatch):
    monkeypatch.delenv("PUBLIC_BASE_URL", raising=False)
    plan = subprocess.run(
        ["make", "--dry-run", "run", *arguments],
        cwd=PROJECT_ROOT, capture_output=True, text=True, check=True, timeout=60,
    ).stdout
    seed = next(line for line in plan.splitlines() if " seed-demo " in line)
    serve = next(line for line in plan.splitlines() if line.rstrip().endswith(f"run --host 127.0.0.1 --port {address.split(':')[1]}"))
    assert f"PUBLIC_BASE_URL=http://{address}" in seed
    assert f"PUBLIC_BASE_URL=http://{address}" in serve  # invitation links name the same address
