"""modules/known-problems.yaml: problems of today's content left for the curriculum rewrite.

Each entry names a module, a rule and (for a rule about one question) the question. A problem an
entry matches is reported as known instead of failing the check; an entry that matches nothing is
itself a problem, so the list only shrinks. Only the rules in ``LISTABLE`` may be listed.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from lms.content.reader import Problem, Reader, line_at
from lms.content.schema import Key, Slug, _Strict

KNOWN_FILE = "known-problems.yaml"
LISTABLE = ("guessing", "must-pass-true-false")
MODULE_WIDE = ("guessing",)


class KnownEntry(_Strict):
    """One known problem: the module's folder name, the rule, and the question if about one."""

    module: Slug
    rule: str = Field(min_length=1, max_length=80)
    question: Key | None = None


class KnownList(_Strict):
    """The whole file: ``known:`` followed by the entries (an empty list is fine)."""

    known: list[KnownEntry]


def _about(entry: KnownEntry) -> str:
    question = f", question '{entry.question}'" if entry.question else ""
    return f"known problem (module '{entry.module}', rule '{entry.rule}'{question})"


def _refusal(entry: KnownEntry) -> str | None:
    if entry.rule not in LISTABLE:
        return (
            f"{_about(entry)} cannot be listed: only {' and '.join(LISTABLE)} problems may wait "
            "for the curriculum rewrite; fix this one in the content"
        )
    if entry.rule in MODULE_WIDE and entry.question:
        return f"{_about(entry)}: {entry.rule} is about the whole bank; leave out 'question'"
    return None


def apply_known(reader: Reader, path: Path) -> tuple[list[Problem], list[Problem]]:
    """Split the problems read so far into those that fail and those the list marks as known.

    Problems with the list itself (its shape, a rule that may not be listed, an entry that no
    longer matches anything) are added to the failing ones.
    """
    found = list(reader.problems)
    parsed = reader.yaml(path)
    if parsed is None:
        return reader.problems, []
    data, node = parsed
    listing = reader.validate(KnownList, path, data, node)
    if listing is None:
        return reader.problems, []
    matched: set[int] = set()
    for index, entry in enumerate(listing.known):
        refusal = _refusal(entry)
        if refusal is not None:
            line = line_at(node, ("known", index, "rule"))
            reader.add(path, line, refusal, "known-list")
            continue
        hits = {
            number
            for number, problem in enumerate(found)
            if problem.rule == entry.rule
            and problem.module == entry.module
            and (entry.question is None or problem.question == entry.question)
        }
        if not hits:
            message = f"{_about(entry)} no longer happens: remove it from the list"
            reader.add(path, line_at(node, ("known", index)), message, "known-list")
        matched |= hits
    known = [problem for number, problem in enumerate(found) if number in matched]
    failing = [problem for number, problem in enumerate(found) if number not in matched]
    return failing + reader.problems[len(found) :], known
