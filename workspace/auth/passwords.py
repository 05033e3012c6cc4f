"""Password policy and hashing.

The policy follows NCSC / NIST guidance: 12 to 128 characters, no composition rules, and no
password from a list of the 30,000 most common ones (the list that ships with `zxcvbn`).
Hashes are argon2id with argon2-cffi's recommended parameters.
"""

from __future__ import annotations

import base64
import os
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MIN_LENGTH = 12
MAX_LENGTH = 128

_hasher = PasswordHasher()  # argon2id by default


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii").rstrip("=")


def _dummy_hash(hasher: PasswordHasher) -> str:
    """An encoded argon2 hash with the hasher's own type and parameters but random salt and
    digest: no password matches it, and verifying against it costs what a real verify costs.

    Built as a string, not by hashing: hashing at import took one argon2 run (64 MiB of
    memory) in every process and every gunicorn worker as it booted.
    """
    p = hasher._parameters  # noqa: SLF001 - the parameters a real hash would carry
    kind = {"I": "argon2i", "D": "argon2d", "ID": "argon2id"}[p.type.name]
    return (f"${kind}$v={p.version}$m={p.memory_cost},t={p.time_cost},p={p.parallelism}"
            f"${_b64(os.urandom(p.salt_len))}${_b64(os.urandom(p.hash_len))}")


# Verifying against this when the account does not exist keeps sign-in timing the same.
_DUMMY_HASH = _dummy_hash(_hasher)


@cache
def common_passwords() -> frozenset[str]:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(p.lower() for p in FREQUENCY_LISTS["passwords"])


def password_problem(password: str, *, email: str | None = None, name: str | None = None) -> str | None:
    """Why this password is not allowed, as a sentence for the form; None when it is fine."""
    if len(password) < MIN_LENGTH:
        return f"Password must be {MIN_LENGTH} characters or more"
    if len(password) > MAX_LENGTH:
        return f"Password must be {MAX_LENGTH} characters or fewer"
    lowered = password.lower()
    if lowered in common_passwords() or len(set(lowered)) <= 2:
        return "This password is too common. Choose a less predictable one, such as three random words"
    for personal in (email, (email or "").split("@")[0], name):
        if personal and len(personal) >= 4 and lowered == personal.lower():
            return "Password must not be your name or email address"
    return None


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        if password_hash is None:
            _hasher.verify(_DUMMY_HASH, password)
            return False
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
