"""Two admins deciding one revocation at the same moment: one decision counts (both databases)."""

from __future__ import annotations

import threading

from sqlalchemy import func, select

from lms.accounts.models import Person, Role
from lms.audit.models import AuditEvent
from lms.certificates import services
from lms.certificates.models import Certificate, RevocationProposal
from lms.extensions import db
from tests.factories import make_mentor, make_person

DECISIONS = ("certificate.revoked", "certificate.revocation_declined")


def test_approve_and_decline_at_once_leave_certificate_and_proposal_agreeing(app, people):
    """One admin approves while another declines: exactly one wins, audited once, and the
    certificate is revoked exactly when the proposal says approved."""
    cert = make_mentor(people["trainee"])
    proposal = services.propose_revocation(
        db.session, people["coordinator"], cert, "Broke the lone-working policy twice"
    )
    db.session.commit()
    second = make_person("admin2@example.org", "Ari Second", [Role.ADMIN], people["trainee"].scheme)
    jobs = [(people["admin"].id, True), (second.id, False)]
    ids = (proposal.id, cert.id)
    barrier = threading.Barrier(len(jobs))
    outcomes: list[str] = []

    def decide(admin_id: int, approve: bool) -> None:
        with app.app_context():
            admin = db.session.get(Person, admin_id)
            mine = db.session.get(RevocationProposal, ids[0])
            assert mine.status == "pending" and mine.certificate.person is not None
            barrier.wait()
            try:
                services.decide_revocation(
                    db.session, admin, mine, approve=approve, note="Decided at once"
                )
                db.session.commit()
                outcomes.append("decided")
            except services.CertificateError as exc:
                db.session.rollback()
                outcomes.append("already" if "already decided" in exc.message else exc.message)
            except Exception as exc:  # the test must see anything unexpected
                db.session.rollback()
                outcomes.append(repr(exc))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=decide, args=job) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["already", "decided"]
    db.session.expire_all()
    decided = db.session.get(RevocationProposal, ids[0])
    revoked = db.session.get(Certificate, ids[1]).revoked_at is not None
    assert decided.status in ("approved", "declined")
    assert revoked == (decided.status == "approved")
    audited = db.session.scalar(
        select(func.count(AuditEvent.id)).where(AuditEvent.action.in_(DECISIONS))
    )
    assert audited == 1
