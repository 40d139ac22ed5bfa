"""The daily sweep: records the expiry of each certificate that has run out, once.

Idempotent: running it twice on the same day changes nothing the second time. Each expiry is
an audit event and a ``certificate_stopped`` signal (why "expired"), so matches pause and the
holder is told, in the sweep's own transaction. The warnings before a certificate expires (60,
30 and 7 days) are the notifications' daily job: ``lms/notifications/expiry.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from lms.audit.services import record
from lms.certificates.models import Certificate
from lms.db import utcnow
from lms.events import certificate_stopped


@dataclass
class SweepSummary:
    """What one sweep did."""

    checked: int = 0
    expired: int = 0

    def lines(self) -> list[str]:
        return [f"Certificates checked: {self.checked}", f"Expiries recorded: {self.expired}"]


def _due_filter(today: date):
    """Current, unrevoked certificates past their last valid day whose expiry is not recorded:
    the work does not grow with every certificate that ever expired."""
    return (
        Certificate.current,
        Certificate.revoked_at.is_(None),
        Certificate.expiry_recorded_at.is_(None),
        Certificate.valid_until < today,
    )


def count_due(session: Session, today: date) -> int:
    """How many certificates the sweep will look at today (for the progress bar)."""
    return session.scalar(select(func.count(Certificate.id)).where(*_due_filter(today))) or 0


def candidates(session: Session, today: date) -> list[Certificate]:
    """Current certificates that have expired with no expiry recorded yet."""
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
    *,
    now: datetime | None = None,
    progress: Callable[[int], None] = lambda n: None,
) -> SweepSummary:
    """Record the expiries due by ``today``; the caller commits."""
    now = now or utcnow()
    summary = SweepSummary()
    for cert in candidates(session, today):
        summary.checked += 1
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
        progress(1)
    return summary
