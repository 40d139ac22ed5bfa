"""The blueprint draw: which questions an attempt asks, as a pure function of the bank.

Every must-pass item; then, for each learning outcome, enough further questions of it (chosen
at random) to ask its ``draw`` (must-pass items count towards their outcome); then random
questions from the rest up to the number asked per attempt; then the order is shuffled, so where
a question sits says nothing about why it was drawn. A version synced before outcomes existed
(``outcomes`` is None) asks its must-pass items plus a random fill.

A bank that cannot meet its blueprint (only hand-made data: ``content check`` refuses such
content) is drawn as far as it fits, must-pass items first, then one question per outcome in
turn, and never raises: a trainee is not failed for an author's mistake.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from typing import Any, Protocol, TypeVar

from lms.training.marking import QUESTION_TYPES


class Drawable(Protocol):
    """What the draw needs to know of a question."""

    @property
    def must_pass(self) -> bool: ...

    @property
    def outcome(self) -> str | None: ...


Q = TypeVar("Q", bound=Drawable)


def outcome_draws(outcomes: Sequence[Mapping[str, Any]] | None) -> dict[str, int]:
    """Each outcome's ``draw`` by id, in the module's order (unusable entries ignored)."""
    draws: dict[str, int] = {}
    for outcome in outcomes or []:
        key, draw = outcome.get("id"), outcome.get("draw")
        if isinstance(key, str) and isinstance(draw, int) and not isinstance(draw, bool):
            draws[key] = max(draws.get(key, 0), draw)
    return draws


def draw_questions(
    bank: Sequence[Q],
    outcomes: Sequence[Mapping[str, Any]] | None,
    count: int,
    rng: random.Random,
) -> list[Q]:
    """The questions of one attempt, distinct and in the order shown (see the module docstring).

    Returns ``min(count, len(bank))`` questions.
    """
    count = max(0, min(count, len(bank)))
    must = [i for i, q in enumerate(bank) if q.must_pass]
    if len(must) > count:
        must = rng.sample(must, count)
    chosen = list(must)
    taken = set(chosen)

    draws = outcome_draws(outcomes)
    asked = dict.fromkeys(draws, 0)
    for i in chosen:
        if bank[i].outcome in asked:
            asked[bank[i].outcome] += 1
    # One question per outcome in turn: when the blueprint cannot be met in full, as many
    # outcomes as possible are still asked at least once.
    for round_ in range(1, max(draws.values(), default=0) + 1):
        for key, draw in draws.items():
            if len(chosen) >= count:
                break
            if draw < round_ or asked[key] >= round_:
                continue
            left = [i for i, q in enumerate(bank) if q.outcome == key and i not in taken]
            if left:
                pick = rng.choice(left)
                chosen.append(pick)
                taken.add(pick)
                asked[key] += 1

    rest = [i for i in range(len(bank)) if i not in taken]
    chosen.extend(rng.sample(rest, count - len(chosen)))
    rng.shuffle(chosen)
    return [bank[i] for i in chosen]


def option_order(question: Any, rng: random.Random) -> list[int]:
    """The order a question's options are shown in: shuffled, except where order is meaning
    (true/false shows "True" then "False")."""
    order = list(range(len(question.options)))
    if QUESTION_TYPES[question.type].shuffle:
        rng.shuffle(order)
    return order
