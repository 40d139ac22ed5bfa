"""Each check of the audit trail (``flask audit verify`` or the nightly job): when, whether it
passed, how many events it read and how many problems it found, for the admin's home page."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import CheckConstraint, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from lms.audit.services import ChainReport
from lms.db import utcnow
from lms.extensions import db

CLI, JOB = "cli", "job"
# A check older than this is stale: the admin is asked to look.
STALE_AFTER = timedelta(days=2)


class AuditVerification(db.Model):
    """One run of the trail's check. Rows are only inserted."""

    __tablename__ = "audit_verifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    ok: Mapped[bool]
    events_checked: Mapped[int]
    problems: Mapped[int]
    source: Mapped[str] = mapped_column(String(10))

    __table_args__ = (CheckConstraint("source in ('cli', 'job')", name="source_known"),)


def record_run(session: Session, report: ChainReport, source: str) -> AuditVerification:
    """Keep the outcome of one check in the caller's transaction."""
    run = AuditVerification(
        at=utcnow(),
        ok=report.ok,
        events_checked=report.total,
        problems=len(report.problems()),
        source=source,
    )
    session.add(run)
    return run


def latest_run(session: Session) -> AuditVerification | None:
    stmt = select(AuditVerification).order_by(
        AuditVerification.at.desc(), AuditVerification.id.desc()
    )
    return session.scalars(stmt.limit(1)).first()


def needs_attention(run: AuditVerification | None, now: datetime) -> bool:
    """Never checked, the last check failed, or it is more than two days old."""
    return run is None or not run.ok or now - run.at > STALE_AFTER
