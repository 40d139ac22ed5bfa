"""The daily sweep: expiry reminders (60, 30 and 7 days before, each once) and recorded expiries.

Idempotent: running it twice on the same day changes nothing the second time. Reminders are
queued in the outbox in the sweep's own transaction, so a mail server that is down or fails
part-way never stops the sweep or makes a reminder go twice.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from lms.audit.services import record
from lms.certificates.models import Certificate
from lms.db import utcnow
from lms.events import certificate_stopped

REMINDER_DAYS = (60, 30, 7)


@dataclass
class SweepSummary:
    """What one sweep did."""

    checked: int = 0
    reminders: dict[int, int] = field(default_factory=lambda: dict.fromkeys(REMINDER_DAYS, 0))
    expired: int = 0

    def lines(self) -> list[str]:
        sent = ", ".join(f"{self.reminders[d]} at {d} days" for d in REMINDER_DAYS)
        return [
            f"Certificates checked: {self.checked}",
            f"Reminders sent: {sent}",
            f"Expiries recorded: {self.expired}",
        ]


def due_reminder(valid_until: date, today: date, sent: list[int]) -> tuple[int, list[int]] | None:
    """The reminder to send today, if any, and every threshold it covers.

    When the sweep missed days, only the nearest reminder goes out and the earlier ones are
    counted as covered, so nobody gets three emails at once.
    """
    days_left = (valid_until - today).days
    if days_left < 0:
        return None
    reached = [d for d in REMINDER_DAYS if days_left <= d and d not in sent]
    if not reached:
        return None
    return min(reached), reached


def _due_filter(today: date):
    horizon = today + timedelta(days=max(REMINDER_DAYS))
    return (
        Certificate.current,
        Certificate.revoked_at.is_(None),
        Certificate.valid_until <= horizon,
    )


def count_due(session: Session, today: date) -> int:
    """How many certificates the sweep will look at today (for the progress bar)."""
    return session.scalar(select(func.count(Certificate.id)).where(*_due_filter(today))) or 0


def candidates(session: Session, today: date) -> list[Certificate]:
    """Current certificates that expire within the longest reminder period, or have expired."""
    stmt = (
        select(Certificate)
        .where(*_due_filter(today))
        .options(selectinload(Certificate.person))
        .order_by(Certificate.id)
    )
    return list(session.scalars(stmt))


def sweep(
    session: Session,
    today: date,
    send_reminder: Callable[[Certificate, int], None],
    *,
    now: datetime | None = None,
    progress: Callable[[int], None] = lambda n: None,
) -> SweepSummary:
    """Queue due reminders (``send_reminder``) and record expiries; the caller commits."""
    now = now or utcnow()
    summary = SweepSummary()
    for cert in candidates(session, today):
        summary.checked += 1
        if today > cert.valid_until:
            if cert.expiry_recorded_at is None:
                cert.expiry_recorded_at = now
                record(
                    session,
                    actor=None,
                    action="certificate.expired",
                    subject_type="certificate",
                    subject_id=cert.number,
                    scheme_id=cert.scheme_id,
                    details={"valid_until": cert.valid_until.isoformat()},
                )
                certificate_stopped.send(cert, session=session, actor=None, why="expired")
                summary.expired += 1
        elif cert.suspended_at is None:
            due = due_reminder(cert.valid_until, today, list(cert.reminders_sent or []))
            if due is not None:
                days, covered = due
                send_reminder(cert, days)
                cert.reminders_sent = sorted({*(cert.reminders_sent or []), *covered})
                summary.reminders[days] += 1
        progress(1)
    return summary
