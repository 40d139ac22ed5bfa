"""Checking lesson files: each listed in module.yaml, and each following the lesson pattern."""

from __future__ import annotations

from pathlib import Path

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token

from lms.content.escalation import check_lesson_text, check_module_text
from lms.content.glossary import GLOSSARY_FILE, link_id
from lms.content.linebreaks import RULE as LINE_BREAK
from lms.content.linebreaks import lesson_line_breaks
from lms.content.reader import Reader, line_at
from lms.content.reading import MAX_GRADE, reading_grade

WHAT_WOULD_YOU_DO = "What would you do?"
CHECK_YOUR_THINKING = "Check your thinking"
KEY_POINTS = "Key points"
TRAINER_NOTES = "trainer-notes"
GLOSSARY_LINK = "glossary-link"
MIN_NOTES, MAX_NOTES = 3, 6  # bullets under 'Check your thinking'


_PLAIN_MARKDOWN = MarkdownIt("commonmark")


def _section_end(tokens: list[Token], start: int) -> int:
    """The index of the next '## ' heading after ``start`` (or the end of the tokens)."""
    for index in range(start + 1, len(tokens)):
        if tokens[index].type == "heading_open" and tokens[index].tag == "h2":
            return index
    return len(tokens)


def _check_trainer_notes(reader: Reader, path: Path, tokens: list[Token]) -> None:
    """'## Check your thinking' comes straight after '## What would you do?', with 3 to 6
    bullets."""
    h2 = [i for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == "h2"]
    titles = [tokens[i + 1].content.strip() for i in h2]
    asks = titles.index(WHAT_WOULD_YOU_DO) if WHAT_WOULD_YOU_DO in titles else None
    if CHECK_YOUR_THINKING not in titles:
        line = tokens[h2[asks]].map[0] + 1 if asks is not None else 1
        message = (
            f"missing the section headed '## {CHECK_YOUR_THINKING}' (3 to 6 bullets on what a "
            f"good answer covers), straight after '## {WHAT_WOULD_YOU_DO}'"
        )
        reader.add(path, line, message, TRAINER_NOTES)
        return
    notes = titles.index(CHECK_YOUR_THINKING)
    start = h2[notes]
    line = tokens[start].map[0] + 1
    if asks is not None and notes != asks + 1:
        message = f"'## {CHECK_YOUR_THINKING}' must come straight after '## {WHAT_WOULD_YOU_DO}'"
        reader.add(path, line, message, TRAINER_NOTES)
    body = tokens[start + 3 : _section_end(tokens, start)]
    said = [t for t in body if t.type == "inline" and t.content.strip()]
    if not body or body[0].type != "bullet_list_open" or not said:
        message = f"'## {CHECK_YOUR_THINKING}' must be followed by a bulleted list of notes"
        reader.add(path, line, message, TRAINER_NOTES)
        return
    bullets = _top_level_items(body)
    if not MIN_NOTES <= bullets <= MAX_NOTES:
        message = (
            f"'## {CHECK_YOUR_THINKING}' has {bullets} bullet{'s' if bullets != 1 else ''}: "
            f"write {MIN_NOTES} to {MAX_NOTES}, each on one thing a good answer covers"
        )
        reader.add(path, line, message, TRAINER_NOTES)


def _top_level_items(body: list[Token]) -> int:
    """How many items the bulleted list opening ``body`` has (nested bullets not counted)."""
    level = body[0].level + 1
    count = 0
    for token in body[1:]:
        if token.type == "bullet_list_close" and token.level == level - 1:
            break
        if token.type == "list_item_open" and token.level == level:
            count += 1
    return count


def _check_glossary_links(
    reader: Reader, path: Path, tokens: list[Token], ids: frozenset[str]
) -> None:
    """Every [word](glossary:ID) link names a term of the glossary."""
    for token in tokens:
        if token.type != "inline":
            continue
        for child in token.children or []:
            key = link_id(str(child.attrGet("href") or "")) if child.type == "link_open" else None
            if key is not None and key not in ids:
                line = token.map[0] + 1 if token.map else None
                message = f"glossary link '{key}' is not a term of {GLOSSARY_FILE}"
                reader.add(path, line, message, GLOSSARY_LINK)


def _check_lesson(reader: Reader, path: Path, text: str, ids: frozenset[str]) -> None:
    """A lesson has no '# ' heading, a 'What would you do?' section, trainer notes straight
    after it, glossary links to known terms, and ends with key points."""
    tokens = _PLAIN_MARKDOWN.parse(text)
    for line, message in lesson_line_breaks(text):
        reader.add(path, line, message, LINE_BREAK)
    _check_trainer_notes(reader, path, tokens)
    _check_glossary_links(reader, path, tokens, ids)
    asks_what_you_would_do = False
    key_points: int | None = None
    for index, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        title = tokens[index + 1].content.strip()
        if token.tag == "h1":
            message = "no top-level '# ' heading: the title comes from module.yaml"
            reader.add(path, token.map[0] + 1, message)
        elif token.tag == "h2" and title == WHAT_WOULD_YOU_DO:
            asks_what_you_would_do = True
        elif token.tag == "h2" and title == KEY_POINTS:
            key_points = index
    if not asks_what_you_would_do:
        reader.add(path, None, f"missing the section headed '## {WHAT_WOULD_YOU_DO}'")
    if key_points is None:
        reader.add(path, None, f"missing the section headed '## {KEY_POINTS}'")
        return
    after = tokens[key_points + 3 :]
    if not after or after[0].type != "bullet_list_open":
        line = tokens[key_points].map[0] + 1
        reader.add(path, line, f"'## {KEY_POINTS}' must be followed by a bulleted list")
    later = next((t for t in after if t.type == "heading_open" and t.tag == "h2"), None)
    if later is not None:
        reader.add(path, later.map[0] + 1, f"'## {KEY_POINTS}' must be the last section")


def _check_reading(reader: Reader, path: Path, text: str) -> None:
    """A lesson reads at Flesch-Kincaid grade 5 or under (a reading age of about 10)."""
    grade = reading_grade(text)
    if grade > MAX_GRADE:
        message = (
            f"reading age: Flesch-Kincaid grade {grade:.1f}, above {MAX_GRADE:.0f} (a reading age "
            "of about 10): use shorter sentences and shorter, everyday words"
        )
        reader.add(path, 1, message, "reading-age")


def lesson_texts(
    reader: Reader,
    folder: Path,
    raw: dict,
    node: yaml.Node | None,
    glossary_ids: frozenset[str] = frozenset(),
) -> dict:
    """Check the lesson files against module.yaml's list; the texts of those that exist.

    ``glossary_ids`` are the terms a lesson may link as [word](glossary:ID).
    """
    module_path, lesson_dir = folder / "module.yaml", folder / "lessons"
    check_module_text(reader, module_path, node, raw)
    entries = raw.get("lessons") if isinstance(raw.get("lessons"), list) else []
    texts: dict[str, str] = {}
    listed: set[str] = set()
    for index, entry in enumerate(entries):
        name = entry.get("file") if isinstance(entry, dict) else None
        if not isinstance(name, str) or not name or "/" in name or "\\" in name:
            continue  # the schema reports it
        line = line_at(node, ("lessons", index, "file"))
        if name in listed:
            reader.add(module_path, line, f"lesson '{name}' is listed twice")
            continue
        listed.add(name)
        if not (lesson_dir / name).is_file():
            reader.add(module_path, line, f"lesson file lessons/{name} does not exist")
            continue
        text = reader.text(lesson_dir / name)
        if text is not None:
            _check_lesson(reader, lesson_dir / name, text, glossary_ids)
            check_lesson_text(reader, lesson_dir / name, text)
            _check_reading(reader, lesson_dir / name, text)
            texts[name] = text
    if lesson_dir.is_dir() and isinstance(raw.get("lessons"), list):
        for path in sorted(lesson_dir.glob("*.md")):
            if path.name not in listed:
                reader.add(path, None, "lesson file is not listed in module.yaml")
    return texts
