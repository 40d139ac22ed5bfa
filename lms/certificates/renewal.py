"""Renewing a certificate in its renewal window: what renewal needs (the refresher modules that
changed, a supervision within the scheme's interval, a current DBS check), with progress, and
the renewal itself, which supersedes the old certificate and keeps the chain. A renewal is not a
first issue: the practice hours a scheme asks of new mentors are not counted again. ``check`` is
the one answer the certificate page, the renew page and the renewal itself give.

Supervision sessions belong to matching, which imports this feature: it answers the
``last_supervised`` signal instead of being imported here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from blinker import Namespace
from sqlalchemy.orm import Session

from lms.accounts.duties import refuse_own
from lms.accounts.locks import lock_person
from lms.accounts.models import Person
from lms.certificates import issuing, queries, services
from lms.certificates.definitions import find_definition
from lms.certificates.eligibility import (
    Eligibility,
    Requirement,
    latest_vetting,
    vetting_requirement,
)
from lms.certificates.models import Certificate, RevocationProposal
from lms.certificates.status import EXPIRED, EXPIRING, REVOKED, SUPERSEDED, SUSPENDED, VALID
from lms.training.services import PASSED, learning_path
from lms.ukdates import add_months, uk_date
from lms.vetting.models import LEVEL_ORDER

# Sent with the holder (a ``Person``) and ``session``; a receiver answers the date of their
# latest supervision session, or None.
last_supervised = Namespace().signal("last-supervised")
DEFAULT_SUPERVISION_WEEKS = 6


def _refresher(session: Session, cert: Certificate) -> Requirement:
    """Modules whose questions changed since issue (or new to the definition) passed again."""
    label = "Refresher modules passed"
    changed = set(services.refresher_due(session, cert))
    definition = find_definition(session, cert.definition_slug) or cert.definition
    changed |= {
        s for s in definition.requirements.get("modules") or [] if s not in cert.module_hashes
    }
    if not changed:
        return Requirement("refresher", label, True, "No module has changed since it was issued.")
    path = {e.module.slug: e for e in learning_path(session, cert.person)}
    titles = {s: path[s].version.title if s in path else s for s in changed}
    todo = sorted(titles[s] for s in changed if s not in path or path[s].status != PASSED)
    progress = f"{len(changed) - len(todo)} of {len(changed)} changed modules passed again."
    if todo:
        progress += f" Still to do: {', '.join(todo)}."
    return Requirement("refresher", label, not todo, progress)


def _supervision(session: Session, person: Person, today: date) -> Requirement:
    weeks = person.scheme.supervision_interval_weeks if person.scheme else DEFAULT_SUPERVISION_WEEKS
    label = f"Supervision in the last {weeks} weeks"
    found = [d for _, d in last_supervised.send(person, session=session) if d is not None]
    last = max(found) if found else None
    if last is None:
        return Requirement("supervision", label, False, "No supervision has been recorded yet.")
    if last < today - timedelta(weeks=weeks):
        return Requirement(
            "supervision", label, False, f"The last supervision was on {uk_date(last)}."
        )
    return Requirement("supervision", label, True, f"Last supervision on {uk_date(last)}.")


def needs(session: Session, cert: Certificate, today: date) -> Eligibility:
    """What renewing ``cert`` needs, met or not, as it stands ``today`` (``eligible`` when all
    are met)."""
    definition = find_definition(session, cert.definition_slug) or cert.definition
    level = definition.requirements.get("vetting_level") or LEVEL_ORDER[0]
    check = latest_vetting(session, cert.person)
    return Eligibility(
        definition,
        [
            _refresher(session, cert),
            _supervision(session, cert.person, today),
            vetting_requirement(check, level, today),
        ],
    )


# Why a certificate that is not in its renewal window cannot be renewed, by its status.
REFUSED = {
    VALID: "Certificate {cert.number} is not in its renewal window yet.",
    EXPIRED: "Certificate {cert.number} has expired. Issue a new one once every requirement "
    "is met.",
    SUSPENDED: "Certificate {cert.number} is suspended: reinstate it before renewing.",
    REVOKED: "Certificate {cert.number} is revoked and cannot be renewed.",
    SUPERSEDED: "Certificate {cert.number} has already been renewed.",
}


@dataclass(frozen=True)
class Renewal:
    """Whether a certificate can be renewed today: what renewal needs, with progress, and why
    it cannot be renewed whatever is met (``refused``), such as a revocation waiting."""

    needs: Eligibility
    refused: str | None = None
    revocation: RevocationProposal | None = None

    @property
    def ready(self) -> bool:
        return self.refused is None and self.needs.eligible


def check(session: Session, cert: Certificate, today: date) -> Renewal:
    """Whether ``cert`` can be renewed ``today`` and what that needs (who may renew is
    ``services.may_issue``)."""
    found = needs(session, cert, today)
    status = services.status_of(cert, today)
    if not cert.current or status != EXPIRING:
        return Renewal(found, REFUSED.get(status, REFUSED[VALID]).format(cert=cert))
    waiting = queries.revocation_waiting(session, cert.person_id, cert.definition_slug)
    if waiting is not None:
        refused = (
            f"Certificate {cert.number} cannot be renewed while a revocation of certificate "
            f"{waiting.certificate.number} waits for an admin's decision. If an admin "
            "declines it, it can be renewed then."
        )
        return Renewal(found, refused, waiting)
    return Renewal(found)


def renewed_until(session: Session, cert: Certificate) -> date:
    """The renewed certificate's last day: the definition's validity after the old one's."""
    definition = find_definition(session, cert.definition_slug) or cert.definition
    return add_months(cert.valid_until, definition.validity_months)


def renew(
    session: Session,
    issuer: Person,
    cert: Certificate,
    settings: services.IssueSettings,
    *,
    today: date,
) -> Certificate:
    """Renew ``cert`` once ``check`` allows it, checked again under the holder's lock; it is
    then superseded (audited as ``certificate.renewed``, the holder told)."""
    refuse_own(issuer, cert.person, "issue")
    if not services.may_issue(issuer, cert.person):
        raise services.CertificateError("You cannot renew this person's certificate.")
    lock_person(session, cert.person_id)
    session.refresh(cert)
    found = check(session, cert, today)
    if found.refused and found.revocation is None:
        found = Renewal(found.needs, f"{found.refused} Reload the page: it may have just changed.")
    if found.refused:
        raise services.CertificateError(found.refused)
    if not found.needs.eligible:
        raise services.NotEligible(found.needs.unmet)
    definition = find_definition(session, cert.definition_slug) or cert.definition
    valid_until = renewed_until(session, cert)
    return issuing.create(
        session,
        issuer,
        cert.person,
        definition,
        settings,
        today=today,
        valid_until=valid_until,
        renewing=cert,
    )
