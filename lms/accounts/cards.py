"""Printed sign-in cards for trainees without an email address: who may make one, the one-time
code (shown once, kept only as a hash, expiring, used up when a password is chosen), and making
a trainee account with a username.

Printing a card for someone who has signed in before ends their password and every sign-in
they have, and is audited with who did it and why. Nobody prints a card for their own account;
trainers and coordinators only for trainees of their own scheme, admins for anyone with a
username.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from flask import current_app
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from lms.accounts import passwords, usernames
from lms.accounts.models import Person, PersonRole, Role, Scheme
from lms.accounts.services import (
    AccountError,
    checked_name,
    end_sessions,
    invitable_roles,
    invitable_schemes,
)
from lms.audit.services import record
from lms.db import utcnow

# No 0/O, 1/I/L: letters and digits nobody mixes up when copying from paper.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
GROUPS, GROUP_LENGTH = 2, 4
STAFF = (Role.TRAINER, Role.COORDINATOR, Role.ADMIN)


def new_code() -> str:
    """A fresh one-time code, grouped for reading: ``K7QM-3XHT``."""
    chars = "".join(secrets.choice(ALPHABET) for _ in range(GROUPS * GROUP_LENGTH))
    return "-".join(chars[i : i + GROUP_LENGTH] for i in range(0, len(chars), GROUP_LENGTH))


def _plain(code: str) -> str:
    """The code as typed, without spaces or hyphens, in capitals (people copy it loosely)."""
    return "".join(c for c in code.upper() if c.isalnum())


def max_age():
    return current_app.config["SIGN_IN_CARD_MAX_AGE"]


def has_current_card(person: Person, now: datetime | None = None) -> bool:
    expires = person.sign_in_code_expires_at
    return (
        person.sign_in_code_hash is not None and expires is not None and expires > (now or utcnow())
    )


def code_matches(person: Person, code: str, now: datetime | None = None) -> bool:
    """True when ``code`` is the person's current, unexpired card code (one hash either way)."""
    plain = _plain(code)
    if not has_current_card(person, now) or len(plain) != GROUPS * GROUP_LENGTH:
        passwords.verify_password(None, plain or "-")  # the same cost as a real check
        return False
    return passwords.verify_password(person.sign_in_code_hash, plain)


def card_fingerprint(person: Person) -> str:
    """Names the current card: a new card (or its use) changes it, ending a half-done sign-in."""
    basis = f"{person.id}|{person.sign_in_code_hash or ''}|{person.active}"
    return hashlib.sha256(basis.encode()).hexdigest()[:16]


def is_staff(person: Person) -> bool:
    return person.has_role(*STAFF)


def may_print_card(actor: Person, person: Person) -> bool:
    """Admins for anyone with a username; trainers and coordinators for their scheme's trainees
    who are not staff. Never for one's own account."""
    if actor.id == person.id or person.username is None or not person.active:
        return False
    if actor.has_role(Role.ADMIN):
        return True
    return (
        actor.has_role(Role.TRAINER, Role.COORDINATOR)
        and actor.scheme_id is not None
        and person.scheme_id == actor.scheme_id
        and person.has_role(Role.TRAINEE)
        and not is_staff(person)
    )


def _store_code(person: Person) -> str:
    code = new_code()
    person.sign_in_code_hash = passwords.hash_password(_plain(code))
    person.sign_in_code_expires_at = utcnow() + max_age()
    return code


def print_card(session: Session, actor: Person, person: Person, reason: str) -> str:
    """A new card for ``person``: returns its code (shown once). Ends their password and every
    sign-in, replaces any earlier card, and records who, when and why."""
    if actor.id == person.id:
        raise AccountError("You cannot print a sign-in card for your own account.")
    if not may_print_card(actor, person):
        raise AccountError("You cannot print a sign-in card for this account.")
    if not (reason or "").strip():
        raise AccountError("Say why they need a new sign-in card.", field="reason")
    had_password = person.has_password
    code = _store_code(person)
    person.password_hash = None
    end_sessions(person)
    record(
        session,
        actor=actor,
        action="person.sign_in_card_printed",
        subject_type="person",
        subject_id=person.id,
        scheme_id=person.scheme_id,
        reason=reason.strip(),
        details={
            "username": person.username,
            "password_ended": had_password,
            "code_expires": person.sign_in_code_expires_at.isoformat(timespec="minutes"),
        },
    )
    return code


def create_trainee(
    session: Session, actor: Person, *, name: str, username: str, scheme: Scheme | None
) -> tuple[Person, str]:
    """A trainee account with a username and no email, and the code of its first card."""
    if Role.TRAINEE not in invitable_roles(actor):
        raise AccountError("You cannot add trainees.")
    if scheme is None or scheme not in invitable_schemes(session, actor):
        raise AccountError("Choose a scheme you manage.", field="scheme")
    full_name = checked_name(name)
    wrong = usernames.problem(username)
    if wrong:
        raise AccountError(wrong + ".", field="username")
    chosen = usernames.normalise(username)
    if usernames.find(session, chosen) is not None:
        other = usernames.free_alternative(session, chosen)
        tip = f" Try another, like {other}." if other else " Try another."
        raise AccountError("Someone already has this username." + tip, field="username")
    person = trainee_with_username(session, name=full_name, username=chosen, scheme=scheme)
    person.invited_by_id = actor.id
    person.invited_at = utcnow()
    code = _store_code(person)
    session.flush()
    record(
        session,
        actor=actor,
        action="person.created_with_username",
        subject_type="person",
        subject_id=person.id,
        scheme_id=scheme.id,
        details={
            "role": Role.TRAINEE.value,
            "username": person.username,
            "code_expires": person.sign_in_code_expires_at.isoformat(timespec="minutes"),
        },
    )
    return person, code


def trainee_with_username(session: Session, *, name: str, username: str, scheme: Scheme) -> Person:
    """Make the account (the caller has checked the name and that the username is free)."""
    person = Person(email=None, username=username, name=name, scheme_id=scheme.id)
    person.created_at = person.joined_scheme_at = utcnow()
    person.role_rows = [PersonRole(role=Role.TRAINEE.value)]
    try:
        with session.begin_nested():  # someone else took the username a moment ago
            session.add(person)
            session.flush()
    except IntegrityError as exc:
        raise AccountError("Someone already has this username. Try another.", "username") from exc
    return person


def use_up(person: Person) -> None:
    """The card has done its job (a password is chosen): its code works no more."""
    person.sign_in_code_hash = None
    person.sign_in_code_expires_at = None
