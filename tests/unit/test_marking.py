"""Each question type's marking, scoring with must-pass questions, and the attempt window."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from lms.training.marking import (
    QUESTION_TYPES,
    attempt_window,
    mark_all_that_apply,
    mark_one_answer,
    score,
)

ONE_RIGHT = [{"correct": False}, {"correct": True}, {"correct": False}]
TWO_RIGHT = [{"correct": True}, {"correct": True}, {"correct": False}]


@pytest.mark.parametrize(
    ("selected", "expected"),
    [([1], True), ([0], False), ([], False), ([1, 0], False), ([1, 1], False)],
)
def test_single_choice_needs_exactly_the_right_option(selected, expected):
    """One answer, and it must be the right one."""
    assert mark_one_answer(ONE_RIGHT, selected) is expected


@pytest.mark.parametrize(
    ("selected", "expected"),
    [
        ([0, 1], True),
        ([1, 0], True),
        ([0], False),
        ([0, 1, 2], False),
        ([], False),
        ([0, 0], False),
    ],
)
def test_select_all_that_apply_needs_every_right_option_and_no_wrong_one(selected, expected):
    """All the right options and none of the wrong ones."""
    assert mark_all_that_apply(TWO_RIGHT, selected) is expected


def test_every_type_has_a_marker():
    """Single, multiple, true/false and scenario choice are all registered."""
    assert set(QUESTION_TYPES) == {"single", "multiple", "true_false", "scenario"}
    assert QUESTION_TYPES["true_false"].mark([{"correct": True}, {"correct": False}], [0])
    assert QUESTION_TYPES["scenario"].mark(ONE_RIGHT, [1])
    assert not QUESTION_TYPES["true_false"].shuffle


def test_score_passes_at_the_pass_mark_exactly():
    """8 of 10 at an 80% pass mark passes; 7 of 10 does not."""
    assert score([(True, False)] * 8 + [(False, False)] * 2, 80).passed
    assert not score([(True, False)] * 7 + [(False, False)] * 3, 80).passed


def test_a_wrong_must_pass_question_fails_whatever_the_score():
    """Getting a must-pass question wrong fails the attempt, even at 90%."""
    result = score([(True, False)] * 9 + [(False, True)], 80)
    assert result.percent == 90 and result.failed_must_pass and not result.passed


NOW = datetime(2026, 11, 28, 12, tzinfo=UTC)
HOUR = timedelta(hours=1)


def test_attempt_window_allows_attempts_until_the_set_is_used():
    """With a limit of 3, two attempts leave one more with no wait."""
    window = attempt_window([NOW - 2 * HOUR, NOW - HOUR], 3, 24 * HOUR, NOW)
    assert window.used == 2 and window.wait_until is None


def test_attempt_window_waits_after_a_full_set():
    """A full set means waiting the cooldown from the last attempt."""
    window = attempt_window([NOW - 3 * HOUR, NOW - 2 * HOUR, NOW - HOUR], 3, 24 * HOUR, NOW)
    assert window.wait_until == NOW + 23 * HOUR


def test_attempt_window_starts_a_new_set_after_the_wait():
    """Once the cooldown has passed, a new set of attempts begins."""
    old = [NOW - 50 * HOUR, NOW - 49 * HOUR, NOW - 48 * HOUR]
    assert attempt_window(old, 3, 24 * HOUR, NOW) == attempt_window([], 3, 24 * HOUR, NOW)
    again = [*old, NOW - 2 * HOUR]
    assert attempt_window(again, 3, 24 * HOUR, NOW).used == 1
