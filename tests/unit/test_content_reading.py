"""Reading age of lessons: Flesch-Kincaid grade of the prose, with list items as sentences."""

from __future__ import annotations

import shutil
from pathlib import Path

from lms.content.loader import check_modules
from lms.content.reading import MAX_GRADE, plain_sentences, reading_grade


def test_plain_sentences_drops_headings_and_marks_and_ends_list_items():
    text = "## Heading here\n\nYou **meet** [Dan](glossary:dan).\n\n- a list item\n- another one\n"
    assert plain_sentences(text) == "You meet Dan. a list item. another one."


def test_short_everyday_sentences_read_easily_and_long_ones_do_not():
    easy = "You meet Dan at the gate. He is cold. You give him a hot drink and a map. " * 5
    hard = (
        "Notwithstanding the considerable organisational complexity inherent in multi-agency "
        "safeguarding arrangements, practitioners must demonstrate comprehensive understanding "
        "of statutory responsibilities and information-sharing protocols. "
    ) * 3
    assert reading_grade(easy) <= MAX_GRADE < reading_grade(hard)


SAMPLE = Path(__file__).resolve().parent.parent / "fixtures" / "valid_modules" / "sample-module"


def test_a_hard_lesson_is_a_reading_age_problem(tmp_path):
    folder = Path(shutil.copytree(SAMPLE, tmp_path / "sample-module"))
    assert check_modules(folder).problems == []
    lesson = sorted((folder / "lessons").glob("*.md"))[0]
    hard = (
        "Practitioners must demonstrate comprehensive understanding of multi-agency statutory "
        "responsibilities, notwithstanding considerable organisational complexity.\n\n"
    ) * 4
    lesson.write_text(hard + lesson.read_text(), encoding="utf-8")
    problems = check_modules(folder).problems
    assert [p.rule for p in problems if p.rule == "reading-age"] == ["reading-age"]


def test_a_wrapped_line_keeps_its_words_apart():
    """A line break inside a paragraph is a space: "is\\nsmall" is two words, not "issmall"."""
    assert plain_sentences("The room is\nsmall and\\\ncold.\n") == "The room is small and cold."
