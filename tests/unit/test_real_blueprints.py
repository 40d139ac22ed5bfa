"""Every real module's blueprint, drawn many times: every attempt asks every must-pass item and
covers every learning outcome at least its ``draw`` times."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import pytest

from lms.content.loader import load_modules
from lms.training.blueprint import draw_questions

MODULES = Path(__file__).resolve().parent.parent.parent / "modules"
DRAWS = 400

REAL, PROBLEMS = load_modules(MODULES)


def test_the_real_modules_load():
    assert PROBLEMS == [] and len(REAL) >= 10


@pytest.mark.parametrize("module", REAL, ids=[m.slug for m in REAL])
def test_every_attempt_asks_every_must_pass_item_and_every_outcome(module):
    meta, bank = module.meta, module.questions
    outcomes = [outcome.model_dump() for outcome in meta.outcomes]
    must = {q.id for q in bank if q.must_pass}
    rng = random.Random(module.slug)
    seen: Counter[str] = Counter()
    for _ in range(DRAWS):
        drawn = draw_questions(bank, outcomes, meta.questions_per_attempt, rng)
        ids = [q.id for q in drawn]
        assert len(ids) == len(set(ids)) == meta.questions_per_attempt
        assert must <= set(ids), f"{module.slug}: must-pass items left out: {must - set(ids)}"
        per_outcome = Counter(q.outcome for q in drawn)
        for outcome in meta.outcomes:
            assert per_outcome[outcome.id] >= outcome.draw, (module.slug, outcome.id)
        seen.update(ids)
    # The rest is still drawn at random: every question of the bank is asked sometimes.
    assert set(seen) == {q.id for q in bank}
