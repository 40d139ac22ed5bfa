"""What a certificate's page shows its viewer: a revocation waiting for a decision, and whether
the PDF is still offered to them."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from lms.accounts.models import Person
from lms.certificates.models import Certificate, RevocationProposal
from lms.certificates.status import REVOKED, SUSPENDED, allows_practice, status_on

# A holder may not keep handing out a certificate that has stopped being valid this way.
PDF_WITHHELD = (SUSPENDED, REVOKED)


def pending_revocation(session: Session, cert: Certificate) -> RevocationProposal | None:
    """The revocation of ``cert`` waiting for a second admin, with who proposed it."""
    stmt = (
        select(RevocationProposal)
        .where(
            RevocationProposal.certificate_id == cert.id,
            RevocationProposal.status == "pending",
        )
        .options(selectinload(RevocationProposal.proposed_by))
    )
    return session.scalars(stmt).first()


def pdf_offered(viewer: Person, cert: Certificate, status: str) -> bool:
    """The PDF is not offered to the holder of a suspended or revoked certificate; staff who may
    view it still download it for the record."""
    return not (viewer.id == cert.person_id and status in PDF_WITHHELD)


def held(certificates: list[Certificate], today: date) -> dict[str, Certificate]:
    """Per definition slug, the current certificate that still allows practice (valid or in
    its renewal window): its requirements show as met rather than recounted."""
    found = {}
    for cert in certificates:
        if cert.current and allows_practice(
            status_on(cert, today, cert.definition.renewal_window_days)
        ):
            found.setdefault(cert.definition_slug, cert)
    return found
