"""A trainee told of a mark (passed, or sent back), a changed result, and a practice decision:
on the site always, and by email as they chose: each time (the feature's own email, as before),
in the daily digest only, or not at all. No feedback or reason in the site's text."""

from __future__ import annotations

from datetime import date

import pytest

from lms import events
from lms.assessment import services as assessment
from lms.extensions import db
from lms.notifications import learning
from lms.notifications.digest import send_digests
from lms.notifications.models import DIGEST, EACH, NONE
from lms.notifications.services import set_email_choice
from lms.practice import services as practice
from tests.conftest import sign_in
from tests.factories import (
    make_module,
    make_practice_entry,
    make_scenario,
    pass_scenario,
    submit_answer,
)
from tests.inbox import mails_to, notes_for

FEEDBACK = "FEEDBACK-ONLY-ON-THE-ANSWER-PAGE"


def choose(person, choice: str) -> None:
    set_email_choice(db.session, person, choice)
    db.session.commit()


@pytest.fixture
def scenario(app):
    return make_scenario(make_module("sample"))


def refer(person, scenario, marker):
    submission = submit_answer(person, scenario)
    assessment.claim(db.session, marker, submission, assessment.Settings())
    marks = [assessment.CriterionMark(False, "") for _ in scenario.rubric]
    assessment.mark(db.session, marker, submission, marks, "refer", FEEDBACK)
    db.session.commit()
    return submission


def test_a_pass_is_listed_and_emailed_once_with_the_result(people, scenario, outbox):
    submission = pass_scenario(people["trainee"], scenario, people["trainer"])
    (note,) = notes_for(people["trainee"])
    assert note.kind == "scenario-marked" and note.text == learning.MARKED
    assert note.link == f"/assessment/sample/{submission.scenario_key}"
    (mail,) = mails_to(people["trainee"])
    assert mail.template == "scenario_marked"
    (sent,) = [m for m in outbox if m.to == [people["trainee"].email]]
    assert "Result: Pass" in sent.body and "http://lms.test/assessment/sample/" in sent.body


def test_a_refer_says_sent_back_with_the_next_step_by_email(people, scenario, outbox):
    refer(people["trainee"], scenario, people["trainer"])
    (note,) = notes_for(people["trainee"])
    assert note.kind == "scenario-sent-back" and note.text == learning.SENT_BACK
    assert FEEDBACK not in note.text
    (sent,) = [m for m in outbox if m.to == [people["trainee"].email]]
    assert "Result: Refer" in sent.body and "try again" in sent.body
    assert "sent back" in sent.subject


def test_the_feedback_is_on_the_linked_page_never_in_the_email(client, people, scenario, outbox):
    submission = refer(people["trainee"], scenario, people["trainer"])
    (sent,) = [m for m in outbox if m.to == [people["trainee"].email]]
    assert FEEDBACK not in sent.body
    page = f"/assessment/sample/{submission.scenario_key}"
    assert "http://lms.test" + page in sent.body
    sign_in(client, people["trainee"].email)
    assert FEEDBACK in client.get(page).text


@pytest.mark.parametrize("choice", [DIGEST, NONE])
def test_a_mark_follows_the_trainees_email_choice(people, scenario, choice):
    choose(people["trainee"], choice)
    pass_scenario(people["trainee"], scenario, people["trainer"])
    (note,) = notes_for(people["trainee"])
    assert mails_to(people["trainee"]) == []
    assert note.digest_due is (choice == DIGEST)
    send_digests(db.session, date(2026, 12, 1))
    db.session.commit()
    digests = [m.template for m in mails_to(people["trainee"])]
    assert digests == (["notification_digest"] if choice == DIGEST else [])


def test_a_changed_result_is_told_and_an_unchanged_one_is_not(people, scenario):
    submission = pass_scenario(people["trainee"], scenario, people["trainer"])
    before = len(notes_for(people["trainee"]))
    events.scenario_resolved.send(
        submission, session=db.session, actor=people["admin"], previous="pass", changed=False
    )
    assert len(notes_for(people["trainee"])) == before
    events.scenario_resolved.send(
        submission, session=db.session, actor=people["admin"], previous="refer", changed=True
    )
    db.session.commit()
    note = notes_for(people["trainee"])[-1]
    assert note.kind == "scenario-result-changed" and note.text == learning.CHANGED
    assert mails_to(people["trainee"])[-1].template == "scenario_resolved"


@pytest.mark.parametrize(
    ("decision", "template", "text"),
    [
        ("confirmed", "practice_confirmed", learning.CONFIRMED_TEXT),
        ("rejected", "practice_rejected", learning.REJECTED_TEXT),
    ],
)
def test_a_practice_decision_is_listed_and_emailed_as_before(people, decision, template, text):
    entry = make_practice_entry(people["trainee"], people["trainer"], status=decision)
    (note,) = notes_for(people["trainee"])
    assert note.kind == "practice-decided" and note.text == text
    assert note.link == f"/practice/{entry.id}" and "Check the date" not in note.text
    assert [m.template for m in mails_to(people["trainee"])] == [template]


@pytest.mark.parametrize("choice", [EACH, DIGEST, NONE])
def test_a_practice_decision_follows_the_email_choice(people, choice):
    choose(people["trainee"], choice)
    entry = make_practice_entry(people["trainee"], people["trainer"])
    practice.confirm_entry(db.session, people["trainer"], entry)
    db.session.commit()
    (note,) = notes_for(people["trainee"])
    assert note.digest_due is (choice == DIGEST)
    assert len(mails_to(people["trainee"])) == (1 if choice == EACH else 0)
