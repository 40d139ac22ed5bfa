"""Guessability: blind strategies over hand-made banks score what a blind guesser would."""

from __future__ import annotations

import pytest

from lms.content.guessing import CUE_WORDS, MARGIN, STRATEGIES, guess_report
from lms.content.schema import QuestionSpec


def _question(n: int, texts: list[str], correct: set[int], kind: str = "single") -> QuestionSpec:
    return QuestionSpec.model_validate(
        {
            "id": f"q-{n}",
            "type": kind,
            "outcome": "o",
            "prompt": "Which?",
            "options": [
                {"text": text, "correct": i in correct, "feedback": "Because."}
                for i, text in enumerate(texts)
            ],
        }
    )


def _scores(questions: list[QuestionSpec]) -> dict[str, float]:
    return {s.name: round(s.score, 6) for s in guess_report(questions).strategies}


LENGTHS = ["No.", "Maybe so.", "Yes, I think so.", "Certainly, without a doubt."]


def _rotating_bank(size: int = 12) -> list[QuestionSpec]:
    """Four options of different lengths; the correct one takes each length rank in turn."""
    return [_question(n, LENGTHS, {n % 4}) for n in range(size)]


def test_a_bank_whose_answer_is_always_the_longest_fails():
    """Correct = longest every time: the longest strategy scores 100% and fails the bank."""
    bank = [_question(n, LENGTHS, {3}) for n in range(12)]
    report = guess_report(bank)
    scores = _scores(bank)
    assert scores["longest option"] == 100.0
    assert scores["second-longest option"] == scores["shortest option"] == 0.0
    assert [s.name for s in report.failures] == ["longest option"]
    assert report.strategies[0].chance == 25.0
    assert report.strategies[0].limit == 25.0 + MARGIN
    assert report.by_length == (100.0, 0.0, 0.0, 0.0)


@pytest.mark.parametrize(
    ("options", "correct", "strategy"),
    [
        (LENGTHS, 1, "third-longest option"),
        (LENGTHS, 2, "second-longest option"),
        (LENGTHS, 0, "shortest option"),
        (["A.", "Bb.", "Ccc.", "Dddd.", "Eeeee."], 1, "second-shortest option"),
        (["A.", "Bb.", "Ccc.", "Dddd.", "Eeeee."], 2, "third-longest option"),
    ],
)
def test_every_length_rank_is_a_strategy_that_can_fail(options, correct, strategy):
    """Correct always at one length rank (up to 5 options): that rank's strategy fails (with
    its twin from the other end when the ranks meet, as third-longest and second-shortest of 4)."""
    bank = [_question(n, options, {correct}) for n in range(12)]
    failures = {s.name for s in guess_report(bank).failures}
    assert _scores(bank)[strategy] == 100.0
    assert strategy in failures
    assert "longest option" not in failures or strategy == "longest option"


def test_ranks_an_item_lacks_score_chance():
    """A true/false item has no third-longest option: that strategy guesses at random there."""
    bank = [_question(n, ["True", "False"], {n % 2}, "true_false") for n in range(4)]
    assert _scores(bank)["third-longest option"] == 50.0


def test_a_balanced_bank_passes_every_strategy():
    """With the correct option spread over the length ranks, no strategy beats chance."""
    report = guess_report(_rotating_bank())
    assert report.failures == []
    assert {round(s.score, 6) for s in report.strategies} == {25.0}
    assert report.by_length == (25.0, 25.0, 25.0, 25.0)
    assert report.by_position == (25.0, 25.0, 25.0, 25.0)


def test_true_false_all_false_fails_the_position_strategies():
    """True/false options are shown as written, so "always False" is found by position."""
    bank = [_question(n, ["True", "False"], {1}, "true_false") for n in range(12)]
    report = guess_report(bank)
    scores = _scores(bank)
    assert scores["first as shown"] == 0.0
    assert scores["last as shown"] == 100.0
    assert "last as shown" in {s.name for s in report.failures}
    assert report.by_position == (0.0, 100.0)


def test_first_and_last_as_shown_score_chance_on_shuffled_types():
    """Single, scenario and multiple options are shuffled at display: position scores chance."""
    bank = [_question(n, LENGTHS, {0}) for n in range(8)]
    scores = _scores(bank)
    assert scores["first as shown"] == scores["last as shown"] == 25.0
    assert guess_report(bank).by_position == (100.0, 0.0, 0.0, 0.0)


def test_ties_are_split_evenly():
    """Options of equal length share a rank: a blind pick among them is right 1 in k times."""
    same = ["Aaaa", "Bbbb", "Cccc", "Dddd"]
    assert _scores([_question(0, same, {2})])["longest option"] == 25.0
    two_longest = ["Long one.", "Long two.", "Short", "Tiny"]
    scores = _scores([_question(0, two_longest, {0})])
    assert scores["longest option"] == 50.0
    assert scores["second-longest option"] == 50.0
    assert scores["shortest option"] == 0.0
    assert guess_report([_question(0, two_longest, {0})]).by_length == (50.0, 50.0, 0.0, 0.0)


def test_cue_words_pick_among_the_options_that_have_one():
    """The cue strategy chooses among options with a cue phrase (whole words, any case)."""
    assert {"coordinator", "safeguarding lead", "supervisor", "same day", "straight away"} <= set(
        CUE_WORDS
    )
    assert "999" in CUE_WORDS
    only_right = _question(0, ["Call 999 now.", "Wait.", "Ask a friend.", "Leave it."], {0})
    assert _scores([only_right])["cue word"] == 100.0
    shared = ["Tell your Coordinator.", "Tell the SUPERVISOR later.", "Wait.", "Leave it."]
    assert _scores([_question(0, shared, {0})])["cue word"] == 50.0
    none = ["Coordinators' room.", "Same-dayish.", "Wait.", "Leave it."]
    assert _scores([_question(0, none, {0})])["cue word"] == 25.0


def test_all_of_the_above_style_options_are_picked_when_present():
    """An "all of the above"-style option is the blind pick when there is one."""
    bank = [
        _question(0, ["Red.", "Blue.", "Green.", "All of the above."], {3}),
        _question(1, ["Red.", "Blue.", "None of these."], {0}),
        _question(2, ["Red.", "Blue.", "Green.", "Grey."], {1}),
    ]
    assert _scores(bank)["all of the above"] == pytest.approx(100 * (1 + 0 + 0.25) / 3)


def test_select_all_items_have_their_own_chance_and_strategies():
    """Multiple: chance 1/(2^n - 1); cue selects exactly the cue options, length strategies
    the options longer (or shorter) than the median, the rest score chance."""
    texts = ["Tell the coordinator.", "Call 999 if in danger.", "Wait.", "Go."]
    cue = _question(0, texts, {0, 1}, "multiple")
    scores = _scores([cue])
    chance = 100 / 15
    assert scores["cue word"] == 100.0
    assert scores["longest option"] == 100.0
    assert scores["shortest option"] == 0.0
    assert scores["all of the above"] == scores["first as shown"] == pytest.approx(chance, 1e-6)
    wrong_cue = _question(1, texts, {0}, "multiple")
    assert _scores([wrong_cue])["cue word"] == 0.0
    no_cue = _question(2, ["Aa.", "Bbbb.", "Cc."], {1}, "multiple")
    assert _scores([no_cue])["cue word"] == pytest.approx(100 / 7, 1e-6)
    assert guess_report([cue]).one_answer == 0


def test_the_module_score_is_the_mean_over_the_bank():
    """Scores and chance average over every item, one-answer and select-all alike."""
    bank = [
        _question(0, LENGTHS, {3}),
        _question(1, ["True", "False"], {0}, "true_false"),
    ]
    report = guess_report(bank)
    longest = report.strategies[0]
    assert longest.score == pytest.approx(50.0)  # 1 on the first, 0 on the true/false
    assert longest.chance == pytest.approx((25 + 50) / 2)


def test_the_table_advises_on_each_failing_strategy():
    """Each failing strategy gets its own advice (length, cue word, position), within 80 columns;
    strategies sharing advice are named together on one piece of advice."""
    from lms.content.report import ADVICE, guess_table

    cue = [_question(n, ["Call 999 now.", "Wait", "Ask", "Go"], {0}) for n in range(6)]
    false = [_question(10 + n, ["True", "False"], {1}, "true_false") for n in range(6)]
    lines = guess_table("m", guess_report(cue + false))
    assert max(len(line) for line in lines) <= 80
    table = " ".join(line.strip() for line in lines)
    assert "FAIL cue word: use the cue words (coordinator, same day, 999 ...) in wrong" in table
    assert "FAIL last as shown: write as many true statements as false ones" in table
    assert "FAIL longest option, second-shortest option: write wrong options as long," in table
    assert table.count("FAIL ") == 3 + 4  # three pieces of advice, four FAIL verdicts
    assert {name for name, _ in STRATEGIES} == set(ADVICE)
