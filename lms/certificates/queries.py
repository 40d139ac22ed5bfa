"""Lists of certificates for pages: a person's, the conditions of the scheme's list's home-page
filters (its list is ``scheme_list``), and revocations waiting."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import and_, select
from sqlalchemy.orm import Session, selectinload

from lms.accounts.models import Person
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


EXPIRY_WARNING_DAYS = 60
# Query-string filters of the scheme's certificate list: (parameter, value) -> what it shows.
SCHEME_FILTERS = {
    ("expiring", str(EXPIRY_WARNING_DAYS)): f"certificates expiring in the next "
    f"{EXPIRY_WARNING_DAYS} days",
    ("review", "overdue"): "suspended certificates past their review date",
}


def overdue_review_condition(today: date):
    """A suspended certificate whose review date has passed."""
    return and_(Certificate.suspended_at.is_not(None), Certificate.review_date < today)


def expiring_condition(today: date):
    """A certificate, not suspended, whose last valid day is within the next 60 days."""
    return and_(
        Certificate.suspended_at.is_(None),
        Certificate.valid_until >= today,
        Certificate.valid_until <= today + timedelta(days=EXPIRY_WARNING_DAYS),
    )


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


def revocation_waiting(session: Session, person_id: int, slug: str) -> RevocationProposal | None:
    """A revocation waiting for an admin's decision on any of the person's certificates of this
    definition (the current one, or one it replaced): while there is one, they are issued or
    renewed none, so approving it cannot find a replacement left valid."""
    stmt = (
        select(RevocationProposal)
        .join(Certificate, Certificate.id == RevocationProposal.certificate_id)
        .where(
            Certificate.person_id == person_id,
            Certificate.definition_slug == slug,
            RevocationProposal.status == "pending",
        )
        .options(selectinload(RevocationProposal.certificate))
        .order_by(RevocationProposal.id)
    )
    return session.scalars(stmt).first()
