"""Password hashing (argon2id) and the password policy."""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from zxcvbn.frequency_lists import FREQUENCY_LISTS

MIN_LENGTH = 12
MAX_LENGTH = 256


@cache
def _hasher(cheap: bool) -> PasswordHasher:
    if cheap:  # tests: the same algorithm, with the smallest costs argon2 allows
        return PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    return PasswordHasher()  # argon2id with the library's recommended parameters


def hasher() -> PasswordHasher:
    return _hasher(bool(current_app.config.get("PASSWORD_HASH_CHEAP")))


def hash_password(password: str) -> str:
    return hasher().hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when ``password`` matches; a missing hash still costs one hash to keep timing even."""
    ph = hasher()
    if password_hash is None:
        ph.hash(password)
        return False
    try:
        return ph.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return hasher().check_needs_rehash(password_hash)


@cache
def _common_passwords() -> frozenset[str]:
    return frozenset(FREQUENCY_LISTS["passwords"])


def password_problems(password: str, *, email: str = "", name: str = "") -> list[str]:
    """Every reason ``password`` is not acceptable, in plain words; empty when it is fine."""
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append(f"Password must be at least {MIN_LENGTH} characters long")
    if len(password) > MAX_LENGTH:
        problems.append(f"Password must be {MAX_LENGTH} characters or fewer")
    lowered = password.lower()
    if lowered in _common_passwords() or len(set(lowered)) < 4:
        problems.append(
            "Password is too common or too easy to guess. Try three or four random words"
        )
    local_part = email.split("@")[0].lower()  # ``email`` is a username for those without one
    if len(local_part) >= 4 and local_part in lowered:
        what = "email address" if "@" in email else "username"
        problems.append(f"Password must not contain your {what}")
    name_parts = [part for part in name.lower().split() if len(part) >= 4]
    if any(part in lowered for part in name_parts) and len(lowered) < 20:
        problems.append("Password must not be based on your name")
    return problems
