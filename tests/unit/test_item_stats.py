"""Facility, point-biserial discrimination and the author flags, against numbers worked by hand."""

from __future__ import annotations

import math

import pytest

from lms.training.item_stats import (
    EASY,
    HARD,
    MIN_ANSWERS,
    STRONG_WRONG,
    discrimination_band,
    facility,
    flags,
    point_biserial,
)


def test_point_biserial_matches_a_hand_worked_example():
    """Right/wrong [1, 1, 0, 0] against rest scores [2, 1, 1, 1]: M1 = 1.5, M0 = 1, mean 1.25,
    s = sqrt((0.75² + 3 x 0.25²) / 4) = sqrt(0.1875), p = q = 0.5, so
    r = 0.5 / sqrt(0.1875) x 0.5 = 1 / sqrt(3)."""
    r = point_biserial([(True, 2), (True, 1), (False, 1), (False, 1)])
    assert r == pytest.approx(1 / math.sqrt(3))


def test_point_biserial_is_negative_when_weaker_candidates_do_better():
    """[1, 0, 0, 1] against [2, 2, 1, 0]: M1 = 1, M0 = 1.5, s = sqrt(0.6875), p = 0.5:
    r = -0.5 / sqrt(0.6875) x 0.5 = -1 / sqrt(11)."""
    r = point_biserial([(True, 2), (False, 2), (False, 1), (True, 0)])
    assert r == pytest.approx(-1 / math.sqrt(11))


def test_point_biserial_equals_pearsons_r():
    """The formula is Pearson's correlation with the item scored 1 or 0."""
    pairs = [(True, 7), (False, 3), (True, 5), (True, 6), (False, 6), (False, 2), (True, 4)]
    xs = [1.0 if ok else 0.0 for ok, _ in pairs]
    ys = [float(rest) for _, rest in pairs]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    cov = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    pearson = cov / math.sqrt(sum((x - mx) ** 2 for x in xs) * sum((y - my) ** 2 for y in ys))
    assert point_biserial(pairs) == pytest.approx(pearson)


def test_point_biserial_is_none_when_it_cannot_be_worked_out():
    """Everyone right, everyone wrong, nobody, or every rest score the same."""
    assert point_biserial([(True, 1), (True, 2)]) is None
    assert point_biserial([(False, 1), (False, 2)]) is None
    assert point_biserial([]) is None
    assert point_biserial([(True, 3), (False, 3), (True, 3)]) is None


def test_facility_is_the_share_right():
    assert facility(4, 3) == 0.75 and facility(0, 0) is None


def test_flags_wait_for_enough_answers():
    """Nine answers, all right or all wrong, raise no flag; the tenth does."""
    assert MIN_ANSWERS == 10
    assert flags(9, 9, None) == [] and flags(9, 0, -0.5) == []
    assert flags(10, 10, None) == [EASY]
    assert flags(10, 0, None) == [HARD]


def test_everyone_gets_this_right_from_95_percent():
    """19 of 20 (95%) is flagged; 18 of 20 (90%) is not."""
    assert EASY in flags(20, 19, 0.3) and EASY not in flags(20, 18, 0.3)


def test_most_get_this_wrong_below_half():
    """4 of 10 is flagged; 5 of 10 is not."""
    assert HARD in flags(10, 4, 0.3) and HARD not in flags(10, 5, 0.3)


def test_strong_candidates_get_this_wrong_on_negative_discrimination():
    """Any negative discrimination is flagged; zero and unknown are not."""
    assert flags(12, 6, -0.05) == [STRONG_WRONG]
    assert flags(12, 6, 0.0) == [] and flags(12, 6, None) == []
    assert flags(12, 3, -0.2) == [STRONG_WRONG, HARD]


@pytest.mark.parametrize(
    ("answered", "value", "band"),
    [
        (9, 0.5, "too_few"),
        (10, None, "alike"),
        (10, -0.01, "negative"),
        (10, 0.0, "weak"),
        (10, 0.19, "weak"),
        (10, 0.2, "fair"),
        (10, 0.3, "good"),
    ],
)
def test_discrimination_bands(answered, value, band):
    assert discrimination_band(answered, value) == band
