"""The escalation rule: phrases that teach another route than the safeguarding lead, same day."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lms.content.escalation import sentence_problem, text_problems
from lms.content.loader import check_modules

REFUSED = [
    "If you learn that someone is at risk of serious harm, tell your coordinator straight away.",
    "Risk of serious harm goes to your coordinator.",
    "Risks go to your coordinator.",
    "If a child could be hurt, report it to the co-ordinator.",
    "If you think a child is at risk, you tell your coordinator.",
    "Email your coordinator if a child is at risk.",
    "Phone your coordinator if someone might get hurt.",
    "Text your coordinator about the threat.",
    "Let your co-ordinator know about any safeguarding worry within 24 hours.",
    # A negation excuses only its own clause.
    "If a child is at risk, tell your coordinator; do not tell probation yourself.",
    "Do not wait: tell your coordinator if a child is at risk.",
    "Without delay, tell your coordinator if a child is at risk.",
    # Two routes are not one rule.
    "Tell your coordinator or the safeguarding lead if a child is at risk.",
    # Later than the same day.
    "Tells the safeguarding lead about the threat on the same or the next day.",
    "Tell the safeguarding lead about any risk of harm on the same or following day.",
    "Tell the safeguarding lead about the risk of harm at your next supervision.",
    "Pass the abuse on to the safeguarding lead within 48 hours.",
    "Tell the safeguarding lead about the threat within two days.",
    "Tell the safeguarding lead about the abuse at the end of the week.",
    "Pass the risk of harm to the safeguarding lead by Friday.",
    "Tell the safeguarding lead about the threat this week.",
    # Never telling probation, in any words.
    "You never report anything to probation.",
    "You do not report on your mentee to probation.",
    "Mentors never speak to probation about their mentees.",
    "Information from a mentee never goes to probation.",
    "Mentors do not talk to probation.",
    "Keep it from probation.",
    # A narrowed list of what to pass on.
    "The one thing you must pass on is a risk to a child.",
    "This is the only thing you must always do.",
]
ALLOWED = [
    "If someone could be harmed, tell the safeguarding lead (or the deputy) the same day.",
    "If someone is in danger now, call 999, then tell the safeguarding lead the same day.",
    "Tell your coordinator about the gift, and ask what to do next time.",
    "Do not wait until the next day to tell the safeguarding lead about a risk of harm.",
    "You do not report missed appointments or technical breaches to probation.",
    "You do not tell probation yourself: the safeguarding lead decides.",
    "Your coordinator will help you plan the next session.",
    "Everyday worries go to your coordinator.",
    "Talk to your coordinator about the harm reduction leaflets.",
    "Tell your coordinator if you feel your own recovery is at risk.",
    "The only time you must break a promise is when someone may be harmed.",
    "If a rule is unclear, ask your coordinator or safeguarding lead why.",
    "Two months later Aaron began to talk about his brother's threats.",
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


def test_a_risk_stated_then_sent_to_the_coordinator_is_one_instruction():
    """ "A child may be at risk. Tell your coordinator." cannot slip through in two sentences."""
    assert [s for s, _ in text_problems("A child may be at risk. Tell your coordinator.")] == [
        "Tell your coordinator."
    ]
    fine = "A request to meet in a pub is not a risk of harm. Tell your coordinator."
    assert text_problems(fine) == []


SAMPLE = Path(__file__).resolve().parent.parent / "fixtures" / "valid_modules" / "sample-module"
BAD = "Tell your coordinator if you think a child is at risk."


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def copy(tmp_path) -> Path:
    folder = Path(shutil.copytree(SAMPLE.parent, tmp_path / "modules"))
    assert check_modules(folder).problems == []
    return folder / "sample-module"


def _escalations(folder: Path) -> list[tuple[str, int | None]]:
    problems = check_modules(folder.parent).problems
    return [(Path(p.path).name, p.line) for p in problems if p.rule == "escalation"]


def test_the_rule_is_read_in_module_yaml(copy):
    """The summary, each outcome's text and each lesson's title."""
    _edit(
        copy / "module.yaml",
        "  A small module used by the tests: two lessons, twelve questions and one scenario.",
        f"  {BAD}",
    )
    assert [name for name, _ in _escalations(copy)] == ["module.yaml"]


def test_the_rule_is_read_in_a_true_statement_but_not_a_false_one(copy):
    """A true/false item whose answer is True states the rule, so its prompt is read; a false
    statement is there to be refused by the trainee, so it may say the wrong thing."""
    bank = copy / "questions.yaml"
    _edit(
        bank, "prompt: You should tell your coordinator about any gift offered.", f"prompt: {BAD}"
    )
    assert [name for name, _ in _escalations(copy)] == ["questions.yaml"]
    _edit(
        bank, f"prompt: {BAD}", "prompt: You should tell your coordinator about any gift offered."
    )
    _edit(bank, "prompt: You may give Sam your personal number.", f"prompt: {BAD}")
    assert _escalations(copy) == []
