"""Signed, expiring links for invitations, password resets and confirming an added email
address, each usable once."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from lms.accounts.models import Person

INVITATION = "invitation"
PASSWORD_RESET = "password-reset"  # noqa: S105 - a token purpose, not a password
EMAIL_CONFIRM = "email-confirm"
MAX_AGES = {
    INVITATION: "INVITATION_MAX_AGE",
    PASSWORD_RESET: "PASSWORD_RESET_MAX_AGE",
    EMAIL_CONFIRM: "EMAIL_CONFIRM_MAX_AGE",
}


class TokenInvalid(Exception):
    """The link is broken, has expired, or has already been used."""

    def __init__(self, expired: bool = False) -> None:
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"lms-{purpose}")


def _fingerprint(person: Person) -> str:
    """Changes whenever the password changes, so a link stops working once it has been used."""
    basis = f"{person.password_hash or 'no-password'}|{person.active}"
    return hashlib.sha256(basis.encode()).hexdigest()[:16]


def make_token(person: Person, purpose: str, **extra: str) -> str:
    return _serializer(purpose).dumps({"p": person.id, "f": _fingerprint(person), **extra})


def max_age(purpose: str) -> timedelta:
    return current_app.config[MAX_AGES[purpose]]


def read_token(session, token: str, purpose: str) -> Person:
    """Return the person a valid, unused link names, or raise ``TokenInvalid``."""
    return read_token_data(session, token, purpose)[0]


def read_token_data(session, token: str, purpose: str) -> tuple[Person, dict]:
    """The person a valid, unused link names and everything else it carries."""
    try:
        data = _serializer(purpose).loads(token, max_age=int(max_age(purpose).total_seconds()))
    except SignatureExpired as exc:
        raise TokenInvalid(expired=True) from exc
    except BadSignature as exc:
        raise TokenInvalid() from exc
    if not isinstance(data, dict):
        raise TokenInvalid()
    person = session.get(Person, data.get("p"))
    if person is None or not person.active or data.get("f") != _fingerprint(person):
        raise TokenInvalid()
    if purpose == INVITATION and person.has_password:
        raise TokenInvalid()
    return person, data
