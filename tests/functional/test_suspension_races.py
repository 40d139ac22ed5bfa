"""Suspensions and reinstatements racing each other or a revocation: one change counts (both
databases)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date, timedelta

from sqlalchemy import func, select

from lms.accounts.models import Person
from lms.audit.models import AuditEvent
from lms.certificates import services
from lms.certificates.models import Certificate, RevocationProposal
from lms.db import utcnow
from lms.extensions import db
from lms.matching import cascade
from tests.factories import make_mentor

TODAY = date(2026, 11, 28)


def _events(action: str) -> int:
    return db.session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action == action))


def _run_at_once(app, jobs: list[Callable[[], None]]) -> list[str]:
    """Run each job in its own thread and app context, released together; what each did."""
    barrier = threading.Barrier(len(jobs))
    outcomes: list[str] = []

    def run(job: Callable[[], None]) -> None:
        with app.app_context():
            try:
                job(barrier)
                db.session.commit()
                outcomes.append("done")
            except services.CertificateError:
                db.session.rollback()
                outcomes.append("refused")
            except Exception as exc:  # the test must see anything unexpected
                db.session.rollback()
                outcomes.append(repr(exc))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    db.session.expire_all()
    return sorted(outcomes)


def _suspender(actor_id: int, cert_id: int, before: Callable[[], None] | None = None):
    def job(barrier: threading.Barrier) -> None:
        actor = db.session.get(Person, actor_id)
        cert = db.session.get(Certificate, cert_id)
        assert cert.suspended_at is None and cert.revoked_at is None  # read before the race
        barrier.wait()
        if before:
            before()
        services.suspend(
            db.session, actor, cert, "Concern raised", TODAY + timedelta(days=7), today=TODAY
        )

    return job


def _counting_cascades(monkeypatch) -> list[str]:
    calls: list[str] = []
    real = cascade.pause_for_certificate

    def counting(session, cert, why):
        calls.append(why)
        return real(session, cert, why)

    monkeypatch.setattr(cascade, "pause_for_certificate", counting)
    return calls


def test_two_suspensions_at_once_make_one_event_and_one_cascade(app, people, monkeypatch):
    """Two managers suspend one certificate at once: one suspends, the other is refused."""
    cert_id = make_mentor(people["trainee"]).id
    cascades = _counting_cascades(monkeypatch)
    jobs = [_suspender(people["coordinator"].id, cert_id), _suspender(people["admin"].id, cert_id)]
    assert _run_at_once(app, jobs) == ["done", "refused"]
    assert _events("certificate.suspended") == 1
    assert cascades == ["suspended"]


def test_a_suspension_racing_an_approved_revocation_never_suspends_a_revoked_certificate(
    app, people
):
    """The revocation commits while a suspension that read the certificate is on its way: the
    suspension reads it again under the lock and is refused."""
    cert = make_mentor(people["trainee"])
    proposal = services.propose_revocation(
        db.session, people["coordinator"], cert, "Broke the lone-working policy twice"
    )
    db.session.commit()
    ids = (cert.id, proposal.id)
    revoked = threading.Event()

    def revoke(barrier: threading.Barrier) -> None:
        barrier.wait()
        admin = db.session.get(Person, people["admin"].id)
        mine = db.session.get(RevocationProposal, ids[1])
        services.decide_revocation(db.session, admin, mine, approve=True, note="Agreed")
        db.session.commit()
        revoked.set()

    def wait_for_revocation() -> None:
        assert revoked.wait(10)

    suspend = _suspender(people["coordinator"].id, ids[0], before=wait_for_revocation)
    assert _run_at_once(app, [revoke, suspend]) == ["done", "refused"]
    final = db.session.get(Certificate, ids[0])
    assert final.revoked_at is not None and final.suspended_at is None
    assert _events("certificate.suspended") == 0


def test_two_reinstatements_at_once_make_one_event(app, people):
    """Two managers lift one suspension at once: one reinstates, the other is refused."""
    cert = make_mentor(people["trainee"])
    cert.suspended_at = utcnow()
    cert.suspended_reason = "Concern raised"
    cert.review_date = TODAY
    db.session.commit()
    cert_id = cert.id

    def reinstater(actor_id: int):
        def job(barrier: threading.Barrier) -> None:
            actor = db.session.get(Person, actor_id)
            mine = db.session.get(Certificate, cert_id)
            assert mine.suspended_at is not None  # read before the race
            barrier.wait()
            services.reinstate(db.session, actor, mine, "Concern resolved")

        return job

    jobs = [reinstater(people["coordinator"].id), reinstater(people["admin"].id)]
    assert _run_at_once(app, jobs) == ["done", "refused"]
    assert _events("certificate.reinstated") == 1
    assert db.session.get(Certificate, cert_id).suspended_at is None
