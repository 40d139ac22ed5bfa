"""The escalation rule: phrases that teach another route than the safeguarding lead, same day."""

from __future__ import annotations

import pytest

from lms.content.escalation import sentence_problem, text_problems

REFUSED = [
    "If you learn that someone is at risk of serious harm, tell your coordinator straight away.",
    "Risk of serious harm goes to your coordinator.",
    "If a child could be hurt, report it to the co-ordinator.",
    "Tells the safeguarding lead about the threat on the same or the next day.",
    "Tell the safeguarding lead about the risk of harm at your next supervision.",
    "Pass the abuse on to the safeguarding lead within 48 hours.",
    "You never report anything to probation.",
    "You do not report on your mentee to probation.",
    "The one thing you must pass on is a risk to a child.",
    "This is the only thing you must always do.",
]
ALLOWED = [
    "If someone could be harmed, tell the safeguarding lead (or the deputy) the same day.",
    "If someone is in danger now, call 999, then tell the safeguarding lead the same day.",
    "Tell your coordinator about the gift, and ask what to do next time.",
    "Do not wait until the next day to tell the safeguarding lead about a risk of harm.",
    "You do not report missed appointments or technical breaches to probation.",
    "Your coordinator will help you plan the next session.",
]


@pytest.mark.parametrize("sentence", REFUSED)
def test_other_routes_are_refused(sentence):
    assert sentence_problem(sentence) is not None


@pytest.mark.parametrize("sentence", ALLOWED)
def test_the_agreed_wording_and_other_work_pass(sentence):
    assert sentence_problem(sentence) is None


def test_each_sentence_of_a_paragraph_is_read_on_its_own():
    text = "Tell the safeguarding lead the same day. A risk of harm goes to your coordinator."
    assert [s for s, _ in text_problems(text)] == ["A risk of harm goes to your coordinator."]
