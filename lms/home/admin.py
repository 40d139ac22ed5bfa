"""The admin's "Needs your action": revocations, undelivered messages, the audit trail's last
check, old invitations."""

from __future__ import annotations

from datetime import datetime

from flask import url_for
from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.accounts.models import Person
from lms.audit.runs import AuditVerification, needs_attention
from lms.certificates.models import Certificate, RevocationProposal
from lms.home.items import ActionItem, count, pending
from lms.outbox.models import FAILED, OutboxMessage
from lms.people.services import INVITATION_WAIT_DAYS, older_invitations, pending_invitations
from lms.ukdates import uk_datetime


def audit_status(run: AuditVerification | None) -> str:
    """The status line: when the trail was last checked and what was found."""
    if run is None:
        return "The audit trail has never been checked."
    found = "no problems" if run.ok else f"{run.problems} problem" + "s" * (run.problems != 1)
    return f"Audit trail last checked {uk_datetime(run.at)}: {found}."


def _audit_item(run: AuditVerification | None, now: datetime) -> ActionItem:
    """An action when the trail was never checked, the last check failed or is over 2 days old."""
    if not needs_attention(run, now):
        sentence = ""
    elif run is None:
        sentence = "The audit trail has never been checked: run flask audit verify"
    elif not run.ok:
        sentence = f"The audit trail's last check found problems ({uk_datetime(run.at)})"
    else:
        sentence = f"The audit trail has not been checked since {uk_datetime(run.at)}"
    return ActionItem(
        "audit", "audit trail checks", int(bool(sentence)), url_for("audit.verify"), "", sentence
    )


def items(
    session: Session, admin: Person, now: datetime, run: AuditVerification | None = None
) -> list[ActionItem]:
    """Across every scheme, most urgent first; ``run`` is the trail's last check."""
    # Only those this admin may decide: not their own proposal, not their own certificate.
    revocations = (
        select(RevocationProposal.id)
        .join(Certificate, Certificate.id == RevocationProposal.certificate_id)
        .where(
            RevocationProposal.status == "pending",
            RevocationProposal.proposed_by_id != admin.id,
            Certificate.person_id != admin.id,
        )
    )
    failed = select(OutboxMessage.id).where(OutboxMessage.status == FAILED)
    old_invitations = older_invitations(pending_invitations(admin), now)
    return pending(
        [
            ActionItem(
                "revocations",
                "revocations waiting for a second admin",
                count(session, revocations),
                url_for("certificates.revocations"),
            ),
            ActionItem(
                "undelivered",
                "messages that could not be delivered",
                count(session, failed),
                url_for("outbox.index", status=FAILED),
            ),
            _audit_item(run, now),
            ActionItem(
                "invitations",
                f"invitations not accepted after {INVITATION_WAIT_DAYS} days",
                count(session, old_invitations),
                url_for("people.invitations", older=INVITATION_WAIT_DAYS),
            ),
        ]
    )
