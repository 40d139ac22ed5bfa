"""Resolving a flagged disagreement: a lead trainer records the agreed outcome and why; the
flag closes, the trail records all three outcomes, and the trainee hears only of a change."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm.attributes import set_committed_value

from lms import events
from lms.accounts.duties import OwnRecord
from lms.accounts.models import Role
from lms.assessment import disagreements, services
from lms.assessment.models import ScenarioSubmission
from lms.audit.models import AuditEvent
from lms.certificates.eligibility import evaluate
from lms.extensions import db
from lms.ukdates import uk_today
from tests.conftest import csrf_token, sign_in
from tests.factories import make_definition, make_module, make_person, make_scenario, submit_answer
from tests.signals import caught

SETTINGS = services.Settings(claim_minutes=60, max_attempts=3)
ALL = (True, True, True)


def _marks(*met):
    return [services.CriterionMark(m, "") for m in met]


@pytest.fixture
def lead(people):
    person = make_person("lead@example.org", "Lee Lead", [Role.TRAINER], people["trainee"].scheme)
    person.lead_trainer = True
    db.session.commit()
    return person


@pytest.fixture
def second(people):
    """Another lead trainer, who gives the second mark (so may not resolve it)."""
    person = make_person("sid@example.org", "Sid Second", [Role.TRAINER], people["trainee"].scheme)
    person.lead_trainer = True
    db.session.commit()
    return person


@pytest.fixture
def flagged(people, lead, second):
    """A pass by the trainer that another lead trainer second-marked as a refer; ``lead``
    marked neither, so may resolve it."""
    scenario = make_scenario(make_module("sample"))
    sub = submit_answer(people["trainee"], scenario)
    services.claim(db.session, people["trainer"], sub, SETTINGS)
    services.mark(db.session, people["trainer"], sub, _marks(*ALL), "pass", "Good.")
    services.second_mark(
        db.session, second, sub, _marks(False, True, True), "refer", "Lent the money."
    )
    db.session.commit()
    assert sub.flagged
    return sub


def test_the_second_marker_may_not_resolve(app, people, second, flagged):
    """Whoever gave the second mark is refused, in the service and on the page."""
    with pytest.raises(services.AssessmentError, match="You gave the second mark"):
        disagreements.resolve(db.session, second, flagged, "refer", "I was right.")
    db.session.rollback()
    assert db.session.get(ScenarioSubmission, flagged.id).flagged
    client = app.test_client()
    sign_in(client, second.email)
    url = f"/assessment/submissions/{flagged.id}/resolve"
    page = client.get(url).get_data(as_text=True)
    assert "You gave the second mark" in page and 'name="reason"' not in page
    data = {"outcome": "refer", "reason": "I was right.", "csrf_token": csrf_token(client, url)}
    client.post(url, data=data)
    db.session.expire_all()
    assert db.session.get(ScenarioSubmission, flagged.id).flagged


def test_lead_trainer_resolves_through_the_site(app, people, lead, flagged, outbox):
    """Both marks side by side; the agreed refer closes the flag, is audited with the first,
    second and agreed outcomes, tells the trainee and stays listed as resolved."""
    client = app.test_client()
    sign_in(client, lead.email)
    listing = client.get("/assessment/second-marking").get_data(as_text=True)
    url = f"/assessment/submissions/{flagged.id}/resolve"
    assert url in listing and "first mark pass, second mark refer" in listing
    page = client.get(url).get_data(as_text=True)
    assert "First mark" in page and "Second mark" in page and "Lent the money." in page
    outbox.clear()
    empty = client.post(url, data={"outcome": "refer", "csrf_token": csrf_token(client, url)})
    assert "Say why this is the agreed outcome" in empty.get_data(as_text=True)
    data = {"outcome": "refer", "reason": "Criterion 1 is not met: he offers £20."}
    response = client.post(url, data={**data, "csrf_token": csrf_token(client, url)})
    assert response.status_code == 302
    db.session.expire_all()
    sub = db.session.get(ScenarioSubmission, flagged.id)
    assert (sub.flagged, sub.outcome, sub.resolved_by_id) == (False, "refer", lead.id)
    assert sub.resolution == data["reason"] and sub.resolved_at is not None
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "scenario.resolved")
    ).one()
    assert event.actor_id == lead.id and event.reason == data["reason"]
    assert event.details == {
        "first_outcome": "pass",
        "second_outcome": "refer",
        "agreed_outcome": "refer",
        "changed": True,
        "mode": "written",
        "certificates_to_review": [],
    }
    (email,) = outbox
    assert email.to == [people["trainee"].email] and "changed" in email.subject
    assert "try again: you have 2 attempts left" in email.body
    listing = client.get("/assessment/second-marking").get_data(as_text=True)
    assert "Resolved disagreements" in listing and "Lee Lead" in listing
    assert "No open disagreements" in listing and "1 of 1" in listing and "0 of 1" in listing
    trainee = app.test_client()
    sign_in(trainee, people["trainee"].email)
    seen = trainee.get("/assessment/sample/money").get_data(as_text=True)
    assert "changed the result to refer" in seen and "Lent the money." in seen


def test_agreeing_with_the_first_mark_sends_no_email(app, people, lead, flagged, outbox):
    """Upholding the first marker changes nothing for the trainee, so nobody is emailed;
    the agreement table counts it as resolved for the first marker."""
    outbox.clear()
    with caught(events.scenario_resolved) as sent:
        disagreements.resolve(db.session, lead, flagged, "pass", "Criterion 1 is met.")
    assert sent[0].kwargs["changed"] is False and sent[0].kwargs["previous"] == "pass"
    assert sent[0].audited[-1] == "scenario.resolved"
    db.session.commit()
    assert outbox == [] and flagged.outcome == "pass" and not flagged.flagged
    (row,) = disagreements.agreement(db.session, lead)
    assert (row.sampled, row.agreed, row.resolved, row.upheld) == (1, 0, 1, 1)


def test_the_agreed_outcome_is_what_eligibility_reads(app, people):
    """A refer resolved to a pass makes the scenario count; a pass resolved to refer does not."""
    lead = make_person("l2@example.org", "Lia Lead", [Role.TRAINER], people["trainee"].scheme)
    lead.lead_trainer = True
    scenario = make_scenario(make_module("sample"))
    definition = make_definition(modules=(), min_hours=0, min_sessions=0, min_observed=0)
    definition.requirements = {**definition.requirements, "vetting_level": None}
    sub = submit_answer(people["trainee"], scenario)
    services.claim(db.session, people["trainer"], sub, SETTINGS)
    services.mark(db.session, people["trainer"], sub, _marks(False, True, True), "refer", "No.")
    services.second_mark(db.session, lead, sub, _marks(*ALL), "pass", "It is there.")
    db.session.commit()

    def counts() -> bool:
        result = evaluate(db.session, people["trainee"], definition, uk_today())
        return next(i for i in result.items if i.code == "scenarios").met

    assert not counts()
    disagreements.resolve(db.session, people["admin"], sub, "pass", "The refusal is clear.")
    db.session.commit()
    assert counts()
    assert not services.can_write(
        services.attempts(db.session, people["trainee"], "money"), SETTINGS
    )[0]


def test_resolving_twice_or_an_unflagged_answer_is_refused(app, people, lead, flagged):
    """A second resolve names who resolved it; an answer never flagged cannot be resolved."""
    disagreements.resolve(db.session, lead, flagged, "refer", "Not met.")
    db.session.commit()
    with pytest.raises(services.AssessmentError, match="already resolved by Lee Lead"):
        disagreements.resolve(db.session, people["admin"], flagged, "pass", "Met.")
    assert db.session.get(ScenarioSubmission, flagged.id).outcome == "refer"
    other = submit_answer(
        make_person("t2@example.org", "Tam", [Role.TRAINEE], lead.scheme), flagged.scenario
    )
    with pytest.raises(services.AssessmentError, match="not flagged"):
        disagreements.resolve(db.session, lead, other, "pass", "Met.")
    client = app.test_client()
    sign_in(client, lead.email)
    response = client.get(f"/assessment/submissions/{flagged.id}/resolve")
    assert response.status_code == 302
    assert "already resolved" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_the_conditional_update_stops_a_stale_resolve(app, people, lead, flagged):
    """If another session resolved it after this one loaded it, the update matches no row."""
    db.session.execute(
        ScenarioSubmission.__table__.update()
        .where(ScenarioSubmission.id == flagged.id)
        .values(flagged=False)
    )
    set_committed_value(flagged, "flagged", True)  # what this session still believes
    with pytest.raises(services.AssessmentError, match="not flagged"):
        disagreements.resolve(db.session, lead, flagged, "pass", "Met.")


def test_who_may_resolve(app, client, people, lead, flagged):
    """Not an ordinary trainer, not the first marker, not the trainee; errors are clear."""
    with pytest.raises(services.AssessmentError, match="lead trainer or an admin"):
        disagreements.resolve(db.session, people["coordinator"], flagged, "pass", "x")
    people["trainer"].lead_trainer = True
    with pytest.raises(services.AssessmentError, match="You gave the first mark"):
        disagreements.resolve(db.session, people["trainer"], flagged, "pass", "x")
    both = make_person("b@example.org", "Bea", [Role.TRAINER], lead.scheme)
    both.lead_trainer = True
    flagged.person_id = both.id
    with pytest.raises(OwnRecord):
        disagreements.resolve(db.session, both, flagged, "pass", "x")
    db.session.rollback()
    with pytest.raises(services.AssessmentError, match="Choose the agreed outcome") as bad:
        disagreements.resolve(db.session, lead, flagged, "maybe", "x")
    assert bad.value.field == "outcome"
    plain = make_person("p@example.org", "Pat Plain", [Role.TRAINER], lead.scheme)
    sign_in(client, plain.email)
    assert client.get(f"/assessment/submissions/{flagged.id}/resolve").status_code == 403
    first_marker = app.test_client()
    sign_in(first_marker, people["trainer"].email)  # a lead trainer now, but the first marker
    page = first_marker.get(f"/assessment/submissions/{flagged.id}/resolve")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "You gave the first mark" in text
    assert 'name="reason"' not in text


def test_an_error_for_no_field_keeps_the_reason(app, lead, flagged, monkeypatch):
    """An error naming no field (another resolve won a moment before) goes in the error
    summary with the reason as typed, not lost in a redirect."""

    def refused(*_args, **_kwargs):
        raise services.AssessmentError("This disagreement was already resolved by Ann Admin.")

    monkeypatch.setattr(disagreements, "resolve", refused)
    client = app.test_client()
    sign_in(client, lead.email)
    url = f"/assessment/submissions/{flagged.id}/resolve"
    data = {"outcome": "refer", "reason": "Criterion 1 is not met: he offers twenty pounds."}
    response = client.post(url, data={**data, "csrf_token": csrf_token(client, url)})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "govuk-error-summary" in page
    assert "already resolved by Ann Admin" in page and "he offers twenty pounds" in page


def test_the_email_says_what_is_left_when_no_attempts_are(app, lead, flagged, outbox):
    """A refer on the last attempt does not say "try again": it says to talk to the trainer."""
    app.config["SCENARIO_MAX_ATTEMPTS"] = 1
    outbox.clear()
    disagreements.resolve(db.session, lead, flagged, "refer", "Criterion 1 is not met.")
    db.session.commit()
    (email,) = outbox
    assert "try again" not in email.body
    assert "used your one attempt" in email.body and "Talk to your trainer" in email.body
