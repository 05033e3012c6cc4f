"""Booting is cheap (no argon2 run, so no 64 MiB peak per worker), and an unknown email still
costs one full argon2 verify at sign-in, the same work as a wrong password for a real account."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import argon2._password_hasher as argon2_hasher
import pytest
from argon2 import PasswordHasher, extract_parameters
from argon2.exceptions import VerifyMismatchError

from workspace.auth import passwords

from . import factories
from .test_auth import sign_in

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# Run in a fresh interpreter: count every argon2 hash and verify while the app is imported and
# created the way gunicorn does it (wsgi:app), then print the counts.
_BOOT_SCRIPT = """
import json, sys
import argon2._password_hasher as hasher_module
import argon2.low_level as low_level

calls = {"hash": 0, "verify": 0}

def counting(kind, real):
    def wrapper(*args, **kwargs):
        calls[kind] += 1
        return real(*args, **kwargs)
    return wrapper

for module in (hasher_module, low_level):
    module.hash_secret = counting("hash", module.hash_secret)
    module.verify_secret = counting("verify", module.verify_secret)
low_level.hash_secret_raw = counting("hash", low_level.hash_secret_raw)

from wsgi import app
import workspace.auth.passwords

assert app is not None
print(json.dumps(calls))
"""


def test_importing_and_creating_the_app_runs_no_argon2_hash(tmp_path):
    env = {**os.environ, "SECRET_KEY": "boot-test", "WORKSPACE_ENV": "production",
           "DATABASE_URL": f"sqlite:///{tmp_path / 'boot.sqlite3'}", "INSTANCE_DIR": str(tmp_path)}
    env.pop("REDIS_URL", None)
    done = subprocess.run(  # noqa: S603 - our own interpreter and a fixed script
        [sys.executable, "-c", _BOOT_SCRIPT], cwd=PROJECT_ROOT, env=env,
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == {"hash": 0, "verify": 0}


def test_the_dummy_hash_carries_the_real_hashers_parameters():
    # The same type, memory, time, parallelism and lengths as a real stored hash: verifying
    # against it does the same work.
    assert extract_parameters(passwords._DUMMY_HASH) == passwords._hasher._parameters
    with pytest.raises(VerifyMismatchError):
        PasswordHasher().verify(passwords._DUMMY_HASH, "not a real password, only for constant timing")


@pytest.fixture
def verifies(monkeypatch):
    """Every argon2 verify the app runs, by the parameters of the hash it checked."""
    seen = []
    real = argon2_hasher.verify_secret

    def counting(hash_, secret, type_):
        seen.append(extract_parameters(hash_.decode("ascii")))
        return real(hash_, secret, type_)

    monkeypatch.setattr(argon2_hasher, "verify_secret", counting)
    return seen


def test_sign_in_with_an_unknown_email_runs_one_full_verify(client, world, verifies):
    response = sign_in(client, "nobody-here@example.org", "a wrong password guess")
    assert response.status_code == 200
    assert "Enter a correct email address and password" in response.get_data(as_text=True)
    assert verifies == [passwords._hasher._parameters]


def test_unknown_email_and_wrong_password_do_the_same_argon2_work(client, world, verifies):
    sign_in(client, "nobody-here@example.org", "a wrong password guess")
    sign_in(client, world.member.email, "a wrong password guess")
    stored = extract_parameters(world.member.password_hash)
    assert verifies == [stored, stored]


def test_a_real_sign_in_still_verifies_once(client, world, verifies):
    response = sign_in(client, world.member.email, factories.PASSWORD)
    assert response.status_code == 302
    assert len(verifies) == 1

