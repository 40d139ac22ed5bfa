"""How each question type is marked: pure functions over a question's options and the choice made.

Options are dicts with a boolean ``correct``; a choice is a list of option indexes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

Options = Sequence[dict[str, Any]]


def _correct_indexes(options: Options) -> set[int]:
    return {i for i, option in enumerate(options) if option.get("correct")}


def mark_one_answer(options: Options, selected: Sequence[int]) -> bool:
    """Single choice, true/false and scenario choice: exactly the one right option."""
    return len(selected) == 1 and set(selected) == _correct_indexes(options)


def mark_all_that_apply(options: Options, selected: Sequence[int]) -> bool:
    """Multiple response: every right option chosen and no wrong one."""
    return len(set(selected)) == len(selected) and set(selected) == _correct_indexes(options)


@dataclass(frozen=True)
class QuestionType:
    """One kind of question: how it is answered and how it is marked."""

    name: str
    label: str
    many_answers: bool
    mark: Callable[[Options, Sequence[int]], bool]
    shuffle: bool = True


QUESTION_TYPES: dict[str, QuestionType] = {
    "single": QuestionType("single", "Choose one answer", False, mark_one_answer),
    "true_false": QuestionType(
        "true_false", "True or false?", False, mark_one_answer, shuffle=False
    ),
    "scenario": QuestionType("scenario", "Choose one answer", False, mark_one_answer),
    "multiple": QuestionType("multiple", "Select all that apply", True, mark_all_that_apply),
}


@dataclass(frozen=True)
class Score:
    """The outcome of a marked attempt."""

    correct: int
    total: int
    percent: int
    passed: bool
    failed_must_pass: bool


def score(results: Sequence[tuple[bool, bool]], pass_mark: int) -> Score:
    """Score (correct, must_pass) pairs: pass at ``pass_mark`` percent and no must-pass missed."""
    total = len(results)
    correct = sum(1 for ok, _ in results if ok)
    failed_must_pass = any(must and not ok for ok, must in results)
    reached = total > 0 and correct * 100 >= pass_mark * total
    percent = (correct * 100) // total if total else 0
    return Score(correct, total, percent, reached and not failed_must_pass, failed_must_pass)


@dataclass(frozen=True)
class AttemptWindow:
    """Where a trainee stands in the attempt rules: attempts used in this set, and any wait."""

    used: int
    wait_until: datetime | None


def attempt_window(
    submitted: Sequence[datetime], limit: int, cooldown: timedelta, now: datetime
) -> AttemptWindow:
    """Attempts come in sets of ``limit``; after a full set the next waits ``cooldown``.

    The first attempt after the wait starts a new set.
    """
    in_set = 0
    blocked_until: datetime | None = None
    for when in sorted(submitted):
        if blocked_until is not None and when >= blocked_until:
            in_set = 0
        in_set += 1
        blocked_until = when + cooldown if in_set >= limit else None
    if blocked_until is not None and now >= blocked_until:
        return AttemptWindow(0, None)
    return AttemptWindow(in_set, blocked_until)
