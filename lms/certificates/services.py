"""Issuing, renewing, suspending, reinstating and revoking certificates.

Every change is an audit event and a signal (``lms/events.py``) that other features, such as
matching's pause cascade, subscribe to. Issuing re-checks eligibility inside the transaction,
holding a lock on the person, and a partial unique index allows only one current certificate per
person and definition, so two requests at once cannot issue twice.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from lms import events
from lms.accounts.duties import refuse_own
from lms.accounts.locks import lock_person
from lms.accounts.models import Person, Role
from lms.audit.services import record
from lms.certificates import number as numbers
from lms.certificates.competences import competence_label
from lms.certificates.definitions import DEFAULT_CERTIFICATES_ROOT, design_dir
from lms.certificates.eligibility import Requirement, evaluate
from lms.certificates.models import Certificate, CertificateDefinition, RevocationProposal
from lms.certificates.status import EXPIRING, SUSPENDED, VALID, status_on
from lms.content.models import Module, ModuleVersion
from lms.db import utcnow
from lms.domain import DomainError
from lms.ukdates import uk_date


class CertificateError(DomainError):
    """A request the certificate rules refuse; the message is safe to show."""


class NotEligible(CertificateError):
    """The person does not meet every requirement; ``reasons`` lists what is missing."""

    code = "not_eligible"

    def __init__(self, reasons: list[Requirement]) -> None:
        super().__init__("Not every requirement is met yet.")
        self.reasons = reasons


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (the last day of the month when that day does not exist)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def may_issue(issuer: Person, person: Person) -> bool:
    """Trainers of the person's scheme and admins issue; nobody issues to themselves."""
    if issuer.id == person.id:
        return False
    if issuer.has_role(Role.ADMIN):
        return True
    return issuer.has_role(Role.TRAINER) and issuer.scheme_id == person.scheme_id is not None


def may_manage(actor: Person, cert: Certificate) -> bool:
    """Coordinators of the holder's scheme and admins suspend, reinstate and propose revocation."""
    if actor.has_role(Role.ADMIN):
        return True
    return actor.has_role(Role.COORDINATOR) and actor.scheme_id == cert.scheme_id is not None


def may_view(viewer: Person, cert: Certificate) -> bool:
    """The holder, their scheme's trainers and coordinators, and admins see the certificate."""
    if viewer.id == cert.person_id or viewer.has_role(Role.ADMIN):
        return True
    return (
        viewer.has_role(Role.TRAINER, Role.COORDINATOR)
        and viewer.scheme_id is not None
        and viewer.scheme_id == cert.scheme_id
    )


def current_for(session: Session, person: Person, slug: str) -> Certificate | None:
    stmt = select(Certificate).where(
        Certificate.person_id == person.id,
        Certificate.definition_slug == slug,
        Certificate.current,
    )
    return session.scalars(stmt).first()


def _module_hashes(session: Session, slugs: list[str]) -> dict[str, str]:
    stmt = (
        select(Module.slug, ModuleVersion.questions_hash)
        .join(ModuleVersion, ModuleVersion.id == Module.current_version_id)
        .where(Module.slug.in_(slugs))
    )
    return dict(session.execute(stmt).all())


@dataclass(frozen=True)
class IssueSettings:
    """Where the verification page lives and where certificate designs are."""

    base_url: str
    designs: Path = DEFAULT_CERTIFICATES_ROOT


def issue(
    session: Session,
    issuer: Person,
    person: Person,
    definition: CertificateDefinition,
    settings: IssueSettings,
    *,
    today: date,
    now: datetime | None = None,
) -> Certificate:
    """Issue (or renew) a certificate after checking eligibility again inside the transaction."""
    refuse_own(issuer, person, "issue")
    if not may_issue(issuer, person):
        raise CertificateError("You cannot issue certificates to this person.")
    now = now or utcnow()
    lock_person(session, person.id)
    existing = current_for(session, person, definition.slug)
    renewing = None
    valid_until = add_months(today, definition.validity_months)
    if existing is not None:
        state = status_on(existing, today, existing.definition.renewal_window_days)
        if state == VALID:
            opens = existing.valid_until.toordinal() - existing.definition.renewal_window_days
            raise CertificateError(
                f"{person.name} already holds a current certificate. Renewal opens on "
                f"{uk_date(date.fromordinal(opens))}."
            )
        if state == SUSPENDED:
            raise CertificateError("The current certificate is suspended: reinstate it first.")
        renewing = existing
        if state == EXPIRING:
            valid_until = add_months(existing.valid_until, definition.validity_months)
    outcome = evaluate(session, person, definition, today)
    if not outcome.eligible:
        raise NotEligible(outcome.unmet)
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
        module_hashes=_module_hashes(session, definition.requirements.get("modules", [])),
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
    from lms.certificates.pdf import CertificateData, render_certificate

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
    return render_certificate(design_dir(definition.slug, settings.designs), data)


# ---------------------------------------------------------------------------
# Suspension, reinstatement, revocation


def _require_manager(actor: Person, cert: Certificate) -> None:
    if not may_manage(actor, cert):
        raise CertificateError("Only the holder's scheme coordinators or an admin can do this.")


def suspend(
    session: Session,
    actor: Person,
    cert: Certificate,
    reason: str,
    review_date: date,
    *,
    today: date,
    now: datetime | None = None,
) -> None:
    """Suspend at once while a concern is looked into; the review date is when to decide.

    The state is checked after the holder's lock, on the certificate read again: a suspension
    racing another, or an approved revocation, finds it already changed and is refused.
    """
    refuse_own(actor, cert.person_id, "suspend")
    _require_manager(actor, cert)
    if not reason.strip():
        raise CertificateError("Say why the certificate is being suspended.", "reason")
    if review_date < today:
        raise CertificateError("The review date must be today or later.", "review_date")
    lock_person(session, cert.person_id)
    cert = _locked(session, Certificate, cert.id)
    if not cert.current or cert.revoked_at or cert.suspended_at:
        raise CertificateError(
            "Only a current certificate that is not suspended can be suspended. "
            "Reload the page: it may have just been changed."
        )
    cert.suspended_at = now or utcnow()
    cert.suspended_reason = reason.strip()
    cert.review_date = review_date
    record(
        session,
        actor=actor,
        action="certificate.suspended",
        subject_type="certificate",
        subject_id=cert.number,
        scheme_id=cert.scheme_id,
        reason=reason.strip(),
        details={"review_date": review_date.isoformat()},
    )
    events.certificate_stopped.send(cert, session=session, actor=actor, why="suspended")


def reinstate(session: Session, actor: Person, cert: Certificate, reason: str) -> None:
    """Lift a suspension. Paused matches are not resumed by this: a coordinator resumes them.

    Checked under the holder's lock on the certificate read again, so two at once make one.
    """
    refuse_own(actor, cert.person_id, "reinstate")
    _require_manager(actor, cert)
    if not reason.strip():
        raise CertificateError("Say why the certificate is being reinstated.", "reason")
    lock_person(session, cert.person_id)
    cert = _locked(session, Certificate, cert.id)
    if cert.suspended_at is None or cert.revoked_at is not None:
        raise CertificateError(
            "Only a suspended certificate can be reinstated. "
            "Reload the page: it may have just been changed."
        )
    cert.suspended_at = None
    cert.suspended_reason = None
    cert.review_date = None
    record(
        session,
        actor=actor,
        action="certificate.reinstated",
        subject_type="certificate",
        subject_id=cert.number,
        scheme_id=cert.scheme_id,
        reason=reason.strip(),
    )
    events.certificate_valid_again.send(cert, session=session, actor=actor, why="reinstated")


def propose_revocation(
    session: Session, actor: Person, cert: Certificate, reason: str
) -> RevocationProposal:
    """Ask for a certificate to be revoked; a different admin must approve it."""
    refuse_own(actor, cert.person_id, "propose_revocation")
    _require_manager(actor, cert)
    if cert.revoked_at is not None:
        raise CertificateError("This certificate is already revoked.")
    if not reason.strip():
        raise CertificateError("Say why the certificate should be revoked.", "reason")
    proposal = RevocationProposal(
        certificate_id=cert.id, proposed_by_id=actor.id, reason=reason.strip()
    )
    session.add(proposal)
    try:
        session.flush()
    except IntegrityError as exc:
        raise CertificateError("A revocation is already waiting for an admin's decision.") from exc
    record(
        session,
        actor=actor,
        action="certificate.revocation_proposed",
        subject_type="certificate",
        subject_id=cert.number,
        scheme_id=cert.scheme_id,
        reason=reason.strip(),
    )
    return proposal


def decide_revocation(
    session: Session,
    admin: Person,
    proposal: RevocationProposal,
    *,
    approve: bool,
    note: str,
    now: datetime | None = None,
) -> None:
    """An admin other than the proposer and the holder approves (revoking for good) or declines.

    The proposal and its certificate are read again under a row lock (``SELECT ... FOR
    UPDATE`` on PostgreSQL), so when two admins decide at once the second waits, finds the
    proposal decided and is refused: the certificate and the proposal always agree.
    """
    if not admin.has_role(Role.ADMIN):
        raise CertificateError("Only an admin can decide on a revocation.")
    refuse_own(admin, proposal.certificate.person_id, "decide_revocation")
    if proposal.proposed_by_id == admin.id:
        raise CertificateError("A different admin must decide on a revocation you proposed.")
    if not note.strip():
        raise CertificateError("Say why you are approving or declining.", "note")
    # The holder first, as every other certificate change does, so locks never cross.
    lock_person(session, proposal.certificate.person_id)
    proposal = _locked(session, RevocationProposal, proposal.id)
    cert = _locked(session, Certificate, proposal.certificate_id)
    if proposal.status != "pending":
        raise CertificateError(
            f"Another admin has already decided this revocation ({proposal.status}). "
            "Nothing was changed."
        )
    if approve and cert.revoked_at is not None:
        raise CertificateError("This certificate is already revoked. Nothing was changed.")
    now = now or utcnow()
    proposal.status = "approved" if approve else "declined"
    proposal.decided_by_id = admin.id
    proposal.decided_at = now
    proposal.decision_note = note.strip()
    if approve:
        cert.revoked_at = now
        cert.revoked_reason = proposal.reason
        cert.current = False
    record(
        session,
        actor=admin,
        action="certificate.revoked" if approve else "certificate.revocation_declined",
        subject_type="certificate",
        subject_id=cert.number,
        scheme_id=cert.scheme_id,
        reason=note.strip(),
        details={"proposal": proposal.id, "proposed_by": proposal.proposed_by_id},
    )
    if approve:
        events.certificate_stopped.send(cert, session=session, actor=admin, why="revoked")


def _locked(session: Session, model, row_id: int):
    """The row read afresh from the database under ``FOR UPDATE`` (ignored on SQLite, which
    runs one writer at a time), replacing whatever the session held."""
    stmt = (
        select(model)
        .where(model.id == row_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return session.scalars(stmt).one()


def refresher_due(session: Session, cert: Certificate) -> list[str]:
    """Required modules whose questions changed since the certificate was issued."""
    now_hashes = _module_hashes(session, list(cert.module_hashes))
    return sorted(slug for slug, h in cert.module_hashes.items() if now_hashes.get(slug) != h)


def status_of(cert: Certificate, today: date) -> str:
    return status_on(cert, today, cert.definition.renewal_window_days)
