"""Reading module files: YAML with line numbers, and problems reported at file and line."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from lms.content.linebreaks import RULE as LINE_BREAK
from lms.content.linebreaks import yaml_line_breaks
from lms.content.schema import SLUG_PATTERN

M = TypeVar("M", bound=BaseModel)

PATTERN_WORDS = {
    SLUG_PATTERN: "must be lower-case letters and digits, in words joined by single hyphens",
    r"^[a-z0-9-]+$": "must be lower-case letters, digits and hyphens",
}


# libyaml's parser when PyYAML was built with it (the wheels are): the same nodes, data and
# line numbers as the pure-Python one, many times faster. Errors are re-read in pure Python.
FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _parse(text: str, loader_class: type) -> tuple[yaml.Node | None, Any]:
    """The document's node tree (for line numbers) and the data built from it, parsed once."""
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else None)
    finally:
        loader.dispose()


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the content: the file, the line (when known) and what is wrong.

    ``rule`` names the checker rule for the rules of modules/README.md ("" for the shape of a
    file); ``module`` and ``question`` say what it is about, so a problem can be listed as known.
    """

    path: str
    line: int | None
    message: str
    rule: str = ""
    module: str = ""
    question: str = ""

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


def _shown(path: Path) -> str:
    """The path as people should read it: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def line_of(node: yaml.Node | None) -> int | None:
    return node.start_mark.line + 1 if node is not None else None


def line_at(node: yaml.Node | None, loc: tuple[Any, ...]) -> int | None:
    """The line of the YAML node at ``loc``, or of its nearest parent that exists."""
    line = line_of(node)
    for part in loc:
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            match = next((kv for kv in node.value if kv[0].value == part), None)
            if match is None:
                break
            line, node = line_of(match[0]), match[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if not 0 <= part < len(node.value):
                break
            node = node.value[part]
            line = line_of(node)
        else:
            break
    return line


def _where(loc: tuple[Any, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text.lstrip(".")


def _error_message(error: dict[str, Any]) -> str:
    loc, kind, message = tuple(error["loc"]), error["type"], error["msg"]
    if kind == "missing":
        loc, message = loc[:-1], f"missing required field '{loc[-1]}'"
    elif kind == "extra_forbidden":
        loc, message = loc[:-1], f"unknown field '{loc[-1]}'"
    elif kind == "value_error":
        message = message.removeprefix("Value error, ")
    elif kind in ("too_short", "too_long"):
        ctx = error["ctx"]
        limit = (
            f"at least {ctx['min_length']}"
            if kind == "too_short"
            else f"at most {ctx['max_length']}"
        )
        message = f"has {ctx['actual_length']} items; it needs {limit}"
    elif kind == "string_pattern_mismatch":
        message = PATTERN_WORDS.get(error["ctx"]["pattern"], message)
    if kind not in ("missing", "extra_forbidden") and isinstance(error.get("input"), str | int):
        message += f" (got {error['input']!r})"
    where = _where(loc)
    return f"{where}: {message}" if where else message


class Reader:
    """Collects problems while reading the files of one or more modules."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.texts: dict[Path, str] = {}
        self.module = ""  # the module folder being read: problems found are about it

    def add(
        self, path: Path, line: int | None, message: str, rule: str = "", question: str = ""
    ) -> None:
        problem = Problem(_shown(path), line, message, rule, self.module, question)
        self.problems.append(problem)

    def text(self, path: Path) -> str | None:
        try:
            self.texts[path] = path.read_bytes().decode("utf-8")
            return self.texts[path]
        except UnicodeDecodeError as exc:
            self.add(path, None, f"not UTF-8 text ({exc.reason} at byte {exc.start})")
        except OSError as exc:
            self.add(path, None, f"cannot read the file: {exc.strerror}")
        return None

    def yaml(self, path: Path, prose: bool = True) -> tuple[Any, yaml.Node | None] | None:
        """Parse a YAML file into data plus its node tree (for line numbers), or None.

        ``prose``: the file's strings are curriculum text, checked for line breaks in the
        middle of a sentence (lms/content/linebreaks.py)."""
        text = self.text(path)
        if text is None:
            return None
        try:
            try:
                node, data = _parse(text, FAST_LOADER)
            except yaml.YAMLError:
                # Parse again in pure Python so the message and line are PyYAML's own.
                node, data = _parse(text, yaml.SafeLoader)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            context = f"{exc.context}: " if exc.context else ""
            line = mark.line + 1 if mark is not None else None
            self.add(path, line, f"YAML syntax error: {context}{exc.problem}")
            return None
        except yaml.YAMLError as exc:
            self.add(path, None, f"YAML error: {exc}")
            return None
        self._duplicate_keys(path, node)
        for line, message in yaml_line_breaks(node) if prose else []:
            self.add(path, line, message, LINE_BREAK)
        if data is None:
            self.add(path, 1, "the file is empty")
            return None
        return data, node

    def _duplicate_keys(self, path: Path, node: yaml.Node | None) -> None:
        if isinstance(node, yaml.MappingNode):
            seen: set[str] = set()
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.value in seen:
                    self.add(path, line_of(key), f"duplicate key '{key.value}'")
                seen.add(getattr(key, "value", None))
                self._duplicate_keys(path, value)
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                self._duplicate_keys(path, item)

    def validate(self, model: type[M], path: Path, data: Any, node: yaml.Node | None) -> M | None:
        """Validate ``data`` against ``model``, reporting each error at its line."""
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            for error in exc.errors():
                self.add(path, line_at(node, tuple(error["loc"])), _error_message(error))
            return None
