"""modules/glossary.yaml: the terms lessons link as [word](glossary:id), checked like modules.

The file is ``terms:`` followed by entries of id (a slug, the link target and page anchor),
term, definition and optionally ``also`` (other forms of the term) and ``match_case: true`` (a
name that is also an everyday word, such as Prevent: lessons mark it only as written). Ids are
unique, a definition has at most MAX_WORDS words and keeps the one escalation rule, and all
definitions read together at Flesch-Kincaid grade 5 or under. A missing file means no terms.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import Field

from lms.content.escalation import RULE as ESCALATION
from lms.content.escalation import THE_RULE, text_problems
from lms.content.reader import Reader, line_at
from lms.content.reading import MAX_GRADE, reading_grade
from lms.content.schema import Key, Text, Title, _Strict

GLOSSARY_FILE = "glossary.yaml"
LINK_PREFIX = "glossary:"
# The glossary page: a fixed path, so stored lesson HTML never depends on a request.
GLOSSARY_PAGE = "/training/glossary"
MAX_WORDS = 40
RULE = "glossary"


class GlossaryTerm(_Strict):
    """One term: its id (the link target), the term as shown, a short definition, other forms,
    and whether lessons mark it only in the case written (a name such as Prevent)."""

    id: Key
    term: Title
    definition: Text
    also: list[Title] = Field(default_factory=list)
    match_case: bool = False


class GlossaryFile(_Strict):
    """The whole file: ``terms:`` followed by the entries."""

    terms: list[GlossaryTerm]


@dataclass(frozen=True)
class Glossary:
    """The terms of a glossary file that checked clean, and every id written in it.

    ``ids`` holds the ids as written even when the file has problems, so lessons linking a term
    are not reported twice for one mistake in the glossary.
    """

    terms: tuple[GlossaryTerm, ...] = ()
    ids: frozenset[str] = frozenset()


def glossary_path(root: Path) -> Path:
    """Where the glossary of a content root is: beside the modules (one module: its parent)."""
    root = Path(root)
    folder = root.parent if (root / "module.yaml").is_file() else root
    return folder / GLOSSARY_FILE


def link_id(href: str) -> str | None:
    """The term id of a ``glossary:ID`` link target, or None for any other link."""
    return href[len(LINK_PREFIX) :] if href.startswith(LINK_PREFIX) else None


def term_href(key: str) -> str:
    """The glossary page anchor of a term."""
    return f"{GLOSSARY_PAGE}#{key}"


def _raw_ids(reader: Reader, path: Path, data: object, node) -> set[str]:
    """Every id written in the file; a problem for each id used a second time."""
    items = data.get("terms") if isinstance(data, dict) else None
    ids: dict[str, int | None] = {}
    for index, item in enumerate(items if isinstance(items, list) else []):
        key = item.get("id") if isinstance(item, dict) else None
        if not isinstance(key, str):
            continue
        line = line_at(node, ("terms", index, "id"))
        if key in ids:
            message = f"glossary id '{key}' is used twice (first on line {ids[key]})"
            reader.add(path, line, message, RULE)
        else:
            ids[key] = line
    return set(ids)


def _check_terms(reader: Reader, path: Path, node, terms: list[GlossaryTerm]) -> None:
    for index, term in enumerate(terms):
        line = line_at(node, ("terms", index, "definition"))
        words = len(term.definition.split())
        if words > MAX_WORDS:
            message = f"the definition of '{term.id}' has {words} words; at most {MAX_WORDS}"
            reader.add(path, line, message, RULE)
        for sentence, why in text_problems(term.definition):
            shown = sentence if len(sentence) <= 90 else sentence[:87] + "..."
            reader.add(path, line, f'escalation: "{shown}": {why}; {THE_RULE}', ESCALATION)
    grade = reading_grade("\n\n".join(term.definition for term in terms))
    if grade > MAX_GRADE:
        message = (
            f"reading age: the definitions read at Flesch-Kincaid grade {grade:.1f}, above "
            f"{MAX_GRADE:.0f}: use shorter sentences and shorter, everyday words"
        )
        reader.add(path, line_at(node, ("terms",)), message, "reading-age")


def read_glossary(reader: Reader, path: Path) -> Glossary:
    """Check a glossary file, adding its problems to ``reader``; no file means no terms."""
    if not path.is_file():
        return Glossary()
    before = len(reader.problems)
    parsed = reader.yaml(path)
    if parsed is None:
        return Glossary()
    data, node = parsed
    ids = _raw_ids(reader, path, data, node)
    checked = reader.validate(GlossaryFile, path, data, node)
    if checked is None:
        return Glossary(ids=frozenset(ids))
    _check_terms(reader, path, node, list(checked.terms))
    clean = len(reader.problems) == before
    return Glossary(tuple(checked.terms) if clean else (), frozenset(ids))


def load_glossary(root: Path) -> Glossary:
    """The glossary beside the modules under ``root``, read without keeping its problems."""
    return read_glossary(Reader(), glossary_path(root))


def sorted_terms(glossary: Glossary) -> list[GlossaryTerm]:
    """Terms A to Z, ignoring case."""
    return sorted(glossary.terms, key=lambda term: (term.term.casefold(), term.id))
