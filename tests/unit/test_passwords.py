"""The password policy and hashing."""

from __future__ import annotations

import pytest

from lms.accounts import passwords


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("short", "at least 12 characters"),
        ("password1234", "too common"),
        ("aaaaaaaaaaaaaaaa", "too common"),
        ("x" * 300, "256 characters or fewer"),
    ],
)
def test_bad_passwords_are_refused_with_a_reason(password, problem):
    """Each refusal says what is wrong."""
    assert any(problem in p for p in passwords.password_problems(password))


def test_password_containing_the_email_is_refused():
    """A password built from the email address is too easy to guess."""
    problems = passwords.password_problems("jamie.smith2024!", email="jamie.smith@example.org")
    assert any("email" in p for p in problems)


def test_a_good_passphrase_is_accepted():
    """Three or four random words pass."""
    assert passwords.password_problems("granite kettle orchard swims") == []


def test_hashes_are_argon2id_and_verify(app):
    """Passwords are stored as argon2id hashes."""
    hashed = passwords.hash_password("granite kettle orchard swims")
    assert hashed.startswith("$argon2id$")
    assert passwords.verify_password(hashed, "granite kettle orchard swims")
    assert not passwords.verify_password(hashed, "granite kettle orchard swim")
    assert not passwords.verify_password(None, "anything at all")
