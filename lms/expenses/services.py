"""A claim's life: a mentor submits it against one of their own contacts, the scheme's
coordinator approves it or queries it (never their own claim), the mentor answers a query
(correcting the claim) or withdraws it. Every step is an audit event; the mentor is told of an
approval or a query, and coordinators of a claim waiting, through notifications."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lms.accounts.models import Person, Role
from lms.audit.services import record
from lms.db import utcnow
from lms.expenses.models import (
    APPROVED,
    DESCRIPTION_LENGTH,
    KINDS,
    QUERIED,
    SUBMITTED,
    WITHDRAWN,
    ExpenseClaim,
)
from lms.expenses.money import pounds
from lms.expenses.settings import ExpenseError, settings_for
from lms.matching.mine.notify import coordinators
from lms.matching.models import ContactLog, Match
from lms.notifications.services import notify
from lms.notifications.triggers import path

CLAIM_WINDOW_DAYS = 90  # a contact older than this can no longer be claimed against
OPEN = (SUBMITTED, QUERIED)


@dataclass(frozen=True)
class ClaimDetails:
    """A claim as the mentor enters it: money in pence, paid time in minutes."""

    kind: str
    amount: int | None
    description: str
    paid_minutes: int = 0


def _audit(session: Session, actor: Person, action: str, claim: ExpenseClaim, reason: str = ""):
    record(
        session,
        actor=actor,
        action=action,
        subject_type="expense_claim",
        subject_id=claim.id,
        scheme_id=claim.scheme_id,
        reason=reason,
        details={
            "kind": claim.kind,
            "amount": pounds(claim.amount),
            "paid_minutes": claim.paid_minutes,
            "contact_id": claim.contact_id,
            "mentor_id": claim.mentor_id,
        },
    )


def _claimed_minutes(session: Session, contact: ContactLog, leaving_out: int | None) -> int:
    """Paid minutes already claimed for ``contact`` by live claims (other than ``leaving_out``)."""
    stmt = select(func.coalesce(func.sum(ExpenseClaim.paid_minutes), 0)).where(
        ExpenseClaim.contact_id == contact.id, ExpenseClaim.status != WITHDRAWN
    )
    if leaving_out is not None:
        stmt = stmt.where(ExpenseClaim.id != leaving_out)
    return session.scalar(stmt) or 0


def _check(
    session: Session, scheme_id: int, contact: ContactLog, details: ClaimDetails, claim_id=None
) -> str:
    """Check ``details`` against the scheme's settings and the contact; the clean description."""
    settings = settings_for(session, scheme_id)
    limit = settings.limit(details.kind)
    if details.kind not in KINDS or limit is None:
        raise ExpenseError("Choose what you are claiming for from the list.", field="kind")
    if details.amount is None or details.amount <= 0:
        raise ExpenseError("Enter the amount in pounds and pence, like 3.50.", field="amount")
    if details.amount > limit:
        raise ExpenseError(
            f"Your scheme pays up to £{pounds(limit)} a claim for {KINDS[details.kind].lower()}. "
            "Enter that amount or less.",
            field="amount",
        )
    description = " ".join((details.description or "").split())
    if not description:
        raise ExpenseError(
            "Say what the money was for, like 'Bus fare to the gate'.", "description"
        )
    if len(description) > DESCRIPTION_LENGTH:
        raise ExpenseError("Keep what it was for to 200 characters or fewer.", "description")
    if details.paid_minutes:
        if not settings.pays_sessional:
            raise ExpenseError("Your scheme does not pay for hours. Leave hours empty.", "hours")
        left = contact.minutes - _claimed_minutes(session, contact, claim_id)
        if details.paid_minutes > left:
            raise ExpenseError(
                f"You can claim at most {left} more minutes for this contact, which lasted "
                f"{contact.minutes} minutes.",
                field="hours",
            )
    return description


def too_old(contact: ContactLog, today: date) -> bool:
    """Whether the contact is past the claim window (more than 90 days before ``today``)."""
    return contact.held_on < today - timedelta(days=CLAIM_WINDOW_DAYS)


def submit(
    session: Session, mentor: Person, contact: ContactLog, details: ClaimDetails, today: date
) -> ExpenseClaim:
    """The mentor claims against one of their own contacts."""
    if contact.mentor_id != mentor.id:
        raise ExpenseError("You can only claim for your own contacts.", code="forbidden")
    if too_old(contact, today):
        raise ExpenseError(
            f"This contact was more than {CLAIM_WINDOW_DAYS} days ago, so it can no longer be "
            "claimed for. Ask your coordinator if you think it should be paid.",
            code="too_old",
        )
    # The contact's row locked (PostgreSQL): two claims on one contact are checked one by one,
    # so neither a kind nor the contact's minutes can be claimed twice at the same moment.
    session.refresh(contact, with_for_update=True)
    scheme_id = session.scalar(select(Match.scheme_id).where(Match.id == contact.match_id))
    description = _check(session, scheme_id, contact, details)
    taken = select(ExpenseClaim.id).where(
        ExpenseClaim.contact_id == contact.id,
        ExpenseClaim.kind == details.kind,
        ExpenseClaim.status != WITHDRAWN,
    )
    if session.scalar(taken) is not None:
        raise ExpenseError(
            f"You have already claimed for {KINDS[details.kind].lower()} for this contact. "
            "Open that claim to change it, or choose another kind.",
            field="kind",
        )
    settings = settings_for(session, scheme_id)
    claim = ExpenseClaim(
        scheme_id=scheme_id,
        mentor_id=mentor.id,
        contact_id=contact.id,
        kind=details.kind,
        amount=details.amount,
        description=description,
        paid_minutes=details.paid_minutes,
        hourly_rate=settings.hourly_rate if details.paid_minutes else 0,
        status=SUBMITTED,
        submitted_at=utcnow(),
    )
    session.add(claim)
    session.flush()
    _audit(session, mentor, "expense.submitted", claim)
    _tell_coordinators(session, claim)
    return claim


def _tell_coordinators(session: Session, claim: ExpenseClaim) -> None:
    """On the site only: claims waiting are work, which reaches coordinators by email in the
    daily work-waiting email (lms/notifications/work_digest.py), not one mail per claim."""
    text = "An expense claim is waiting for you to approve or query."
    link = path("expenses.review", claim_id=claim.id)
    for person in coordinators(session, claim.scheme_id):
        if person.id != claim.mentor_id:
            notify(session, person, "expense-waiting", text, link, email=False)


def _locked(session: Session, claim: ExpenseClaim) -> ExpenseClaim:
    """The claim as it is now, its row locked (PostgreSQL) so two decisions cannot cross."""
    session.refresh(claim, with_for_update=True)
    return claim


def may_decide(actor: Person, claim: ExpenseClaim) -> bool:
    """A coordinator of the claim's scheme who did not make it."""
    return (
        actor.has_role(Role.COORDINATOR)
        and actor.scheme_id == claim.scheme_id
        and actor.id != claim.mentor_id
    )


def _decider(session: Session, actor: Person, claim: ExpenseClaim) -> ExpenseClaim:
    if not may_decide(actor, claim):
        raise ExpenseError(
            "Only a coordinator of the scheme, other than the mentor, can decide this claim.",
            code="forbidden",
        )
    claim = _locked(session, claim)
    if claim.status not in OPEN:
        raise ExpenseError("This claim has already been decided or withdrawn.", code="wrong_status")
    return claim


def approve(session: Session, coordinator: Person, claim: ExpenseClaim) -> ExpenseClaim:
    """Approve a waiting (or queried) claim; it goes in the month's export."""
    claim = _decider(session, coordinator, claim)
    claim.status = APPROVED
    claim.approved_at = utcnow()
    claim.approved_by_id = coordinator.id
    _audit(session, coordinator, "expense.approved", claim)
    text = "One of your expense claims has been approved."
    notify(
        session, claim.mentor, "expense-approved", text, path("expenses.claim", claim_id=claim.id)
    )
    return claim


def query(session: Session, coordinator: Person, claim: ExpenseClaim, question: str):
    """Send a claim back to the mentor with a question (the reason for the query)."""
    question = (question or "").strip()
    if not question:
        raise ExpenseError("Write the question the mentor needs to answer.", field="question")
    claim = _decider(session, coordinator, claim)
    claim.status = QUERIED
    claim.question = question
    claim.queried_at = utcnow()
    claim.queried_by_id = coordinator.id
    _audit(session, coordinator, "expense.queried", claim, question)
    text = "Your coordinator has a question about one of your expense claims."
    notify(
        session, claim.mentor, "expense-queried", text, path("expenses.claim", claim_id=claim.id)
    )
    return claim


def _own_open(session: Session, mentor: Person, claim: ExpenseClaim, statuses) -> ExpenseClaim:
    if claim.mentor_id != mentor.id:
        raise ExpenseError("Only the mentor who made this claim can do this.", code="forbidden")
    claim = _locked(session, claim)
    if claim.status not in statuses:
        raise ExpenseError("This claim can no longer be changed.", code="wrong_status")
    return claim


def answer(
    session: Session, mentor: Person, claim: ExpenseClaim, details: ClaimDetails, reply: str
) -> ExpenseClaim:
    """The mentor answers a query, correcting the claim if need be; it waits again."""
    reply = (reply or "").strip()
    if not reply:
        raise ExpenseError("Answer your coordinator's question.", field="answer")
    claim = _own_open(session, mentor, claim, (QUERIED,))
    session.refresh(claim.contact, with_for_update=True)  # its minutes checked one at a time
    details = ClaimDetails(claim.kind, details.amount, details.description, details.paid_minutes)
    claim.description = _check(session, claim.scheme_id, claim.contact, details, claim.id)
    claim.amount = details.amount
    claim.paid_minutes = details.paid_minutes
    if details.paid_minutes and not claim.hourly_rate:
        claim.hourly_rate = settings_for(session, claim.scheme_id).hourly_rate
    claim.answer = reply
    claim.status = SUBMITTED
    _audit(session, mentor, "expense.answered", claim, reply)
    _tell_coordinators(session, claim)
    return claim


def withdraw(session: Session, mentor: Person, claim: ExpenseClaim, reason: str = ""):
    """The mentor withdraws a claim not yet approved."""
    claim = _own_open(session, mentor, claim, OPEN)
    claim.status = WITHDRAWN
    claim.withdrawn_at = utcnow()
    _audit(session, mentor, "expense.withdrawn", claim, (reason or "").strip())
    return claim
