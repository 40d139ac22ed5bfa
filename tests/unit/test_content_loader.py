"""The content checker: every problem in every file, each reported with its file and line."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from lms.content.loader import Problem, load_modules

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
BROKEN = FIXTURES / "broken_modules"
SAMPLE = FIXTURES / "valid_modules" / "sample-module"


def _located(problems: list[Problem], root: Path) -> list[tuple[str, int | None, str]]:
    """(path relative to root, line, message) for each problem, whatever the working folder."""
    return [
        (Path(p.path).resolve().relative_to(root.resolve()).as_posix(), p.line, p.message)
        for p in problems
    ]


@pytest.fixture(scope="module")
def broken() -> list[tuple[str, int | None, str]]:
    modules, problems = load_modules(BROKEN)
    assert modules == []
    return _located(problems, BROKEN)


@pytest.fixture
def sample_copy(tmp_path: Path) -> Path:
    """A copy of the valid sample module that a test may break."""
    return Path(shutil.copytree(SAMPLE, tmp_path / "sample-module"))


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_all_problems_are_reported_in_one_run(broken):
    """One check reports a problem for every broken module folder, not only the first found."""
    folders = {path.name for path in BROKEN.iterdir() if path.is_dir()}
    assert len(folders) >= 25
    assert {path.split("/")[0] for path, _, _ in broken} == folders
    assert len(broken) >= 35


@pytest.mark.parametrize(
    ("path", "line", "fragment"),
    [
        ("bad-yaml-syntax/module.yaml", 2, "YAML syntax error"),
        ("missing-field/module.yaml", 1, "missing required field 'pass_mark'"),
        ("wrong-type/module.yaml", 9, "questions_per_attempt: Input should be a valid integer"),
        ("two-correct-single/questions.yaml", 4, "exactly one correct option, not 2"),
        ("true-false-texts/questions.yaml", 6, '"True" then "False"'),
        ("missing-lesson/module.yaml", 16, "lessons/02-missing.md does not exist"),
        ("missing-lesson/lessons/03-unlisted.md", None, "not listed in module.yaml"),
        ("lesson-no-key-points/lessons/01-only-lesson.md", 1, "no top-level '# ' heading"),
        ("lesson-no-key-points/lessons/01-only-lesson.md", None, "'## Key points'"),
        ("duplicate-question-id/questions.yaml", 10, "'q-02' is used twice (first on line 3)"),
        ("too-few-questions/questions.yaml", 1, "4 questions; it needs at least 12"),
        ("too-few-questions/questions.yaml", 1, "fewer than questions_per_attempt (5)"),
        ("scenario-problems/scenarios/right-name.yaml", 1, "must equal the file name"),
        ("scenario-problems/scenarios/two-criteria.yaml", 6, "rubric: has 2 items"),
        ("slug-mismatch/module.yaml", 1, "must equal the folder name 'slug-mismatch'"),
        ("slug-mismatch/module.yaml", 5, "order 3 is also used by wrong-type"),
        ("wrong-type/module.yaml", 5, "order 3 is also used by slug-mismatch"),
        ("question-rules/questions.yaml", 2, "needs the 'scenario' text"),
        ("question-rules/questions.yaml", 3, "only allowed on scenario questions"),
        ("question-rules/questions.yaml", 4, "options[1]: missing required field 'feedback'"),
        ("question-rules/questions.yaml", 5, "has 7 items; it needs at most 6"),
        ("question-rules/questions.yaml", 6, "at least one correct option"),
        ("question-rules/questions.yaml", 7, "unknown field 'hint'"),
        ("question-rules/questions.yaml", 8, "type: Input should be"),
        ("not-a-module", None, "no module.yaml"),
    ],
)
def test_problem_is_reported_at_its_file_and_line(broken, path, line, fragment):
    """Each kind of problem names the file and line where it is."""
    assert any(p == path and n == line and fragment in m for p, n, m in broken), broken


def test_problem_reads_as_path_line_message():
    """A problem prints as path:line: message, and without the line when it has none."""
    assert str(Problem("a/b.yaml", 3, "wrong")) == "a/b.yaml:3: wrong"
    assert str(Problem("a/b.md", None, "wrong")) == "a/b.md: wrong"


def test_valid_module_checks_clean_and_carries_its_data():
    """The sample module loads with no problems, its lessons, questions, scenario and hashes."""
    modules, problems = load_modules(SAMPLE.parent)
    assert problems == []
    [module] = modules
    assert module.slug == "sample-module"
    assert [lesson.slug for lesson in module.lessons] == ["01-first-lesson", "02-second-lesson"]
    assert len(module.questions) == 12
    assert {q.type for q in module.questions} == {"single", "multiple", "true_false", "scenario"}
    assert [s.id for s in module.scenarios] == ["sample-scenario"]
    assert [(o.id, o.draw) for o in module.meta.outcomes] == [
        ("gifts-and-money", 1),
        ("contact-and-meeting", 1),
        ("telling-and-safeguarding", 2),
    ]
    assert module.questions[0].outcome == "gifts-and-money"
    [scenario] = module.scenarios
    assert [e.kind for e in scenario.examples] == ["borderline", "failing"]
    assert scenario.rubric[0].met.startswith("Says clearly")
    assert "questions.yaml" in module.texts
    assert len(module.content_hash) == len(module.questions_hash) == 64
    assert set(module.question_hashes) == {q.id for q in module.questions}


def test_a_single_module_folder_is_accepted_as_root():
    """The root may be one module folder rather than a folder of modules."""
    modules, problems = load_modules(SAMPLE)
    assert problems == []
    assert [m.slug for m in modules] == ["sample-module"]


def test_hashes_follow_the_files(sample_copy):
    """Any file change changes the content hash; only a question change changes questions_hash."""
    [before], _ = load_modules(sample_copy)
    _edit(sample_copy / "lessons" / "01-first-lesson.md", "saying no", "saying no gently")
    [lesson_edit], _ = load_modules(sample_copy)
    _edit(sample_copy / "questions.yaml", "Sam offers you £20", "Sam offers you £30")
    [question_edit], _ = load_modules(sample_copy)
    assert lesson_edit.content_hash != before.content_hash
    assert lesson_edit.questions_hash == before.questions_hash
    assert question_edit.questions_hash != before.questions_hash
    new_hashes = question_edit.question_hashes
    changed = {k for k, v in new_hashes.items() if before.question_hashes[k] != v}
    assert changed == {"sample-single-01"}


def test_outcomes_are_not_part_of_the_question_hashes(sample_copy):
    """Tagging questions with outcomes (here a new outcome taking three questions) changes the
    content hash but not questions_hash, so nobody has to retake a passed quiz for it."""
    [before], _ = load_modules(sample_copy)
    _edit(
        sample_copy / "module.yaml",
        "lessons:\n",
        "  - id: lending\n    text: Say no to lending money.\nlessons:\n",
    )
    questions = sample_copy / "questions.yaml"
    for key in ("sample-scenario-11", "sample-multiple-05", "sample-tf-08"):
        text = questions.read_text(encoding="utf-8")
        start = text.index(f"id: {key}")
        end = text.index("prompt:", start)
        retagged = re.sub(r"outcome: [a-z-]+", "outcome: lending", text[start:end])
        questions.write_text(text[:start] + retagged + text[end:], encoding="utf-8")
    [after], problems = load_modules(sample_copy)
    assert problems == []
    assert [q.outcome for q in after.questions].count("lending") == 3
    assert after.content_hash != before.content_hash
    assert after.questions_hash == before.questions_hash
    assert after.question_hashes == before.question_hashes


def test_block_style_errors_point_at_the_nested_line(sample_copy):
    """An error deep in block-style YAML is reported at the line of the offending node."""
    _edit(sample_copy / "questions.yaml", "        feedback: No. Mentors do not take money.\n", "")
    _edit(sample_copy / "module.yaml", "cooldown_hours: 24", "cooldown_hours: -1")
    _, problems = load_modules(sample_copy)
    found = {(Path(p.path).name, p.line, p.message) for p in problems}
    assert found == {
        ("questions.yaml", 10, "questions[0].options[1]: missing required field 'feedback'"),
        ("module.yaml", 12, "cooldown_hours: Input should be greater than or equal to 0 (got -1)"),
    }


def test_duplicate_yaml_keys_are_reported(sample_copy):
    """A key written twice in one mapping is a problem, not silently the last one."""
    _edit(sample_copy / "module.yaml", "pass_mark: 80\n", "pass_mark: 80\npass_mark: 70\n")
    _, problems = load_modules(sample_copy)
    assert [(p.line, p.message) for p in problems] == [(10, "duplicate key 'pass_mark'")]


def test_an_empty_folder_is_a_problem(tmp_path):
    """A root with no modules is reported, so a sync can never retire every module by mistake."""
    modules, problems = load_modules(tmp_path)
    assert modules == []
    assert [p.message for p in problems] == ["no module folders found"]
