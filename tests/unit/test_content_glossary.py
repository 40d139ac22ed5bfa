"""The glossary: its schema, unique ids, short plain definitions, the escalation rule, lessons'
glossary: links (rule glossary-link) and how those links render."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lms.content.glossary import (
    MAX_WORDS,
    glossary_path,
    load_glossary,
    read_glossary,
    sorted_terms,
)
from lms.content.loader import check_modules
from lms.content.reader import Reader
from lms.content.render import render_markdown

VALID = Path(__file__).resolve().parent.parent / "fixtures" / "valid_modules"
SAMPLE = VALID / "sample-module"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A modules folder with a copy of the sample module and the fixture glossary."""
    root = tmp_path / "modules"
    shutil.copytree(SAMPLE, root / "sample-module")
    shutil.copy(VALID / "glossary.yaml", root / "glossary.yaml")
    return root


def _glossary_problems(path: Path) -> list[tuple[int | None, str, str]]:
    reader = Reader()
    read_glossary(reader, path)
    return [(p.line, p.rule, p.message) for p in reader.problems]


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _link(root: Path, words: str) -> Path:
    lesson = root / "sample-module" / "lessons" / "01-first-lesson.md"
    text = lesson.read_text(encoding="utf-8")
    lesson.write_text(text.replace("You can be warm", words + " You can be warm"), "utf-8")
    return lesson


def test_the_fixture_glossary_checks_clean_and_sorts_a_to_z():
    glossary = load_glossary(VALID)
    assert _glossary_problems(VALID / "glossary.yaml") == []
    assert [t.term for t in sorted_terms(glossary)] == [
        "boundary",
        "Coordinator",
        "safeguarding lead",
    ]
    assert glossary.ids == {"boundary", "coordinator", "safeguarding-lead"}
    assert sorted_terms(glossary)[2].also == ["safeguarding leads", "named deputy"]


def test_the_glossary_sits_beside_the_modules():
    """For a folder of modules it is inside; for one module folder, beside it."""
    assert glossary_path(VALID) == VALID / "glossary.yaml"
    assert glossary_path(SAMPLE) == VALID / "glossary.yaml"


def test_a_missing_glossary_has_no_terms(tmp_path):
    assert _glossary_problems(tmp_path / "glossary.yaml") == []
    assert load_glossary(tmp_path).terms == ()


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("terms:\n  - id: Bad Id\n    term: x\n    definition: A word.\n", 2, "lower-case"),
        ("terms:\n  - id: a\n    term: a\n    definition: A.\n    colour: red\n", 5, "unknown"),
        ("terms:\n  - id: a\n    term: a\n", 2, "missing required field 'definition'"),
        ("terms:\n  - id: a\n    term: a\n    definition: A.\n    also: word\n", 5, "list"),
        ("terms: [\n", 2, "YAML syntax error"),
        ("words: []\n", 1, "unknown field 'words'"),
    ],
)
def test_schema_problems_are_at_their_line(tmp_path, text, line, fragment):
    problems = _glossary_problems(_write(tmp_path / "glossary.yaml", text))
    assert any(n == line and fragment in m for n, _, m in problems), problems


def test_ids_are_unique(tmp_path):
    text = (
        "terms:\n  - id: recall\n    term: recall\n    definition: Going back to prison.\n"
        "  - id: recall\n    term: recalled\n    definition: Sent back to prison.\n"
    )
    [(line, rule, message)] = _glossary_problems(_write(tmp_path / "glossary.yaml", text))
    assert (line, rule) == (5, "glossary")
    assert message == "glossary id 'recall' is used twice (first on line 2)"


def test_a_definition_has_at_most_forty_words(tmp_path):
    long = " ".join(["word"] * (MAX_WORDS + 1)) + "."
    text = f"terms:\n  - id: long\n    term: long\n    definition: {long}\n"
    problems = _glossary_problems(_write(tmp_path / "glossary.yaml", text))
    assert (4, "glossary", "the definition of 'long' has 41 words; at most 40") in problems
    assert load_glossary(tmp_path).terms == ()


def test_definitions_read_at_grade_five_or_under(tmp_path):
    hard = "Multidisciplinary safeguarding arrangements necessitate comprehensive documentation."
    text = f"terms:\n  - id: hard\n    term: hard\n    definition: {hard}\n"
    [(line, rule, message)] = _glossary_problems(_write(tmp_path / "glossary.yaml", text))
    assert (line, rule) == (1, "reading-age")
    assert "Flesch-Kincaid grade" in message


def test_definitions_keep_the_escalation_rule(tmp_path):
    text = (
        "terms:\n  - id: risk\n    term: risk\n    definition: If a child is at risk, tell your"
        " coordinator at your next supervision.\n"
    )
    problems = _glossary_problems(_write(tmp_path / "glossary.yaml", text))
    assert (4, "escalation") in [(line, rule) for line, rule, _ in problems]


def test_lesson_links_to_known_terms_check_clean(root):
    _link(root, "Keep a [boundary](glossary:boundary).")
    check = check_modules(root)
    assert check.problems == []
    assert len(check.glossary.terms) == 3


def test_an_unknown_term_is_a_problem_at_the_lesson_line(root):
    lesson = _link(root, "Keep a [rule](glossary:no-such-term).")
    check = check_modules(root)
    [problem] = check.problems
    assert (Path(problem.path).name, problem.line, problem.rule) == (
        lesson.name,
        5,
        "glossary-link",
    )
    assert "'no-such-term' is not a term of glossary.yaml" in problem.message
    assert check.modules == []


def test_without_a_glossary_every_link_is_a_problem(root):
    (root / "glossary.yaml").unlink()
    _link(root, "Keep a [boundary](glossary:boundary).")
    assert [p.rule for p in check_modules(root).problems] == ["glossary-link"]


def test_glossary_problems_fail_the_check(root):
    _write(root / "glossary.yaml", "terms:\n  - id: a\n    term: a\n")
    check = check_modules(root)
    assert [p.rule for p in check.problems] == [""]
    assert check.problems[0].path.endswith("glossary.yaml")
    assert check.glossary.terms == ()


def test_links_render_to_the_glossary_page_anchor():
    html = render_markdown("Keep a [boundary](glossary:boundary) and read [more](https://a.b).")
    assert (
        '<a href="/training/glossary#boundary" class="govuk-link app-glossary-link">boundary</a>'
        in html
    )
    assert '<a href="https://a.b" class="govuk-link">more</a>' in html
