"""Lists of certificates for pages: a person's, a scheme's, and revocations waiting."""

from __future__ import annotations

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, selectinload

from lms.accounts.models import Person, Role
from lms.certificates.models import Certificate, RevocationProposal


def for_person(session: Session, person: Person) -> list[Certificate]:
    stmt = (
        select(Certificate)
        .where(Certificate.person_id == person.id)
        .options(selectinload(Certificate.definition))
        .order_by(Certificate.issued_at.desc(), Certificate.id.desc())
    )
    return list(session.scalars(stmt))


def by_number(session: Session, number: str) -> Certificate | None:
    stmt = (
        select(Certificate)
        .where(Certificate.number == number)
        .options(selectinload(Certificate.definition), selectinload(Certificate.person))
    )
    return session.scalars(stmt).first()


def for_scheme(viewer: Person) -> Select[tuple[Certificate]]:
    """Current certificates the viewer may see, most recently issued first."""
    stmt = (
        select(Certificate)
        .where(Certificate.current)
        .options(selectinload(Certificate.definition), selectinload(Certificate.person))
        .order_by(Certificate.issued_at.desc(), Certificate.id.desc())
    )
    if not viewer.has_role(Role.ADMIN):
        stmt = stmt.where(Certificate.scheme_id == viewer.scheme_id)
    return stmt


def pending_revocations(session: Session) -> list[RevocationProposal]:
    stmt = (
        select(RevocationProposal)
        .where(RevocationProposal.status == "pending")
        .options(
            selectinload(RevocationProposal.certificate),
            selectinload(RevocationProposal.proposed_by),
        )
        .order_by(RevocationProposal.proposed_at)
    )
    return list(session.scalars(stmt))
