"""Adding an email address later to an account made with a username only: by the person
themself or by an admin, under the same rules as every address (normalised, one account each)."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from lms.accounts.models import Person, Role
from lms.accounts.services import AccountError, checked_email, find_by_email
from lms.audit.services import record


def may_add_email(actor: Person, person: Person) -> bool:
    """The person themself, or an admin, while the account has no address."""
    return person.email is None and (actor.id == person.id or actor.has_role(Role.ADMIN))


def add_email(session: Session, actor: Person, person: Person, email: str) -> None:
    """Give ``person`` an email address; refused if someone else has it."""
    if not may_add_email(actor, person):
        raise AccountError("This account already has an email address.", field="email")
    address = checked_email(email)
    if find_by_email(session, address) is not None:
        raise AccountError("Someone already has an account with this email address.", "email")
    taken = AccountError("Someone already has an account with this email address.", "email")
    try:
        with session.begin_nested():  # someone else added the same address a moment ago
            person.email = address
            session.flush()
    except IntegrityError as exc:
        raise taken from exc
    record(
        session,
        actor=actor,
        action="person.email_added",
        subject_type="person",
        subject_id=person.id,
        scheme_id=person.scheme_id,
        details={"email": address},
    )
