"""The demo mentor's expenses: one approved claim and one waiting, made through the services.

Idempotent: a mentor who already has claims is left alone. Called from lms/demo.py after the
demo mentor and their contacts exist (lms.matching cannot import this feature: expenses build
on matching, so the arrow runs one way only).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.accounts.models import Person
from lms.expenses import services
from lms.expenses.models import ExpenseClaim
from lms.matching.models import ContactLog
from lms.ukdates import uk_today

CLAIMS = [  # which contact (oldest first), kind, pence, what for, approved
    (0, "travel", 680, "Bus fares to the prison gate and back", True),
    (1, "refreshments", 320, "Two coffees at the library", False),
]


def seed_demo_expenses(session: Session, mentor: Person | None, coordinator: Person) -> None:
    """Give the demo mentor a submitted and an approved claim, once."""
    if mentor is None:
        return
    made = select(ExpenseClaim.id).where(ExpenseClaim.mentor_id == mentor.id).limit(1)
    if session.scalar(made) is not None:
        return
    contacts = list(
        session.scalars(
            select(ContactLog)
            .where(ContactLog.mentor_id == mentor.id)
            .order_by(ContactLog.held_on, ContactLog.id)
        )
    )
    today = uk_today()
    for index, kind, amount, description, approved in CLAIMS:
        if index >= len(contacts):
            return
        details = services.ClaimDetails(kind, amount, description)
        claim = services.submit(session, mentor, contacts[index], details, today)
        if approved:
            services.approve(session, coordinator, claim)
    session.flush()
