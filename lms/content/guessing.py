"""How far a question bank can be passed without reading it: blind strategies and their scores.

Pure functions over a module's questions, no database. Each strategy picks an answer from the
options alone; its score is the expected percentage of the bank it gets right (ties between
options split evenly). A module fails the check when any strategy scores more than
``MARGIN`` points above chance.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from statistics import median

from lms.content.schema import QuestionSpec

MARGIN = 10.0

# Options are shuffled when shown for every type but true_false (lms/training/marking.py,
# QUESTION_TYPES[...].shuffle), so "first" and "last as shown" only read the written order there.
UNSHUFFLED_TYPES = frozenset({"true_false"})

CUE_WORDS = (
    "coordinator",
    "safeguarding lead",
    "supervisor",
    "same day",
    "straight away",
    "right away",
    "immediately",
    "999",
)
ALL_OF_THE_ABOVE = (
    "all of the above",
    "all the above",
    "all of these",
    "both of these",
    "both of the above",
    "none of the above",
    "none of these",
    "neither of these",
)


def _phrases(phrases: Sequence[str]) -> re.Pattern[str]:
    return re.compile(r"\b(" + "|".join(re.escape(p) for p in phrases) + r")\b", re.IGNORECASE)


CUE_PATTERN = _phrases(CUE_WORDS)
ALL_PATTERN = _phrases(ALL_OF_THE_ABOVE)


@dataclass(frozen=True)
class Item:
    """What a blind strategy sees of a question: its type, option texts and which are right."""

    type: str
    texts: tuple[str, ...]
    correct: tuple[bool, ...]

    @property
    def many(self) -> bool:
        return self.type == "multiple"

    @property
    def lengths(self) -> list[int]:
        return [len(text.strip()) for text in self.texts]

    def chance(self) -> float:
        n = len(self.texts)
        return 1 / (2**n - 1) if self.many else 1 / n

    def correct_index(self) -> int:
        return self.correct.index(True)


def item_of(question: QuestionSpec) -> Item:
    return Item(
        question.type,
        tuple(option.text for option in question.options),
        tuple(option.correct for option in question.options),
    )


def rank_share(item: Item, rank: int) -> float:
    """The chance the correct option sits at ``rank`` by length (0 = longest), ties shuffled."""
    lengths = item.lengths
    mine = lengths[item.correct_index()]
    longer = sum(length > mine for length in lengths)
    same = lengths.count(mine)
    return 1 / same if longer <= rank < longer + same else 0.0


def _pick_among(item: Item, chosen: Sequence[bool]) -> float:
    """Score of picking one of the ``chosen`` options at random (all of them if none is)."""
    if not any(chosen):
        chosen = [True] * len(item.texts)
    picked = [c for c, right in zip(chosen, item.correct, strict=True) if c]
    right = sum(1 for c, r in zip(chosen, item.correct, strict=True) if c and r)
    return right / len(picked)


def _select_exactly(item: Item, chosen: Sequence[bool]) -> float:
    """Score of selecting exactly the ``chosen`` options; chance when that selects nothing."""
    if not any(chosen):
        return item.chance()
    return 1.0 if tuple(chosen) == item.correct else 0.0


def _by_length(rank: int, shortest: bool = False) -> Callable[[Item], float]:
    """Pick the option at length ``rank`` from the top (0 = longest) or from the bottom.

    On a select-all item only the longest and shortest ranks have a play (the options above or
    below the median); further ranks, and ranks an item has too few options for, score chance.
    """

    def score(item: Item) -> float:
        lengths = item.lengths
        if item.many:
            if rank:
                return item.chance()
            middle = median(lengths)
            chosen = [(n < middle) if shortest else (n > middle) for n in lengths]
            return _select_exactly(item, chosen)
        place = len(lengths) - 1 - rank if shortest else rank
        if not 0 <= place < len(lengths):
            return item.chance()
        return rank_share(item, place)

    return score


def _by_phrase(pattern: re.Pattern[str], many_select: bool) -> Callable[[Item], float]:
    def score(item: Item) -> float:
        chosen = [bool(pattern.search(text)) for text in item.texts]
        if item.many:
            return _select_exactly(item, chosen) if many_select else item.chance()
        return _pick_among(item, chosen)

    return score


def _as_shown(index: int) -> Callable[[Item], float]:
    def score(item: Item) -> float:
        if item.many or item.type not in UNSHUFFLED_TYPES:
            return item.chance()
        return 1.0 if item.correct[index] else 0.0

    return score


STRATEGIES: tuple[tuple[str, Callable[[Item], float]], ...] = (
    ("longest option", _by_length(0)),
    ("second-longest option", _by_length(1)),
    ("third-longest option", _by_length(2)),
    ("shortest option", _by_length(0, shortest=True)),
    ("second-shortest option", _by_length(1, shortest=True)),
    ("cue word", _by_phrase(CUE_PATTERN, many_select=True)),
    ("all of the above", _by_phrase(ALL_PATTERN, many_select=False)),
    ("first as shown", _as_shown(0)),
    ("last as shown", _as_shown(-1)),
)


@dataclass(frozen=True)
class StrategyScore:
    """One blind strategy's expected score over a bank, in percent, against chance."""

    name: str
    score: float
    chance: float

    @property
    def limit(self) -> float:
        return self.chance + MARGIN

    @property
    def failed(self) -> bool:
        return self.score > self.limit + 1e-9


@dataclass(frozen=True)
class GuessReport:
    """A module's guessability: every strategy's score, and where the correct option sits.

    ``by_length[r]`` is the percentage of one-answer items whose correct option is the
    (r+1)-th longest; ``by_position[p]`` the percentage with it written at position p+1.
    """

    questions: int
    one_answer: int
    strategies: tuple[StrategyScore, ...]
    by_length: tuple[float, ...]
    by_position: tuple[float, ...]

    @property
    def failures(self) -> list[StrategyScore]:
        return [strategy for strategy in self.strategies if strategy.failed]


def _percent(values: Sequence[float]) -> float:
    return 100 * sum(values) / len(values) if values else 0.0


def guess_report(questions: Sequence[QuestionSpec]) -> GuessReport:
    """Play every blind strategy over the bank and measure length and position balance."""
    items = [item_of(question) for question in questions]
    chance = _percent([item.chance() for item in items])
    strategies = tuple(
        StrategyScore(name, _percent([score(item) for item in items]), chance)
        for name, score in STRATEGIES
    )
    single = [item for item in items if not item.many]
    width = max((len(item.texts) for item in single), default=0)
    by_length = tuple(_percent([rank_share(item, r) for item in single]) for r in range(width))
    by_position = tuple(
        _percent([float(item.correct_index() == p) for item in single]) for p in range(width)
    )
    return GuessReport(len(items), len(single), strategies, by_length, by_position)
