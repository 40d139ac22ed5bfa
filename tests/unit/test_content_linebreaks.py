"""The content check's line-break rule: no line break in the middle of a sentence in a YAML
literal block or forced in a lesson; paragraphs, list items and folded blocks are fine."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from lms.content.linebreaks import RULE, lesson_line_breaks, yaml_line_breaks
from lms.content.loader import check_modules

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "valid_modules"


def _breaks(source: str) -> list[tuple[int, str]]:
    return yaml_line_breaks(yaml.compose(source))


def test_a_wrapped_sentence_in_a_literal_block_is_refused_at_its_line():
    """Each line ending mid-sentence is named by its file line; one problem per field."""
    found = _breaks(
        "id: x\n"
        "situation: |\n"
        "  Dean is 27. He lives in a shared\n"  # line 3: mid-sentence
        "  house. Things have been going well.\n"
        "\n"
        "  He asks you for\n"  # line 6: mid-sentence
        "  money.\n"
    )
    assert len(found) == 1
    line, message = found[0]
    assert line == 3
    assert message.startswith("situation: 2 line breaks in the middle of a sentence (lines 3 and 6")
    assert "the first after 'Dean is 27. He lives in a shared'" in message
    assert "join the lines of each paragraph into one line" in message


def test_a_wrapped_list_item_is_refused_and_names_the_nested_field():
    found = _breaks(
        "examples:\n"
        "  - answer: ok\n"
        "    notes: |\n"
        "      Why:\n"
        "      - says no to the\n"  # line 5
        "        loan.\n"
    )
    assert [(line, message.split(":")[0]) for line, message in found] == [(5, "examples[0].notes")]


def test_paragraphs_lists_and_folded_blocks_are_accepted():
    """One line per paragraph or list item, a line ending a sentence, and a folded block."""
    assert not _breaks(
        "situation: |\n"
        "  Dean is 27. He lives in a shared house.\n"
        "\n"
        '  He asks for money. He says "Don\'t tell."\n'
        "  He looks worried.\n"
        "task: |\n"
        "  Write what you would do. Include:\n"
        "  - who you would tell\n"
        "  - **when** you would tell them\n"
        "met: >-\n"
        "  Says no to the loan and\n"
        "  gives the reason.\n"
        "title: One line\n"
    )


def test_a_forced_break_in_a_lesson_sentence_is_refused_but_wrapping_is_not():
    """Wrapped lines of a lesson join on the page; a forced break (two spaces or a backslash)
    shows, so it is refused mid-sentence and allowed after a full stop."""
    text = "Sam is your\nmentee. Lines join.\n\nSay no  \nkindly.\n\nA full line.\\\nNext.\n"
    found = lesson_line_breaks(text)
    assert [line for line, _ in found] == [4]
    assert found[0][1].startswith("a forced line break (two spaces or '\\' at the end of the line)")
    assert "after 'Say no' breaks a sentence in two" in found[0][1]


def test_content_check_reports_the_rule_with_module_file_and_line(tmp_path):
    """Through the real checker: the problem names the rule, the module and file:line."""
    root = tmp_path / "modules"
    shutil.copytree(FIXTURES, root)
    path = root / "sample-module" / "scenarios" / "sample-scenario.yaml"
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("situation:"))
    assert lines[at] == "situation: |"
    lines[at + 1 : at + 1] = ["  Sam asks you to lend him", "  money for the meter.", ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    check = check_modules(root)
    found = [p for p in check.problems if p.rule == RULE]
    assert len(found) == 1 and found[0].module == "sample-module"
    assert found[0].line == at + 2
    assert str(found[0]).startswith(
        f"{path}:{at + 2}: situation: a line break in the middle of a sentence (line {at + 2}, "
        "the first after 'Sam asks you to lend him')"
    )
    assert "sample-module" not in {m.slug for m in check.modules}
