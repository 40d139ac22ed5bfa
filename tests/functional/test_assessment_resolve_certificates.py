"""Disputed passes and certificates: a flagged pass does not count for eligibility until it is
resolved to a pass, and a resolve that turns a pass into a refer names the trainee's current
certificates that needed it (on the page before saving, after saving, and in the audit)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from lms.accounts.models import Role
from lms.assessment import disagreements, services
from lms.audit.models import AuditEvent
from lms.certificates.eligibility import evaluate
from lms.certificates.models import Certificate
from lms.extensions import db
from lms.ukdates import uk_today
from tests.conftest import csrf_token, sign_in
from tests.factories import make_definition, make_module, make_person, make_scenario, submit_answer

SETTINGS = services.Settings(claim_minutes=60, max_attempts=3)


def _marks(*met):
    return [services.CriterionMark(m, "") for m in met]


@pytest.fixture
def leads(people):
    scheme = people["trainee"].scheme
    lead = make_person("lead@example.org", "Lee Lead", [Role.TRAINER], scheme)
    second = make_person("sid@example.org", "Sid Second", [Role.TRAINER], scheme)
    lead.lead_trainer = second.lead_trainer = True
    db.session.commit()
    return lead, second


@pytest.fixture
def flagged(people, leads):
    """A pass by the trainer that the second lead second-marked as a refer."""
    scenario = make_scenario(make_module("sample"))
    sub = submit_answer(people["trainee"], scenario)
    services.claim(db.session, people["trainer"], sub, SETTINGS)
    services.mark(db.session, people["trainer"], sub, _marks(True, True, True), "pass", "Good.")
    services.second_mark(db.session, leads[1], sub, _marks(False, True, True), "refer", "No.")
    db.session.commit()
    assert sub.flagged and sub.outcome == "pass"
    return sub


def _certificate(person, definition, number="PM-TEST-0001"):
    today = uk_today()
    cert = Certificate(
        number=number,
        person_id=person.id,
        scheme_id=person.scheme_id,
        definition_id=definition.id,
        definition_slug=definition.slug,
        holder_name=person.name,
        competences=[],
        module_hashes={},
        issued_by_id=person.id,
        valid_from=today - timedelta(days=10),
        valid_until=today + timedelta(days=300),
        current=True,
        reminders_sent=[],
        pdf=b"%PDF-test",
        pdf_sha256="0" * 64,
    )
    db.session.add(cert)
    db.session.commit()
    return cert


def _scenarios(person, definition):
    result = evaluate(db.session, person, definition, uk_today())
    return next(i for i in result.items if i.code == "scenarios")


def test_a_flagged_pass_does_not_count_until_resolved_to_a_pass(app, people, leads, flagged):
    """While the markers disagree the pass does not count, and the detail says why; resolved
    to a pass, it counts again."""
    definition = make_definition(modules=(), scenarios=("money",))
    held = _scenarios(people["trainee"], definition)
    assert not held.met
    assert held.progress == (
        "0 of 1 passed. 1 answer is being second-marked: a pass counts once the disagreement "
        "is resolved."
    )
    for email, url in (
        (people["trainee"].email, "/certificates/"),
        (leads[0].email, f"/certificates/people/{people['trainee'].id}"),
    ):
        client = app.test_client()
        sign_in(client, email)
        assert "1 answer is being second-marked" in client.get(url).get_data(as_text=True)
    disagreements.resolve(db.session, leads[0], flagged, "pass", "Criterion 1 is met.")
    db.session.commit()
    counted = _scenarios(people["trainee"], definition)
    assert counted.met and counted.progress == "1 of 1 passed."


def test_a_pass_resolved_to_refer_names_the_certificate(app, people, leads, flagged):
    """The page warns before saving; the banner after links the certificate to review; the
    audit lists its number; the certificate itself is left as it was."""
    definition = make_definition(modules=(), scenarios=("money",))
    other = make_definition("other", modules=(), scenarios=("something-else",))
    cert = _certificate(people["trainee"], definition)
    _certificate(people["trainee"], other, "PM-TEST-0002")
    client = app.test_client()
    sign_in(client, leads[0].email)
    url = f"/assessment/submissions/{flagged.id}/resolve"
    page = client.get(url).get_data(as_text=True)
    assert "If you agree on refer" in page and f"/certificates/{cert.number}" in page
    assert "PM-TEST-0002" not in page
    data = {"outcome": "refer", "reason": "Criterion 1 is not met.", "csrf_token": None}
    data["csrf_token"] = csrf_token(client, url)
    response = client.post(url, data=data, follow_redirects=True)
    shown = response.get_data(as_text=True)
    assert "should be reviewed" in shown
    assert f'<a class="govuk-link" href="/certificates/{cert.number}">{cert.number}</a>' in shown
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "scenario.resolved")
    ).one()
    assert event.details["certificates_to_review"] == [cert.number]
    db.session.expire_all()
    assert db.session.get(Certificate, cert.id).current


def test_upholding_the_pass_asks_for_no_review(app, people, leads, flagged):
    """Agreeing on the pass leaves the certificate needing nothing: no review is listed."""
    definition = make_definition(modules=(), scenarios=("money",))
    _certificate(people["trainee"], definition)
    disagreements.resolve(db.session, leads[0], flagged, "pass", "Criterion 1 is met.")
    db.session.commit()
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "scenario.resolved")
    ).one()
    assert event.details["certificates_to_review"] == []
