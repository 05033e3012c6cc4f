"""Password policy and hashing.

The policy follows NCSC / NIST guidance: 12 to 128 characters, no composition rules, and no
password from a list of the 30,000 most common ones (the list that ships with `zxcvbn`).
Hashes are argon2id with argon2-cffi's recommended parameters.
"""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MIN_LENGTH = 12
MAX_LENGTH = 128

_hasher = PasswordHasher()  # argon2id by default
# Verifying against this when the account does not exist keeps sign-in timing the same.
_DUMMY_HASH = _hasher.hash("not a real password, only for constant timing")


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
