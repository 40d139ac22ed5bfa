"""The certificate services and the sweep send their signals, before commit, with the documented
arguments; the certificates package knows nothing of matching."""

from __future__ import annotations

import ast
from datetime import date, timedelta
from pathlib import Path

import pytest

from lms import events
from lms.certificates import renewal, services
from lms.certificates.sweep import sweep
from lms.extensions import db
from lms.matching.models import SupervisionSession
from tests.factories import make_definition, make_eligible, make_mentor, record_vetting
from tests.signals import caught

TODAY = date(2026, 11, 28)
SETTINGS = services.IssueSettings(base_url="https://lms.test")


@pytest.fixture
def definition(app):
    return make_definition()


@pytest.fixture
def eligible(people, definition):
    make_eligible(people["trainee"], people["trainer"], people["coordinator"])
    return people["trainee"]


def _issue(people, definition, today=TODAY):
    return services.issue(
        db.session, people["trainer"], people["trainee"], definition, SETTINGS, today=today
    )


def test_issuing_sends_certificate_issued(people, definition, eligible):
    """A first certificate: certificate_issued with the session and the issuer, not renewed."""
    with caught(events.certificate_issued) as issued, caught(events.certificate_renewed) as renewed:
        cert = _issue(people, definition)
    (sent,) = issued
    assert sent.sender is cert and renewed == []
    assert sent.kwargs == {"session": db.session, "actor": people["trainer"]}
    assert sent.in_transaction and sent.audited[-1] == "certificate.issued"


def test_renewing_sends_certificate_renewed_with_the_previous_one(people, definition, eligible):
    """A renewal: certificate_renewed naming the certificate it supersedes, not issued."""
    old = _issue(people, definition)
    db.session.commit()
    record_vetting(eligible, people["coordinator"], recheck_due=date(2031, 1, 1))
    renew_day = old.valid_until - timedelta(days=30)
    db.session.add(
        SupervisionSession(
            mentor_id=eligible.id,
            supervisor_id=people["trainer"].id,
            held_on=renew_day,
            wellbeing="Doing well.",
        )
    )
    with caught(events.certificate_issued) as issued, caught(events.certificate_renewed) as renewed:
        new = renewal.renew(db.session, people["trainer"], old, SETTINGS, today=renew_day)
    (sent,) = renewed
    assert sent.sender is new and issued == []
    assert sent.kwargs == {"session": db.session, "actor": people["trainer"], "previous": old}
    assert sent.audited[-1] == "certificate.renewed"


def test_suspending_sends_certificate_stopped(people):
    """A suspension: certificate_stopped, why "suspended", after its audit event, uncommitted."""
    cert = make_mentor(people["trainee"])
    coordinator = people["coordinator"]
    with caught(events.certificate_stopped) as stopped:
        services.suspend(db.session, coordinator, cert, "Concern", TODAY, today=TODAY)
    (sent,) = stopped
    assert sent.sender is cert
    assert sent.kwargs == {"session": db.session, "actor": coordinator, "why": "suspended"}
    assert sent.in_transaction and sent.audited[-1] == "certificate.suspended"


def test_reinstating_sends_certificate_valid_again(people):
    """A reinstatement: certificate_valid_again, why "reinstated"; nothing says it stopped."""
    cert = make_mentor(people["trainee"])
    coordinator = people["coordinator"]
    services.suspend(db.session, coordinator, cert, "Concern", TODAY, today=TODAY)
    db.session.commit()
    with caught(events.certificate_valid_again) as again, caught(events.certificate_stopped) as s:
        services.reinstate(db.session, coordinator, cert, "Unfounded")
    (sent,) = again
    assert sent.sender is cert and s == []
    assert sent.kwargs == {"session": db.session, "actor": coordinator, "why": "reinstated"}
    assert sent.audited[-1] == "certificate.reinstated"


def test_an_approved_revocation_sends_certificate_stopped(people):
    """Approving sends certificate_stopped, why "revoked", with the approving admin; declining
    sends nothing."""
    cert = make_mentor(people["trainee"])
    proposal = services.propose_revocation(db.session, people["coordinator"], cert, "Breach")
    with caught(events.certificate_stopped) as stopped:
        services.decide_revocation(db.session, people["admin"], proposal, approve=True, note="Ok")
    (sent,) = stopped
    assert sent.sender.id == cert.id
    assert sent.kwargs == {"session": db.session, "actor": people["admin"], "why": "revoked"}
    assert sent.audited[-1] == "certificate.revoked"


def test_a_declined_revocation_sends_nothing(people):
    """Declining a revocation leaves the certificate valid: no signal."""
    cert = make_mentor(people["trainee"])
    proposal = services.propose_revocation(db.session, people["coordinator"], cert, "Breach")
    with caught(events.certificate_stopped) as stopped:
        services.decide_revocation(db.session, people["admin"], proposal, approve=False, note="No")
    assert stopped == []


def test_the_sweep_sends_certificate_stopped_once_for_an_expiry(people):
    """The sweep records an expiry with certificate_stopped, why "expired", no actor; once."""
    cert = make_mentor(people["trainee"], today=TODAY, valid_days_left=3)
    with caught(events.certificate_stopped) as stopped:
        sweep(db.session, TODAY + timedelta(days=4))
        sweep(db.session, TODAY + timedelta(days=5))
    (sent,) = stopped
    assert sent.sender is cert
    assert sent.kwargs == {"session": db.session, "actor": None, "why": "expired"}
    assert sent.audited[-1] == "certificate.expired"


def test_the_certificates_package_imports_nothing_from_matching():
    """Matching depends on certificates, so certificates never imports lms.matching."""
    package = Path(services.__file__).parent
    for path in package.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            assert not any(n.startswith("lms.matching") for n in names), path.name
