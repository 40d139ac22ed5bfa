"""Usernames for people without an email address: the rules, clashes and finding an account by
what someone types in "Email address or username"."""

from __future__ import annotations

import re
import unicodedata

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.accounts import text
from lms.accounts.models import Person

MIN_LENGTH = 3
MAX_LENGTH = 30
# Letters and digits, with single dots or hyphens between them: "jo.smith", "sam-2".
USERNAME_RE = re.compile(r"^[a-z0-9]+(?:[.-][a-z0-9]+)*$")


def normalise(username: str) -> str:
    """The username as stored: NFKC, lower case, no spaces at the ends."""
    return unicodedata.normalize("NFKC", username).strip().lower()


def problem(username: str | None) -> str | None:
    """Why ``username`` cannot be a username, in plain words, or None."""
    if username is None or not username.strip():
        return "Enter a username"
    hidden = text.hidden_problem(username, "username")
    if hidden:
        return hidden
    name = normalise(username)
    if len(name) < MIN_LENGTH:
        return f"A username must be at least {MIN_LENGTH} characters"
    if len(name) > MAX_LENGTH:
        return f"A username must be {MAX_LENGTH} characters or fewer"
    if not USERNAME_RE.match(name):
        return (
            "A username can only use letters a to z, numbers, dots and hyphens, like jo.smith. "
            "It must start and end with a letter or number"
        )
    return None


def find(session: Session, username: str) -> Person | None:
    """The account with this username, however its letters are written."""
    key = text.username_key(normalise(username))
    return session.scalars(select(Person).where(Person.username_key == key)).first()


def find_for_sign_in(session: Session, typed: str) -> Person | None:
    """The account named by "Email address or username": an address has an @, a username not."""
    if "@" in typed:
        key = text.email_key(typed)
        return session.scalars(select(Person).where(Person.email_key == key)).first()
    return find(session, typed) if typed.strip() else None


def free_alternative(session: Session, username: str) -> str | None:
    """A username like ``username`` that nobody has yet (jo.smith2, jo.smith3...), or None."""
    base = normalise(username)[: MAX_LENGTH - 2]
    for number in range(2, 100):
        candidate = f"{base}{number}"
        if find(session, candidate) is None:
            return candidate
    return None
