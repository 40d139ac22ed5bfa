"""Certificates: eligibility, issue, numbers, renewal, suspension, revocation and the sweep."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from lms.audit.models import AuditEvent
from lms.certificates import renewal, services
from lms.certificates.eligibility import evaluate
from lms.certificates.models import Certificate
from lms.certificates.status import EXPIRED, EXPIRING, REVOKED, SUSPENDED, VALID
from lms.certificates.sweep import sweep
from lms.extensions import db
from lms.matching.models import SupervisionSession
from tests.factories import (
    make_definition,
    make_eligible,
    make_module,
    record_vetting,
)

TODAY = date(2026, 11, 28)
SETTINGS = services.IssueSettings(base_url="https://lms.test")


@pytest.fixture
def definition(app):
    return make_definition()


@pytest.fixture
def eligible(people, definition):
    make_eligible(people["trainee"], people["trainer"], people["coordinator"])
    return people["trainee"]


def _issue(people, definition, today=TODAY, person=None):
    cert = services.issue(
        db.session,
        people["trainer"],
        person or people["trainee"],
        definition,
        SETTINGS,
        today=today,
    )
    db.session.commit()
    return cert


def test_nothing_done_lists_every_requirement_with_progress(people, definition):
    """A new trainee sees each requirement unmet, with how far they have got."""
    make_module("sample")
    result = evaluate(db.session, people["trainee"], definition, TODAY)
    assert not result.eligible
    progress = {item.code: item.progress for item in result.items}
    assert progress["modules"].startswith("0 of 1 passed")
    assert progress["scenarios"] == "0 of 1 passed."
    assert progress["hours"] == "Supervised hours: 0 of 2 confirmed."
    assert progress["sessions"] == "Sessions: 0 of 2 confirmed."
    assert progress["observed"] == "Observed sessions: 0 of 1 passed."
    assert progress["vetting"] == "No DBS check has been recorded yet."


def test_each_requirement_is_checked(people, definition, eligible):
    """Everything done: eligible; then each kind of shortfall is caught."""
    assert evaluate(db.session, eligible, definition, TODAY).eligible
    assert not evaluate(db.session, eligible, make_definition("more", min_hours=5), TODAY).eligible
    lower = make_definition("barred", vetting_level="enhanced_barred")
    unmet = evaluate(db.session, eligible, lower, TODAY).unmet
    assert [u.code for u in unmet] == ["vetting"]
    assert "enhanced" in unmet[0].progress.lower()
    late = evaluate(db.session, eligible, definition, date(2028, 6, 2)).unmet
    assert [u.code for u in late] == ["vetting"] and "recheck was due" in late[0].progress


def test_issue_creates_a_numbered_certificate_with_its_pdf(people, definition, eligible):
    """Issuing stores the number, dates, competences, the PDF and its SHA-256, and audits it."""
    import hashlib

    cert = _issue(people, definition)
    assert cert.number.startswith("PM-") and len(cert.number) == 14
    assert cert.valid_from == TODAY and cert.valid_until == date(2028, 11, 28)
    assert cert.competences == ["peer-mentoring"]
    assert cert.pdf.startswith(b"%PDF") and hashlib.sha256(cert.pdf).hexdigest() == cert.pdf_sha256
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "certificate.issued"))
    assert event.one().subject_id == cert.number


def test_issue_refuses_an_ineligible_person_with_reasons(people, definition):
    """Not eligible: NotEligible lists the unmet requirements, nothing is written."""
    make_module("sample")
    with pytest.raises(services.NotEligible) as caught:
        _issue(people, definition)
    assert {r.code for r in caught.value.reasons} >= {"modules", "hours", "vetting"}
    assert db.session.scalar(select(func.count(Certificate.id))) == 0


def test_only_one_current_certificate_per_definition(people, definition, eligible):
    """A second issue while the first is valid is refused with when renewal opens."""
    _issue(people, definition)
    with pytest.raises(services.CertificateError, match="Renewal opens on"):
        _issue(people, definition)


def test_nobody_issues_to_themselves_or_across_schemes(people, definition, eligible):
    """Trainers issue only to their own scheme's trainees, never to themselves."""
    from lms.accounts.duties import OwnRecord
    from lms.accounts.models import Role
    from tests.factories import make_person, make_scheme

    outsider = make_person("t@other.org", "Out", [Role.TRAINER], make_scheme("o", "O"))
    with pytest.raises(services.CertificateError):
        services.issue(db.session, outsider, eligible, definition, SETTINGS, today=TODAY)
    with pytest.raises(OwnRecord):
        services.issue(db.session, eligible, eligible, definition, SETTINGS, today=TODAY)


def test_lifecycle_across_time(people, definition, eligible):
    """Valid, then expiring inside the window, then expired after the last day."""
    cert = _issue(people, definition)
    assert services.status_of(cert, TODAY) == VALID
    assert services.status_of(cert, cert.valid_until - timedelta(days=61)) == VALID
    assert services.status_of(cert, cert.valid_until - timedelta(days=60)) == EXPIRING
    assert services.status_of(cert, cert.valid_until) == EXPIRING
    assert services.status_of(cert, cert.valid_until + timedelta(days=1)) == EXPIRED


def test_renewal_in_the_window_supersedes_and_keeps_the_chain(people, definition, eligible):
    """Renewing inside the window makes a new certificate that points at the old one."""
    old = _issue(people, definition)
    record_vetting(eligible, people["coordinator"], recheck_due=date(2031, 1, 1))
    renew_day = old.valid_until - timedelta(days=30)
    db.session.add(
        SupervisionSession(
            mentor_id=eligible.id,
            supervisor_id=people["trainer"].id,
            held_on=renew_day,
            wellbeing="Well.",
        )
    )
    with pytest.raises(services.CertificateError, match="is in its renewal window: renew it"):
        _issue(people, definition, today=renew_day)  # a renewal is not a first issue
    new = renewal.renew(db.session, people["trainer"], old, SETTINGS, today=renew_day)
    assert new.supersedes_id == old.id and new.valid_until == date(2030, 11, 28)
    db.session.refresh(old)
    assert not old.current and old.superseded_at is not None
    assert services.status_of(old, renew_day) == "superseded"


def test_suspend_and_reinstate(people, definition, eligible):
    """A coordinator suspends with a reason and review date, then reinstates; both audited."""
    cert = _issue(people, definition)
    coordinator = people["coordinator"]
    with pytest.raises(services.CertificateError, match="review date"):
        services.suspend(
            db.session, coordinator, cert, "Concern", TODAY - timedelta(days=1), today=TODAY
        )
    services.suspend(
        db.session, coordinator, cert, "Boundary concern", TODAY + timedelta(14), today=TODAY
    )
    db.session.commit()
    assert services.status_of(cert, TODAY) == SUSPENDED
    with pytest.raises(services.CertificateError):
        services.suspend(db.session, people["trainer"], cert, "x", TODAY, today=TODAY)
    services.reinstate(db.session, coordinator, cert, "Concern resolved")
    db.session.commit()
    assert services.status_of(cert, TODAY) == VALID
    actions = set(db.session.scalars(select(AuditEvent.action)))
    assert {"certificate.suspended", "certificate.reinstated"} <= actions


def test_revocation_needs_a_second_admin(people, definition, eligible):
    """The proposer cannot approve; a different admin can, and it is permanent."""
    from lms.accounts.models import Role
    from tests.factories import make_person

    cert = _issue(people, definition)
    proposal = services.propose_revocation(db.session, people["admin"], cert, "Serious breach")
    db.session.commit()
    with pytest.raises(services.CertificateError, match="different admin"):
        services.decide_revocation(db.session, people["admin"], proposal, approve=True, note="ok")
    second = make_person("a2@example.org", "Second Admin", [Role.ADMIN], None)
    services.decide_revocation(db.session, second, proposal, approve=True, note="Agreed")
    db.session.commit()
    assert services.status_of(cert, TODAY) == REVOKED and not cert.current
    with pytest.raises(services.CertificateError):
        services.reinstate(db.session, people["admin"], cert, "undo")


def test_refresher_due_when_a_required_module_changes(people, definition, eligible):
    """A new version of a required module's questions shows the holder as refresher due."""
    cert = _issue(people, definition)
    assert services.refresher_due(db.session, cert) == []
    make_module("sample")
    assert services.refresher_due(db.session, cert) == ["sample"]


def test_sweep_records_each_expiry_once(people, definition, eligible):
    """Before the last valid day passes nothing happens; after it the expiry is recorded once,
    and reruns do nothing (the warnings before expiry: tests/functional/test_expiry_warnings.py)."""
    cert = _issue(people, definition)

    def run(day):
        summary = sweep(db.session, day)
        db.session.commit()
        return summary

    assert run(cert.valid_until).checked == 0  # the last valid day still counts
    assert run(cert.valid_until + timedelta(days=1)).expired == 1
    assert run(cert.valid_until + timedelta(days=2)).checked == 0
    assert db.session.get(Certificate, cert.id).expiry_recorded_at is not None
    assert (
        db.session.scalar(
            select(func.count(AuditEvent.id)).where(AuditEvent.action == "certificate.expired")
        )
        == 1
    )


def test_sweep_command_prints_a_summary(runner, people, definition, eligible, outbox):
    """The CLI runs the sweep and prints what it did; the holder is told of the expiry."""
    cert = _issue(people, definition)
    outbox.clear()
    day = (cert.valid_until + timedelta(days=1)).isoformat()
    result = runner.invoke(args=["accreditation", "sweep", "--today", day])
    assert result.exit_code == 0, result.output
    assert "Certificates checked: 1" in result.output
    assert "Expiries recorded: 1" in result.output
    assert [m.to for m in outbox] == [[cert.person.email]]
    assert "Your certificate has expired." in outbox[0].body
