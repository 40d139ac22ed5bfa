"""Issuing, suspending, reinstating and revoking certificates (renewing is ``renewal``; making
the certificate itself, for both, is ``issuing``).

Every change is an audit event and a signal (``lms/events.py``) that other features, such as
matching's pause cascade, subscribe to. Issuing re-checks eligibility inside the transaction,
holding a lock on the person, and a partial unique index allows only one current certificate per
person and definition, so two requests at once cannot issue twice. Nothing is issued or renewed
while a revocation of the person's certificate waits for a decision.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from lms import events
from lms.accounts.duties import refuse_own
from lms.accounts.locks import lock_person
from lms.accounts.models import Person, Role
from lms.audit.services import record
from lms.certificates import issuing, queries
from lms.certificates.eligibility import evaluate
from lms.certificates.errors import CertificateError, NotEligible
from lms.certificates.issuing import IssueSettings
from lms.certificates.models import Certificate, CertificateDefinition, RevocationProposal
from lms.certificates.status import EXPIRING, SUSPENDED, VALID, status_on
from lms.db import utcnow
from lms.ukdates import add_months, uk_date


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
    """Issue a first certificate (or a new one once the last has expired) after checking
    eligibility again inside the transaction, under the holder's lock. One still in its renewal
    window is renewed instead (``renewal.renew``), against what renewal needs."""
    refuse_own(issuer, person, "issue")
    if not may_issue(issuer, person):
        raise CertificateError("You cannot issue certificates to this person.")
    lock_person(session, person.id)
    existing = current_for(session, person, definition.slug)
    if existing is not None:
        _refuse_while_held(person, existing, today)
    refuse_while_revocation_waits(session, person, definition.slug)
    outcome = evaluate(session, person, definition, today)
    if not outcome.eligible:
        raise NotEligible(outcome.unmet)
    valid_until = add_months(today, definition.validity_months)
    return issuing.create(
        session,
        issuer,
        person,
        definition,
        settings,
        today=today,
        valid_until=valid_until,
        renewing=existing,
        now=now,
    )


def _refuse_while_held(person: Person, existing: Certificate, today: date) -> None:
    """A certificate still held (valid, in its window or suspended) is not issued again."""
    state = status_on(existing, today, existing.definition.renewal_window_days)
    if state == VALID:
        opens = existing.valid_until.toordinal() - existing.definition.renewal_window_days
        raise CertificateError(
            f"{person.name} already holds a current certificate. Renewal opens on "
            f"{uk_date(date.fromordinal(opens))}."
        )
    if state == SUSPENDED:
        raise CertificateError("The current certificate is suspended: reinstate it first.")
    if state == EXPIRING:
        raise CertificateError(
            f"Certificate {existing.number} is in its renewal window: renew it from its page, "
            "which shows what renewal needs."
        )


def refuse_while_revocation_waits(session: Session, person: Person, slug: str) -> None:
    """Nothing is issued or renewed while a revocation of the person's certificate of this
    definition waits for an admin's decision: approving it must stop what they hold."""
    waiting = queries.revocation_waiting(session, person.id, slug)
    if waiting is not None:
        raise CertificateError(
            f"A revocation of certificate {waiting.certificate.number} is waiting for an "
            f"admin's decision, so {person.name} cannot be issued or renewed this certificate "
            "until it is decided. If an admin declines it, try again then."
        )


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
    """Ask for a certificate to be revoked; a different admin must approve it. Checked under
    the holder's lock on the certificate read again, so a renewal at the same moment either
    waits for this proposal (and is refused) or has already replaced the certificate."""
    refuse_own(actor, cert.person_id, "propose_revocation")
    _require_manager(actor, cert)
    if not reason.strip():
        raise CertificateError("Say why the certificate should be revoked.", "reason")
    lock_person(session, cert.person_id)
    cert = _locked(session, Certificate, cert.id)
    if cert.revoked_at is not None:
        raise CertificateError("This certificate is already revoked.")
    if cert.superseded_at is not None:
        raise CertificateError(
            "This certificate has been replaced by a renewal: propose revoking the current one."
        )
    reason = reason.strip()
    proposal = RevocationProposal(certificate_id=cert.id, proposed_by_id=actor.id, reason=reason)
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
        reason=reason,
    )
    events.revocation_proposed.send(proposal, session=session, actor=actor)
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
    now_hashes = issuing.module_hashes(session, list(cert.module_hashes))
    return sorted(slug for slug, h in cert.module_hashes.items() if now_hashes.get(slug) != h)


def status_of(cert: Certificate, today: date) -> str:
    return status_on(cert, today, cert.definition.renewal_window_days)
