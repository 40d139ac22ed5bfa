"""What the trainer notes page and the glossary page show: lesson sections and glossary terms.

Trainer notes are each lesson's '## What would you do?' situation and its '## Check your
thinking' bullets, cut from the stored Markdown; the page renders them with the lessons'
``content_markdown`` filter. The glossary is read from the modules folder the app is configured
with (``CONTENT_ROOT``, else the project's modules/), once per process.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from flask import current_app
from markdown_it import MarkdownIt

from lms.content.glossary import GlossaryTerm, load_glossary, sorted_terms
from lms.content.lessons import CHECK_YOUR_THINKING, WHAT_WOULD_YOU_DO
from lms.content.loader import DEFAULT_ROOT
from lms.content.render import term_index

_MARKDOWN = MarkdownIt("commonmark")


@dataclass(frozen=True)
class LessonNotes:
    """One lesson's situation and notes as Markdown (None when the lesson has no such section)."""

    title: str
    slug: str
    situation: str | None
    notes: str | None


def sections(markdown: str) -> dict[str, str]:
    """The Markdown under each '## ' heading, by heading text (the first of a repeated title)."""
    lines = markdown.splitlines()
    tokens = _MARKDOWN.parse(markdown)
    starts = [
        (index, token.map)
        for index, token in enumerate(tokens)
        if token.type == "heading_open" and token.tag == "h2" and token.map
    ]
    found: dict[str, str] = {}
    for number, (index, span) in enumerate(starts):
        end = starts[number + 1][1][0] if number + 1 < len(starts) else len(lines)
        title = tokens[index + 1].content.strip()
        found.setdefault(title, "\n".join(lines[span[1] : end]).strip())
    return found


def lesson_notes(lessons) -> list[LessonNotes]:
    """Each lesson's situation and trainer notes, in the module's order."""
    notes = []
    for lesson in lessons:
        parts = sections(lesson.body_markdown or "")
        situation, thinking = parts.get(WHAT_WOULD_YOU_DO), parts.get(CHECK_YOUR_THINKING)
        notes.append(
            LessonNotes(
                lesson.title,
                lesson.slug,
                situation or None,
                thinking or None,
            )
        )
    return notes


@lru_cache(maxsize=4)
def _terms(root: str) -> tuple[GlossaryTerm, ...]:
    return tuple(sorted_terms(load_glossary(Path(root))))


def glossary_terms() -> tuple[GlossaryTerm, ...]:
    """The app's glossary terms A to Z (none if the file is missing or has problems)."""
    root = current_app.config.get("CONTENT_ROOT") or DEFAULT_ROOT
    return _terms(str(Path(root).resolve()))


def clear_glossary_cache() -> None:
    """Forget the glossary read so far (for tests, and after changing the file)."""
    _terms.cache_clear()
    term_index.cache_clear()
