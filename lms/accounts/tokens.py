"""Signed, expiring links for invitations and password resets, each usable once."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from lms.accounts.models import Person

INVITATION = "invitation"
PASSWORD_RESET = "password-reset"  # noqa: S105 - a token purpose, not a password


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


def make_token(person: Person, purpose: str) -> str:
    return _serializer(purpose).dumps({"p": person.id, "f": _fingerprint(person)})


def max_age(purpose: str) -> timedelta:
    key = "INVITATION_MAX_AGE" if purpose == INVITATION else "PASSWORD_RESET_MAX_AGE"
    return current_app.config[key]


def read_token(session, token: str, purpose: str) -> Person:
    """Return the person a valid, unused link names, or raise ``TokenInvalid``."""
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
    return person
