"""Reading age of lessons: Flesch-Kincaid grade of the plain text, at most 5 (reading age 10)."""

from __future__ import annotations

import re

import textstat
from markdown_it import MarkdownIt

MAX_GRADE = 5.0
_MARKDOWN = MarkdownIt("commonmark")
_ENDS_SENTENCE = re.compile(r"[.!?:][\"')\]]*$")

textstat.set_lang("en_GB")


def plain_sentences(markdown: str) -> str:
    """The prose of a lesson as plain text: every paragraph and list item, headings left out.

    A list item or paragraph without a closing full stop is read as a sentence of its own, as a
    reader takes it; link targets and Markdown marks are dropped.
    """
    parts: list[str] = []
    tokens = _MARKDOWN.parse(markdown)
    in_heading = False
    for token in tokens:
        if token.type == "heading_open":
            in_heading = True
        elif token.type == "heading_close":
            in_heading = False
        elif token.type == "inline" and not in_heading:
            children = token.children or []
            kept = ("text", "code_inline")
            text = "".join(
                " " if child.type in ("softbreak", "hardbreak") else child.content
                for child in children
                if child.type in kept or child.type in ("softbreak", "hardbreak")
            )
            text = " ".join(text.split())
            if text:
                parts.append(text if _ENDS_SENTENCE.search(text) else f"{text}.")
    return " ".join(parts)


def reading_grade(markdown: str) -> float:
    """The Flesch-Kincaid grade of a lesson's prose (US school grade; reading age is about +5)."""
    text = plain_sentences(markdown)
    return float(textstat.flesch_kincaid_grade(text)) if text else 0.0
