"""The checker's rule against line breaks in the middle of a sentence (rule ``line-break``).

Curriculum text is Markdown, shown through one filter (lms/content/render.py), but it is also
read as written: in a plain-text email, an export, a screen reader's copy, an editor. A YAML
literal block (``|``) keeps every newline, so a paragraph wrapped at 100 columns breaks
mid-sentence wherever it is shown as written. Inside a YAML string a line may therefore end
only where a sentence ends, where a paragraph ends (a blank line follows) or before a list item
('- '); a folded block (``>``) joins its lines and is fine. In a lesson (a Markdown file, always
rendered) wrapped lines are joined, but a forced line break (two trailing spaces or a '\\')
in the middle of a sentence shows as one and is refused.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from markdown_it import MarkdownIt

RULE = "line-break"
_MARKDOWN = MarkdownIt("commonmark")
# A sentence ends with . ! ? or : (before a list), maybe inside quotes, brackets or emphasis.
_SENTENCE_END = re.compile(r"[.!?:][\"'\u2019\u201d)\]*_]*$")
_STR = "tag:yaml.org,2002:str"
HOW = (
    "join the lines of each paragraph into one line, leave a blank line between paragraphs, and "
    "start each list item on its own line with '- '"
)


def _ends_sentence(line: str) -> bool:
    return _SENTENCE_END.search(line.rstrip(" \\")) is not None


def mid_sentence_breaks(markdown: str, forced_only: bool = False) -> list[tuple[int, str]]:
    """(line index in the text, that line) for each line break inside a paragraph, list item
    or heading that does not follow the end of a sentence; only forced breaks if asked."""
    found = []
    for token in _MARKDOWN.parse(markdown):
        if token.type != "inline" or not token.map:
            continue
        lines = token.content.split("\n")
        for number, line in enumerate(lines[:-1]):
            forced = line.endswith(("  ", "\\"))
            if (forced or not forced_only) and not _ends_sentence(line):
                found.append((token.map[0] + number, line.strip()))
    return found


def _tail(line: str) -> str:
    line = line.rstrip(" \\")
    return line if len(line) <= 40 else "..." + line[-37:]


def _where(loc: tuple[Any, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text.lstrip(".")


def _scalars(node: yaml.Node | None, loc: tuple[Any, ...] = ()):
    """Every string scalar under ``node`` with its place (keys and indexes)."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield from _scalars(value, (*loc, getattr(key, "value", "?")))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _scalars(item, (*loc, index))
    elif isinstance(node, yaml.ScalarNode) and node.tag == _STR:
        yield loc, node


def _lines(numbers: list[int]) -> str:
    shown = [str(number) for number in numbers]
    return shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} and {shown[-1]}"


def yaml_line_breaks(node: yaml.Node | None) -> list[tuple[int, str]]:
    """(file line, message) for each string of a YAML file with line breaks in the middle of a
    sentence: one problem per string, at its first such line, naming every line."""
    found = []
    for loc, scalar in _scalars(node):
        if "\n" not in scalar.value.strip():
            continue
        breaks = mid_sentence_breaks(scalar.value)
        if not breaks:
            continue
        # A literal block's text starts on the line after its '|', line for line; a folded or
        # quoted string is reported at its key.
        first = scalar.start_mark.line + 1
        at = [first + 1 + index for index, _ in breaks] if scalar.style == "|" else [first]
        count = f"{len(breaks)} line breaks" if len(breaks) > 1 else "a line break"
        lines = f"line{'s' if len(at) > 1 else ''} {_lines(at)}, " if scalar.style == "|" else ""
        message = (
            f"{_where(loc)}: {count} in the middle of a sentence ({lines}the first after "
            f"'{_tail(breaks[0][1])}'), shown wherever the text is read as written: {HOW}"
        )
        found.append((at[0], message))
    return found


def lesson_line_breaks(markdown: str) -> list[tuple[int, str]]:
    """(file line, message) for every forced line break in the middle of a lesson's sentence."""
    return [
        (
            index + 1,
            f"a forced line break (two spaces or '\\' at the end of the line) after "
            f"'{_tail(line)}' breaks a sentence in two on the page: remove it",
        )
        for index, line in mid_sentence_breaks(markdown, forced_only=True)
    ]
