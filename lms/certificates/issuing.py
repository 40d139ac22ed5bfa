"""Making a certificate: a new number, its PDF, the superseded one retired, the audit event and
the signal. First issue (``services.issue``) and renewal (``renewal.renew``) each check their own
rules under the holder's lock first, then call ``create``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from lms import events
from lms.accounts.models import Person
from lms.audit.services import record
from lms.certificates import number as numbers
from lms.certificates.competences import competence_label
from lms.certificates.definitions import DEFAULT_CERTIFICATES_ROOT, design_dir
from lms.certificates.errors import CertificateError
from lms.certificates.models import Certificate, CertificateDefinition
from lms.content.models import Module, ModuleVersion
from lms.db import utcnow


@dataclass(frozen=True)
class IssueSettings:
    """Where the verification page lives and where certificate designs are."""

    base_url: str
    designs: Path = DEFAULT_CERTIFICATES_ROOT


def module_hashes(session: Session, slugs: list[str]) -> dict[str, str]:
    """Each module's current questions hash, by slug."""
    stmt = (
        select(Module.slug, ModuleVersion.questions_hash)
        .join(ModuleVersion, ModuleVersion.id == Module.current_version_id)
        .where(Module.slug.in_(slugs))
    )
    return dict(session.execute(stmt).all())


def create(
    session: Session,
    issuer: Person,
    person: Person,
    definition: CertificateDefinition,
    settings: IssueSettings,
    *,
    today: date,
    valid_until: date,
    renewing: Certificate | None,
    now: datetime | None = None,
) -> Certificate:
    """A new current certificate valid from ``today``, superseding ``renewing`` when given
    (audited as ``certificate.renewed``, else ``certificate.issued``). The caller has checked
    the rules and holds the holder's lock; a partial unique index allows one current
    certificate per person and definition, whatever happens at once."""
    now = now or utcnow()
    if renewing is not None:
        renewing.current = False
        renewing.superseded_at = now
        session.flush()
    cert = Certificate(
        number=_unused_number(session),
        person_id=person.id,
        scheme_id=person.scheme_id,
        definition_id=definition.id,
        definition_slug=definition.slug,
        holder_name=person.name,
        competences=list(definition.competences),
        module_hashes=module_hashes(session, definition.requirements.get("modules", [])),
        issued_by_id=issuer.id,
        issued_at=now,
        valid_from=today,
        valid_until=valid_until,
        current=True,
        supersedes_id=renewing.id if renewing else None,
        reminders_sent=[],
    )
    cert.pdf = _render(cert, definition, person, issuer, settings)
    cert.pdf_sha256 = _sha256(cert.pdf)
    session.add(cert)
    try:
        session.flush()
    except IntegrityError as exc:
        raise CertificateError(
            f"{person.name} already has a current {definition.title}. Reload the page."
        ) from exc
    record(
        session,
        actor=issuer,
        action="certificate.renewed" if renewing else "certificate.issued",
        subject_type="certificate",
        subject_id=cert.number,
        scheme_id=cert.scheme_id,
        details={
            "definition": definition.slug,
            "version": definition.number,
            "holder_id": person.id,
            "valid_until": valid_until.isoformat(),
            "supersedes": renewing.number if renewing else None,
        },
    )
    if renewing is not None:
        events.certificate_renewed.send(cert, session=session, actor=issuer, previous=renewing)
    else:
        events.certificate_issued.send(cert, session=session, actor=issuer)
    return cert


def _unused_number(session: Session) -> str:
    for _ in range(10):
        candidate = numbers.new_number()
        if session.scalar(select(Certificate.id).where(Certificate.number == candidate)) is None:
            return candidate
    raise CertificateError("Could not find an unused certificate number. Try again.")


def _sha256(data: bytes) -> str:
    from lms.certificates.pdf import sha256_hex

    return sha256_hex(data)


def _render(cert, definition, person, issuer, settings: IssueSettings) -> bytes:
    from lms.accounts.text import strip_hidden
    from lms.certificates.pdf import CertificateData
    from lms.certificates.printer import printed

    # Names are checked when entered; one stored before that must not carry a text-direction
    # override or an invisible character into a certificate (as on the verify page).
    data = CertificateData(
        holder_name=strip_hidden(person.name),
        certificate_title=definition.title,
        competences=[competence_label(c) for c in definition.competences],
        issued_on=cert.valid_from,
        valid_until=cert.valid_until,
        scheme_name=strip_hidden(person.scheme.name) if person.scheme else "",
        issuer_name=strip_hidden(issuer.name),
        number=cert.number,
        verify_url=f"{settings.base_url}/verify/{cert.number}",
    )
    # Stored and hashed as signed.
    return printed(design_dir(definition.slug, settings.designs), data, current_app.config)
