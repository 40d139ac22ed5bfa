"""Two trainers issuing the same certificate at the same moment: one certificate (PostgreSQL)."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from lms.accounts.models import Person, Role
from lms.certificates import services
from lms.certificates.models import Certificate, CertificateDefinition
from lms.extensions import db
from tests.factories import make_definition, make_eligible, make_person


@pytest.mark.postgres_only
def test_simultaneous_issues_make_one_certificate(app, people):
    """Both requests re-check inside their transactions; only one certificate is current."""
    from datetime import date

    definition = make_definition()
    make_eligible(people["trainee"], people["trainer"], people["coordinator"])
    other = make_person("t2@example.org", "Tia", [Role.TRAINER], people["trainee"].scheme)
    ids = (people["trainee"].id, definition.id)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def issue_as(trainer_id: int) -> None:
        with app.app_context():
            trainer = db.session.get(Person, trainer_id)
            person = db.session.get(Person, ids[0])
            chosen = db.session.get(CertificateDefinition, ids[1])
            barrier.wait()
            try:
                services.issue(
                    db.session,
                    trainer,
                    person,
                    chosen,
                    services.IssueSettings(base_url="https://lms.test"),
                    today=date(2026, 11, 28),
                )
                db.session.commit()
                outcomes.append("issued")
            except services.CertificateError:
                db.session.rollback()
                outcomes.append("refused")
            finally:
                db.session.remove()

    threads = [
        threading.Thread(target=issue_as, args=(i,)) for i in (people["trainer"].id, other.id)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["issued", "refused"]
    assert db.session.scalar(select(func.count(Certificate.id))) == 1
