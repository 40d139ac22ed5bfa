"""The demo practice log: every status a trainee meets, made once."""

from __future__ import annotations

from sqlalchemy import func, select

from lms.audit.models import AuditEvent
from lms.extensions import db
from lms.practice import services
from lms.practice.demo import seed_practice
from lms.practice.models import PracticeEntry


def test_demo_practice_has_each_status_and_a_second_run_changes_nothing(app, people):
    """Confirmed (with a passed observation), pending and rejected entries; idempotent."""
    trainee, trainer = people["trainee"], people["trainer"]
    seed_practice(db.session, trainee, trainer)
    db.session.commit()
    counts = (
        db.session.scalar(select(func.count(PracticeEntry.id))),
        db.session.scalar(select(func.count(AuditEvent.id))),
    )
    seed_practice(db.session, trainee, trainer)
    db.session.commit()
    assert (
        db.session.scalar(select(func.count(PracticeEntry.id))),
        db.session.scalar(select(func.count(AuditEvent.id))),
    ) == counts
    statuses = sorted(db.session.scalars(select(PracticeEntry.status)))
    assert statuses == ["confirmed", "confirmed", "confirmed", "pending", "rejected"]
    rejected = db.session.scalars(
        select(PracticeEntry).where(PracticeEntry.status == "rejected")
    ).one()
    assert rejected.decision_reason
    totals = services.totals(db.session, trainee)
    assert totals.observed_passed == 1 and totals.sessions == 3
