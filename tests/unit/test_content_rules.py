"""The checker's issue 13 rules: each broken fixture names its exact file, line and message."""

from __future__ import annotations

from pathlib import Path

import pytest

from lms.content.loader import load_modules
from lms.content.rules import word_count

BROKEN = Path(__file__).resolve().parent.parent / "fixtures" / "broken_modules"
ONE_REQUIREMENT = (
    "write one sentence with one requirement, and make each further requirement its own criterion"
)

EXPECTED = {
    "outcome-unknown": [
        (
            "questions.yaml",
            13,
            "outcome-unknown",
            "question 'q-12': outcome 'fourth' is not one of the module's outcomes in "
            "module.yaml (first, second, third)",
        )
    ],
    "outcome-few-questions": [
        (
            "module.yaml",
            14,
            "outcome-questions",
            "outcome 'first' has 2 question(s) in questions.yaml; every outcome needs at least 3",
        ),
        (
            "module.yaml",
            16,
            "blueprint",
            "outcome 'first' draws 3 questions per attempt but has only 2",
        ),
    ],
    "blueprint-too-big": [
        (
            "module.yaml",
            9,
            "blueprint",
            "the blueprint asks 6 questions (4 must-pass items plus 2 more to meet the outcomes' "
            "draws), more than questions_per_attempt (5): raise it, lower a draw or make fewer "
            "items must-pass",
        )
    ],
    "must-pass-true-false": [
        (
            "questions.yaml",
            6,
            "must-pass-true-false",
            "question 'q-05' is must-pass and true_false: a coin toss is no test of an "
            "essential; make it a single or scenario question",
        )
    ],
    "guessing": [
        (
            "questions.yaml",
            1,
            "guessing",
            "guessing: 'longest option' scores 100.0% without reading the questions "
            "(chance 33.3%, limit 43.3%)",
        )
    ],
    "rubric-one-sentence": [
        (
            "scenarios/rubric-one-sentence.yaml",
            8,
            "rubric-criterion",
            "rubric criterion 'says-no' states more than one requirement (a ';'): "
            + ONE_REQUIREMENT,
        )
    ],
    "rubric-second-sentence": [
        (
            "scenarios/rubric-second-sentence.yaml",
            8,
            "rubric-criterion",
            "rubric criterion 'says-no' states more than one requirement (a second sentence): "
            + ONE_REQUIREMENT,
        )
    ],
    "rubric-too-long": [
        (
            "scenarios/rubric-too-long.yaml",
            8,
            "rubric-criterion",
            "rubric criterion 'says-no' has 26 words; keep it to at most 25",
        )
    ],
    "rubric-optional-credit": [
        (
            "scenarios/rubric-optional-credit.yaml",
            10,
            "rubric-optional",
            "rubric criterion 'says-no': not_met offers optional credit ('a plus'); a criterion "
            "is met or not met: if it matters, make it its own criterion",
        )
    ],
    "rubric-bundled": [
        (
            "scenarios/rubric-bundled.yaml",
            12,
            "rubric-bundled",
            "criterion 'tells-coordinator' holds more than one requirement "
            "('... and records ...'): split it into separate criteria",
        )
    ],
    "examples-kinds": [
        (
            "scenarios/examples-kinds.yaml",
            19,
            "examples",
            "examples: needs exactly one borderline and one failing example, not borderline, "
            "borderline",
        )
    ],
    "example-outcome": [
        (
            "scenarios/example-outcome.yaml",
            21,
            "example-outcome",
            "examples[0] (borderline): outcome pass disagrees with its met list: an answer "
            "passes only when it meets every criterion",
        ),
        (
            "scenarios/example-outcome.yaml",
            26,
            "example-outcome",
            "examples[1] (failing): the failing example's outcome must be refer",
        ),
    ],
    "example-met-unknown": [
        (
            "scenarios/example-met-unknown.yaml",
            27,
            "example-met",
            "examples[1] (failing): met names 'is-kind', which is not a criterion of the rubric",
        )
    ],
    "example-too-short": [
        (
            "scenarios/example-too-short.yaml",
            28,
            "example-length",
            "examples[1] (failing): the answer has 4 words, fewer than min_words (12)",
        )
    ],
}


@pytest.fixture(scope="module")
def found() -> dict[str, list[tuple[str, int | None, str, str]]]:
    """Every problem in the broken fixtures, by module folder, with its path inside it."""
    _, problems = load_modules(BROKEN)
    by_module: dict[str, list[tuple[str, int | None, str, str]]] = {}
    for problem in problems:
        relative = Path(problem.path).resolve().relative_to(BROKEN.resolve() / problem.module)
        entry = (relative.as_posix(), problem.line, problem.rule, problem.message)
        by_module.setdefault(problem.module, []).append(entry)
    return by_module


@pytest.mark.parametrize("folder", sorted(EXPECTED))
def test_each_rule_is_reported_exactly_at_its_file_and_line(found, folder):
    """A fixture that breaks one rule gets exactly that problem, at its file and line."""
    assert found[folder] == EXPECTED[folder]


def test_shape_problems_carry_no_rule(found):
    """Problems with a file's shape carry no rule code (they can never be listed as known)."""
    assert {rule for _, _, rule, _ in found["question-rules"]} == {""}


def _scenario(criteria: list[str], met: str = "Does.") -> dict:
    keys = [f"c-{n}" for n in range(len(criteria))]
    return {
        "id": "s",
        "title": "T",
        "situation": "S",
        "task": "T",
        "min_words": 1,
        "rubric": [
            {"id": key, "criterion": text, "met": met, "not_met": "Does not."}
            for key, text in zip(keys, criteria, strict=True)
        ],
        "examples": [
            {
                "kind": "borderline",
                "outcome": "pass",
                "met": keys,
                "answer": "Yes.",
                "notes": "All.",
            },
            {"kind": "failing", "outcome": "refer", "met": [], "answer": "No.", "notes": "None."},
        ],
    }


def _problems(criterion: str, met: str = "Does.") -> list[tuple[str, str]]:
    """The rule and message of each problem a three-criterion rubric of ``criterion`` has."""
    from lms.content.reader import Reader
    from lms.content.rules import check_scenario
    from lms.content.schema import ScenarioSpec

    spec = ScenarioSpec.model_validate(_scenario([criterion] * 3, met))
    reader = Reader()
    check_scenario(reader, Path("s.yaml"), spec, None)
    return [(problem.rule, problem.message) for problem in reader.problems]


@pytest.mark.parametrize(
    "criterion",
    [
        "Says no to lending money, e.g. the £20.",
        "Tells the coordinator (not a friend).",
        "Tells the coordinator (Mrs. Patel) about the loan.",
        "Rings the lead before 5 p.m. Monday at the latest.",
        "Names a safe adult, e.g. Their teacher, to Leon.",
        "Names the risk, i.e. County lines, in plain words.",
        "Stays calm and kind with Lee.",
        "Says no to both the loan and the phone.",
    ],
)
def test_one_sentence_criteria_pass(criterion):
    """Abbreviations and brackets inside one sentence are not a second requirement."""
    assert _problems(criterion) == []


@pytest.mark.parametrize(
    ("criterion", "found"),
    [
        ("Stays with Lee and listens calmly.", "... and listens ..."),
        ("Listens to Gary or TAKES notes.", "... or TAKES ..."),
        ("Says no to the loan, tells the coordinator today.", "..., tells ..."),
        (
            "Tells the lead about the request, the friendship and the acquaintance.",
            "lead about the request, the friendship and the ...",
        ),
    ],
)
def test_bundled_criteria_are_refused(criterion, found):
    """Two rubric verbs joined, or a list of three things, make two requirements in one."""
    message = (
        f"criterion 'c-0' holds more than one requirement ('{found}'): split it into "
        "separate criteria"
    )
    assert ("rubric-bundled", message) in _problems(criterion)


def test_a_rubric_holds_up_to_ten_criteria():
    """Splitting bundled criteria may take a rubric to ten; eleven is refused."""
    from pydantic import ValidationError

    from lms.content.schema import ScenarioSpec

    assert len(ScenarioSpec.model_validate(_scenario(["Says no."] * 10)).rubric) == 10
    with pytest.raises(ValidationError, match="at most 10"):
        ScenarioSpec.model_validate(_scenario(["Says no."] * 11))


@pytest.mark.parametrize(
    "wording",
    [
        "preferably",
        "credit for",
        "credit also for",
        "extra points",
        "points if",
        "would be good",
        "also good",
        "bonus",
    ],
)
def test_optional_credit_covers_the_reviewed_phrases(wording):
    """Each phrase offering credit beyond the criterion is a problem wherever it appears."""
    rules = {rule for rule, _ in _problems("Says no.", met=f"Says no, {wording} kindly.")}
    assert rules == {"rubric-optional"}


@pytest.mark.parametrize("wording", ["Bonus", "if POSSIBLE", "nice to have", "Ideally"])
def test_optional_credit_wording_is_found_in_any_case(wording):
    """Optional-credit phrases match whole words in any case; words containing them do not."""
    from lms.content.rules import OPTIONAL_PATTERN

    assert OPTIONAL_PATTERN.search(f"Mentions the rule ({wording}).")
    assert not OPTIONAL_PATTERN.search("Mentions the bonuses scheme and surplus options.")


def test_word_count_matches_the_marking_feature():
    """The checker counts words as the marking feature does, so examples are submittable."""
    from lms.assessment.services import word_count as marking_word_count

    for text in ["I'd say no - kindly.", "well-being matters; £20 isn't much", ""]:
        assert word_count(text) == marking_word_count(text)
