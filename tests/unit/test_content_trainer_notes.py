"""Trainer notes: '## Check your thinking' straight after '## What would you do?', rendered as
a GOV.UK details component (rule trainer-notes), and listed as known only module-wide."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lms.content.known import LISTABLE
from lms.content.loader import check_modules, load_modules
from lms.content.render import render_markdown

SAMPLE = Path(__file__).resolve().parent.parent / "fixtures" / "valid_modules" / "sample-module"
NOTES = (
    "## Check your thinking\n\n- Say no kindly, and say why.\n- Offer what you can do instead.\n"
    "- Tell your coordinator that Sam asked.\n"
)


@pytest.fixture
def lesson(tmp_path: Path) -> Path:
    """The first lesson of a copy of the sample module, for a test to break."""
    copy = Path(shutil.copytree(SAMPLE, tmp_path / "sample-module"))
    return copy / "lessons" / "01-first-lesson.md"


def _notes_problems(folder: Path) -> list[tuple[str, int | None, str]]:
    _, problems = load_modules(folder)
    return [(Path(p.path).name, p.line, p.message) for p in problems if p.rule == "trainer-notes"]


def _write(lesson: Path, text: str) -> Path:
    lesson.write_text(text, encoding="utf-8")
    return lesson.parent.parent


OPENING = (
    "Sam asks you for money.\n\n## What would you do?\n\nSam asks for £10. What do you say?\n\n"
)
KEY_POINTS = "## Key points\n\n- Say no kindly.\n"


def test_the_sample_module_has_trainer_notes_in_every_lesson():
    """The valid fixture passes the rule; every lesson carries its notes."""
    assert _notes_problems(SAMPLE) == []
    [module], _ = load_modules(SAMPLE)
    assert all("## Check your thinking" in lesson.markdown for lesson in module.lessons)


def test_missing_notes_are_a_problem_at_the_question(lesson):
    folder = _write(lesson, OPENING + KEY_POINTS)
    [(name, line, message)] = _notes_problems(folder)
    assert (name, line) == ("01-first-lesson.md", 3)
    assert "missing the section headed '## Check your thinking'" in message


def test_notes_before_the_question_are_in_the_wrong_place(lesson):
    text = "Sam asks you for money.\n\n" + NOTES + "\n## What would you do?\n\nWhat now?\n\n"
    folder = _write(lesson, text + KEY_POINTS)
    [(_, line, message)] = _notes_problems(folder)
    assert line == 3
    assert "must come straight after '## What would you do?'" in message


def test_a_section_between_question_and_notes_is_the_wrong_place(lesson):
    text = OPENING + "## Another thing\n\nMore text.\n\n" + NOTES + "\n" + KEY_POINTS
    folder = _write(lesson, text)
    [(_, line, message)] = _notes_problems(folder)
    assert line == 11
    assert "straight after" in message


@pytest.mark.parametrize(
    "body", ["", "A paragraph, not a list.\n\n", "- \n\n"], ids=["empty", "prose", "blank"]
)
def test_notes_must_be_a_bulleted_list(lesson, body):
    folder = _write(lesson, OPENING + "## Check your thinking\n\n" + body + KEY_POINTS)
    [(_, line, message)] = _notes_problems(folder)
    assert line == 7
    assert "must be followed by a bulleted list" in message


def _bullets(count: int) -> str:
    return "".join(f"- Point {n} of a good answer.\n" for n in range(1, count + 1)) + "\n"


@pytest.mark.parametrize("count", [1, 2, 7, 9])
def test_notes_hold_3_to_6_bullets(lesson, count):
    """modules/README.md: 3 to 6 bullets. Fewer or more is a problem at the notes heading."""
    folder = _write(lesson, OPENING + "## Check your thinking\n\n" + _bullets(count) + KEY_POINTS)
    [(_, line, message)] = _notes_problems(folder)
    assert line == 7
    assert f"has {count} bullet" in message and "write 3 to 6" in message


@pytest.mark.parametrize("count", [3, 6])
def test_3_or_6_bullets_pass(lesson, count):
    folder = _write(lesson, OPENING + "## Check your thinking\n\n" + _bullets(count) + KEY_POINTS)
    assert _notes_problems(folder) == []


def test_nested_bullets_are_not_counted(lesson):
    """Sub-bullets belong to their bullet: 3 bullets with 5 sub-bullets are 3 notes."""
    nested = "- First.\n  - a\n  - b\n  - c\n- Second.\n  - d\n  - e\n- Third.\n\n"
    folder = _write(lesson, OPENING + "## Check your thinking\n\n" + nested + KEY_POINTS)
    assert _notes_problems(folder) == []


def test_key_points_must_still_come_last(lesson):
    """Notes after the key points break both rules: notes placement and key points last."""
    folder = _write(lesson, OPENING + KEY_POINTS + "\n" + NOTES)
    _, problems = load_modules(folder)
    messages = [p.message for p in problems]
    assert any("'## Key points' must be the last section" in m for m in messages)
    assert any("straight after" in m for m in messages)


def test_missing_trainer_notes_cannot_be_listed_as_known(tmp_path):
    """Curriculum v2 is done: a lesson without notes fails, whatever the known list says."""
    assert "trainer-notes" not in LISTABLE
    root = tmp_path / "modules"
    copy = Path(shutil.copytree(SAMPLE, root / "sample-module"))
    lesson = copy / "lessons" / "01-first-lesson.md"
    lesson.write_text(OPENING + KEY_POINTS, encoding="utf-8")
    known = root / "known-problems.yaml"
    known.write_text("known:\n  - module: sample-module\n    rule: trainer-notes\n", "utf-8")
    check = check_modules(root)
    assert sorted(p.rule for p in check.problems) == ["known-list", "trainer-notes"]
    assert check.known == []


def test_notes_render_as_a_details_component():
    """The trainee thinks first, then opens the notes: a GOV.UK details, bullets inside."""
    html = render_markdown(OPENING + NOTES + "\n" + KEY_POINTS)
    assert '<details class="govuk-details">' in html
    assert (
        '<summary class="govuk-details__summary"><span class="govuk-details__summary-text">'
        "Check your thinking</span></summary>"
    ) in html
    details = html[html.index("<details") : html.index("</details>")]
    assert '<div class="govuk-details__text">' in details
    assert "<li>Say no kindly, and say why.</li>" in details
    assert "Key points" not in details
    assert '<h2 class="govuk-heading-m">Key points</h2>' in html
    assert ">Check your thinking</h2>" not in html
    assert html.count("<details") == html.count("</details>") == 1


def test_notes_at_the_end_are_closed_and_raw_html_stays_escaped():
    html = render_markdown(OPENING + "## Check your thinking\n\n- <b>Bold</b> <details>\n")
    assert html.rstrip().endswith("</details>")
    assert "&lt;b&gt;Bold&lt;/b&gt; &lt;details&gt;" in html
    assert html.count("<details") == 1
