"""The blueprint draw over many random banks and seeds: every must-pass item, every outcome's
draw, the right number of distinct questions, every other question sometimes, never a failure."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st

from lms.training.blueprint import draw_questions, option_order, outcome_draws


@dataclass(frozen=True)
class Item:
    """A question as the draw sees it."""

    key: str
    must_pass: bool = False
    outcome: str | None = None


@dataclass(frozen=True)
class Case:
    bank: list[Item]
    outcomes: list[dict]
    count: int


def _required(bank: list[Item], outcomes: list[dict]) -> int:
    """The fewest questions that meet the blueprint: must-pass items plus each outcome's gap."""
    must = [q for q in bank if q.must_pass]
    gaps = sum(max(0, o["draw"] - sum(q.outcome == o["id"] for q in must)) for o in outcomes)
    return len(must) + gaps


@st.composite
def banks(draw, meetable: bool = True):
    """A bank with 0 to 6 outcomes (each with 1 to 3 to draw), untagged questions, must-pass
    items anywhere, and a number per attempt the blueprint fits (or any number at all)."""
    outcomes, bank = [], []
    for k in range(draw(st.integers(0, 6))):
        wanted = draw(st.integers(1, 3))
        outcomes.append({"id": f"o{k}", "text": f"Outcome {k}", "draw": wanted})
        size = draw(st.integers(wanted if meetable else 1, 6))
        must = draw(st.integers(0, min(size, 2)))
        bank += [Item(f"o{k}-{i}", i < must, f"o{k}") for i in range(size)]
    untagged = draw(st.integers(0 if bank else 1, 5))
    bank += [Item(f"x{i}", draw(st.booleans()) and i == 0, None) for i in range(untagged)]
    bank = draw(st.permutations(bank))
    low = max(1, _required(bank, outcomes)) if meetable else 1
    count = draw(st.integers(min(low, len(bank)), len(bank) if meetable else len(bank) + 3))
    return Case(bank, outcomes, count)


@settings(max_examples=250, deadline=None)
@given(banks(), st.integers(0, 2**32))
def test_every_attempt_meets_the_blueprint(case, seed):
    """Every must-pass item, each outcome at least ``draw`` times, exactly the number asked:
    250 random banks, eight draws of each."""
    rng = random.Random(seed)
    for _ in range(8):
        drawn = draw_questions(case.bank, case.outcomes, case.count, rng)
        assert len(drawn) == case.count
        assert len({q.key for q in drawn}) == case.count
        assert set(drawn) <= set(case.bank)
        assert {q for q in case.bank if q.must_pass} <= set(drawn)
        asked = Counter(q.outcome for q in drawn)
        for outcome in case.outcomes:
            assert asked[outcome["id"]] >= outcome["draw"], outcome


@settings(max_examples=100, deadline=None)
@given(banks(meetable=False), st.integers(0, 2**32))
def test_a_bank_that_cannot_meet_it_is_drawn_as_far_as_it_fits(case, seed):
    """Hand-made banks too small for their blueprint never raise: must-pass items come first,
    then each outcome as far as its questions and the room allow."""
    drawn = draw_questions(case.bank, case.outcomes, case.count, random.Random(seed))
    assert len(drawn) == min(case.count, len(case.bank))
    assert len({q.key for q in drawn}) == len(drawn)
    must = {q for q in case.bank if q.must_pass}
    if len(must) <= len(drawn):
        assert must <= set(drawn)
    else:
        assert all(q.must_pass for q in drawn)
    if _required(case.bank, case.outcomes) <= case.count <= len(case.bank):
        asked = Counter(q.outcome for q in drawn)
        for outcome in case.outcomes:
            size = sum(q.outcome == outcome["id"] for q in case.bank)
            assert asked[outcome["id"]] >= min(outcome["draw"], size)


def _module_like_bank() -> tuple[list[Item], list[dict]]:
    """Twenty questions over four outcomes, three must-pass items, as a real module has."""
    outcomes = [{"id": f"o{k}", "text": "", "draw": d} for k, d in enumerate([1, 2, 1, 2])]
    bank = [Item(f"o{k}-{i}", (k, i) in {(0, 0), (1, 0), (3, 1)}, f"o{k}") for k in range(4)
            for i in range(5)]  # fmt: skip
    return bank, outcomes


def test_every_other_question_is_sometimes_drawn_and_the_order_gives_nothing_away():
    """Over 500 seeded draws every question is asked, must-pass items every time, and a
    must-pass item turns up in every position (the order is shuffled, not must-pass first)."""
    bank, outcomes = _module_like_bank()
    seen: Counter[str] = Counter()
    positions: set[int] = set()
    for seed in range(500):
        drawn = draw_questions(bank, outcomes, 10, random.Random(seed))
        seen.update(q.key for q in drawn)
        positions |= {n for n, q in enumerate(drawn) if q.must_pass}
    assert {q.key for q in bank} == set(seen)
    assert all(seen[q.key] == 500 for q in bank if q.must_pass)
    assert all(0 < seen[q.key] < 500 for q in bank if not q.must_pass)
    assert positions == set(range(10))


def test_without_outcomes_it_is_must_pass_items_plus_a_random_fill():
    """Versions synced before outcomes existed still always ask their must-pass items."""
    bank = [Item(f"q{i}", i in (3, 7)) for i in range(12)]
    for seed in range(50):
        drawn = draw_questions(bank, None, 5, random.Random(seed))
        assert len(set(drawn)) == 5 and {bank[3], bank[7]} <= set(drawn)


def test_short_banks_ask_as_many_outcomes_as_fit():
    """Three outcomes wanting two each but room for four: every outcome is still asked once."""
    outcomes = [{"id": k, "text": "", "draw": 2} for k in ("a", "b", "c")]
    bank = [Item(f"{k}{i}", False, k) for k in "abc" for i in range(3)]
    for seed in range(50):
        drawn = draw_questions(bank, outcomes, 4, random.Random(seed))
        assert {q.outcome for q in drawn} == {"a", "b", "c"}


def test_too_many_must_pass_items_or_too_small_a_bank_never_fail():
    """More must-pass items than room: only must-pass items; a bank smaller than asked: all."""
    bank = [Item(f"q{i}", i < 6) for i in range(8)]
    drawn = draw_questions(bank, [], 4, random.Random(1))
    assert len(set(drawn)) == 4 and all(q.must_pass for q in drawn)
    assert sorted(q.key for q in draw_questions(bank, [], 20, random.Random(1))) == sorted(
        q.key for q in bank
    )
    assert draw_questions([], [], 5, random.Random(1)) == []


def test_outcome_draws_ignore_unusable_entries():
    """Entries without an id or a whole-number draw do not steer the draw."""
    assert outcome_draws(None) == {}
    assert outcome_draws(
        [{"id": "a", "draw": 2}, {"id": "b"}, {"draw": 1}, {"id": "c", "draw": True}]
    ) == {"a": 2}


def test_option_order_shuffles_choices_but_keeps_true_then_false():
    """Options are shuffled per attempt except true/false, whose order is its meaning."""

    @dataclass
    class Shown:
        type: str
        options: list

    orders = {
        tuple(option_order(Shown("single", [1, 2, 3, 4]), random.Random(s))) for s in range(9)
    }
    assert len(orders) > 1 and all(sorted(o) == [0, 1, 2, 3] for o in orders)
    assert option_order(Shown("true_false", [1, 2]), random.Random(4)) == [0, 1]
