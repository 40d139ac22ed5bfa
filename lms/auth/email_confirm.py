"""A person adds an email address to their own account: it waits as ``pending_email`` until they
open the link sent to it while signed in as themself.

A mistyped address must not receive their password resets and notices, nor keep the address
from its owner. An address that is already someone's account is never confirmed; its owner is
told instead, and the page says the same as for any address, so the form cannot be used to find
out who has an account.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from lms.accounts import emails, tokens
from lms.accounts.models import Person
from lms.accounts.services import AccountError, checked_email, find_by_email
from lms.audit.services import record
from lms.db import utcnow
from lms.links import external_url
from lms.mail import send

LINK_USED = "This link has been used or replaced by a newer one. Your account page says what to do."


def request_email(session: Session, person: Person, email: str) -> str:
    """The person asks to add ``email`` to their own account: send it a link to confirm.

    Returns the address in its stored form. A newer request replaces an older one (its link
    stops working).
    """
    if not emails.may_add_email(person, person):
        raise AccountError("This account already has an email address.", field="email")
    address = checked_email(email)
    person.pending_email = address
    person.pending_email_at = utcnow()
    owner = find_by_email(session, address)
    if owner is not None:
        send(owner.email, "Someone tried to add your email address", "email_taken", person=owner)
    else:
        link = external_url(
            "auth.confirm_email",
            token=tokens.make_token(person, tokens.EMAIL_CONFIRM, e=address),
        )
        hours = int(tokens.max_age(tokens.EMAIL_CONFIRM).total_seconds() // 3600)
        send(
            address,
            "Confirm your email address",
            "email_confirm",
            person=person,
            link=link,
            hours=hours,
        )
    record(
        session,
        actor=person,
        action="person.email_requested",
        subject_type="person",
        subject_id=person.id,
        scheme_id=person.scheme_id,
        details={"email": address},
    )
    return address


def cancel_request(session: Session, person: Person) -> None:
    """Forget the address waiting to be confirmed; its link stops working."""
    person.pending_email = None
    person.pending_email_at = None


def pending_address(session: Session, person: Person, token: str) -> str:
    """The address a confirmation link is for, if it is still ``person``'s to confirm.

    Raises ``tokens.TokenInvalid`` for a broken or expired link and ``AccountError`` for one
    that is someone else's, used, or replaced by a newer request.
    """
    owner, data = tokens.read_token_data(session, token, tokens.EMAIL_CONFIRM)
    if owner.id != person.id:
        raise AccountError(
            "This link is for another account. Sign out, then sign in as the person who asked "
            "to add this email address."
        )
    address = data.get("e")
    if person.email is not None or not address or address != person.pending_email:
        raise AccountError(LINK_USED)
    return address


def confirm_email(session: Session, person: Person, token: str) -> str:
    """``person`` opened the link sent to their new address: it becomes their email address."""
    address = pending_address(session, person, token)
    if find_by_email(session, address) is not None:  # taken since the link was sent
        raise AccountError(emails.TAKEN + " Add a different one from your account page.")
    emails.set_email(session, person, person, address, confirmed=True)
    return address
