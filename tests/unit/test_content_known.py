"""modules/known-problems.yaml: listed problems are known, not failures; the list only shrinks."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lms.content.loader import check_modules, load_modules

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
BROKEN = FIXTURES / "broken_modules"
SAMPLE = FIXTURES / "valid_modules" / "sample-module"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A modules folder: the clean sample, a guessable bank and a must-pass true/false item."""
    root = tmp_path / "modules"
    shutil.copytree(SAMPLE, root / "sample-module")
    for name in ("guessing", "must-pass-true-false", "outcome-unknown"):
        shutil.copytree(BROKEN / name, root / name)
    return root


def _known_list(root: Path, text: str) -> Path:
    path = root / "known-problems.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _where(problem) -> tuple[str, int | None, str]:
    return (Path(problem.path).name, problem.line, problem.message)


ALL_KNOWN = """known:
  - module: guessing
    rule: guessing
    scores:
      longest option: 100.0
  - module: must-pass-true-false
    rule: must-pass-true-false
    question: q-05
"""


SAMPLE_GUESSING = "  - module: sample-module\n    rule: guessing\n    scores: {cue word: 40.0}\n"


def test_listed_problems_are_known_and_do_not_fail(root):
    """Listed guessing and must-pass true/false problems are reported apart and do not fail."""
    shutil.rmtree(root / "outcome-unknown")
    _known_list(root, ALL_KNOWN)
    check = check_modules(root)
    assert check.problems == []
    assert sorted((p.module, p.rule) for p in check.known) == [
        ("guessing", "guessing"),
        ("must-pass-true-false", "must-pass-true-false"),
    ]
    assert {m.slug for m in check.modules} == {"guessing", "must-pass-true-false", "sample-module"}
    assert load_modules(root)[1] == []
    assert set(check.guessing) == {"guessing", "must-pass-true-false", "sample-module"}


def test_without_the_list_the_same_problems_fail(root):
    """The same content with no list fails on each of those problems."""
    shutil.rmtree(root / "outcome-unknown")
    modules, problems = load_modules(root)
    assert sorted(p.rule for p in problems) == ["guessing", "must-pass-true-false"]
    assert [m.slug for m in modules] == ["sample-module"]


def test_an_entry_that_no_longer_happens_is_a_problem(root):
    """A listed problem that has been fixed must be taken off the list."""
    shutil.rmtree(root / "outcome-unknown")
    path = _known_list(root, ALL_KNOWN + SAMPLE_GUESSING)
    check = check_modules(root)
    assert [_where(p) for p in check.problems] == [
        (
            path.name,
            9,
            "known problem (module 'sample-module', rule 'guessing') no longer happens: "
            "remove it from the list",
        )
    ]
    assert len(check.known) == 2


def _guessing_list(root: Path, scores: str) -> Path:
    shutil.rmtree(root / "outcome-unknown")
    shutil.rmtree(root / "must-pass-true-false")
    return _known_list(root, f"known:\n  - module: guessing\n    rule: guessing\n{scores}")


@pytest.mark.parametrize(
    ("scores", "message"),
    [
        (
            "    scores: {longest option: 90.0}\n",
            "guessing got worse in guessing: longest option scores 100.0%, the known list "
            "allows 90.0%",
        ),
        (
            "    scores: {cue word: 100.0}\n",
            "guessing got worse in guessing: longest option now fails too",
        ),
    ],
)
def test_guessing_that_gets_worse_fails_despite_the_list(root, scores, message):
    """A guessing entry allows only the listed strategies, each up to its listed score."""
    path = _guessing_list(root, scores)
    check = check_modules(root)
    assert (path.name, 4, message) in [_where(p) for p in check.problems]
    assert "guessing" in {p.rule for p in check.problems}
    assert check.known == []


def test_a_score_within_rounding_of_the_list_is_known(root):
    """Scores are listed to one decimal: the listed value plus 0.05 is still no worse."""
    _guessing_list(root, "    scores: {longest option: 99.95}\n")
    check = check_modules(root)
    assert check.problems == []
    assert [p.rule for p in check.known] == ["guessing"]


def test_a_listed_strategy_that_no_longer_fails_must_come_off(root):
    """The list only shrinks: a strategy that now passes is taken off the entry's scores."""
    path = _guessing_list(root, "    scores: {longest option: 100.0, cue word: 50.0}\n")
    check = check_modules(root)
    assert [_where(p) for p in check.problems] == [
        (
            path.name,
            4,
            "known problem (module 'guessing', rule 'guessing'): cue word no longer fails: take "
            "it off the entry's scores",
        )
    ]


@pytest.mark.parametrize(
    ("scores", "fragment"),
    [
        ("", "list the score each failing strategy may keep"),
        ("    scores: {guess: 50.0}\n", "'guess' is not a blind strategy"),
        ("    scores: {}\n", "list the score each failing strategy may keep"),
    ],
)
def test_a_guessing_entry_needs_known_strategy_scores(root, scores, fragment):
    """A guessing entry without scores, or naming no real strategy, is refused."""
    _guessing_list(root, scores)
    messages = [p.message for p in check_modules(root).problems]
    assert any(fragment in message for message in messages), messages


def test_a_question_entry_matches_only_that_question(root):
    """A must-pass true/false entry naming another question leaves the real one failing."""
    shutil.rmtree(root / "outcome-unknown")
    _known_list(root, ALL_KNOWN.replace("q-05", "q-06"))
    check = check_modules(root)
    assert sorted((p.rule, p.question) for p in check.problems) == [
        ("known-list", ""),
        ("must-pass-true-false", "q-05"),
    ]


def test_only_guessing_and_must_pass_true_false_may_be_listed(root):
    """Any other rule is refused at the entry's line, and its problem still fails."""
    path = _known_list(
        root,
        ALL_KNOWN
        + "  - module: outcome-unknown\n    rule: outcome-unknown\n"
        + "  - module: guessing\n    rule: guessing\n    question: q-01\n",
    )
    check = check_modules(root)
    assert sorted(_where(p) for p in check.problems) == [
        (
            path.name,
            10,
            "known problem (module 'outcome-unknown', rule 'outcome-unknown') cannot be listed: "
            "only guessing and must-pass-true-false problems may wait for the curriculum "
            "rewrite; fix this one in the content",
        ),
        (
            path.name,
            12,
            "known problem (module 'guessing', rule 'guessing', question 'q-01'): guessing is "
            "about the whole bank; leave out 'question'",
        ),
        (
            "questions.yaml",
            13,
            "question 'q-12': outcome 'fourth' is not one of the module's outcomes in "
            "module.yaml (first, second, third)",
        ),
    ]
    assert "outcome-unknown" not in {m.slug for m in check.modules}


def test_a_malformed_list_is_a_problem(root):
    """The list is checked like any content file: unknown fields are reported at their line."""
    path = _known_list(root, "known:\n  - module: guessing\n    rules: guessing\n")
    _, problems = load_modules(root)
    listed = [(p.line, p.message) for p in problems if p.path.endswith(path.name)]
    assert listed == [
        (2, "known[0]: missing required field 'rule'"),
        (3, "known[0]: unknown field 'rules'"),
    ]


def test_a_single_module_folder_ignores_the_list(root):
    """Checking one module folder reads no list: its problems all count."""
    _known_list(root, ALL_KNOWN)
    check = check_modules(root / "guessing")
    assert [p.rule for p in check.problems] == ["guessing"]
    assert check.known == []


def test_the_escalation_rule_and_reading_age_cannot_be_listed(root):
    """Another escalation route or a hard lesson is fixed in the content, never waved through."""
    for rule in ("escalation", "reading-age", "trainer-notes"):
        _known_list(root, ALL_KNOWN + f"  - module: guessing\n    rule: {rule}\n")
        messages = [p.message for p in check_modules(root).problems if p.rule == "known-list"]
        assert any(f"rule '{rule}') cannot be listed" in m for m in messages), rule


def test_the_real_modules_have_no_known_problems_list():
    """Curriculum v2 fixed every known problem: modules/ has no known-problems list left."""
    real = Path(__file__).resolve().parents[2] / "modules" / "known-problems.yaml"
    assert not real.exists()


def test_only_guessing_entries_carry_scores(root):
    """A must-pass true/false entry is about one question: scores on it are refused."""
    shutil.rmtree(root / "outcome-unknown")
    _known_list(root, ALL_KNOWN.replace("question: q-05", "question: q-05\n    scores: {}"))
    messages = [p.message for p in check_modules(root).problems]
    assert (
        "known problem (module 'must-pass-true-false', rule 'must-pass-true-false', question "
        "'q-05'): only guessing entries carry 'scores'; leave them out"
    ) in messages
