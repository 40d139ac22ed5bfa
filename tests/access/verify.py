"""Authorisation matrix rows for the verify pages: public, so open to everyone."""

from __future__ import annotations

from tests.access import EVERYONE

ROWS: list[tuple[str, str, str, tuple[str, ...]]] = [
    ("verify.index", "GET", "/verify", EVERYONE),
    ("verify.certificate", "GET", "/verify/{public_certificate}", EVERYONE),
    ("verify.file_form", "GET", "/verify/file", EVERYONE),
    ("verify.check_file", "POST", "/verify/file", EVERYONE),
]

SLUG = "public-check"


def public_certificate_number(people) -> str:
    """The number of a valid certificate held by the demo trainee (made once, no PDF render).

    Written straight to the database: the matrix only needs a number that exists, and issuing
    through the service would render a PDF for every matrix test.
    """
    from datetime import timedelta

    from sqlalchemy import select

    from lms.certificates.models import Certificate
    from lms.certificates.number import new_number
    from lms.extensions import db
    from lms.ukdates import uk_today
    from tests.factories import make_definition

    existing = db.session.scalar(
        select(Certificate.number).where(Certificate.definition_slug == SLUG)
    )
    if existing is not None:
        return existing
    definition = make_definition(SLUG)
    trainee, trainer = people["trainee"], people["trainer"]
    today = uk_today()
    cert = Certificate(
        number=new_number(),
        person_id=trainee.id,
        scheme_id=trainee.scheme_id,
        definition_id=definition.id,
        definition_slug=SLUG,
        holder_name=trainee.name,
        competences=list(definition.competences),
        module_hashes={},
        issued_by_id=trainer.id,
        valid_from=today,
        valid_until=today + timedelta(days=365),
        reminders_sent=[],
        pdf=b"%PDF-1.7 placeholder",
        pdf_sha256="0" * 64,
    )
    db.session.add(cert)
    db.session.commit()
    return cert.number


def objects(people) -> dict[str, object]:
    """Objects the verify routes take: the number of an existing certificate."""
    return {"public_certificate": public_certificate_number(people)}
