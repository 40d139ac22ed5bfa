"""Item statistics as pure functions: facility, discrimination (point-biserial) and the flags
that tell an author which questions to look at again."""

from __future__ import annotations

import math
from collections.abc import Sequence

# Flags wait for this many answers to a question: fewer say more about luck than the question.
MIN_ANSWERS = 10
# "Everyone gets this right": at least this share answered right.
EASY_FACILITY = 0.95
# "Most get this wrong": fewer than this share answered right.
HARD_FACILITY = 0.5
# Discrimination below this separates strong from weak candidates only weakly; at or above
# GOOD_DISCRIMINATION it separates them well (the usual rules of thumb for point-biserial).
FAIR_DISCRIMINATION = 0.2
GOOD_DISCRIMINATION = 0.3

EASY, STRONG_WRONG, HARD = "easy", "strong_wrong", "hard"
FLAG_LABELS = {
    EASY: "Everyone gets this right",
    STRONG_WRONG: "Strong candidates get this wrong",
    HARD: "Most get this wrong",
}


def point_biserial(answers: Sequence[tuple[bool, int]]) -> float | None:
    """The correlation between answering an item right and the rest of the attempt's score.

    ``answers`` holds one ``(right, rest)`` pair per attempt that asked the item, where ``rest``
    is the attempt's number of right answers without this item. The result runs from -1 to 1:
    ``(M1 - M0) / s * sqrt(p * q)`` with M1 and M0 the mean rest score of those who got the
    item right and wrong, s the (population) standard deviation of all rest scores and p, q the
    shares right and wrong. None when it cannot be worked out: everyone answered alike, or
    every rest score is the same.
    """
    right = [rest for ok, rest in answers if ok]
    wrong = [rest for ok, rest in answers if not ok]
    if not right or not wrong:
        return None
    n = len(answers)
    rests = right + wrong
    mean = sum(rests) / n
    spread = math.sqrt(sum((rest - mean) ** 2 for rest in rests) / n)
    if spread == 0:
        return None
    p = len(right) / n
    return (sum(right) / len(right) - sum(wrong) / len(wrong)) / spread * math.sqrt(p * (1 - p))


def facility(answered: int, correct: int) -> float | None:
    """The share of answers that were right, from 0 to 1 (None before any answer)."""
    return correct / answered if answered else None


def flags(answered: int, correct: int, discrimination: float | None) -> list[str]:
    """What an author should look at, once ``MIN_ANSWERS`` answers are in."""
    if answered < MIN_ANSWERS:
        return []
    found = []
    if correct >= EASY_FACILITY * answered:
        found.append(EASY)
    if discrimination is not None and discrimination < 0:
        found.append(STRONG_WRONG)
    if correct < HARD_FACILITY * answered:
        found.append(HARD)
    return found


def discrimination_band(answered: int, discrimination: float | None) -> str:
    """A word for how well the item separates strong from weak candidates, for the page."""
    if answered < MIN_ANSWERS:
        return "too_few"
    if discrimination is None:
        return "alike"
    if discrimination < 0:
        return "negative"
    if discrimination < FAIR_DISCRIMINATION:
        return "weak"
    if discrimination < GOOD_DISCRIMINATION:
        return "fair"
    return "good"
