"""Lists of claims: a mentor's own, a scheme's waiting for a decision, and the approved claims
of one UK month for the CSV export (each one statement, people and contacts loaded with it)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, joinedload

from lms.accounts.models import Person
from lms.expenses.models import APPROVED, KINDS, ExpenseClaim
from lms.expenses.money import hours, pounds
from lms.expenses.services import OPEN
from lms.ukdates import uk_day_start, uk_today

CSV_HEADER = (
    "Claim ID",
    "Mentor name",
    "Mentor ID",
    "Contact date",
    "Kind",
    "Description",
    "Amount (£)",
    "Hours",
    "Hourly rate (£)",
    "Pay (£)",
    "Approved on",
    "Approved by",
)


def _with_people(stmt: Select) -> Select:
    return stmt.options(
        joinedload(ExpenseClaim.mentor),
        joinedload(ExpenseClaim.contact),
        joinedload(ExpenseClaim.approved_by),
    )


def mine(mentor: Person) -> Select:
    """The mentor's claims, newest first (for the paged list)."""
    stmt = select(ExpenseClaim).where(ExpenseClaim.mentor_id == mentor.id)
    return _with_people(stmt).order_by(ExpenseClaim.submitted_at.desc(), ExpenseClaim.id.desc())


def waiting(scheme_id: int, coordinator: Person) -> Select:
    """The scheme's claims waiting for a decision or an answer, oldest first, leaving out the
    coordinator's own (someone else decides those)."""
    stmt = select(ExpenseClaim).where(
        ExpenseClaim.scheme_id == scheme_id,
        ExpenseClaim.status.in_(OPEN),
        ExpenseClaim.mentor_id != coordinator.id,
    )
    return _with_people(stmt).order_by(
        ExpenseClaim.status.desc(), ExpenseClaim.submitted_at, ExpenseClaim.id
    )


def month_bounds(year: int, month: int) -> tuple[date, date]:
    """The first day of the month and the first day of the next."""
    start = date(year, month, 1)
    after = date(year + (month == 12), month % 12 + 1, 1)
    return start, after


def approved_in_month(session: Session, scheme_id: int, year: int, month: int):
    """The scheme's claims approved in that UK month (by approval date, UK time), in id order."""
    start, after = month_bounds(year, month)
    stmt = select(ExpenseClaim).where(
        ExpenseClaim.scheme_id == scheme_id,
        ExpenseClaim.status == APPROVED,
        ExpenseClaim.approved_at >= uk_day_start(start),
        ExpenseClaim.approved_at < uk_day_start(after),
    )
    return list(session.scalars(_with_people(stmt).order_by(ExpenseClaim.id)))


def csv_rows(claims: list[ExpenseClaim]) -> list[tuple[object, ...]]:
    """The header, then one row per claim, as a payroll or finance system reads them: dates
    ISO (YYYY-MM-DD), money in pounds with two decimals, hours as a decimal."""
    rows: list[tuple[object, ...]] = [CSV_HEADER]
    for claim in claims:
        rows.append(
            (
                claim.id,
                claim.mentor.name,
                claim.mentor_id,
                claim.contact.held_on.isoformat(),
                KINDS.get(claim.kind, claim.kind),
                claim.description,
                pounds(claim.amount),
                hours(claim.paid_minutes),
                pounds(claim.hourly_rate),
                pounds(claim.pay),
                _uk_iso(claim),
                claim.approved_by.name if claim.approved_by else "",
            )
        )
    return rows


def _uk_iso(claim: ExpenseClaim) -> str:
    return uk_today(claim.approved_at).isoformat() if claim.approved_at else ""


def totals(claims: list[ExpenseClaim]) -> dict[str, str]:
    """Money and pay totals of the month, in pounds, for the export page."""
    return {
        "amount": pounds(sum(c.amount for c in claims)),
        "pay": pounds(sum(c.pay for c in claims)),
        "count": str(len(claims)),
    }
