"""Expense models: a scheme's expense settings (what may be claimed, limits, sessional pay) and
a mentor's claims against their contacts. Money is whole pence; times are UTC."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.accounts.models import Person
from lms.db import utcnow
from lms.extensions import db
from lms.matching.models import ContactLog

# What a mentor may claim for, in the order the forms offer them.
KINDS = {
    "travel": "Travel",
    "phone": "Phone credit",
    "refreshments": "Refreshments with the mentee",
    "other": "Other",
}
# A scheme that has saved no settings gets these (pence; None: not claimable).
DEFAULT_LIMITS: dict[str, int | None] = {
    "travel": 2000,
    "phone": 1000,
    "refreshments": 500,
    "other": None,
}
SUBMITTED, APPROVED, QUERIED, WITHDRAWN = "submitted", "approved", "queried", "withdrawn"
STATUSES = {
    SUBMITTED: "Waiting for your coordinator",
    APPROVED: "Approved",
    QUERIED: "Your coordinator has a question",
    WITHDRAWN: "Withdrawn",
}
DESCRIPTION_LENGTH = 200
MAX_LIMIT_PENCE = 100_000  # £1,000: no scheme sets a per-claim limit above this


class ExpenseSettings(db.Model):
    """What a scheme lets its mentors claim: per kind a limit per claim in pence (NULL: not
    claimable); and whether it pays sessional mentors, at what hourly rate. A scheme with no
    row has DEFAULT_LIMITS (``settings.settings_for``)."""

    __tablename__ = "expense_settings"

    scheme_id: Mapped[int] = mapped_column(ForeignKey("schemes.id"), primary_key=True)
    travel_limit: Mapped[int | None]
    phone_limit: Mapped[int | None]
    refreshments_limit: Mapped[int | None]
    other_limit: Mapped[int | None]
    pays_sessional: Mapped[bool] = mapped_column(default=False)
    hourly_rate: Mapped[int] = mapped_column(default=0)  # pence an hour
    updated_at: Mapped[datetime | None]
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))

    __table_args__ = (CheckConstraint("hourly_rate >= 0", name="rate_not_negative"),)

    def limit(self, kind: str) -> int | None:
        """The most one claim of ``kind`` may be, in pence; None when it may not be claimed."""
        return getattr(self, f"{kind}_limit") if kind in KINDS else None

    def limits(self) -> dict[str, int | None]:
        return {kind: self.limit(kind) for kind in KINDS}


class ExpenseClaim(db.Model):
    """One claim by a mentor against one of their contacts: a kind, an amount, what it was for,
    and any paid hours (at the scheme's rate when it was made)."""

    __tablename__ = "expense_claims"

    id: Mapped[int] = mapped_column(primary_key=True)
    scheme_id: Mapped[int] = mapped_column(ForeignKey("schemes.id"))
    mentor_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contact_logs.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    amount: Mapped[int]  # pence
    description: Mapped[str] = mapped_column(String(DESCRIPTION_LENGTH))
    paid_minutes: Mapped[int] = mapped_column(default=0)
    hourly_rate: Mapped[int] = mapped_column(default=0)  # pence an hour, kept from the settings
    status: Mapped[str] = mapped_column(String(20), default=SUBMITTED)
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)
    question: Mapped[str | None] = mapped_column(Text)  # the coordinator's query
    queried_at: Mapped[datetime | None]
    queried_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    answer: Mapped[str | None] = mapped_column(Text)
    approved_at: Mapped[datetime | None]
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    withdrawn_at: Mapped[datetime | None]

    mentor: Mapped[Person] = relationship(foreign_keys=[mentor_id])
    approved_by: Mapped[Person | None] = relationship(foreign_keys=[approved_by_id])
    contact: Mapped[ContactLog] = relationship()

    __table_args__ = (
        CheckConstraint(
            "status in ('submitted', 'approved', 'queried', 'withdrawn')", name="status_known"
        ),
        CheckConstraint("kind in ('travel', 'phone', 'refreshments', 'other')", name="kind_known"),
        CheckConstraint("amount > 0", name="amount_positive"),
        CheckConstraint("paid_minutes >= 0 and paid_minutes <= 1440", name="minutes_range"),
        # One live claim of each kind per contact (a withdrawn one may be made again).
        Index(
            "uq_expense_claims_contact_kind",
            "contact_id",
            "kind",
            unique=True,
            sqlite_where=text("status != 'withdrawn'"),
            postgresql_where=text("status != 'withdrawn'"),
        ),
        Index("ix_expense_claims_scheme_status", "scheme_id", "status"),
    )

    @property
    def pay(self) -> int:
        """Sessional pay in pence for the paid hours, rounded to the nearest penny."""
        return (self.paid_minutes * self.hourly_rate + 30) // 60
