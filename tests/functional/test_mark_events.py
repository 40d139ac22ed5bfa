"""Marks and practice decisions send their signals, before commit, with the documented
arguments; the trainee's email stays with the page that decides to send it."""

from __future__ import annotations

import pytest

from lms import events
from lms.accounts.models import Role
from lms.assessment import services as assessment
from lms.extensions import db
from lms.practice import services as practice
from lms.practice.checklist import OBSERVATION_CHECKLIST
from tests.factories import (
    make_module,
    make_person,
    make_practice_entry,
    make_scenario,
    submit_answer,
)
from tests.signals import caught

SETTINGS = assessment.Settings(claim_minutes=60, max_attempts=3)


def _marks(*met):
    return [assessment.CriterionMark(m, "") for m in met]


@pytest.fixture
def submission(people):
    sub = submit_answer(people["trainee"], make_scenario(make_module("boundaries")))
    assessment.claim(db.session, people["trainer"], sub, SETTINGS)
    return sub


def test_a_first_mark_sends_scenario_marked(people, submission, outbox):
    """scenario_marked: sender the answer, with the session, the marker and the new mark; its
    subscriber queues the trainee's email, sent once the mark commits."""
    trainer = people["trainer"]
    with caught(events.scenario_marked) as marked:
        mark = assessment.mark(
            db.session, trainer, submission, _marks(True, True, True), "pass", "Good."
        )
    (sent,) = marked
    assert sent.sender is submission and sent.in_transaction
    assert sent.kwargs == {"session": db.session, "actor": trainer, "mark": mark}
    assert sent.audited[-1] == "scenario.marked"
    db.session.commit()
    (email,) = outbox
    assert email.to == [submission.person.email] and "marked" in email.subject


@pytest.mark.parametrize(
    ("max_attempts", "says", "never"),
    [
        (3, "try again: you have 2 attempts left", "Talk to your trainer"),
        (1, "Talk to your trainer about what to do next", "try again"),
    ],
)
def test_a_referred_answer_email_says_what_the_trainee_can_do_now(
    app, people, submission, outbox, max_attempts, says, never
):
    """A refer says how many attempts are left, or, with none left, to talk to the trainer."""
    app.config["SCENARIO_MAX_ATTEMPTS"] = max_attempts
    assessment.mark(
        db.session, people["trainer"], submission, _marks(False, True, True), "refer", "Not yet."
    )
    db.session.commit()
    (email,) = outbox
    assert "Result: Refer" in email.body and says in email.body and never not in email.body


def test_a_second_mark_sends_scenario_second_marked(people, submission):
    """scenario_second_marked: with the lead trainer, the new mark and whether they agree."""
    assessment.mark(
        db.session, people["trainer"], submission, _marks(True, True, True), "pass", "Good."
    )
    lead = make_person("lead@example.org", "Lee Lead", [Role.TRAINER], people["trainee"].scheme)
    lead.lead_trainer = True
    with caught(events.scenario_second_marked) as second:
        mark = assessment.second_mark(
            db.session, lead, submission, _marks(False, True, True), "refer", "Missed it."
        )
    (sent,) = second
    assert sent.sender is submission and submission.flagged
    assert sent.kwargs == {"session": db.session, "actor": lead, "mark": mark, "agree": False}
    assert sent.audited[-1] == "scenario.second_marked"


@pytest.mark.parametrize("decision", ["confirm", "reject"])
def test_confirming_or_rejecting_practice_sends_practice_decided(people, decision):
    """practice_decided: sender the entry (now confirmed or rejected), the trainer, no signoff."""
    trainer = people["trainer"]
    entry = make_practice_entry(people["trainee"], trainer)
    with caught(events.practice_decided) as decided:
        if decision == "confirm":
            practice.confirm_entry(db.session, trainer, entry)
        else:
            practice.reject_entry(db.session, trainer, entry, "Check the date.")
    (sent,) = decided
    assert sent.sender is entry and sent.in_transaction
    assert entry.status == {"confirm": practice.CONFIRMED, "reject": practice.REJECTED}[decision]
    assert sent.kwargs == {"session": db.session, "actor": trainer, "signoff": None}
    assert sent.audited[-1] == f"practice.{decision}ed"


def test_signing_off_an_observed_session_sends_practice_decided_with_the_signoff(people):
    """An observed session's sign-off sends practice_decided once, carrying the signoff."""
    trainer = people["trainer"]
    entry = make_practice_entry(people["trainee"], trainer, kind="observed")
    results = {item.id: practice.ItemResult(met=True) for item in OBSERVATION_CHECKLIST}
    with caught(events.practice_decided) as decided:
        signoff = practice.sign_off_observation(
            db.session, trainer, entry, results, "passed", "Well done."
        )
    (sent,) = decided
    assert sent.sender is entry and entry.status == practice.CONFIRMED
    assert sent.kwargs == {"session": db.session, "actor": trainer, "signoff": signoff}
    assert sent.audited[-1] == "practice.signed_off"


def test_a_bulk_confirmation_sends_one_signal_per_entry_confirmed(people):
    """confirm_many sends practice_decided for each entry it confirms, none for those refused."""
    trainer = people["trainer"]
    entries = [make_practice_entry(people["trainee"], trainer, days_ago=d) for d in (2, 3)]
    with caught(events.practice_decided) as decided:
        result = practice.confirm_many(db.session, trainer, [e.id for e in entries] + [999999])
    assert [s.sender for s in decided] == result.confirmed == entries


def test_a_practice_decision_emails_the_trainee_from_any_caller(people, outbox):
    """The decision email is a subscriber of practice_decided: the service alone queues it."""
    trainee, trainer = people["trainee"], people["trainer"]
    entry = make_practice_entry(trainee, trainer)
    outbox.clear()
    practice.confirm_entry(db.session, trainer, entry)
    db.session.commit()
    (email,) = outbox
    assert email.to == [trainee.email] and "confirmed" in email.subject
