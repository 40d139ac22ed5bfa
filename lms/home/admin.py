"""The admin's "Needs your action": revocations, undelivered messages, old invitations."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import url_for
from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.accounts.models import Person
from lms.certificates.models import RevocationProposal
from lms.home.items import ActionItem, count, pending
from lms.outbox.models import FAILED, OutboxMessage
from lms.people.services import pending_invitations

INVITATION_WAIT_DAYS = 7


def items(session: Session, admin: Person, now: datetime) -> list[ActionItem]:
    """Across every scheme, most urgent first."""
    revocations = select(RevocationProposal.id).where(
        RevocationProposal.status == "pending", RevocationProposal.proposed_by_id != admin.id
    )
    failed = select(OutboxMessage.id).where(OutboxMessage.status == FAILED)
    old_invitations = pending_invitations(admin).where(
        Person.invited_at < now - timedelta(days=INVITATION_WAIT_DAYS)
    )
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
                url_for("outbox.index"),
            ),
            ActionItem(
                "invitations",
                f"invitations not accepted after {INVITATION_WAIT_DAYS} days",
                count(session, old_invitations),
                url_for("people.invitations"),
            ),
        ]
    )
