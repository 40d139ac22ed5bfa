"""Adding an email address later to an account made with a username only: an admin's counts at
once; one a person adds themself counts once they confirm it (lms/auth/email_confirm.py)."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from lms.accounts.models import Person, Role
from lms.accounts.services import AccountError, checked_email, find_by_email
from lms.audit.services import record

TAKEN = "Someone already has an account with this email address."


def may_add_email(actor: Person, person: Person) -> bool:
    """The person themself, or an admin, while the account has no address."""
    return person.email is None and (actor.id == person.id or actor.has_role(Role.ADMIN))


def add_email(session: Session, actor: Person, person: Person, email: str) -> None:
    """An admin gives ``person`` an email address now; refused if someone else has it."""
    if not may_add_email(actor, person):
        raise AccountError("This account already has an email address.", field="email")
    address = checked_email(email)
    if find_by_email(session, address) is not None:
        raise AccountError(TAKEN, "email")
    set_email(session, actor, person, address, confirmed=False)


def set_email(
    session: Session, actor: Person, person: Person, address: str, confirmed: bool
) -> None:
    """Make ``address`` the person's email, clearing any address waiting to be confirmed."""
    try:
        with session.begin_nested():  # someone else took the same address a moment ago
            person.email = address
            person.pending_email = None
            person.pending_email_at = None
            session.flush()
    except IntegrityError as exc:
        raise AccountError(TAKEN, "email") from exc
    details: dict[str, object] = {"email": address}
    if confirmed:
        details["confirmed"] = True
    record(
        session,
        actor=actor,
        action="person.email_added",
        subject_type="person",
        subject_id=person.id,
        scheme_id=person.scheme_id,
        details=details,
    )
