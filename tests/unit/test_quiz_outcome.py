"""The result page's words worked out from plain values: tries left, and how a partly right
"select all that apply" answer fell short."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from lms.content.models import Question
from lms.training.models import AttemptQuestion, QuizAttempt
from lms.training.outcome import PartlyRight, partly_right, tries_left
from lms.training.services import QuizAvailability

OPTIONS = [
    {"text": "A", "correct": True},
    {"text": "B", "correct": True},
    {"text": "C", "correct": False},
    {"text": "D", "correct": True},
]


@pytest.mark.parametrize(
    ("availability", "words"),
    [
        (QuizAvailability(True, attempts_left_in_set=2), "2 tries left"),
        (QuizAvailability(True, attempts_left_in_set=1), "1 try left"),
        (QuizAvailability(False, "used", wait_until=datetime(2026, 12, 3, tzinfo=UTC)), ""),
        (QuizAvailability(False, "You have passed this quiz."), ""),
        (QuizAvailability(True, in_progress=QuizAttempt()), ""),
    ],
    ids=["two", "one", "none-for-now", "passed", "open-attempt"],
)
def test_tries_left(availability, words):
    assert tries_left(availability) == words


def _answer(kind: str, selected: list[int], correct: bool = False) -> AttemptQuestion:
    question = Question(type=kind, options=OPTIONS)
    return AttemptQuestion(
        question=question, selected=selected, correct=correct, option_order=[3, 2, 1, 0]
    )


def test_missed_and_wrong_options_in_the_order_shown():
    assert partly_right(_answer("multiple", [0, 2])) == PartlyRight(1, [3, 1], [2])


def test_every_right_one_found_but_a_wrong_one_too():
    assert partly_right(_answer("multiple", [0, 1, 2, 3])) == PartlyRight(3, [], [2])


@pytest.mark.parametrize(
    ("kind", "selected", "correct"),
    [("multiple", [2], False), ("multiple", [], False), ("multiple", [0, 1, 3], True)],
    ids=["only-wrong", "nothing", "right"],
)
def test_not_partly_right(kind, selected, correct):
    assert partly_right(_answer(kind, selected, correct)) is None


def test_one_answer_questions_are_never_partly_right():
    assert partly_right(_answer("single", [2])) is None
