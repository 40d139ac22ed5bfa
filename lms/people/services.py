"""Sending invitation emails and listing who is still to accept."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from lms.accounts import tokens
from lms.accounts.models import Person, Role, Scheme
from lms.audit.services import record
from lms.config import PRODUCT_NAME
from lms.links import external_url
from lms.mail import send


def send_invitation(person: Person, inviter: Person) -> None:
    """Put the invitation email in the outbox; it goes when the caller commits."""
    link = external_url(
        "auth.accept_invitation", token=tokens.make_token(person, tokens.INVITATION)
    )
    days = tokens.max_age(tokens.INVITATION).days
    send(
        person.email,
        f"You are invited to {PRODUCT_NAME}",
        "invitation",
        person=person,
        inviter=inviter,
        link=link,
        days=days,
    )


def send_invitation_notice(person: Person, inviter: Person, scheme: Scheme) -> None:
    """Tell an account holder that someone from another scheme tried to invite them."""
    send(
        person.email,
        f"Someone tried to invite you to {PRODUCT_NAME}",
        "invitation_notice",
        person=person,
        inviter=inviter,
        scheme=scheme,
    )


def resend(session: Session, actor: Person, person: Person) -> None:
    send_invitation(person, actor)
    record(
        session,
        actor=actor,
        action="person.invitation_resent",
        subject_type="person",
        subject_id=person.id,
        scheme_id=person.scheme_id,
    )


def pending_invitations(viewer: Person) -> Select[tuple[Person]]:
    """People invited but yet to set a password, that ``viewer`` may follow up."""
    stmt = (
        select(Person)
        .where(Person.password_hash.is_(None), Person.active.is_(True))
        .order_by(Person.invited_at.desc(), Person.id.desc())
    )
    if not viewer.has_role(Role.ADMIN):
        stmt = stmt.where(Person.scheme_id == viewer.scheme_id)
    return stmt


INVITATION_WAIT_DAYS = 7


def older_invitations(stmt: Select[tuple[Person]], now: datetime) -> Select[tuple[Person]]:
    """Invitations (``stmt``) sent more than 7 days before ``now``."""
    return stmt.where(Person.invited_at < now - timedelta(days=INVITATION_WAIT_DAYS))


def may_follow_up(viewer: Person, scheme_id: int | None) -> bool:
    """Admins follow up anyone's invitation; trainers and coordinators their scheme's."""
    if viewer.has_role(Role.ADMIN):
        return True
    return (
        viewer.has_role(Role.TRAINER, Role.COORDINATOR)
        and viewer.scheme_id is not None
        and scheme_id == viewer.scheme_id
    )
